"""Socket.IO packets encoded in one pass. python-socketio's own packet walks every list and dict
of a message in Python to look for binary parts before it encodes it as JSON, which costs more
than the encoding itself for a snapshot (the console's, with every group and its cards, most of
all). This packet encodes the message first, in C: JSON cannot hold bytes, so a message that
encodes is one without binary parts, and that text is what is sent. A message that does not
encode is left to the library as it was: its binary parts found and sent as attachments, or its
error raised as before. What goes on the wire is byte for byte the same."""

from __future__ import annotations

from typing import Any

from socketio import packet

ONE_PASS = (packet.EVENT, packet.ACK)  # the packets that carry a message


class EncodedPacket(packet.Packet):
    """`packet.Packet`, with the JSON of its message made once, when it is built."""

    def __init__(
        self,
        packet_type: int = packet.EVENT,
        data: Any = None,
        namespace: str | None = None,
        id: int | None = None,  # noqa: A002 - the library's own name for it
        binary: bool | None = None,
        encoded_packet: Any = None,
    ):
        self._text: str | None = None
        if binary is None and data is not None and encoded_packet is None:
            try:
                self._text = self.json.dumps(data, separators=(",", ":"))
            except TypeError:  # bytes in it (or something JSON cannot hold): the library's way
                self._text = None
            else:
                binary = False
        super().__init__(packet_type, data, namespace, id, binary, encoded_packet)

    def encode(self) -> Any:
        if self._text is None or self.packet_type not in ONE_PASS:
            return super().encode()
        head = str(self.packet_type)
        if self.namespace is not None and self.namespace != "/":
            head += self.namespace + ","
        if self.id is not None:
            head += str(self.id)
        return head + self._text
