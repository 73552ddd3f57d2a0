"""Paper: a session's questions as a handout, and paper answers read back from the entry page.
Pure: each kind says how its step appears on paper (Activity.on_paper) and turns a paper
form's answers into the answer a phone would send (Activity.from_paper), which then goes
through the same validation as a phone's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sessions.activities import InvalidResponse
from sessions.activities.base import MANY, ONE, OnPaper
from sessions.activities.feedback import FFT_OPTIONS
from sessions.deck import Deck, Step
from sessions.words import N_, Words, words

MAX_CARDS = 500  # per answer, per entry: more is a typing slip, not a pile of cards


@dataclass(frozen=True)
class PaperStep:
    number: int
    step: Step
    paper: OnPaper


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field of a paper form, in words for the person typing it in:
    marked English with its values apart, translated where the page is drawn."""

    field: str
    message: Words

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", words(self.message))


def handout(deck: Deck) -> list[PaperStep]:
    """The deck's steps that appear on paper, numbered as the session numbers them."""
    found = []
    for number, step in enumerate(deck.steps, start=1):
        paper = step.activity.on_paper(step)
        if paper is not None and paper.questions:
            found.append(PaperStep(number, step, paper))
    return found


def entered(deck: Deck) -> list[PaperStep]:
    """The steps whose paper answers are collected and typed in (not the ones people keep)."""
    return [p for p in handout(deck) if p.paper.collected]


def field_name(step: Step, key: str) -> str:
    return f"{step.id}.{key}"


def read_form(
    deck: Deck, form: Mapping[str, Sequence[str]]
) -> tuple[dict[str, Any], list[Problem]]:
    """One paper form's answers by step id, each checked as a phone's answer is, and every
    problem at once. A form with no answer at all is a problem too: there is nothing to keep."""
    answers: dict[str, Any] = {}
    problems: list[Problem] = []
    for item in entered(deck):
        step = item.step
        ticked: dict[str, Any] = {}
        before = len(problems)
        for question in item.paper.questions:
            name = field_name(step, question.key)
            given = [v for v in form.get(name, ()) if v.strip()]
            allowed = {value for value, _ in question.choices}
            if question.answer == MANY:
                if any(v not in allowed for v in given):
                    problems.append(
                        Problem(
                            name,
                            Words(
                                N_("%(number)s. %(label)s: that is not one of the boxes."),
                                {"number": item.number, "label": _short(question.label)},
                            ),
                        )
                    )
                    continue
                if given:
                    ticked[question.key] = given
            elif question.answer == ONE:
                if len(given) > 1 or (given and given[0] not in allowed):
                    problems.append(
                        Problem(
                            name,
                            Words(
                                N_("%(number)s. %(label)s: tick one of the boxes."),
                                {"number": item.number, "label": _short(question.label)},
                            ),
                        )
                    )
                    continue
                if given:
                    ticked[question.key] = given[0]
            elif given:
                ticked[question.key] = "\n".join(given)
        value = step.activity.from_paper(step, ticked)
        if value is None or len(problems) > before:
            continue
        try:
            answers[step.id] = step.activity.validate_response(step, value)
        except InvalidResponse as exc:
            first = field_name(step, item.paper.questions[0].key)
            said = Words(
                N_("%(number)s. %(title)s: %(reason)s"),
                {"number": item.number, "title": _short(step.title), "reason": exc.words},
            )
            problems.append(Problem(first, said))
    if not answers and not problems:
        problems.append(
            Problem("", Words(N_("This form has no answers, so there is nothing to save.")))
        )
    return answers, problems


def card_steps(deck: Deck) -> list[Step]:
    """The steps paper FFT cards can be counted in."""
    return [s for s in deck.steps if s.activity.takes_fft_cards]


def read_cards(
    deck: Deck, form: Mapping[str, Sequence[str]]
) -> tuple[Step | None, dict[str, int], list[Problem]]:
    """Paper FFT cards as a count for each of the six answers, for the deck's last FFT step:
    (the step, the counts, every problem at once)."""
    steps = card_steps(deck)
    if not steps:
        asks_none = Words(N_("This session asks no Friends and Family Test question."))
        return None, {}, [Problem("", asks_none)]
    counts: dict[str, int] = {}
    problems: list[Problem] = []
    for option in FFT_OPTIONS:
        name = f"cards.{option['id']}"
        raw = (form.get(name) or [""])[0].strip()
        if not raw:
            continue
        if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_CARDS:
            not_a_count = Words(
                N_("%(answer)s: give a whole number from 0 to %(most)s."),
                {"answer": option["label"], "most": MAX_CARDS},
            )
            problems.append(Problem(name, not_a_count))
            continue
        if int(raw):
            counts[option["id"]] = int(raw)
    if not counts and not problems:
        problems.append(
            Problem("", Words(N_("Give how many cards had each answer: all were empty or 0.")))
        )
    return steps[-1], counts, problems


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card_answers(step: Step, counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """One paper form of one answer for each card counted: each card is one person."""
    return [
        {step.id: step.activity.validate_response(step, step.activity.fft_card(step, answer))}
        for answer, n in counts.items()
        for _ in range(n)
    ]
