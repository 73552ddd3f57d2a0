"""Paper: a session's printable handout (before or after it), and typing in the paper forms and
FFT cards collected afterwards. Each paper form becomes one participant marked as paper, whose
answers pass the same checks as a phone's; the session's kept report is then made again."""

from __future__ import annotations

from dataclasses import dataclass

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

from facilitator.handout import handout_pdf
from facilitator.identity import STAFF_ROLES, may_review, may_run, role_required, store
from server.offload import off_the_loop
from server.words import say
from sessions import paper
from sessions.paper import Problem
from sessions.reports.freeze import keep_aggregates
from sessions.store.paper import PAPER_FORM
from sessions.words import N_, plural_words

bp = Blueprint("paper", __name__)
FFT_CARD = "FFT card"


@bp.after_request
def never_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/sessions/<session_id>/handout.pdf")
@role_required(*STAFF_ROLES)
def handout(session_id):
    """The session's questions on paper; `?print=large` for large print."""
    row = store().sessions.get(session_id)
    if not (may_run(g.user, row) or may_review(g.user, row)):
        abort(404)
    large = request.args.get("print") == "large"
    steps = paper.handout(store().sessions.deck_of(session_id))
    pdf = off_the_loop(handout_pdf, row["title"], steps, large=large)  # a quarter of a second
    name = f"handout-{'large-print-' if large else ''}{row['created_at'][:10]}.pdf"
    return current_app.response_class(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


def enterable_session(session_id: str):
    """A finished session this user runs (an admin: any); else 404, as if it did not exist.
    Paper goes into a report afterwards, so a live session takes none yet."""
    row = store().sessions.get(session_id)
    if not may_run(g.user, row) or row["status"] != "ended":
        abort(404)
    return row


def entry_page(row, *, problems=(), typed=None, cards_problems=(), cards_typed=None, status=200):
    session_id = row["id"]
    deck = store().sessions.deck_of(session_id)
    page = render_template(
        "review/paper.html",
        user=g.user,
        session=row,
        steps=paper.entered(deck),
        field_name=paper.field_name,
        forms=store().paper.count(session_id),
        purged=store().review.purged(session_id),
        problems=shown(problems),
        typed=typed or {},
        card_step=(paper.card_steps(deck) or [None])[-1],
        cards_problems=shown(cards_problems),
        cards_typed=cards_typed or {},
        fft_options=paper.FFT_OPTIONS,
        max_cards=paper.MAX_CARDS,
    )
    return page, status


@dataclass(frozen=True)
class ShownProblem:
    """A paper form's problem as the page shows it, in the staff's language."""

    field: str
    message: str


def shown(problems) -> list[ShownProblem]:
    return [ShownProblem(p.field, say(p.message)) for p in problems]


@bp.get("/review/sessions/<session_id>/paper")
@role_required("admin", "facilitator")
def entry(session_id):
    return entry_page(enterable_session(session_id))


@bp.post("/review/sessions/<session_id>/paper")
@role_required("admin", "facilitator")
def enter_form(session_id):
    """One paper form: every problem at once and nothing stored, or one paper participant."""
    row = enterable_session(session_id)
    form = request.form.to_dict(flat=False)
    answers, problems = paper.read_form(store().sessions.deck_of(session_id), form)
    refused = _refused_after_retention(session_id)
    if problems or refused:
        return entry_page(row, problems=refused or problems, typed=form, status=400)
    (participant_id,) = store().paper.add_forms(session_id, [answers], name=PAPER_FORM)
    _after_adding(session_id, [(participant_id, answers)])
    store().audit.record(g.user, "enter paper", f"session {session_id}", "1 paper form")
    flash(
        say(
            N_("Paper form saved (%(entered)s entered). Enter the next one."),
            entered=store().paper.count(session_id),
        )
    )
    return redirect(url_for("paper.entry", session_id=session_id))


@bp.post("/review/sessions/<session_id>/paper/cards")
@role_required("admin", "facilitator")
def enter_cards(session_id):
    """FFT cards collected at the door, as a count of each answer; each card is one person."""
    row = enterable_session(session_id)
    form = request.form.to_dict(flat=False)
    step, counts, problems = paper.read_cards(store().sessions.deck_of(session_id), form)
    refused = _refused_after_retention(session_id)
    if problems or refused or step is None:
        return entry_page(row, cards_problems=refused or problems, cards_typed=form, status=400)
    cards = paper.card_answers(step, counts)
    added = store().paper.add_forms(session_id, cards, name=FFT_CARD)
    _after_adding(session_id, list(zip(added, cards, strict=True)))
    store().audit.record(g.user, "enter paper", f"session {session_id}", f"{len(cards)} FFT cards")
    flash(
        say(
            plural_words(
                "%(count)s FFT card saved.", "%(count)s FFT cards saved.", "count", count=len(cards)
            )
        )
    )
    return redirect(url_for("paper.entry", session_id=session_id))


def _refused_after_retention(session_id: str) -> list[Problem]:
    if store().review.purged(session_id):
        return [
            Problem(
                "",
                N_(
                    "This session's answers were deleted under the retention setting, so paper"
                    " answers can no longer be added to its report."
                ),
            )
        ]
    return []


def _after_adding(session_id: str, added) -> None:
    """Make the kept report again with the paper answers, and look for red flags in their
    free text, as for a phone's answers."""
    keep_aggregates(store(), session_id, again=True)
    realtime = current_app.extensions["talkback"]
    deck = store().sessions.deck_of(session_id)
    for participant_id, answers in added:
        for step_id, value in answers.items():
            step = deck.step_by_id(step_id)
            texts = step.activity.free_text(step, value) if step is not None else []
            if texts:
                realtime.classroom.scan(session_id, participant_id, step.title, texts)
