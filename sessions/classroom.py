"""What a live room has around its steps: discussion groups, anonymous questions and red-flag
alerts. Both sides' handlers use it; each audience's view of these is built here."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from sessions import course_measures, groups, reactions, rules, scoring, views
from sessions.deck import Deck, Step
from sessions.live import ONE_TO_ONE, SELF_PACED, LiveState
from sessions.looking_back import looking_back
from sessions.measures import before_step, change
from sessions.phone_language import DECK_LANGUAGE, phone_step
from sessions.redflags import phrases_for, red_flags_in
from sessions.store import SessionRecord, Store

if TYPE_CHECKING:
    from sessions.room_snapshot import RoomRead

QUESTION_ACTIONS: dict[str, dict[str, Any]] = {
    "approve": {"status": "approved"},
    "hide": {"status": "hidden"},
    "pending": {"status": "pending"},
    "answered": {"answered": 1},
    "unanswered": {"answered": 0},
}
_rng = random.SystemRandom()


def solo_view(step: Step) -> dict[str, Any]:
    """A discussion on one's own (self-paced): no group, every card as something to think
    about, and the report-back note is the person's own."""
    return {
        "step_id": step.id,
        "number": None,
        "members": [],
        "cards": step.activity.group_cards(step, None),
        "solo": True,
    }


def group_view(step: Step, number: int, members: list[dict[str, Any]]) -> dict[str, Any]:
    """What a group's members see: its number, their names and the group's cards."""
    return {
        "step_id": step.id,
        "number": number,
        "members": [m["name"] for m in members],
        "cards": step.activity.group_cards(step, number),
    }


def questions_shown(questions: list[dict[str, Any]], audience: str) -> list[dict[str, Any]]:
    """The facilitator sees every question; the room only approved ones. Never a name."""
    shown = []
    for q in questions:
        if audience != views.FACILITATOR and q["status"] != "approved":
            continue
        item = {
            "id": q["id"],
            "text": q["text"],
            "votes": q["votes"],
            "answered": bool(q["answered"]),
        }
        if audience == views.FACILITATOR:
            item["status"] = q["status"]
        shown.append(item)
    return shown


def later_shown(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Private questions with who asked and any reply, for the session's staff only."""
    return [
        {
            "id": q["id"],
            "name": q["name"],
            "text": q["text"],
            "asked_at": q["created_at"],
            "reply": q["reply"],
            "replied_at": q["replied_at"],
        }
        for q in questions
    ]


def progress_shown(at: dict[int, int], deck: Deck) -> list[int]:
    """How many self-paced participants are on each step, step by step."""
    return [at.get(i, 0) for i in range(len(deck.steps))]


def shows_leaderboard(row: SessionRecord) -> bool:
    """The screen shows the best scores at the end only where scores are counted."""
    return bool(row["scoring"] and row["leaderboard"])


class Classroom:
    def __init__(self, store: Store):
        self.store = store

    # Results --------------------------------------------------------------------------------

    def results(
        self, session_id: str, deck: Deck, step: Step, state: LiveState | None = None
    ) -> dict[str, Any]:
        """The facilitator's results for a step, made from what is stored. In a one-to-one
        session the facilitator also sees the answer by name (never a private kind's). `state`:
        the session's, when the caller has read it already."""
        state = state or self.store.sessions.load_live(session_id)
        mode = state.mode
        responses = self.store.responses.for_step(session_id, step.id)
        results = step.activity.results(
            step, responses, self.store.room.moderation(session_id, step.id)
        )
        by_name = mode == ONE_TO_ONE and step.activity.answers_by_name
        if by_name:
            results["by_name"] = [{"name": r.name, "value": r.value} for r in responses]
        second = self.second_vote(session_id, step, state)
        if second is not None:
            if by_name:  # the second vote by name too, as the first
                named = self.store.responses.named_second_votes(session_id, step.id)
                second["by_name"] = [{"name": name, "value": value} for name, value in named]
            results["second_vote"] = second
        before = before_step(deck, step)
        if before is not None:
            results["change"] = change(
                self.store.responses.values_by_participant(session_id, before.id),
                self.store.responses.values_by_participant(session_id, step.id),
            )
        across = course_measures.on_console(self.store, session_id, step)
        if across is not None:
            results["course_change"] = across
        return results

    def second_vote(self, session_id: str, step: Step, state: LiveState) -> dict[str, Any] | None:
        """A step's second vote beside its first, once it has been opened (or has answers)."""
        if not step.activity.votes_again(step):
            return None
        second = self.store.responses.second_votes(session_id, step.id)
        if not second and state.vote_round(step.id) == 1:
            return None
        first = self.store.responses.values_by_participant(session_id, step.id)
        return step.activity.second_vote(step, first, second)

    # What surrounds the steps, per audience -------------------------------------------------

    def extras(self, read: RoomRead, audience: str, state: LiveState) -> dict:
        deck = read.deck
        step = state.current_step(deck)
        extras: dict[str, Any] = {"questions": questions_shown(read.questions(), audience)}
        if step is not None and self.discussion_step(state, deck) is not None:
            found = read.groups(step.id)
            if audience == views.FACILITATOR:
                extras["groups"] = [
                    {
                        "number": n,
                        "members": [m["name"] for m in members],
                        "cards": step.activity.group_cards(step, n),
                    }
                    for n, members in enumerate(found, start=1)
                ]
            elif audience == views.SCREEN:
                extras["group_count"] = len(found)
        if audience != views.PARTICIPANT:
            extras["reactions"] = self.reactions_view(read, audience, state)
        if audience == views.FACILITATOR:
            extras["alerts"] = read.alerts()
            second = step is not None and state.vote_round(step.id) == 2
            extras["without_phones"] = self.without_phones_view(read, step, second=second)
            extras["later_questions"] = later_shown(read.later_questions())
            extras["mode"] = state.mode
            if state.mode == SELF_PACED:
                extras["progress"] = progress_shown(read.progress(), deck)
        elif audience == views.PARTICIPANT:
            # The phone shows its own Back and Next, and the closing date, only when self-paced.
            extras["mode"] = state.mode
            if state.mode == SELF_PACED:
                extras["closes_at"] = read.row["closes_at"]
        elif audience == views.SCREEN and state.ended and shows_leaderboard(read.row):
            extras["leaderboard"] = scoring.leaderboard(deck, read.answers_by_person())
        return extras

    def progress(self, session_id: str) -> list[int]:
        """How many self-paced participants are on each step, step by step."""
        deck = self.store.sessions.deck_of(session_id)
        return progress_shown(self.store.participants.progress(session_id), deck)

    def personal(
        self,
        read: RoomRead,
        participant_id: str,
        state: LiveState,
        language: str = DECK_LANGUAGE,
    ):
        """What only this participant sees: their group (in a self-paced session, a discussion
        on their own), their questions and votes; once the session has ended, and only where
        it counts them, their own quiz score. The room's parts come from `read`, shared by
        every phone sent a snapshot of the same change; the rest is this person's alone.
        `language`: the one their device is shown the deck in, for their group's cards."""
        session_id, deck = read.session_id, read.deck
        own = [
            {"id": q["id"], "text": q["text"], "status": q["status"], "answered": q["answered"]}
            for q in read.questions()
            if q["participant_id"] == participant_id
        ]
        if state.mode == SELF_PACED:
            step = self.discussion_step(state, deck)
            group = solo_view(phone_step(deck, step, language)[0]) if step is not None else None
        else:
            group = self.group_of(read, participant_id, state, language)
        mine: dict[str, Any] = {
            "group": group,
            "questions": own,
            "votes": self.store.room.votes_of(participant_id),
            "second_votes": self.store.responses.second_votes_of(participant_id),
            "later_questions": [
                {"id": q["id"], "text": q["text"], "reply": q["reply"]}
                for q in self.store.later.of_participant(participant_id)
            ],
        }
        if state.ended and read.row["scoring"]:
            answers = self.store.responses.of_participant(participant_id)
            mine["score"] = scoring.own_score(deck, answers)
        back = looking_back(self.store, session_id, participant_id, deck)
        if back:
            mine["looking_back"] = back
        return mine

    # People without phones and private questions: the console's alone ---------------------

    def without_phones_view(
        self, read: RoomRead, step: Step | None, *, second: bool = False
    ) -> list[dict[str, Any]]:
        """Each person staff answer for, with their answer to the step on now (to fill the
        console's form with), if it takes answers: on a second vote, their second vote."""
        step_id = step.id if step is not None and step.takes_responses else None
        answers = (
            self.store.responses.second_votes_of if second else self.store.responses.of_participant
        )
        people: list[dict[str, Any]] = [
            {
                "id": p["id"],
                "name": p["name"],
                "value": answers(p["id"]).get(step_id) if step_id else None,
            }
            for p in read.without_phones()
        ]
        if step is not None and step.activity.looks_back:
            # Staff answer for them, so staff read them their own earlier plan (as their
            # notebook, which staff print for them, shows it too).
            for person in people:
                back = looking_back(self.store, read.session_id, person["id"], read.deck)
                person["looking_back"] = back.get(step.id)
        return people

    def later_view(self, session_id: str) -> list[dict[str, Any]]:
        return later_shown(self.store.later.of_session(session_id))

    # Discussion groups ----------------------------------------------------------------------

    def discussion_step(self, state: LiveState, deck: Deck) -> Step | None:
        """The step the room is split into groups on: a discussion, or a question while it is
        voted on again, since the room talks it over before the second vote."""
        step = state.current_step(deck)
        return step if step is not None and rules.makes_groups_now(state, step) else None

    def make_groups(self, session_id: str, step: Step, *, again: bool = False) -> bool:
        """Split the connected participants into groups, once per step unless `again`."""
        if not again and self.store.room.groups(session_id, step.id):
            return False
        people = self.store.room.connected(session_id)
        self.store.room.save_groups(
            session_id, step.id, groups.split(people, step.activity.group_size(step), _rng)
        )
        return True

    def place(self, session_id: str, step: Step, participant_id: str) -> bool:
        """Put a late joiner in the smallest group; False if they already have one."""
        current = self.store.room.groups(session_id, step.id)
        if any(m["id"] == participant_id for members in current for m in members):
            return False
        if not current:
            self.store.room.save_groups(session_id, step.id, [[participant_id]])
        else:
            number = groups.smallest([[m["id"] for m in g] for g in current]) + 1
            self.store.room.add_to_group(session_id, step.id, participant_id, number)
        return True

    def group_of(
        self, read: RoomRead, participant_id: str, state: LiveState, language: str = DECK_LANGUAGE
    ):
        step = self.discussion_step(state, read.deck)
        if step is None:
            return None
        for number, members in enumerate(read.groups(step.id), start=1):
            if any(m["id"] == participant_id for m in members):
                return group_view(phone_step(read.deck, step, language)[0], number, members)
        return None

    def group_views(
        self, read: RoomRead, step: Step, language: str = DECK_LANGUAGE
    ) -> list[tuple[list[str], dict[str, Any]]]:
        """Each group's members' ids with the view they all see, its cards in `language`, from
        one read of the groups: one message per group and language, however many are in it."""
        shown = phone_step(read.deck, step, language)[0]
        return [
            ([m["id"] for m in members], group_view(shown, number, members))
            for number, members in enumerate(read.groups(step.id), start=1)
        ]

    # Anonymous questions --------------------------------------------------------------------

    # Live reactions -----------------------------------------------------------------------

    def reactions_view(
        self, read: RoomRead, audience: str, state: LiveState
    ) -> dict[str, Any] | None:
        """What the console and the screen show of the reactions: the room's step's counts (in
        a self-paced session, where there is no room step, every step's together). The screen
        shows none while fewer people have joined than the session's small-number threshold,
        so that a reaction cannot be told apart as one person's; phones never see them."""
        if audience == views.PARTICIPANT:
            return None
        if audience == views.SCREEN and read.head_count < read.row["min_responses"]:
            return None
        if state.mode == SELF_PACED:
            step_id = None
            counts: dict[str, int] = {}
            for of_step in read.reactions_by_step().values():
                for reaction, n in of_step.items():
                    counts[reaction] = counts.get(reaction, 0) + n
        else:
            step = state.current_step(read.deck)
            step_id = step.id if step is not None else reactions.LOBBY
            counts = read.reactions_of_step(step_id)
        return {
            "step_id": step_id,
            "reactions": reactions.counts_view(counts),
            "total": sum(counts.values()),
        }

    # Red flags ------------------------------------------------------------------------------

    def scan(self, session_id: str, participant_id: str, source: str, texts: list[str]):
        """Raise an alert for text that mentions a possible red flag; returns it, or None.
        A phrase already raised for this person and source is not raised again, so a plan
        that autosaves as it is typed alerts once, not at every save."""
        already = self.store.room.alerted_phrases(session_id, participant_id, source)
        phrases = phrases_for(self.store.sessions.deck_of(session_id).safety_wording.red_flags)
        matched = [
            flag for text in texts for flag in red_flags_in(text, phrases) if flag not in already
        ]
        if not matched:
            return None
        return self.store.room.add_alert(
            session_id, participant_id, source, ", ".join(dict.fromkeys(matched))
        )
