"""Each kind's sections of a participant's notebook pinned exactly: the key messages, their own
reflections (only what they wrote), and their plan with its fields and the team's contact."""

from __future__ import annotations

from sessions.activities.plan import PLAN_FIELDS
from sessions.deck import parse_deck

NOTEBOOK_DECK = """\
title: What people keep
steps:
  - id: hello
    kind: slide
    title: Hello
    body: Not a key message.
  - id: pace
    kind: slide
    title: Pace yourself
    body: Start **small**.
    takeaway: true
  - id: hurt
    kind: slide
    title: Hurt is not harm
    takeaway: true
  - id: first-look
    kind: reflect
    title: First look
    prompts:
      - {id: remember, label: One thing to remember}
      - {id: ask, label: One question}
  - id: second-look
    kind: reflect
    title: Second look
    prompts:
      - {id: try, label: One thing to try}
  - id: third-look
    kind: reflect
    title: Third look
    prompts:
      - {id: feel, label: How I feel}
  - id: plan
    kind: plan
    title: My plan
    contact: Ring the physio team on 01234 567890.
  - id: later-plan
    kind: plan
    title: Another plan
"""
DECK = parse_deck(NOTEBOOK_DECK)


def steps_of(kind: str):
    return [s for s in DECK.steps if s.kind == kind]


def sections(kind: str, responses: dict) -> dict:
    own = steps_of(kind)
    return own[0].activity.notebook_sections(own, responses)


def test_the_notebook_keeps_the_key_message_slides_with_their_text():
    assert sections("slide", {}) == {
        "takeaways": [
            {"title": "Pace yourself", "body_html": "<p>Start <strong>small</strong>.</p>\n"},
            {"title": "Hurt is not harm", "body_html": ""},
        ]
    }


def test_the_notebook_keeps_only_the_prompts_a_participant_wrote_to():
    responses = {
        "first-look": {"remember": "", "ask": "Can I swim?"},  # the first prompt left empty
        "second-look": {"try": ""},  # nothing written: no section
        "plan": {"goal": "Walk"},
    }
    assert sections("reflect", responses) == {
        "reflections": [
            {"title": "First look", "answers": [{"prompt": "One question", "text": "Can I swim?"}]}
        ]
    }


def test_the_notebook_keeps_each_written_prompt_in_the_steps_order():
    responses = {
        "third-look": {"feel": "Calmer"},
        "first-look": {"ask": "Can I swim?", "remember": "Pace it"},
    }
    assert sections("reflect", responses)["reflections"] == [
        {
            "title": "First look",
            "answers": [
                {"prompt": "One thing to remember", "text": "Pace it"},
                {"prompt": "One question", "text": "Can I swim?"},
            ],
        },
        {"title": "Third look", "answers": [{"prompt": "How I feel", "text": "Calmer"}]},
    ]


def test_the_notebook_keeps_the_first_plan_with_its_fields_values_and_contact():
    fields = [{"name": n, "kind": k, "label": label} for n, k, label in PLAN_FIELDS]
    assert sections("plan", {"plan": {"goal": "Walk", "done": True}}) == {
        "plan": {
            "step_id": "plan",
            "title": "My plan",
            "fields": fields,
            "values": {"goal": "Walk", "done": True},
            "contact": "Ring the physio team on 01234 567890.",
        }
    }
    assert fields[0] == {"name": "matters", "kind": "text", "label": "What matters to me"}


def test_a_plan_not_yet_written_is_in_the_notebook_empty():
    assert sections("plan", {"later-plan": {"goal": "Swim"}})["plan"]["values"] == {}


def test_a_deck_without_a_kind_has_its_notebook_section_empty():
    plan, reflect, slide = (steps_of(kind)[0].activity for kind in ("plan", "reflect", "slide"))
    assert plan.notebook_sections([], {}) == {"plan": None}
    assert reflect.notebook_sections([], {}) == {"reflections": []}
    assert slide.notebook_sections([], {}) == {"takeaways": []}
