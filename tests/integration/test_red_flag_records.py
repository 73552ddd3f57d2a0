"""A red-flag alert as a clinical record: raised in a reflection it is in the session report
and on the owner's open-alerts list, a clinician records its follow-up, it outlives answer
retention until its own retention period, and reading it (and opening the full text) is
audited. A self-paced session's alert reaches its owner with no console open."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from sessions import reports
from tests.conftest import csrf_token
from tests.html_check import html_problems, report

TEXT = "Since Tuesday I have had numbness around my bottom"


def goto(console, step_id):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of(step_id), force=True)["ok"]


@pytest.fixture
def alerted(console, join, store):
    """A group session where Ann's reflection raised an alert, then ended."""
    goto(console, "reflect")
    ann = join(console.session, name="Ann")
    ack = ann.emit("answer", step_id="reflect", value={"remember": TEXT}, id="r1")
    assert ack["ok"], ack
    (alert,) = store.alerts.of_session(console.session["id"])
    assert console.emit("end")["ok"]
    return console, ann, alert


def audit_actions(store) -> list[tuple[str, str]]:
    rows, _ = store.audit.entries(limit=100)
    return [(r["action"], r["target"]) for r in rows]


def page(http, path) -> str:
    response = http.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_an_alert_is_in_the_report_and_open_list_until_followed_up(alerted, store):
    console, _, alert = alerted
    http = console.http
    report = page(http, f"/review/sessions/{console.session['id']}")
    for shown in ("numb bottom", "Ann", alert["source"]):
        assert shown in report, shown
    assert "Tuesday" not in report  # the phrase, never the text
    home = page(http, "/")
    assert "Red-flag alerts to follow up (1)" in home
    assert "numb bottom" in home
    assert alert["id"] in page(http, "/review/alerts/")

    one = page(http, f"/review/alerts/{alert['id']}")
    assert "Tuesday" not in one
    assert "Show what they wrote" in one
    assert ("view", f"alert {alert['id']}") in audit_actions(store)
    shown = http.post(
        f"/review/alerts/{alert['id']}/text", data={"csrf_token": csrf_token(one)}
    ).get_data(as_text=True)
    assert TEXT in shown
    assert ("view text", f"alert {alert['id']}") in audit_actions(store)

    done = http.post(
        f"/review/alerts/{alert['id']}/follow-up",
        data={"outcome": "advised", "note": "Rang her, advised 111", "csrf_token": csrf_token(one)},
    )
    assert done.status_code == 302
    record = store.alerts.get(alert["id"])
    assert (record["outcome"], record["note"], record["followed_up_by"]) == (
        "advised",
        "Rang her, advised 111",
        "physio",
    )
    assert record["followed_up_at"]
    assert ("follow up", f"alert {alert['id']}") in audit_actions(store)
    assert "Red-flag alerts to follow up" not in page(http, "/")
    assert alert["id"] not in page(http, "/review/alerts/")
    report = page(http, f"/review/sessions/{console.session['id']}")
    assert "Advised them to call 111 or their GP" in report


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "Choose what was done."),
        ({"outcome": "ignored"}, "Choose what was done."),
        ({"outcome": "contacted", "note": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_a_bad_follow_up_is_refused_and_changes_nothing(alerted, store, form, message):
    console, _, alert = alerted
    one = page(console.http, f"/review/alerts/{alert['id']}")
    response = console.http.post(
        f"/review/alerts/{alert['id']}/follow-up", data={**form, "csrf_token": csrf_token(one)}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert store.alerts.get(alert["id"])["followed_up_at"] is None


def test_a_follow_up_once_recorded_is_not_overwritten(alerted, store):
    _, _, alert = alerted
    user = store.accounts.user_by_name("physio")["id"]
    store.alerts.follow_up(alert["id"], outcome="contacted", note="", user_id=user)
    with pytest.raises(Exception, match="already been followed up"):
        store.alerts.follow_up(alert["id"], outcome="not_needed", note="", user_id=user)
    assert store.alerts.get(alert["id"])["outcome"] == "contacted"


def test_another_facilitator_cannot_read_the_alert(alerted, sign_in):
    _, _, alert = alerted
    other = sign_in("fay")
    assert other.get(f"/review/alerts/{alert['id']}").status_code == 404
    assert alert["id"] not in page(other, "/review/alerts/")


def test_an_alert_survives_answer_retention_until_its_own_period(alerted, store):
    console, _, alert = alerted
    ended = datetime.fromisoformat(store.sessions.get(console.session["id"])["ended_at"])
    outcome = reports.run_retention(store, now=ended + timedelta(days=400), days=365)
    assert console.session["id"] in outcome.purged
    kept = store.alerts.get(alert["id"])
    assert (kept["matched"], kept["name"]) == ("numb bottom", "Ann")
    assert store.alerts.written(alert["id"], ["reflect"]) == []  # the text went with answers
    raised = datetime.fromisoformat(alert["created_at"])
    later = reports.run_retention(
        store, now=raised + timedelta(days=2921), days=365, alert_days=2922
    )
    assert later.alerts_deleted == 0
    gone = reports.run_retention(store, now=raised + timedelta(days=2923), days=365)
    assert gone.alerts_deleted == 1
    assert store.alerts.of_session(console.session["id"]) == []


def test_the_alert_retention_period_must_be_at_least_a_day(store):
    with pytest.raises(ValueError, match="at least 1 day"):
        reports.run_retention(store, now=datetime.now(), days=365, alert_days=0)


def test_a_participant_deleting_their_data_keeps_the_alert_without_name(console, join, store):
    goto(console, "reflect")
    ann = join(console.session, name="Ann")
    assert ann.emit("answer", step_id="reflect", value={"remember": TEXT}, id="r1")["ok"]
    path = ann.emit("keep_notebook")["url"]
    path = "/" + path.split("/", 3)[3] if path.startswith("http") else path
    confirm = page(ann.http, f"{path}/delete")
    assert "safety record" in confirm
    assert (
        ann.http.post(f"{path}/delete", data={"csrf_token": csrf_token(confirm)}).status_code == 200
    )
    (kept,) = store.alerts.of_session(console.session["id"])
    assert (kept["matched"], kept["name"], kept["participant_id"]) == ("numb bottom", "", None)


def test_a_self_paced_alert_reaches_the_owners_list_with_no_console(start_session, join, store):
    http = start_session().http
    row = store.sessions.create(
        "back-pain-1",
        store.accounts.user_by_name("physio")["id"],
        mode="self-paced",
        closes_at="2999-12-31T23:59:59+00:00",
    )
    phone = join(row, name="Sam")
    # Sam has stepped, alone, as far as the reflection (stepping there takes many messages).
    reflect = store.sessions.deck_of(row["id"]).index_of("reflect")
    with store.database.write() as db:
        db.execute(
            "UPDATE participants SET position = ? WHERE session_id = ?", (reflect, row["id"])
        )
    ack = phone.emit("answer", step_id="reflect", value={"remember": "my bladder"}, id="x")
    assert ack["ok"], ack
    home = page(http, "/")
    assert re.search(r"Red-flag alerts to follow up \(1\)", home)
    assert "bladder" in home
    assert "Sam" in home


def test_the_report_download_lists_alerts_without_name_or_words(alerted, store):
    console, _, alert = alerted
    user = store.accounts.user_by_name("physio")["id"]
    store.alerts.follow_up(alert["id"], outcome="not_needed", note="Old news", user_id=user)
    response = console.http.get(f"/review/sessions/{console.session['id']}/report.csv")
    assert response.status_code == 200
    csv = response.get_data(as_text=True)
    assert "Red-flag alerts" in csv
    assert "numb bottom" in csv
    assert "No action needed" in csv
    assert "Old news" in csv
    assert "Tuesday" not in csv
    assert "Ann" not in csv


def test_the_alert_pages_are_valid_html(alerted):
    console, _, alert = alerted
    http = console.http
    one = page(http, f"/review/alerts/{alert['id']}")
    refused = http.post(
        f"/review/alerts/{alert['id']}/follow-up", data={"csrf_token": csrf_token(one)}
    ).get_data(as_text=True)
    pages = {
        "home with an alert": page(http, "/"),
        "open alerts": page(http, "/review/alerts/"),
        "one alert": one,
        "its words": http.post(
            f"/review/alerts/{alert['id']}/text", data={"csrf_token": csrf_token(one)}
        ).get_data(as_text=True),
        "a refused follow-up": refused,
        "report with an alert": page(http, f"/review/sessions/{console.session['id']}"),
    }
    found = html_problems(pages)
    assert not any(found.values()), report(found)
