"""Packets encoded in one pass send exactly what python-socketio's own packets send."""

from __future__ import annotations

import pytest
from socketio import packet

from server.encoded_packets import EncodedPacket

MESSAGES = [
    ["snapshot", {"step": {"id": "welcome", "title": "Wëlcome ☺"}, "seq": 3, "groups": []}],
    ["group", {"number": 2, "members": ["Ann", "Bob"], "cards": [["a", ["b", {"c": None}]]]}],
    ["presence", 12],
    ["results", [1.5, True, None, "x" * 300]],
    [],
]


@pytest.mark.parametrize("data", MESSAGES)
@pytest.mark.parametrize("namespace", [None, "/", "/participant"])
@pytest.mark.parametrize("packet_id", [None, 7])
def test_an_event_is_encoded_byte_for_byte_as_the_library_does(data, namespace, packet_id):
    ours = EncodedPacket(packet.EVENT, data=data, namespace=namespace, id=packet_id)
    theirs = packet.Packet(packet.EVENT, data=data, namespace=namespace, id=packet_id)
    assert ours.encode() == theirs.encode()
    assert ours.packet_type == theirs.packet_type == packet.EVENT


def test_an_acknowledgement_too():
    data = [{"ok": True, "seq": 4}]
    ours = EncodedPacket(packet.ACK, data=data, namespace="/facilitator", id=12)
    assert (
        ours.encode()
        == packet.Packet(packet.ACK, data=data, namespace="/facilitator", id=12).encode()
    )


def test_the_other_packets_are_left_to_the_library():
    for kind, data in ((packet.CONNECT, {"sid": "abc"}), (packet.DISCONNECT, None)):
        ours = EncodedPacket(kind, data=data, namespace="/screen")
        assert ours.encode() == packet.Packet(kind, data=data, namespace="/screen").encode()


def test_a_message_with_bytes_goes_as_binary_with_its_attachments():
    data = ["picture", {"png": b"\x89PNG", "alt": "a spine"}]
    ours = EncodedPacket(packet.EVENT, data=data, namespace="/participant")
    theirs = packet.Packet(packet.EVENT, data=data, namespace="/participant")
    assert ours.packet_type == packet.BINARY_EVENT
    assert ours.encode() == theirs.encode()


def test_a_message_json_cannot_hold_still_fails_when_sent():
    ours = EncodedPacket(packet.EVENT, data=["snapshot", {"when": object()}])
    with pytest.raises(TypeError):
        ours.encode()


def test_a_received_packet_decodes_as_before():
    text = '2/participant,5["answer",{"step_id":"s","value":3}]'
    ours, theirs = EncodedPacket(encoded_packet=text), packet.Packet(encoded_packet=text)
    assert (ours.packet_type, ours.namespace, ours.id, ours.data) == (
        theirs.packet_type,
        theirs.namespace,
        theirs.id,
        theirs.data,
    )
    assert ours.encode() == text


def test_the_server_builds_its_packets_so(tmp_path):
    from app import create_app

    config = {"DATABASE": str(tmp_path / "t.db"), "SECRET_KEY": "k", "ASYNC_MODE": "threading"}
    realtime = create_app(config).extensions["talkback"]
    try:
        assert realtime.socketio.server.packet_class is EncodedPacket
    finally:
        realtime.store.close()
