"""How each kind appears on paper, and a paper form read back into the answers a phone would
send, with every problem at once; and FFT cards counted at the door."""

from __future__ import annotations

import pytest

from sessions import paper
from sessions.activities.feedback import FFT_QUESTION
from sessions.deck import parse_deck

DECK = parse_deck(
    """\
title: Paper class
steps:
  - {id: hello, kind: slide, title: Hello}
  - id: walk
    kind: poll
    title: How do you get about?
    multiple: true
    options: [{id: walk, label: Walking}, {id: bus, label: Bus}, {id: car, label: Car}]
  - id: myth
    kind: quiz
    title: Bed rest is best.
    options: [{id: myth, label: Myth}, {id: fact, label: Fact}]
    correct: myth
  - {id: sure, kind: scale, title: "How sure?", min: 1, max: 5, min_label: Not, max_label: Very}
  - {id: words, kind: wordcloud, title: One word for pain, max_words: 2}
  - {id: ask, kind: open, title: "What helps?"}
  - id: think
    kind: reflect
    title: Looking back
    prompts: [{id: one, label: One thing to remember}]
  - {id: plan, kind: plan, title: My plan}
  - {id: talk, kind: discuss, title: Talk, cards: [{id: c, text: Talk about it}]}
  - id: feedback
    kind: feedback
    title: Your feedback
    extra: [{id: pace, title: "Was the pace right?"}]
""",
    source="paper.yaml",
)


def on_paper(step_id):
    step = DECK.step_by_id(step_id)
    return step.activity.on_paper(step)


def test_the_handout_numbers_the_steps_that_have_a_place_on_paper():
    listed = [(p.number, p.step.id) for p in paper.handout(DECK)]
    assert listed == [
        (2, "walk"),
        (3, "myth"),
        (4, "sure"),
        (5, "words"),
        (6, "ask"),
        (7, "think"),
        (8, "plan"),
        (10, "feedback"),
    ]
    assert [p.step.id for p in paper.entered(DECK)] == [
        "walk",
        "myth",
        "sure",
        "words",
        "ask",
        "feedback",
    ]


def test_private_writing_is_printed_for_the_person_to_keep_and_never_collected():
    assert on_paper("think").collected is False
    assert on_paper("plan").collected is False
    assert "not collected" in on_paper("plan").note
    assert "share" not in {q.key for q in on_paper("plan").questions}


def test_each_choice_kind_puts_its_boxes_on_paper():
    (walk,) = on_paper("walk").questions
    assert (walk.answer, walk.choices) == (
        "many",
        (("walk", "Walking"), ("bus", "Bus"), ("car", "Car")),
    )
    (myth,) = on_paper("myth").questions
    assert myth.answer == "one"
    (sure,) = on_paper("sure").questions
    assert [label for _, label in sure.choices] == ["1", "2", "3", "4", "5"]
    assert sure.ends == ("Not", "Very")


def test_the_fft_question_goes_on_paper_word_for_word_with_its_six_answers():
    fft, why, pace = on_paper("feedback").questions
    assert fft.label == FFT_QUESTION
    assert [label for _, label in fft.choices] == [
        "Very good",
        "Good",
        "Neither good nor poor",
        "Poor",
        "Very poor",
        "Don't know",
    ]
    assert (why.answer, why.lines) == ("write", 4)
    assert (pace.key, pace.label, len(pace.choices)) == ("extra-pace", "Was the pace right?", 11)


def test_a_paper_form_becomes_the_answers_a_phone_would_send():
    answers, problems = paper.read_form(
        DECK,
        {
            "walk.choice": ["car", "walk"],
            "myth.choice": ["fact"],
            "sure.number": ["4"],
            "words.word-1": ["  Ache "],
            "words.word-2": [""],
            "ask.text": ["Heat"],
            "think.one": ["never typed in"],
            "feedback.fft": ["good"],
            "feedback.extra-pace": ["8"],
            "csrf_token": ["ignored"],
        },
    )
    assert problems == []
    assert answers == {
        "walk": ["walk", "car"],  # in the deck's order, as validate_response stores it
        "myth": "fact",
        "sure": 4,
        "words": ["Ache"],
        "ask": "Heat",
        "feedback": {"fft": "good", "why": "", "extra": {"pace": 8}},
    }


def test_a_step_left_blank_is_left_out():
    answers, problems = paper.read_form(DECK, {"myth.choice": ["myth"], "ask.text": ["  "]})
    assert (answers, problems) == ({"myth": "myth"}, [])


def test_every_problem_of_a_form_is_given_at_once():
    answers, problems = paper.read_form(
        DECK,
        {
            "walk.choice": ["train"],
            "myth.choice": ["myth", "fact"],
            "sure.number": ["9"],
            "ask.text": ["x" * 300],
            "feedback.why": ["Lovely"],
        },
    )
    assert answers == {}
    assert [(p.field, str(p.message)) for p in problems] == [
        ("walk.choice", "2. How do you get about?: that is not one of the boxes."),
        ("myth.choice", "3. Bed rest is best.: tick one of the boxes."),
        ("sure.number", "4. How sure?: tick one of the boxes."),
        ("ask.text", "6. What helps?: Your answer is too long: please keep it to 280 characters."),
        ("feedback.fft", "10. Your feedback: Choose one of the six answers."),
    ]


def test_a_blank_form_is_a_problem():
    assert paper.read_form(DECK, {"think.one": ["kept at home"]}) == (
        {},
        [paper.Problem("", "This form has no answers, so there is nothing to save.")],
    )


def test_fft_cards_are_counted_per_answer_for_the_last_fft_step():
    step, counts, problems = paper.read_cards(
        DECK, {"cards.very-good": ["3"], "cards.poor": [" 1 "], "cards.good": ["0"]}
    )
    assert (step.id, counts, problems) == ("feedback", {"very-good": 3, "poor": 1}, [])
    forms = paper.card_answers(step, counts)
    assert len(forms) == 4
    assert forms[-1] == {"feedback": {"fft": "poor", "why": "", "extra": {}}}


@pytest.mark.parametrize("typed", ["-1", "2.5", "501", "lots", "³"])
def test_a_card_count_must_be_a_whole_number_within_reason(typed):
    _, counts, problems = paper.read_cards(DECK, {"cards.good": [typed], "cards.poor": ["2"]})
    assert [p.field for p in problems] == ["cards.good"]


def test_no_cards_and_no_fft_step_are_problems():
    assert paper.read_cards(DECK, {"cards.good": ["0"]})[2][0].field == ""
    no_fft = parse_deck("title: T\nsteps:\n  - {id: a, kind: slide, title: A}\n")
    assert paper.read_cards(no_fft, {"cards.good": ["2"]})[0] is None
