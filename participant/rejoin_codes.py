"""Personal rejoin codes: made from a participant's id with the app's secret key, typed on a
new device to come back as the same person. Only a keyed digest is stored."""

from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app

# No 0/O, 1/I/L or U/V look-alikes: a code read off one phone and typed on another.
ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
LENGTH = 10  # 29**10 is about 4 * 10**14: hopeless to guess within the
# rejoin limits (server/guards.py)


def _secret() -> bytes:
    return str(current_app.config["SECRET_KEY"]).encode()


def rejoin_code(participant_id: str) -> str:
    """The participant's rejoin code, shown as ABCDE-FGHJK. Made from the participant's
    random id with the app's secret key, so the page can show it again while the store keeps
    only its digest."""
    code = canonical(participant_id)
    return code[:5] + "-" + code[5:]


def canonical(participant_id: str) -> str:
    """The rejoin code as stored and compared: no hyphen."""
    mac = hmac.new(_secret(), b"rejoin-code:" + participant_id.encode(), hashlib.sha256)
    number = int.from_bytes(mac.digest(), "big")
    letters = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[index])
    return "".join(letters)


def digest(code: str) -> str:
    """What the store keeps of a normalised code: keyed, so a copy of the database alone is
    no help in working codes out."""
    return hmac.new(_secret(), b"rejoin-digest:" + code.encode(), hashlib.sha256).hexdigest()


def normalise(raw: object) -> str | None:
    """'abcde fghjk', 'ABCDE-FGHJK' and 'ABCDEFGHJK' are the same code."""
    if not isinstance(raw, str):
        return None
    code = re.sub(r"[\s-]", "", raw).upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def remember(participant_id: str) -> None:
    """Keep the digest of a new participant's code, so the code works from another device."""
    store = current_app.extensions["talkback"].store
    store.participants.set_rejoin_digest(participant_id, digest(canonical(participant_id)))
