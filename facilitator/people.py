"""Staff pages for people without phones and private questions: the notebook of someone the
console answers for, opened to print on the spot, and the written reply to a question asked
privately, from the review page once the session is over."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from facilitator.identity import may_run, signed_in, store
from server import payloads
from server.words import say
from server.write import WriteEntry
from sessions.notebook import notebook as build_notebook
from sessions.words import N_

bp = Blueprint("people", __name__)


def runnable(session_id: str):
    """The session, if this user runs it (or is an admin); otherwise 404 as if it did not exist."""
    row = store().sessions.get(session_id)
    if not may_run(g.user, row):
        abort(404)
    return row


@bp.get("/console/<session_id>/people/<participant_id>/notebook")
@signed_in
def notebook(session_id, participant_id):
    """Only for someone without a phone in this very session: anyone else's notebook is theirs
    alone, behind their own private link."""
    runnable(session_id)
    person = store().participants.get(participant_id)
    if person is None or person["session_id"] != session_id or not person["no_phone"]:
        abort(404)
    book = build_notebook(
        store().sessions.deck_of(session_id),
        store().responses.of_participant(participant_id),
        [q for q in store().room.questions(session_id) if q["participant_id"] == participant_id],
        store().later.of_participant(participant_id),
    )
    page = render_template(
        "participant/notebook.html", key=None, name=person["name"], book=book, staff=True
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.post("/review/sessions/<session_id>/later/<question_id>")
@signed_in
def reply(session_id, question_id):
    """The same write as the console's `reply_later`, so the reply is checked and published
    the same way; a refusal says why and changes nothing."""
    runnable(session_id)
    writes = WriteEntry(
        current_app.extensions["talkback"], current_app.extensions["talkback.guards"].reactions
    )
    who = {"session_id": session_id, "user_id": g.user["id"]}
    ack = writes.handle(
        who,
        payloads.REPLY_LATER,
        {"question_id": question_id, "text": request.form.get("reply", "")},
    )
    if ack["ok"]:
        store().audit.record(g.user, "reply", f"session {session_id}", "private question")
        flash(say(N_("Your reply is saved. It appears in that person's notebook.")))
    else:
        flash(say(N_("The reply was not saved: %(reason)s"), reason=ack["error"]["message"]))
    return redirect(url_for("review.report", session_id=session_id, _anchor="later"))
