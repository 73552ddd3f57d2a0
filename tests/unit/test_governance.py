"""Who answers for a deck: the governance block, review dates, and the rules on approving and
starting decks (sessions/governance.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sessions.deck import DeckError, deck_from_data, deck_to_data
from sessions.governance import (
    DeckRules,
    Governance,
    approval_refusal,
    parse_governance,
    review_overdue,
    review_warning,
    safety_step_problem,
    start_refusal,
)


def deck(*, locked_at: int | None = 2, steps: int = 5, governance=None):
    data = {
        "title": "Pacing",
        "steps": [
            {"id": f"s{i}", "kind": "slide", "title": f"Step {i}", "locked": i == locked_at}
            for i in range(steps)
        ],
    }
    if governance is not None:
        data["governance"] = governance
    return deck_from_data(data)


# The block -----------------------------------------------------------------------------------


def test_the_block_is_read_and_written_back_as_it_was():
    block = {"owner": "A. Patel", "owner_role": "MSK lead", "review_by": "2027-06-30"}
    found = deck(governance=block)
    assert found.governance == Governance("A. Patel", "MSK lead", "2027-06-30")
    assert deck_to_data(found)["governance"] == block
    assert deck_from_data(deck_to_data(found)) == found


def test_a_date_yaml_read_as_a_date_is_kept_as_its_text():
    import datetime as dt

    assert parse_governance({"review_by": dt.date(2027, 1, 5)}).review_by == "2027-01-05"


@pytest.mark.parametrize("bad", ["30/06/2027", "2027-02-30", "2027-13-01", "soon", 2027, True])
def test_a_review_date_that_is_not_a_date_is_refused_by_its_field(bad):
    with pytest.raises(DeckError) as caught:
        parse_governance({"review_by": bad})
    assert caught.value.where == "governance.review_by"
    assert "2027-06-30" in caught.value.problem


def test_an_unknown_field_is_named():
    with pytest.raises(DeckError) as caught:
        parse_governance({"owner": "A", "approver": "B"})
    assert caught.value.where == "governance.approver"


@pytest.mark.parametrize(
    ("block", "missing"),
    [({"approved_by": "CSO"}, "approved_on"), ({"approved_on": "2026-11-30"}, "approved_by")],
)
def test_a_file_approval_needs_who_and_when(block, missing):
    with pytest.raises(DeckError) as caught:
        parse_governance(block)
    assert caught.value.where == f"governance.{missing}"


def test_a_deck_without_the_block_has_nobody_named():
    assert deck().governance == Governance()
    assert "governance" not in deck_to_data(deck())


def test_without_approval_keeps_the_owner_and_review_date():
    found = Governance("A", "Lead", "2027-01-01", "CSO", "2026-01-01")
    assert found.approval == ("CSO", "2026-01-01")
    assert found.without_approval() == Governance("A", "Lead", "2027-01-01")
    assert found.without_approval().approval is None


# Review dates --------------------------------------------------------------------------------


def test_a_deck_is_overdue_only_after_its_review_day():
    found = Governance(review_by="2027-06-30")
    assert not review_overdue(found, "2027-06-30")
    assert review_overdue(found, "2027-07-01")
    assert not review_overdue(Governance(), "2099-01-01")


def test_the_warning_names_the_date_and_the_owner():
    warning = review_warning("Pacing", Governance("A. Patel", review_by="2027-06-30"), "2027-07-01")
    assert warning is not None
    assert "2027-06-30" in warning.english()
    assert "A. Patel" in warning.english()
    assert review_warning("Pacing", Governance(review_by="2027-06-30"), "2027-06-30") is None


# The safety step rule ------------------------------------------------------------------------


@pytest.mark.parametrize(("locked_at", "ok"), [(0, True), (2, True), (3, False), (None, False)])
def test_a_locked_step_must_be_among_the_first_three(locked_at, ok):
    problem = safety_step_problem(deck(locked_at=locked_at))
    assert (problem is None) is ok
    if not ok:
        assert "Locked safety step" in problem.english()


# Approving -----------------------------------------------------------------------------------

RULES = DeckRules()


def refusal(**changes):
    given = {
        "role": "reviewer",
        "user_id": "u2",
        "saved_by": "u1",
        "already_approved": False,
        "rules": RULES,
    } | changes
    return approval_refusal(given.pop("deck", deck()), **given)


def test_a_reviewer_or_admin_who_did_not_save_the_version_may_approve_it():
    assert refusal() is None
    assert refusal(role="admin") is None
    assert refusal(saved_by=None) is None  # a version from a file


def test_a_facilitator_may_not_approve():
    assert refusal(role="facilitator").code == "forbidden"


def test_nobody_approves_their_own_version():
    found = refusal(role="admin", user_id="u1")
    assert found.code == "own_version"
    assert "someone else" in found.message


def test_an_approved_version_is_not_approved_twice():
    assert refusal(already_approved=True).code == "already_approved"


def test_with_the_safety_setting_a_deck_without_a_safety_step_is_not_approved():
    rules = replace(RULES, safety_first=True)
    assert refusal(deck=deck(locked_at=None), rules=rules).code == "no_safety_step"
    assert refusal(deck=deck(locked_at=None)) is None
    assert refusal(deck=deck(locked_at=1), rules=rules) is None


# Starting ------------------------------------------------------------------------------------


def test_a_draft_does_not_start_unless_the_setting_is_off():
    found = start_refusal(deck(), approved=False, rules=RULES)
    assert found.code == "not_approved"
    assert "Pacing" in found.message
    assert "Try it" in found.message
    assert start_refusal(deck(), approved=True, rules=RULES) is None
    assert start_refusal(deck(), approved=False, rules=DeckRules(approved_only=False)) is None


def test_with_the_safety_setting_a_deck_without_a_safety_step_does_not_start():
    rules = DeckRules(safety_first=True)
    assert start_refusal(deck(locked_at=4), approved=True, rules=rules).code == "no_safety_step"
    assert start_refusal(deck(locked_at=0), approved=True, rules=rules) is None


def test_the_settings_default_to_approved_only_and_no_safety_rule():
    assert DeckRules.from_settings(lambda key: None) == DeckRules(True, False)
    stored = {"decks_approved_only": "0", "decks_safety_first": "1"}
    assert DeckRules.from_settings(stored.get) == DeckRules(False, True)


def test_the_editor_lists_a_mistake_in_the_block_by_its_field():
    from sessions import authoring

    data = {**deck_to_data(deck()), "governance": {"owner": "A", "review_by": "next June"}}
    found = authoring.problems(data)
    assert [e.where for e in found] == ["governance.review_by"]
