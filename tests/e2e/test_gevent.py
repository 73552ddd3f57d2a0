"""The server under gevent as well as eventlet (TALKBACK_ASYNC_MODE=gevent, WebSockets from
simple-websocket): the protocol walk-through and the fault tests that touch what differs
between the two (the server loop, signals, reconnecting clients), run as they are on a gevent
server. tests/e2e/test_workers.py runs its Redis-restart class under both modes as well."""

from __future__ import annotations

import time

import pytest

from tests.e2e import test_class_protocol as protocol
from tests.e2e import test_faults as faults
from tests.e2e.clients import Listener, create_session, join

pytestmark = pytest.mark.e2e


@pytest.fixture
def make_gevent_server(make_server):
    def make(env=None, name="talkback", **options):
        return make_server(env, name, async_mode="gevent", **options)

    return make


@pytest.mark.parametrize("server", ["gevent"], indirect=True)
def test_thirty_phones_follow_the_whole_deck_under_gevent(server):
    assert server.async_mode == "gevent"
    protocol.test_thirty_phones_follow_the_whole_deck(server)


def test_kill_9_while_a_hundred_phones_answer_under_gevent(make_gevent_server):
    faults.test_kill_9_while_a_hundred_phones_answer_loses_and_doubles_nothing(
        make_gevent_server, batch_wait_ms="25"
    )


def test_crash_after_commit_before_ack_under_gevent(make_gevent_server):
    faults.test_crash_after_commit_before_ack_then_the_retry_is_stored_once(make_gevent_server)


def test_crash_after_a_shared_commit_under_gevent(make_gevent_server):
    faults.test_crash_after_a_shared_commit_before_any_ack_then_the_retries_are_stored_once(
        make_gevent_server
    )


def test_sigterm_while_answers_are_in_flight_under_gevent(make_gevent_server):
    faults.test_sigterm_while_answers_are_in_flight_exits_0_and_keeps_every_acked_answer(
        make_gevent_server
    )


@pytest.mark.parametrize("server", ["gevent"], indirect=True)
def test_a_websocket_closed_by_the_client_ends_its_connection_at_once(server):
    """simple-websocket under gevent's server: when a client closes, the server closes the TCP
    connection too, rather than reading the rest of the WebSocket as another HTTP request
    (which left each closing client waiting three seconds, and logged garbage)."""
    token = server.token()
    session = create_session(server, token)
    phone = Listener(
        server.url, "/participant", {"token": join(server, session["code"], "Closing")}
    )
    started = time.monotonic()
    phone.close()
    assert time.monotonic() - started < 1.0
    assert "Invalid HTTP" not in server.log_path.read_text(errors="replace")
