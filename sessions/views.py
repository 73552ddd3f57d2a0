"""What each audience may see of a session: snapshots, step views and results.
Every rule about hiding (notes, correct answers, small result counts) lives here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sessions import phone_language
from sessions.activities import FACILITATOR, PARTICIPANT, SCREEN
from sessions.deck import Deck, Step
from sessions.live import LiveState, Timer
from sessions.phone_language import DECK_LANGUAGE, phone_step, title_in_language
from sessions.safety import NEUTRAL, Safety


def srcset(url: str, widths) -> str:
    """A picture at each kept width (`?w=` picks it), for the browser to choose from."""
    return ", ".join(f"{url}?w={width} {width}w" for width in widths)


def image_view(image: Mapping[str, Any], media_url: str, image_widths=None) -> dict[str, Any]:
    """A slide's or an option's picture: its address, its description and, for a kept
    picture, every size it is kept at, so that a phone fetches the one its screen needs."""
    url = f"{media_url}{image['src']}"
    view = {"url": url, "alt": image["alt"]}
    widths = image_widths(image["src"]) if image_widths else []
    if widths:
        view["srcset"] = srcset(url, widths)
    return view


def step_view(
    step: Step,
    index: int,
    audience: str,
    *,
    revealed: bool,
    media_url: str = "",
    image_widths=None,
    safety: Safety = NEUTRAL,
) -> dict[str, Any]:
    """`image_widths(name)`: the widths a kept picture is stored at (empty if none); `safety`:
    the deck's safety wording, for a step that shows its reminder."""
    image = step.fields.get("image")
    view: dict[str, Any] = {
        "id": step.id,
        "index": index,
        "kind": step.kind,
        "title": step.title,
        "body_html": step.body_html,
        "image": image_view(image, media_url, image_widths) if image else None,
        "locked": step.locked,
        **step.activity.flags(step),
    }
    view.update(step.activity.view_for(step, audience, revealed=revealed))
    if isinstance(view.get("options"), list):
        view["options"] = [
            {**o, "image": image_view(o["image"], media_url, image_widths)} if "image" in o else o
            for o in view["options"]
        ]
    if step.activity.shows_safety_reminder:
        view["safety"] = safety.reminder
    if audience == FACILITATOR:
        view["notes"] = step.notes
        view["minutes"] = step.minutes
    return view


def room_steps(
    deck: Deck,
    step: Step,
    index: int,
    languages: list[str],
    *,
    revealed: bool,
    media_url: str = "",
    image_widths=None,
) -> list[dict[str, Any]]:
    """The step as the screen shows it in each room language, the first first: the deck's
    translation where it has one, its own words elsewhere (as phones in that language get it).
    Options keep their ids in every language, so results are counted once per option whichever
    language draws them."""
    shown = []
    for language in languages:
        shown_in = phone_language.shown_language(deck, language)
        translated, safety, note = phone_language.phone_step(deck, step, shown_in)
        view = step_view(
            translated,
            index,
            SCREEN,
            revealed=revealed,
            media_url=media_url,
            image_widths=image_widths,
            safety=safety,
        )
        shown.append({"language": language, "untranslated": note["untranslated"], "step": view})
    return shown


def room_titles(deck: Deck, languages: list[str]) -> list[dict[str, str]]:
    """The session's title in each room language, the first first, for the lobby: the deck's
    translation where it has one, its own title elsewhere (as phones in that language see it)."""
    return [
        {"language": language, "title": title_in_language(deck, language)} for language in languages
    ]


def outline_entry(step: Step, index: int) -> dict[str, Any]:
    return {
        "index": index,
        "id": step.id,
        "kind": step.kind,
        "title": step.title,
        "locked": step.locked,
        **step.activity.flags(step),
    }


def results_for(
    audience: str,
    step: Step,
    results: Mapping[str, Any],
    *,
    seq: int,
    revealed: bool,
    min_responses: int,
) -> dict[str, Any] | None:
    """The results message one audience gets, or None when it gets nothing.

    The room (screen and phones) sees results only once revealed, and then only when enough
    people have answered that no one's answer can be picked out."""
    activity = step.activity
    head = {"seq": seq, "step_id": step.id, "kind": step.kind}
    second = results.get("second_vote")
    room = audience != FACILITATOR
    if second is not None:
        second = _shown(activity, step, second, min_responses, room=room)
        if room and second.get("both", 0) < min_responses:
            second.pop("moved_to_correct", None)  # too few people to say how many moved
        if room:
            second.pop("by_name", None)
        results = {**results, "second_vote": second}
    if not room:
        return {**head, **_shown(activity, step, results, min_responses, room=False)}
    if not revealed or not activity.room_sees_results:
        return None
    shown = _shown(activity, step, results, min_responses, room=True)
    if second is not None:
        shown["second_vote"] = second  # each vote under the threshold on its own
    shown.pop("by_name", None)  # one-to-one answers by name are for the facilitator alone
    shown.pop("course_change", None)  # a course's measure is for the console alone
    return {**head, **shown}


def _shown(activity, step: Step, results: Mapping[str, Any], min_responses: int, *, room: bool):
    """Results with `withheld` set: the facilitator sees them all, the room only the size of
    results made of fewer than `min_responses` people."""
    size = activity.result_size(results)
    withheld = activity.uses_threshold and size < min_responses
    if not room:
        return {**results, "withheld": withheld}
    if withheld:
        size_key = "count" if "count" in results else "total"
        return {"withheld": True, size_key: size}
    return {**activity.room_results(step, results), "withheld": False}


def timer_view(timer: Timer, now: float) -> dict[str, Any]:
    """The countdown as clients show it: whole seconds left, counted from when it was sent."""
    left = timer.seconds_left(now)
    return {"status": timer.status, "seconds_left": None if left is None else round(left)}


def snapshot(
    audience: str,
    state: LiveState,
    deck: Deck,
    *,
    session: Mapping[str, Any],
    results: Mapping[str, Any] | None,
    participant_count: int,
    media_url: str = "",
    image_widths=None,
    now: float = 0.0,
    extras: Mapping[str, Any] | None = None,
    language: str = DECK_LANGUAGE,
) -> dict[str, Any]:
    """The whole of one audience's view; `session` holds id, title and, for staff, the links.
    `results` is the current step's aggregate (or None when it takes no answers); `extras` are
    the audience's view of what surrounds the steps (questions, groups, alerts). `language`:
    the language phones are shown the deck in (phone_language.shown_language); staff and the
    screen always see the deck's own words."""
    step = state.current_step(deck)
    phones = audience == PARTICIPANT
    view: dict[str, Any] = {
        "seq": state.seq,
        "stage": state.stage,
        "session": {
            "id": session["id"],
            "title": title_in_language(deck, language) if phones else deck.title,
            "status": "ended" if state.ended else "live",
        },
        "step_count": len(deck.steps),
        "step": None,
        "open": state.open,
        "revealed": state.revealed,
        "round": 1,
        "results": None,
        "timer": timer_view(state.timer, now),
        **(extras or {}),
    }
    if step is not None:
        shown, safety, note = (
            phone_step(deck, step, language) if phones else (step, deck.safety_wording, None)
        )
        view["step"] = step_view(
            shown,
            state.step_index,
            audience,
            revealed=state.revealed,
            media_url=media_url,
            image_widths=image_widths,
            safety=safety,
        )
        if note is not None:
            view["step"]["language"] = note
        view["round"] = state.vote_round(step.id)
        if results is not None:
            view["results"] = results_for(
                audience,
                step,
                results,
                seq=state.seq,
                revealed=state.revealed,
                min_responses=session["min_responses"],
            )
    if audience == FACILITATOR:
        view["session"].update(
            code=session["code"],
            join_url=session["join_url"],
            screen_url=session["screen_url"],
            min_responses=session["min_responses"],
        )
        view["outline"] = [outline_entry(s, i) for i, s in enumerate(deck.steps)]
        following = state.step_index + 1
        view["next_step"] = (
            outline_entry(deck.steps[following], following)
            if not state.ended and following < len(deck.steps)
            else None
        )
        view["participant_count"] = participant_count
        view["blanked"] = state.blanked
        view["room_languages"] = session.get("room_languages", ["en"])
    elif audience == SCREEN:
        view["join"] = {"code": session["code"], "url": session["join_url"]}
        view["participant_count"] = participant_count
        view["blanked"] = state.blanked
        view["room_languages"] = session.get("room_languages", ["en"])
        view["room_titles"] = room_titles(deck, view["room_languages"])
        view["room_steps"] = (
            room_steps(
                deck,
                step,
                state.step_index,
                view["room_languages"],
                revealed=state.revealed,
                media_url=media_url,
                image_widths=image_widths,
            )
            if step is not None
            else []
        )
    return view


# A moderator looks after the room's questions, open answers and alerts. What a person chose
# to say privately ("ask later"), who is in the room without a phone, and one-to-one answers
# by name are for those who run the class, so a moderator's console is never sent them.
NOT_FOR_MODERATORS = ("later_questions", "without_phones")


def for_moderator(view: Mapping[str, Any]) -> dict[str, Any]:
    """A moderator's console snapshot: the facilitator's, less what is not theirs to see."""
    shown = {k: v for k, v in view.items() if k not in NOT_FOR_MODERATORS}
    if shown.get("results") is not None:
        shown["results"] = moderator_results(shown["results"])
    return shown


def moderator_results(message: Mapping[str, Any]) -> dict[str, Any]:
    """The facilitator's results without answers by name, in the second vote's too."""
    shown = {k: v for k, v in message.items() if k != "by_name"}
    second = shown.get("second_vote")
    if isinstance(second, Mapping):
        shown["second_vote"] = {k: v for k, v in second.items() if k != "by_name"}
    return shown


def personal(
    view: dict[str, Any], *, name: str, responses: Mapping[str, Any], **more: Any
) -> dict[str, Any]:
    """A participant's snapshot for that connection alone: the room's view and their answers
    (and their discussion group, questions and votes)."""
    return {**view, "me": {"name": name, "responses": dict(responses), **more}}


__all__ = [
    "FACILITATOR",
    "NOT_FOR_MODERATORS",
    "PARTICIPANT",
    "SCREEN",
    "for_moderator",
    "image_view",
    "moderator_results",
    "outline_entry",
    "personal",
    "results_for",
    "room_steps",
    "room_titles",
    "snapshot",
    "srcset",
    "step_view",
]
