"""Protections that only the real server shows: the handshake's Origin check and the
message size cap."""

from __future__ import annotations

import pytest
import requests
import socketio

from tests.e2e.clients import create_session, join

pytestmark = pytest.mark.e2e


@pytest.fixture
def session(server):
    token = server.token()
    created = create_session(server, token)
    return {"token": token, **created, "participant_token": join(server, created["code"])}


def connect(server, auth, headers=None, transport="websocket"):
    client = socketio.Client(reconnection=False)
    client.connect(
        server.url,
        namespaces=["/participant"],
        auth=auth,
        headers=headers or {},
        transports=[transport],
        wait_timeout=5,
    )
    return client


def test_a_foreign_origin_handshake_is_refused(server, session):
    with pytest.raises(socketio.exceptions.ConnectionError):
        # Long-polling sends the header exactly as given (the WebSocket client adds its own).
        connect(
            server,
            {"token": session["participant_token"]},
            {"Origin": "https://evil.example"},
            transport="polling",
        )


def test_the_same_origin_handshake_is_accepted(server, session):
    client = connect(
        server, {"token": session["participant_token"]}, {"Origin": server.url}, transport="polling"
    )
    assert client.connected
    client.disconnect()


def test_an_oversized_message_closes_the_connection_and_stores_nothing(server, session):
    client = connect(server, {"token": session["participant_token"]})
    websocket = client.eio.ws  # the client library leaves it open when the server closes it
    disconnected = []
    client.on("disconnect", lambda *a: disconnected.append(True), namespace="/participant")
    client.emit(
        "answer",
        {"step_id": "how-long", "value": "x" * 100_000, "id": "big"},
        namespace="/participant",
    )
    client.sleep(2)
    assert disconnected or not client.connected
    client.disconnect()
    websocket.shutdown()
    small = connect(server, {"token": session["participant_token"]})
    ack = small.call("snapshot", namespace="/participant", timeout=5)
    assert ack["ok"]  # the server is fine, and so is a normal-sized message
    small.disconnect()


def test_oversized_long_polling_posts_are_refused_at_once_and_hold_no_thread(make_server):
    # A pool of 20: before the body limit, 19 such requests stopped the server for good.
    small = make_server({"TALKBACK_MAX_CONNECTIONS": "20"}, "small-pool")
    too_big = b"4" + b"x" * 65_536
    for _ in range(25):
        opened = requests.get(f"{small.url}/socket.io/?EIO=4&transport=polling", timeout=5)
        sid = opened.text.split('"sid":"')[1].split('"')[0]
        refused = requests.post(
            f"{small.url}/socket.io/?EIO=4&transport=polling&sid={sid}", data=too_big, timeout=5
        )
        assert refused.status_code == 413
        assert refused.elapsed.total_seconds() < 2
    assert requests.get(f"{small.url}/signin", timeout=5).status_code == 200
