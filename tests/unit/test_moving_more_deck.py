"""The second bundled deck, "Moving more, day to day": its own wording reads at reading age 9 to
11 (measured with the Flesch-Kincaid grade), in sentences of 20 words or fewer; what it shares
with the first deck (the locked safety slide, the myth-or-fact items, the Friends and Family
Test) is the clinical content's wording exactly; and it uses the kinds a follow-up class needs."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pyphen
import pytest

from sessions.activities import PARTICIPANT
from sessions.deck import Deck, parse_deck
from sessions.views import step_view
from tests.unit.test_bundled_deck_content import (
    HELP_ROUTES,
    QUIZ_ITEM,
    QUOTED,
    REFERENCE,
    ROW,
    missing,
    normalise,
    phone_text,
)

DECKS = Path(__file__).resolve().parents[2] / "sessions" / "decks"
DECK = DECKS / "back-pain-2.yaml"
FIRST_DECK = DECKS / "back-pain-1.yaml"

# The step whose wording is the content's own, word for word (row 3 of the reference), and is
# checked for that below rather than for its reading age: its long list of warning signs is one
# sentence because the content writes it so.
VERBATIM_STEPS = {"safety"}
# Strings in a participant's view that the deck does not write: ids and names, and the wording
# every deck of a kind shares (the plan's questions, the Friends and Family Test's).
NOT_WRITTEN_HERE = {"id", "kind", "measure", "question_prompt", "fields", "safety"}
HARDEST_GRADE = 6.0  # Flesch-Kincaid grade 6 is about reading age 11
GRADED_WORDS = 20  # a step with fewer words is graded only as part of the deck
LONGEST_SENTENCE = 20  # words, as the content's plain-English rules say
LONGEST_PARAGRAPH = 3  # sentences, as they say too
# The reference's rows (session 1's) whose wording this deck repeats at a step of its own.
SHARED_ROWS = {2: "group-agreement", 3: "safety", 14: "reflect"}
# Reused from the first deck's myth-or-fact items, by the reference's item number.
REUSED_QUIZ_ITEMS = {
    "myth-bed-rest": 2,
    "myth-exercise": 3,
    "myth-posture": 5,
    "myth-stress": 6,
}

_hyphenator = pyphen.Pyphen(lang="en_US", left=1, right=2)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote)>")


def syllables(word: str) -> int:
    """Syllables in a word, from its hyphenation points (a number counts as one)."""
    letters = re.sub(r"['\u2019]", "", word)
    if not letters.isalpha():
        return 1
    return len(_hyphenator.positions(letters.lower())) + 1


def sentences(text: str) -> list[list[str]]:
    """The words of each sentence. A line break ends a sentence too: a title, an option or a
    list item stands alone even without a full stop."""
    found = [_WORD.findall(piece) for piece in _SENTENCE_END.split(text)]
    return [words for words in found if words]


def fk_grade(text: str) -> float:
    """The Flesch-Kincaid grade level (Kincaid, Fishburne, Rogers, Chissom and Kincaid, 1975,
    "Derivation of new readability formulas for Navy enlisted personnel"):
    0.39 × words per sentence + 11.8 × syllables per word − 15.59.
    A UK reading age is about the US grade plus 5."""
    said = sentences(text)
    words = [w for sentence in said for w in sentence]
    return (
        0.39 * len(words) / len(said) + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59
    )


def plain(text: str) -> str:
    """Rendered Markdown as the words people read, each block on a line of its own."""
    text = re.sub(r"<[^>]+>", " ", _BLOCK_END.sub("\n", text))
    return html.unescape(text)


def _written(value, key: str = ""):
    if key in NOT_WRITTEN_HERE:
        return
    if isinstance(value, str):
        yield plain(value) if key.endswith("_html") else value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _written(v, k)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _written(v, key)


def step_wording(deck: Deck, step_id: str) -> str:
    """What the deck writes for one step that reaches a phone, one piece a line: its title,
    text, options, explanation, labels and cards."""
    step = deck.step_by_id(step_id)
    view = step_view(step, deck.steps.index(step), PARTICIPANT, revealed=True)
    if step.kind == "feedback":  # the Friends and Family Test, word for word
        view = {"title": view["title"], "body_html": view["body_html"]}
    return "\n".join([*_written(view), *(card["text"] for card in step.fields.get("cards", ()))])


def deck_wording(deck: Deck) -> str:
    """Every step's wording (the verbatim safety slide left out) and the phone's help page."""
    pieces = [step_wording(deck, s.id) for s in deck.steps if s.id not in VERBATIM_STEPS]
    pieces.append(plain(re.sub(r"\*\*|^#+ |^- ", "", deck.safety.help, flags=re.M)))
    return "\n".join(pieces)


@pytest.fixture(scope="module")
def deck() -> Deck:
    return parse_deck(DECK.read_text(encoding="utf-8"), source=DECK.stem)


@pytest.fixture(scope="module")
def first_deck() -> Deck:
    return parse_deck(FIRST_DECK.read_text(encoding="utf-8"), source=FIRST_DECK.stem)


@pytest.fixture(scope="module")
def reference() -> str:
    return REFERENCE.read_text(encoding="utf-8")


# The reading age -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("walk", 1),
        ("minutes", 2),
        ("exercise", 3),
        ("activity", 4),
        ("physiotherapy", 5),
        ("everyone's", 3),
        ("10", 1),
    ],
)
def test_syllables_are_counted_from_hyphenation_points(word, count):
    assert syllables(word) == count


def test_the_grade_formula_gives_the_known_grade_of_a_simple_sentence():
    # 5 words, 6 syllables, one sentence: 0.39 × 5 + 11.8 × 6 / 5 − 15.59 = 0.52.
    assert fk_grade("The cat sat on flowers.") == pytest.approx(0.52)


def test_hard_wording_fails_the_reading_age_check():
    """The check can fail: official wording full of long words grades far above 6."""
    hard = (
        "Physiotherapeutic interventions demonstrably facilitate functional rehabilitation"
        " notwithstanding intermittent symptomatic exacerbations."
    )
    assert fk_grade(hard) > HARDEST_GRADE * 3


def test_the_decks_wording_reads_at_reading_age_9_to_11(deck):
    assert fk_grade(deck_wording(deck)) <= HARDEST_GRADE


def test_each_step_with_running_text_reads_at_reading_age_9_to_11(deck):
    """No one step hides behind the easy ones. A step of a few words is left to the deck's
    total: its grade swings on one long word ("Your answers are anonymous" grades 7)."""
    texts = {s.id: step_wording(deck, s.id) for s in deck.steps}
    graded = {i: fk_grade(t) for i, t in texts.items() if len(_WORD.findall(t)) >= GRADED_WORDS}
    assert len(graded) >= len(deck.steps) // 2
    hard = {i: round(g, 1) for i, g in graded.items() if g > HARDEST_GRADE}
    assert hard == {i: round(graded[i], 1) for i in VERBATIM_STEPS}


def test_no_sentence_of_the_deck_is_longer_than_20_words(deck):
    """Except the content's own: the safety slide's sentences, which the thank-you slide
    repeats word for word."""
    verbatim = " ".join(" ".join(w) for w in sentences(step_wording(deck, "safety")))
    said = [" ".join(words) for words in sentences(deck_wording(deck))]
    assert [s for s in said if len(s.split()) > LONGEST_SENTENCE and s not in verbatim] == []


def test_no_paragraph_of_the_deck_has_more_than_3_sentences(deck):
    paragraphs = [
        *(p for s in deck.steps for p in re.findall(r"<p>(.*?)</p>", s.body_html, re.S)),
        *(s.fields["explanation"] for s in deck.steps if s.kind == "quiz"),
    ]
    assert paragraphs
    assert [p for p in paragraphs if len(sentences(plain(p))) > LONGEST_PARAGRAPH] == []


# What it shares with the clinical content -------------------------------------------------------


def test_the_safety_slide_is_the_first_decks_word_for_word_and_locked(deck, first_deck):
    ours, theirs = deck.step_by_id("safety"), first_deck.step_by_id("safety")
    assert ours.locked
    assert [s.id for s in deck.steps if s.locked] == ["safety"]
    assert (ours.title, ours.body_html) == (theirs.title, theirs.body_html)
    assert deck.safety == first_deck.safety


@pytest.mark.parametrize(("row", "step_id"), list(SHARED_ROWS.items()))
def test_each_sentence_it_shares_with_session_1_is_the_contents(reference, deck, row, step_id):
    rows = {int(n): content for n, _, content in ROW.findall(reference)}
    quotes = QUOTED.findall(rows[row])
    assert quotes
    said = phone_text(deck, step_id)
    assert [m for quote in quotes for m in missing(quote, said)] == []


def test_the_reused_myth_or_fact_items_are_the_contents_wording(reference, deck):
    items = QUIZ_ITEM.findall(reference)
    for step_id, number in REUSED_QUIZ_ITEMS.items():
        statement, answer, explanation = items[number - 1]
        step = deck.step_by_id(step_id)
        assert normalise(step.title) == normalise(statement), step_id
        labels = {o["id"]: o["label"] for o in step.fields["options"]}
        assert [labels[c] for c in step.fields["correct"]] == [answer], step_id
        assert normalise(step.fields["explanation"]) == normalise(explanation), step_id


def test_every_quiz_is_myth_or_fact_with_an_explanation(deck):
    quizzes = [s for s in deck.steps if s.kind == "quiz"]
    assert len(quizzes) >= len(REUSED_QUIZ_ITEMS) + 2  # and new items of its own
    for step in quizzes:
        assert [o["label"] for o in step.fields["options"]] == ["Myth", "Fact"], step.id
        assert step.fields["explanation"], step.id


def test_one_myth_many_people_believe_is_voted_on_again_after_talk_with_time_for_it(deck):
    again = [s for s in deck.steps if s.activity.votes_again(s)]
    assert [s.id for s in again] == ["myth-exercise"]  # hurt and harm: a common belief
    (step,) = again
    assert step.kind == "quiz"
    assert step.minutes >= 3  # the vote, two minutes' talk in threes, the second vote


def test_the_feedback_step_uses_the_fft_wording_verbatim(deck, first_deck):
    ours, theirs = deck.step_by_id("feedback"), first_deck.step_by_id("feedback")
    assert step_view(ours, 0, PARTICIPANT, revealed=False) == step_view(
        theirs, 0, PARTICIPANT, revealed=False
    )


def test_the_thank_you_slide_gives_every_route_to_help_of_the_safety_slide(deck):
    routes = set(HELP_ROUTES.findall(deck.step_by_id("safety").body_html))
    said = phone_text(deck, "thank-you")
    assert routes
    assert {r for r in routes if r.lower() not in said} == set()


# Its shape ------------------------------------------------------------------------------------


def test_the_closing_confidence_scale_repeats_the_opening_one_as_a_pair(deck):
    before, after = deck.step_by_id("confidence-before"), deck.step_by_id("confidence-after")
    assert before.title == after.title
    assert before.fields == after.fields
    assert before.activity.measure(before) == "moving-confidence"
    assert deck.steps.index(before) < deck.steps.index(after)


def test_the_deck_asks_a_number_a_ranking_and_a_share_of_100_points(deck):
    walk, matters, share = (deck.step_by_id(i) for i in ("walk-today", "what-matters", "share-100"))
    assert (walk.kind, walk.fields["unit"], walk.fields["decimals"]) == ("numeric", "minutes", 0)
    assert matters.kind == "rank"
    assert (share.kind, share.fields["budget"]) == ("points", 100)
    labels = [o["label"] for o in share.fields["options"]]
    assert labels == ["Sleep", "Work", "Exercise", "Mood"]


def test_the_deck_runs_a_class_of_45_to_60_minutes_ending_with_plan_feedback_and_thanks(deck):
    assert 45 <= sum(s.minutes or 0 for s in deck.steps) <= 60
    kinds = [s.kind for s in deck.steps]
    assert {"discuss", "plan", "reflect", "feedback"} <= set(kinds)
    assert kinds.index("plan") < kinds.index("feedback") < len(kinds) - 1
    assert deck.steps[-1].id == "thank-you"


def test_the_deck_ships_approved_with_a_clinical_owner(deck):
    governance = deck.governance
    assert governance.approved_by
    assert governance.approved_on
    assert governance.owner
    assert governance.review_by
