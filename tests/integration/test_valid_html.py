"""Every page the server sends is valid HTML with no empty heading: staff pages, the console,
the screen and the phone at every step of a class with every kind of activity, the review,
the editor, the notebook (and that of someone without a phone), and the error pages. All of
them go through the Nu HTML Checker in one run."""

from __future__ import annotations

import re

import yaml

from sessions.passwords import hash_password
from tests.conftest import FACILITATOR_PASSWORD, Editor, csrf_token
from tests.html_check import html_problems, report
from tests.integration.editor_decks import every_kind
from tests.integration.review_session import run_known_session

EVERY_KIND = "every-kind"
ANSWERS = {"order": ["work", "sleep"], "share": {"sleep": 70, "mood": 30}}
# A page that breaks both rules, so that a checker which found nothing could not pass.
BROKEN = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>'
    '<body><main><h2></h2><label>Plan <textarea name=""></textarea></label></main></body></html>'
)


def page(http, url: str, status: int = 200) -> str:
    response = http.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response.mimetype == "text/html", (url, response.mimetype)
    return response.get_data(as_text=True)


def class_pages(start_session, join, screen, store) -> dict[str, str]:
    """The console, the screen and a phone in the lobby, at every step, and once ended."""
    store.decks.save(EVERY_KIND, yaml.safe_dump(every_kind(), sort_keys=False))
    console = start_session(deck_id=EVERY_KIND)
    session = console.session
    phone = join(session, name="Ann")
    projector = screen(session)
    views = {
        "console": (console.http, f"/console/{session['id']}"),
        "screen": (projector.http, f"/screen/{session['screen_key']}"),
        "phone": (phone.http, f"/s/{session['id']}"),
    }
    pages = {}

    def visit(label):
        for view, (http, url) in views.items():
            pages[f"{view}, {label}"] = page(http, url)

    visit("lobby")
    person = console.emit("add_person", name="Mrs K")["participant_id"]
    asked = phone.emit("ask_later", id="later", text="Can I garden?")["question_id"]
    assert console.emit("reply_later", question_id=asked, text="Yes, gently.")["ok"]
    phone.emit("ask_later", id="later-2", text="And swim?")
    pages["phone of a helper, lobby"] = helper_phone(phone)
    for index, step in enumerate(store.sessions.deck_of(session["id"]).steps):
        assert console.emit("goto", index=index, force=True)["ok"]
        visit(f"step {index + 1} ({step.kind})")
        if step.id in ANSWERS:  # a page drawn with the phone's own answer, and a report line
            assert phone.emit("answer", step_id=step.id, value=ANSWERS[step.id], id=step.id)["ok"]
            visit(f"step {index + 1} ({step.kind}), answered")
    assert console.emit("reveal")["ok"]
    visit("last step revealed")
    notebook = phone.emit("keep_notebook")
    assert notebook["ok"], notebook
    assert console.emit("end")["ok"]
    visit("ended")

    path = "/" + notebook["url"].split("/", 3)[3]
    pages["notebook"] = page(phone.http, path)
    pages["notebook of someone without a phone"] = page(
        console.http, f"/console/{session['id']}/people/{person}/notebook"
    )
    pages["review, report with private questions"] = page(
        console.http, f"/review/sessions/{session['id']}"
    )
    pages["notebook, confirm delete"] = confirm = page(phone.http, f"{path}/delete")
    deleted = phone.http.post(f"{path}/delete", data={"csrf_token": csrf_token(confirm)})
    assert deleted.status_code == 200
    pages["notebook, deleted"] = deleted.get_data(as_text=True)
    pages["notebook, unknown link"] = page(phone.http, path, status=404)
    pages["review, report of every kind"] = page(console.http, f"/review/sessions/{session['id']}")
    return pages


def helper_phone(phone) -> str:
    """The class page on a second device linked as the phone's helper."""
    own = page(phone.http, f"/s/{phone.session['id']}")
    code = re.search(r'data-testid="helper-code">([A-Z0-9-]+)<', own).group(1)
    tablet = phone.http.application.test_client()
    form = csrf_token(page(tablet, "/helping"))
    linked = tablet.post("/helping", data={"helper_code": code, "csrf_token": form})
    assert linked.status_code == 200, linked.get_data(as_text=True)
    return linked.get_data(as_text=True)


def other_mode_pages(sign_in, join, store) -> dict[str, str]:
    """The console and the phone of a self-paced session and of a one-to-one consultation."""
    http = sign_in("physio")
    physio = store.accounts.user_by_name("physio")["id"]
    pages = {}
    for mode, closes_at in (("self-paced", "2999-12-31T23:59:59+00:00"), ("one-to-one", None)):
        row = store.sessions.create(EVERY_KIND, physio, mode=mode, closes_at=closes_at)
        phone = join(row, name="Bo")
        pages[f"console, {mode}"] = page(http, f"/console/{row['id']}")
        pages[f"phone, {mode}"] = page(phone.http, f"/s/{row['id']}")
    return pages


def staff_pages(app, sign_in, start_session, join, store) -> dict[str, str]:
    console = run_known_session(start_session, join)
    ended = console.session["id"]
    admin = sign_in("boss", role="admin")
    staff = sign_in("physio")
    deck_id = EVERY_KIND
    trial = staff.post(f"/decks/{deck_id}/try", headers={"X-CSRFToken": _token(staff)})
    assert trial.status_code == 302, trial.get_data(as_text=True)
    anonymous = app.test_client()
    wrong = anonymous.post(
        "/signin",
        data={
            "username": "physio",
            "password": "not the password",
            "csrf_token": csrf_token(page(anonymous, "/signin")),
        },
    )
    join_page = page(anonymous, "/join")
    bad_code = anonymous.post(
        "/join", data={"code": "000000", "name": "", "csrf_token": csrf_token(join_page)}
    )
    edited = Editor(staff)
    changed_id = edited.new_deck("Two versions")  # version 1: the new deck; 2: every kind
    assert edited.save(changed_id, every_kind()).status_code == 200
    rejoin_page = page(anonymous, "/rejoin")
    bad_rejoin = anonymous.post(
        "/rejoin", data={"rejoin_code": "nope", "csrf_token": csrf_token(rejoin_page)}
    )
    paper_page = page(staff, f"/review/sessions/{ended}/paper")
    bad_paper = staff.post(
        f"/review/sessions/{ended}/paper",
        data={"confidence-before.number": "99", "csrf_token": csrf_token(paper_page)},
    )
    bad_cards = staff.post(
        f"/review/sessions/{ended}/paper/cards",
        data={"cards.good": "x", "csrf_token": csrf_token(paper_page)},
    )
    helping_page = page(anonymous, "/helping")
    bad_helper = anonymous.post(
        "/helping", data={"helper_code": "nope", "csrf_token": csrf_token(helping_page)}
    )
    return {
        **deck_owner_pages(sign_in, staff, store),
        **step_library_pages(sign_in, store),
        "helping": helping_page,
        "helping, malformed code": bad_helper.get_data(as_text=True),
        "paper entry": paper_page,
        "paper entry, refused form": bad_paper.get_data(as_text=True),
        "paper entry, refused cards": bad_cards.get_data(as_text=True),
        "sign-in": page(anonymous, "/signin"),
        "sign-in, wrong password": wrong.get_data(as_text=True),
        "join": join_page,
        "join, unknown code": bad_code.get_data(as_text=True),
        "join, code in the link": page(anonymous, f"/join?code={console.session['code']}"),
        "rejoin": rejoin_page,
        "rejoin, malformed code": bad_rejoin.get_data(as_text=True),
        "help": page(anonymous, "/help"),
        "not found": page(anonymous, "/no/such/page", status=404),
        "home": page(staff, "/"),
        "deck library": page(staff, "/decks"),
        "deck editor": page(staff, f"/decks/{deck_id}/edit"),
        "deck versions": page(staff, f"/decks/{deck_id}/versions"),
        "deck versions, two": page(staff, f"/decks/{changed_id}/versions"),
        "deck versions compared": page(staff, f"/decks/{changed_id}/versions/compare?from=1&to=2"),
        "deck import": page(staff, "/decks/import"),
        "trial run": page(staff, trial.location),
        "review, sessions": page(staff, "/review/"),
        "review, report": page(staff, f"/review/sessions/{ended}"),
        "review, trends": page(staff, "/review/trends"),
        "admin, accounts": page(admin, "/admin/accounts"),
        "admin, audit": page(admin, "/admin/audit"),
        "admin, settings": page(admin, "/admin/settings"),
    }


def deck_owner_pages(sign_in, staff, store) -> dict[str, str]:
    """A draft refused at the start form and at approval, the approve form, and the console of
    a deck past its review date."""
    physio = store.accounts.user_by_name("physio")["id"]
    data = {**every_kind(), "governance": {"owner": "A. Patel", "review_by": "2020-01-31"}}
    draft = store.decks.create(yaml.safe_dump(data, sort_keys=False), owner_id=physio)
    refused_start = staff.post("/sessions", data={"deck_id": draft, "csrf_token": _token(staff)})
    assert refused_start.status_code == 400
    refused_approval = staff.post(
        f"/decks/{draft}/approve", data={"version": "1", "csrf_token": _token(staff)}
    )
    assert refused_approval.status_code == 403
    reviewer = sign_in("rita", role="reviewer")
    approve_form = page(reviewer, f"/decks/{draft}/versions")
    assert "Approve version 1" in approve_form
    store.settings.set("decks_approved_only", "0")
    overdue = store.sessions.create(draft, physio)
    store.settings.clear("decks_approved_only")
    return {
        "home, a draft refused": refused_start.get_data(as_text=True),
        "deck versions, approval refused": refused_approval.get_data(as_text=True),
        "deck versions, a reviewer may approve": approve_form,
        "console, deck past its review date": page(staff, f"/console/{overdue['id']}"),
    }


def two_step_pages(app, store, authenticator) -> dict[str, str]:
    """Setting up two-step sign-in (and a wrong code there), the recovery codes, the code page
    (and a wrong code there), and the account's own page."""
    store.accounts.create_user("ada", hash_password(FACILITATOR_PASSWORD), "admin")

    def password(http):
        form = {"username": "ada", "password": FACILITATOR_PASSWORD}
        http.post("/signin", data={**form, "csrf_token": csrf_token(page(http, "/signin"))})

    http = app.test_client()
    password(http)
    set_up = page(http, "/signin/set-up")
    wrong_set_up = http.post(
        "/signin/set-up", data={"code": "000000", "csrf_token": csrf_token(set_up)}
    )
    codes = authenticator.set_up(http, "ada")
    account = page(http, "/account/sign-in")
    again = app.test_client()
    password(again)
    code_page = page(again, "/signin/code")
    wrong = again.post("/signin/code", data={"code": "000000", "csrf_token": csrf_token(code_page)})
    return {
        "two-step, set up": set_up,
        "two-step, set up with a wrong code": wrong_set_up.get_data(as_text=True),
        "two-step, recovery codes": codes,
        "two-step, the account's page": account,
        "two-step, code page": code_page,
        "two-step, wrong code": wrong.get_data(as_text=True),
    }


def step_library_pages(sign_in, store) -> dict[str, str]:
    """The approved steps, a refused change to one, "New deck", and a deck whose approved step
    changed: its editor's notice and its owner's review page."""
    owner = Editor(sign_in("owen"))
    made = owner.post_form("/decks/new", {"template": "education-session"})
    deck_id = re.fullmatch(r"/decks/([^/]+)/edit", made.location).group(1)
    lead = Editor(sign_in("rita", role="reviewer"))
    (step,) = store.approved_steps.get("fft").steps
    words = yaml.safe_dump([{**step, "body": "Tell us how we did."}])
    fields = {"title": "FFT", "steps": words, "after": "1"}
    refused = lead.post_form("/library/steps/fft", fields)
    assert refused.status_code == 400
    assert lead.post_form("/library/steps/fft", {**fields, "note": "Shorter"}).status_code == 302
    return {
        "approved steps": page(owner.http, "/library/steps"),
        "an approved step, with its change form": page(lead.http, "/library/steps/fft"),
        "an approved step, a change refused": refused.get_data(as_text=True),
        "new deck": page(owner.http, "/decks/new"),
        "new deck, no template chosen": owner.post_form("/decks/new").get_data(as_text=True),
        "deck editor, an approved step changed": page(owner.http, f"/decks/{deck_id}/edit"),
        "approved steps to review": page(owner.http, f"/decks/{deck_id}/approved-steps/updates"),
    }


def running_pages(sign_in, store) -> dict[str, str]:
    """The console's "People running this class" with a helper and the invite form, a refused
    invite, a moderator's console and the home page of someone helping run a class."""
    owner = sign_in("lead")
    row = store.sessions.create(EVERY_KIND, store.accounts.user_by_name("lead")["id"])
    moderator = sign_in("mo")
    sign_in("kim")
    url = f"/console/{row['id']}"
    invite = f"{url}/people-running"
    form = {"username": "mo", "role": "moderator", "csrf_token": _token(owner)}
    assert owner.post(invite, data=form).status_code == 303
    refused = owner.post(invite, data={**form, "username": "nobody"})
    return {
        "console, people running it": page(owner, url),
        "console, an invite refused": page(owner, refused.location.split("#")[0]),
        "console, a moderator's": page(moderator, url),
        "home, a class you help run": page(moderator, "/"),
    }


def _token(http) -> str:
    return csrf_token(page(http, "/decks"))


def test_every_page_served_in_every_state_of_a_class_is_valid_html(
    app, sign_in, start_session, join, screen, store, authenticator
):
    pages = {"a broken page (the check's own control)": BROKEN}
    pages |= class_pages(start_session, join, screen, store)
    pages |= other_mode_pages(sign_in, join, store)
    pages |= staff_pages(app, sign_in, start_session, join, store)
    pages |= two_step_pages(app, store, authenticator)
    pages |= running_pages(sign_in, store)
    found = html_problems(pages)
    control = found.pop("a broken page (the check's own control)", [])
    assert any("textarea" in p for p in control), control
    assert any("empty heading" in p for p in control), control
    assert not found, f"{len(found)} of {len(pages) - 1} pages are not valid:\n" + report(found)
