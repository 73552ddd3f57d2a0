"""Personal codes, made from a participant's id with the app's secret key: the rejoin code,
typed on a new device to come back as the same person, and the helper code, typed on a carer's
or an interpreter's device to help that person. Only keyed digests are stored."""

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


def helper_code(participant_id: str) -> str:
    """The participant's helper code, shown as ABCDE-FGHJK: another code than the rejoin
    code, so a helper can help without being able to take the person's place."""
    code = canonical(participant_id, purpose="helper")
    return code[:5] + "-" + code[5:]


def canonical(participant_id: str, *, purpose: str = "rejoin") -> str:
    """The rejoin (or helper) code as stored and compared: no hyphen."""
    label = f"{purpose}-code:".encode()
    mac = hmac.new(_secret(), label + participant_id.encode(), hashlib.sha256)
    number = int.from_bytes(mac.digest(), "big")
    letters = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[index])
    return "".join(letters)


def digest(code: str, *, purpose: str = "rejoin") -> str:
    """What the store keeps of a normalised code: keyed, so a copy of the database alone is
    no help in working codes out."""
    label = f"{purpose}-digest:".encode()
    return hmac.new(_secret(), label + code.encode(), hashlib.sha256).hexdigest()


def normalise(raw: object) -> str | None:
    """'abcde fghjk', 'ABCDE-FGHJK' and 'ABCDEFGHJK' are the same code."""
    if not isinstance(raw, str):
        return None
    code = re.sub(r"[\s-]", "", raw).upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def remember(participant_id: str) -> None:
    """Keep the digests of a new participant's codes, so the codes work from another device."""
    store = current_app.extensions["talkback"].store
    store.participants.set_rejoin_digest(participant_id, digest(canonical(participant_id)))
    remember_helper(participant_id)


def remember_helper(participant_id: str) -> None:
    """Keep the digest of the participant's helper code, unless it is kept already (someone
    who joined before helper codes existed gets theirs when their page is next drawn)."""
    store = current_app.extensions["talkback"].store
    code = canonical(participant_id, purpose="helper")
    store.participants.set_helper_digest(participant_id, digest(code, purpose="helper"))
