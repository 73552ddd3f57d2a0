"""Two-step sign-in for staff: time-based one-time codes (RFC 6238, through pyotp), single-use
recovery codes, and how an authenticator's secret is kept sealed in the database. Pure rules:
no clock of its own, no storage."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

import pyotp

ISSUER = "Talkback"
STEP_SECONDS = 30
# One step either side of now: a phone's clock a little out, or a code typed as it changed.
DRIFT_STEPS = 1
EXPIRED_STEPS = 10  # how far back a code is recognised as too old rather than wrong
CODE_DIGITS = 6
RECOVERY_CODES = 10
# Sixteen characters from 31 easy to tell apart (no 0/o, 1/l/i): about 79 bits each.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 16
# How long someone has between the password and the code before they must start again.
PENDING_SECONDS = 300
SET_UP_SECONDS = 900  # longer for setting it up: there may be an app to install first

EVERYONE_SETTING = "mfa_everyone"  # "1": every account needs it, not only admins

_SPACES = re.compile(r"[\s-]+")


def required_for(role: str, everyone: bool) -> bool:
    """Admins always sign in in two steps; everyone else when the admin setting says so."""
    return role == "admin" or everyone


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    """What the QR code holds: an authenticator app reads the account, the issuer, the secret."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def grouped(text: str) -> str:
    """A secret or code in groups of four, easier to read out and type."""
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@dataclass(frozen=True)
class Entered:
    """What someone typed on the code page: a one-time code, a recovery code, or neither."""

    kind: str  # "totp", "recovery" or "" (neither)
    value: str


def read_entered(text: object) -> Entered:
    """Six digits are a one-time code; sixteen letters and digits a recovery code (spaces and
    hyphens ignored, any case). Anything else is neither."""
    if not isinstance(text, str):
        return Entered("", "")
    cleaned = _SPACES.sub("", text.strip().lower())[:64]
    if len(cleaned) == CODE_DIGITS and cleaned.isdigit():
        return Entered("totp", cleaned)
    if len(cleaned) == RECOVERY_LENGTH and all(c in RECOVERY_ALPHABET for c in cleaned):
        return Entered("recovery", cleaned)
    return Entered("", "")


def time_step(now: float) -> int:
    return int(now // STEP_SECONDS)


def matching_step(secret: str, code: str, now: float) -> tuple[str, int | None]:
    """("ok", step) for the code of a time step within DRIFT_STEPS of now; ("expired", step)
    for one from the last few minutes, so the page can say it is too old; ("wrong", None)
    otherwise. The caller keeps the last step used, so a code is accepted once."""
    totp = pyotp.TOTP(secret)
    current = time_step(now)
    for step in range(current + DRIFT_STEPS, current - EXPIRED_STEPS - 1, -1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return ("ok" if step >= current - DRIFT_STEPS else "expired"), step
    return "wrong", None


def new_recovery_codes() -> list[str]:
    return [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODES)
    ]


def recovery_hash(user_id: str, code: str) -> str:
    """Kept instead of the code. Unkeyed on purpose: recovery codes still work after the
    server's secret key changes, which is when they are needed most. With ~79 random bits a
    plain SHA-256 is not worth reversing."""
    return hashlib.sha256(f"{user_id}:{code}".encode()).hexdigest()


# Sealing the secret: HMAC-SHA256 as the keystream (one fresh nonce per secret) and as the
# tag (encrypt-then-MAC, bound to the account), from the standard library alone. A copy of
# the database without the server's secret key does not give the authenticator secrets.

SEAL_VERSION = "v1"


class SealBroken(ValueError):
    """A sealed secret that this key did not seal (the secret key changed) or that was altered."""


def sealing_key(app_secret: str | bytes) -> bytes:
    raw = app_secret.encode() if isinstance(app_secret, str) else app_secret
    return hmac.new(raw, b"talkback staff mfa secrets", hashlib.sha256).digest()


def seal(key: bytes, user_id: str, secret: str) -> str:
    nonce = secrets.token_bytes(16)
    plain = secret.encode()
    body = bytes(a ^ b for a, b in zip(plain, _keystream(key, nonce, len(plain)), strict=True))
    tag = _tag(key, user_id, nonce + body)
    return f"{SEAL_VERSION}:" + base64.urlsafe_b64encode(nonce + body + tag).decode()


def unseal(key: bytes, user_id: str, sealed: str) -> str:
    version, _, packed = sealed.partition(":")
    try:
        raw = base64.urlsafe_b64decode(packed.encode())
    except ValueError:
        raise SealBroken("not a sealed secret") from None
    if version != SEAL_VERSION or len(raw) < 16 + 32:
        raise SealBroken("not a sealed secret")
    nonce, body, tag = raw[:16], raw[16:-32], raw[-32:]
    if not hmac.compare_digest(tag, _tag(key, user_id, nonce + body)):
        raise SealBroken("sealed with another key, or altered")
    stream = _keystream(key, nonce, len(body))
    return bytes(a ^ b for a, b in zip(body, stream, strict=True)).decode()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    enc = hmac.new(key, b"encrypt", hashlib.sha256).digest()
    out = b""
    counter = 0
    while len(out) < length:
        out += hmac.new(enc, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:length]


def _tag(key: bytes, user_id: str, data: bytes) -> bytes:
    mac = hmac.new(key, b"authenticate", hashlib.sha256).digest()
    return hmac.new(mac, user_id.encode() + b"\x00" + data, hashlib.sha256).digest()
