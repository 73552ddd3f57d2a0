"""What every step kind shares: the Activity surface, the shapes it works on, answer helpers."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from sessions.words import N_, Words, words

if TYPE_CHECKING:
    from sessions.deck import Step

FACILITATOR = "facilitator"
SCREEN = "screen"
PARTICIPANT = "participant"
AUDIENCES = (FACILITATOR, SCREEN, PARTICIPANT)


class InvalidResponse(ValueError):
    """A response that does not fit its step; the message is shown to the participant (or to
    staff answering for them), translated where it is sent: `words`, marked with `N_` where it
    is written with its values apart, as `Rejected` takes them."""

    def __init__(self, message: str | Words, **values: Any):
        self.words = words(message, values)
        super().__init__(self.words.english())


@dataclass(frozen=True)
class EarlierAnswer:
    """One of a person's own answers that a later step may look back at: from an earlier
    session of their course, or from this session. `order` sorts them oldest first (the
    session's place in the course, then when it was given)."""

    step: Step
    value: Any
    order: tuple[int, str]
    this_session: bool


@dataclass(frozen=True)
class Response:
    """One participant's stored answer to a step, as the results are made from it. `name` and
    `group` are for the few views that may show them (a shared plan, a group's report-back)."""

    value: Any
    answer_id: str = ""
    name: str = ""
    group: int | None = None


@dataclass(frozen=True)
class Moderation:
    """The facilitator's decisions on a step's items (answer ids or normalised words)."""

    approved: frozenset[str] = frozenset()
    hidden: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()


NO_MODERATION = Moderation()


class Chance(Protocol):
    """What made-up demo answers draw on: a random.Random, seeded, so that they repeat."""

    def random(self) -> float: ...
    def randint(self, a: int, b: int) -> int: ...
    def gauss(self, mu: float, sigma: float) -> float: ...
    def choice(self, seq: Sequence[Any]) -> Any: ...
    def choices(self, population: Sequence[Any], weights: Any = None) -> list[Any]: ...
    def sample(self, population: Sequence[Any], k: int) -> list[Any]: ...


Numbered = tuple[int, "Step", Mapping[str, Any]]
"""A step of a finished session as its report lists it: its number, the step, its kept results."""
Mark = Callable[[Mapping[str, Any], str], dict[str, Any]]
"""Turns a kept free-text item (and its step's id) into its report form: text, or who removed it."""
ExportTable = tuple[str, tuple[str, ...], list[tuple[Any, ...]]]
"""A table a kind adds to a session's export: its name, header and rows."""
Across = tuple[Mapping[str, Any], "Step", Mapping[str, Any]]
"""A step of a session in a period, for trends: the session's kept row, the step, its results."""

ONE, MANY, WRITE = "one", "many", "write"
"""How a question on paper is answered: tick one box, tick any boxes, or write."""


@dataclass(frozen=True)
class PaperQuestion:
    """One question of a step on paper, and its field on the paper entry page. `choices` are
    (value, label) pairs for tick boxes; `lines` is the room left for writing."""

    key: str
    label: str
    answer: str
    choices: tuple[tuple[str, str], ...] = ()
    lines: int = 0
    ends: tuple[str, str] = ("", "")
    """What the lowest and highest choice mean, for a scale."""


@dataclass(frozen=True)
class OnPaper:
    """How a step appears on a paper handout. `collected` is False for private writing that is
    the person's own to keep: it is printed, never handed in or typed in."""

    questions: tuple[PaperQuestion, ...]
    collected: bool = True
    note: str = ""


class Activity:
    """The behaviour shared by every step kind; subclasses override what differs."""

    kind: ClassVar[str]
    takes_responses: ClassVar[bool] = False
    fields: ClassVar[frozenset[str]] = frozenset()
    room_sees_results: ClassVar[bool] = True
    """False for private kinds (reflection, discussion, plan): only the facilitator gets any
    results."""
    uses_threshold: ClassVar[bool] = True
    """False where the facilitator approves each item shown (open answers)."""
    anonymous: ClassVar[bool] = False
    """True where no view may link an answer to a person, not even a one-to-one console."""
    moderated: ClassVar[bool] = False
    """True where the facilitator approves, hides or stars the items the room sees."""
    makes_groups: ClassVar[bool] = False
    """True where the room is split into discussion groups while the step is shown."""
    in_notebook: ClassVar[bool] = False
    """True where participants keep their answers in their notebook (retention spares them)."""
    edited_in_notebook: ClassVar[bool] = False
    """True for the one kind a participant may keep editing from their notebook afterwards."""
    image_field: ClassVar[str | None] = None
    """The deck field naming a picture from the deck's files, if the kind shows one."""
    kept_text_key: ClassVar[str | None] = None
    """The list in the kept results holding free-text items staff may redact."""
    skeleton_fields: ClassVar[Mapping[str, Any]] = {}
    """Deck fields that make a valid step with id, kind and title, where those are not enough:
    the editor tries each field of a step on it alone, to report every mistake at once."""
    fields_checked_together: ClassVar[tuple[frozenset[str], ...]] = ()
    """Deck fields checked against each other, so tried together by the editor."""
    derived_item_keys: ClassVar[Mapping[str, frozenset[str]]] = {}
    """Keys parse_fields adds to each item of a list field, which a deck file must not carry."""
    is_activity: ClassVar[bool] = True
    """False for a slide: there is nothing to do but read it."""
    scored: ClassVar[bool] = False
    """True where an answer is right or wrong (a quiz): it counts in a person's quiz score."""

    @property
    def private(self) -> bool:
        """The room never sees any result of this kind, one person's or everyone's together."""
        return not self.room_sees_results

    def flags(self, step: Step) -> dict[str, bool]:
        """What the browser needs to know about the step's kind without knowing its name."""
        return {
            "is_activity": self.is_activity,
            "takes_answers": self.accepts_responses(step),
            "room_sees_results": self.room_sees_results,
            "private": self.private,
        }

    shows_safety_reminder: ClassVar[bool] = False
    """True where the step shows the deck's safety reminder (its view gets `safety`)."""

    def parse_fields(self, raw: Mapping[str, Any], where: str) -> dict[str, Any]:
        """The kind's own deck fields, checked; raises DeckError naming the field."""
        return {}

    def pictures(self, raw: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each picture a step's deck data names, with its field under the step (`image`,
        `options[1].image`), for the checks and exports that must find every one."""
        own = raw.get(self.image_field) if self.image_field else None
        if isinstance(own, dict):
            yield str(self.image_field), own
        options = raw.get("options") if "options" in self.fields else None
        for i, option in enumerate(options if isinstance(options, list) else []):
            image = option.get("image") if isinstance(option, dict) else None
            if isinstance(image, dict):
                yield f"options[{i}].image", image

    def accepts_responses(self, step: Step) -> bool:
        return self.takes_responses

    def validate_response(self, step: Step, value: Any) -> Any:
        """The response in its stored form, or InvalidResponse."""
        raise InvalidResponse(N_("This step takes no answers."))

    def aggregate(self, step: Step, values: Iterable[Any]) -> dict[str, Any]:
        return {}

    def results(
        self, step: Step, responses: Sequence[Response], moderation: Moderation = NO_MODERATION
    ) -> dict[str, Any]:
        """The facilitator's results; kinds that need more than the values override this."""
        return self.aggregate(step, [r.value for r in responses])

    def room_results(self, step: Step, results: Mapping[str, Any]) -> dict[str, Any]:
        """What of the facilitator's results the room (screen and phones) may see."""
        return dict(results)

    def result_size(self, results: Mapping[str, Any]) -> int:
        """How many people the results are made of, for the privacy threshold."""
        return int(results.get("total", 0))

    def free_text(self, step: Step, value: Any) -> list[str]:
        """The free text in a stored response, to look for red flags."""
        return []

    def view_for(self, step: Step, audience: str, *, revealed: bool) -> dict[str, Any]:
        """The kind's own part of a step's view for one audience."""
        return {}

    @property
    def answers_by_name(self) -> bool:
        """Whether a one-to-one console may see each answer with its author's name: never for
        a private or anonymous kind."""
        return self.takes_responses and self.room_sees_results and not self.anonymous

    def votes_again(self, step: Step) -> bool:
        """Whether the step may take a second vote once the room has talked (peer instruction)."""
        return False

    def second_vote(
        self, step: Step, first: Mapping[str, Any], second: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The second vote's results, for a step that votes_again; `first` and `second` are
        each vote's answers by participant id."""
        return {}

    def group_size(self, step: Step) -> int:
        """How many people each discussion group has, for a kind that makes_groups."""
        return 0

    def group_cards(self, step: Step, number: int | None) -> list[dict[str, Any]]:
        """What group `number` (from 1) talks about; everything, for someone on their own
        (None), as in a self-paced session."""
        return []

    def measure(self, step: Step) -> str | None:
        """The name of the before/after measure this step takes part in (see sessions.measures)."""
        return None

    # Writing the deck back out --------------------------------------------------------------

    def field_data(self, key: str, value: Any) -> Any:
        """A parsed field as a deck file writes it (after empty entries are dropped)."""
        return value

    # Review: kept results, reports and exports ------------------------------------------------

    def kept_results(
        self,
        step: Step,
        responses: Sequence[Response],
        results: dict[str, Any],
        redacted: Collection[str],
    ) -> dict[str, Any]:
        """The facilitator's results (without names) as kept for review; free-text items get
        their answer id and, where `redacted` names them, stay as empty, marked entries."""
        return results

    def scrub(self, value: Any) -> Any:
        """A stored answer once staff removed its free text."""
        return ""

    def report_entry(self, step: Step, results: Mapping[str, Any]) -> dict[str, Any]:
        """The step's part of the report: `size` (how many people the results are made of),
        and the `rows` (label, count, percent) of its chart and table, if it has any."""
        return {"size": results.get("total", results.get("count", 0))}

    def report_sections(self, steps: Sequence[Numbered], mark: Mark) -> dict[str, Any]:
        """Report sections of the kind's own across its steps (all of this kind), present
        even when the session had none."""
        return {}

    def export_tables(self, report: Mapping[str, Any]) -> list[ExportTable]:
        """The kind's own tables in a session's export, made from its report sections."""
        return []

    def trend_tables(self, steps: Sequence[Across]) -> list[ExportTable]:
        """The kind's own tables of trends, from its steps (all of this kind) in a period's
        sessions: shown on the trends page (when they have rows) and in its export."""
        return []

    def theme_texts(self, step: Step, results: Mapping[str, Any]) -> list[tuple[str, str]]:
        """(item id, text) of what people wrote in a step's kept results that review groups
        into themes; never an item staff removed, nor one the report does not show."""
        return []

    themes_from_answers: ClassVar[bool] = False
    """True where the text themes use is not kept with the results, only in the answers."""

    def answer_theme_text(self, step: Step, value: Any) -> str:
        """The text of one stored answer that themes use, for a kind with themes_from_answers."""
        return ""

    def fft_counts(self, step: Step, results: Mapping[str, Any]) -> Mapping[str, int]:
        """The step's Friends and Family Test answers, counted, for the FFT headline."""
        return {}

    def is_right(self, step: Step, value: Any) -> bool:
        """Whether one stored answer is right, for a kind that is scored."""
        return False

    def score(self, step: Step, results: Mapping[str, Any]) -> tuple[int, int] | None:
        """How many answered and how many got it right, for kinds with a right answer."""
        return None

    # Paper handouts and paper answers ---------------------------------------------------------

    def on_paper(self, step: Step) -> OnPaper | None:
        """How the step appears on a paper handout; None where it has no place on paper."""
        return None

    def from_paper(self, step: Step, answers: Mapping[str, Any]) -> Any:
        """The answer for validate_response from a paper form's answers by question key (a
        choice's value, a list of them, or text; a question left blank is missing). None when
        the form left the whole step blank."""
        return None

    takes_fft_cards: ClassVar[bool] = False
    """True for the kind that asks the Friends and Family Test, so paper FFT cards collected at
    the door can be counted in its step."""

    def fft_card(self, step: Step, answer: str) -> Any:
        """The answer, for validate_response, that one paper FFT card with `answer` stands for."""
        raise InvalidResponse(N_("This step does not ask the Friends and Family Test."))

    # Looking back at a person's own earlier answers ------------------------------------------

    looks_back: ClassVar[bool] = False
    """True where each person's view of the step holds their own earlier answers (a plan
    review shows their latest plan), so the phone asks for its own snapshot on reaching it."""

    def looked_back(self, step: Step, earlier: Sequence[EarlierAnswer]) -> Any:
        """What this person is shown of their own earlier answers on the step, for a kind that
        looks_back; None when there is nothing to show."""
        return None

    def kept_forward(self, step: Step, value: Any) -> dict[str, Any] | None:
        """The plan an answer to this step leaves the person with, for a later review; None for
        kinds that make no plan."""
        return None

    # The notebook and the demo ---------------------------------------------------------------

    def answer_from_form(self, form: Mapping[str, str]) -> Any:
        """An answer as a plain HTML form sends it (every field text), in the types
        validate_response takes; for the kind edited in the notebook."""
        raise InvalidResponse(N_("This step takes no answers from a form."))

    def notebook_sections(
        self, steps: Sequence[Step], responses: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The notebook's sections of this kind's own, from its steps (all of this kind) and the
        participant's own answers by step id; present even when the deck has none."""
        return {}

    def demo_answers(
        self, step: Step, people: Sequence[str], rng: Chance, memory: dict[str, Any]
    ) -> Iterator[tuple[str, Any]]:
        """Realistic made-up answers (person, value) for the demo data. `memory` is shared by
        the session's steps, for answers that depend on earlier ones (an 'after' scale)."""
        for person in people:
            value = self.demo_answer(step, person, rng, memory)
            if value is not None:
                yield person, value

    def demo_answer(self, step: Step, person: str, rng: Chance, memory: dict[str, Any]) -> Any:
        """One person's made-up answer, or None for someone who leaves it."""
        return None

    def demo_second_votes(
        self, step: Step, first: Mapping[str, Any], rng: Chance
    ) -> Iterator[tuple[str, Any]]:
        """Made-up second votes (person, value) after talk, from the first votes by person, for
        a step that votes_again."""
        return iter(())


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


REMOVED = "[removed by staff]"


def shown_text(item: Mapping[str, Any]) -> str:
    """A kept free-text item as an export writes it."""
    return REMOVED if item["redacted"] else item["text"]


def kept_item(item_id: str, text: str, redacted: Collection[str]) -> dict[str, Any]:
    """A free-text item as kept for review: emptied and marked if staff removed it."""
    gone = item_id in redacted
    return {"id": item_id, "text": "" if gone else text, "redacted": gone}


# Each kind of free text's two refusals, whole sentences so that each can be translated.
_TEXT_REFUSALS = {
    "Your answer": (
        N_("Your answer must be text."),
        N_("Your answer is too long: please keep it to %(limit)s characters."),
    ),
    "Your question": (
        N_("Your question must be text."),
        N_("Your question is too long: please keep it to %(limit)s characters."),
    ),
    "Each word": (
        N_("Each word must be text."),
        N_("Each word is too long: please keep it to %(limit)s characters."),
    ),
    "Each answer": (
        N_("Each answer must be text."),
        N_("Each answer is too long: please keep it to %(limit)s characters."),
    ),
    "The note": (
        N_("The note must be text."),
        N_("The note is too long: please keep it to %(limit)s characters."),
    ),
    "The reply": (
        N_("The reply must be text."),
        N_("The reply is too long: please keep it to %(limit)s characters."),
    ),
}


def clean_text(value: Any, *, limit: int, what: str = "Your answer") -> str:
    """Free text as typed, trimmed, without control characters (new lines kept), within a limit.
    `what` is one of the texts in `_TEXT_REFUSALS`, which say why it was refused."""
    not_text, too_long = _TEXT_REFUSALS[what]
    if not isinstance(value, str):
        raise InvalidResponse(not_text)
    text = "".join(ch for ch in value if ch.isprintable() or ch == "\n").strip()
    if len(text) > limit:
        raise InvalidResponse(too_long, limit=limit)
    return text
