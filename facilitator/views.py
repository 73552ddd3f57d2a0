"""Staff pages: sign in and out, the deck list, starting a session, the console and the screen."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from facilitator import deck_approval, mfa, running, sso
from facilitator.alerts import open_alerts
from facilitator.identity import (
    SignInRefused,
    check_credentials,
    console_role,
    end_signins,
    may_run,
    signed_in,
    store,
)
from server.languages import LANGUAGES
from server.realtime import session_links
from server.words import say
from sessions.live import GROUP, MODES, SELF_PACED
from sessions.pacing import pace
from sessions.store import StoreError
from sessions.store.timings import seconds

bp = Blueprint("facilitator", __name__)

RUNNING_ROLES = ("admin", "facilitator")
DEFAULT_OPEN_DAYS = 14  # a self-paced session's suggested closing date, from today


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    next_url = _safe_next(request.values.get("next", ""))
    if request.method == "GET":
        return signin_page(next_url=next_url)
    username = request.form.get("username", "")
    try:
        user = check_credentials(username, request.form.get("password", ""))
    except SignInRefused as exc:
        return signin_page(
            error=say(exc.words), username=username, next_url=next_url, status=exc.status
        )
    return mfa.after_password(user, next_url)


def signin_page(*, error: str | None = None, username: str = "", next_url: str = "", status=200):
    """The sign-in page: the password form unless local sign-in is off, and the button for
    single sign-on when it is set up."""
    settings = sso.settings_of()
    page = render_template(
        "facilitator/signin.html",
        error=error,
        username=username[:100],
        next=next_url,
        local_signin=current_app.config["LOCAL_SIGNIN_ON"],
        sso_label=settings.label if settings else None,
    )
    return page, status


@bp.post("/signout")
def signout():
    end_signins()
    return redirect(url_for("facilitator.signin"))


@bp.get("/")
@signed_in
def home():
    return _home_page()


@bp.post("/sessions")
@signed_in
def start_session():
    if g.user["role"] not in RUNNING_ROLES:
        abort(403)
    chosen = {
        "deck_id": request.form.get("deck_id", ""),
        "mode": request.form.get("mode") or GROUP,
        "closes_on": request.form.get("closes_on", ""),
        "scoring": request.form.get("scoring") == "yes",
        "leaderboard": request.form.get("leaderboard") == "yes",
    }
    try:
        mode, closes_at = session_options(chosen["mode"], chosen["closes_on"] or None)
    except StoreError as exc:
        field = "mode" if chosen["mode"] not in MODES else "closes_on"
        return _home_page({**chosen, "field": field, "message": say(exc.words)}), 400
    refusal = deck_approval.start_refusal(chosen["deck_id"])
    if refusal is not None:
        return _home_page({**chosen, "field": "deck", "message": say(refusal.words)}), 400
    try:
        scoring, leaderboard = scoring_options(chosen["scoring"], chosen["leaderboard"])
    except StoreError as exc:
        return _home_page({**chosen, "field": "leaderboard", "message": say(exc.words)}), 400
    try:
        row = store().sessions.create(
            chosen["deck_id"],
            g.user["id"],
            mode=mode,
            closes_at=closes_at,
            scoring=scoring,
            leaderboard=leaderboard,
        )
    except StoreError as exc:
        return _home_page({**chosen, "field": None, "message": say(exc.words)}), 400
    return redirect(url_for("facilitator.console", session_id=row["id"]))


def _home_page(start: dict | None = None) -> str:
    """Your classes, with the start forms; `start` is a refused start, shown by its form with
    what was chosen kept."""
    sessions = [
        {**row, "console_url": url_for("facilitator.console", session_id=row["id"])}
        for row in store().sessions.of_facilitator(g.user["id"])
    ]
    helping = [
        {**row, "console_url": url_for("facilitator.console", session_id=row["id"])}
        for row in store().session_roles.sessions_of(g.user["id"])
        if row["status"] == "live"
    ]
    decks = [
        deck_approval.described({**d, "steps": d["step_count"]}) for d in store().library.all()
    ]
    today = datetime.now(UTC).date()
    return render_template(
        "facilitator/home.html",
        user=g.user,
        decks=decks,
        sessions=sessions,
        helping=helping,
        alerts=open_alerts(g.user),
        start=start,
        today=today.isoformat(),
        default_closes_on=(today + timedelta(days=DEFAULT_OPEN_DAYS)).isoformat(),
    )


@bp.get("/console/<session_id>")
@signed_in
def console(session_id):
    row = store().sessions.get(session_id)
    role = console_role(store(), g.user, row)
    if row is None or role is None:
        abort(404)
    links = session_links(row)
    closes_on = date.fromisoformat(row["closes_at"][:10]) if row["closes_at"] else None
    return render_template(
        "facilitator/console.html",
        session={
            "id": row["id"],
            "title": row["title"],
            "code": row["code"],
            "status": row["status"],
            "mode": row["mode"],
        },
        join_url=links["join_url"],
        screen_url=links["screen_url"],
        closes_on=closes_on,
        deck_owner=deck_approval.for_console(row),
        running=running.for_console(row, role),
        screen_languages=list(LANGUAGES.values()),
    )


@bp.get("/console/<session_id>/pacing")
@signed_in
def console_pacing(session_id):
    """The pacing co-pilot's line, for the console alone: never in a snapshot, so neither the
    screen nor a phone can get it. The console asks again every half minute."""
    row = store().sessions.get(session_id)
    if not may_run(g.user, row):
        abort(404)
    # An ended session's clock stopped at its end, even if the server ended it unused.
    now = row["ended_at"] if row["status"] == "ended" and row["ended_at"] else None
    found = pace(
        store().sessions.deck_of(session_id),
        store().timings.visits(session_id),
        seconds(now or store().database.now()),
        mode=row["mode"],
    )
    return jsonify(
        line=say(found.words),
        on_plan=found.on_plan,
        started=found.started,
        elapsed_minutes=round(found.elapsed_minutes, 1),
        behind_minutes=round(found.behind_minutes, 1),
        planned_left=found.planned_left,
        steps_left=[{"id": s.id, "title": s.title, "minutes": s.minutes} for s in found.steps_left],
        suggestion=say(found.suggestion_words) if found.suggestion_words else "",
    )


@bp.get("/screen/<key>")
def screen(key):
    """The projector's view, reached by its own unguessable link rather than a sign-in, so the
    room's PC needs no account."""
    row = store().sessions.by_screen_key(key)
    if row is None:
        abort(404)
    links = session_links(row)
    qr_svg = segno.make(links["join_url"], error="m").svg_inline(
        scale=8, dark="#000", light="#fff", title="QR code to join this session"
    )
    join_host = links["join_url"].split("://", 1)[-1].split("?", 1)[0]
    return render_template(
        "screen/screen.html",
        screen_key=key,
        code=format_code(row["code"]),
        join_url=links["join_url"],
        join_host=join_host,
        qr_svg=Markup(qr_svg),  # noqa: S704 - segno's own SVG, built from our URL
        screen_languages=screen_languages(),
    )


def screen_languages() -> dict[str, dict[str, str | None]]:
    """What the screen needs to speak each shipped language when the console chooses it: its
    tag for `lang`, its direction and its browser catalogue (none for English)."""
    catalogues = current_app.extensions["talkback.languages"]
    return {
        code: {"tag": language.tag, "dir": language.direction, "messages": catalogues.url(code)}
        for code, language in LANGUAGES.items()
    }


def session_options(mode: object, closes_on: object) -> tuple[str, str | None]:
    """The way a session runs: as a group (the default), one-to-one, or self-paced until a
    closing date (YYYY-MM-DD, open until the end of that day, UTC)."""
    mode = mode or GROUP
    if mode not in MODES:
        raise StoreError("bad_request", f"mode must be one of: {', '.join(MODES)}.")
    if mode != SELF_PACED:
        return mode, None
    if not isinstance(closes_on, str):
        raise StoreError("bad_request", "A self-paced session needs a closing date.")
    try:
        day = date.fromisoformat(closes_on)
    except ValueError:
        raise StoreError("bad_request", "Give the closing date as year-month-day.") from None
    if day < datetime.now(UTC).date():
        raise StoreError("bad_request", "The closing date has already passed.")
    return mode, datetime.combine(day, time.max, UTC).isoformat(timespec="seconds")


def scoring_options(scoring: object, leaderboard: object) -> tuple[bool, bool]:
    """Whether the session counts quiz scores, and shows a leaderboard at the end: both off
    unless asked for, and a leaderboard only with scores."""
    scoring, leaderboard = scoring or False, leaderboard or False
    if not isinstance(scoring, bool) or not isinstance(leaderboard, bool):
        raise StoreError("bad_request", "scoring and leaderboard must be true or false.")
    if leaderboard and not scoring:
        raise StoreError("bad_request", "A leaderboard needs quiz scores turned on.")
    return scoring, leaderboard


def format_code(code: str) -> str:
    """'482913' is read aloud more easily as '482 913'."""
    return f"{code[:3]} {code[3:]}"


def _safe_next(target: str) -> str:
    r"""Only a path on this site, so sign-in cannot be used to send people elsewhere. Browsers
    drop tabs and newlines from an address and read a backslash as a slash, so "/<tab>/host"
    or "/\host" would become "//host", another site: a path with either, any other control
    character or a space, or anything that parses with a scheme or host is refused."""
    if not target.startswith("/") or target.startswith("//"):
        return ""
    if "\\" in target or any(ch.isspace() or not ch.isprintable() for ch in target):
        return ""
    parts = urlsplit(target)
    return target if not (parts.scheme or parts.netloc) else ""


mfa.add_routes(bp)
sso.add_routes(bp)
