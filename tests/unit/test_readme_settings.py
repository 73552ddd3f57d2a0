"""The README's configuration table names every `TALKBACK_*` setting the code reads, and no
setting the code does not read: each of app.py's DEFAULTS (all of them can be set as
`TALKBACK_<NAME>`), the secret key, and every `TALKBACK_` name written out in the code (run.py
reads some itself). A few DEFAULTS fix how Flask and its extensions behave for safety and
are not for operators to change; they are named here with why."""

from __future__ import annotations

import re
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", ROOT / "run.py"] + [
    path
    for folder in ("server", "sessions", "facilitator", "participant")
    for path in sorted((ROOT / folder).rglob("*.py"))
]
NAME = re.compile(r"TALKBACK_[A-Z0-9_]*[A-Z0-9]")
# Fixed for safety or speed, not settings: the session cookie's flags and lifetime renewal,
# and the CSRF token's lifetime. (What is compressed is not in DEFAULTS at all: it is set after
# the settings, so none can switch on compressing pages, which BREACH could read.)
FIXED = {
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_REFRESH_EACH_REQUEST",
    "WTF_CSRF_TIME_LIMIT",
}


def read_by_the_code() -> set[str]:
    written = {name for path in SOURCES for name in NAME.findall(path.read_text("utf-8"))}
    defaults = {f"TALKBACK_{key}" for key in app.DEFAULTS if key not in FIXED}
    return written | defaults | {"TALKBACK_SECRET_KEY"}


def in_the_readme() -> set[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return {name for first in rows for name in re.findall(r"`(TALKBACK_[A-Z0-9_]+)`", first)}


def test_every_setting_the_code_reads_is_in_the_readmes_table():
    missing = read_by_the_code() - in_the_readme()
    assert not missing, f"add these to the README's configuration table: {sorted(missing)}"


def test_the_readmes_table_names_no_setting_the_code_does_not_read():
    unknown = in_the_readme() - read_by_the_code()
    assert not unknown, f"the README names settings nothing reads: {sorted(unknown)}"


def test_the_fixed_defaults_are_still_defaults():
    assert set(app.DEFAULTS) >= FIXED


def test_the_readers_find_settings_of_each_kind():
    found = read_by_the_code()
    assert {"TALKBACK_WORKERS", "TALKBACK_MFA_FAILURE_LIMIT", "TALKBACK_OIDC_ISSUER"} <= found
    assert "TALKBACK_SESSION_COOKIE_SAMESITE" not in found
    assert {"TALKBACK_DATABASE", "TALKBACK_HOST", "TALKBACK_PORT"} <= in_the_readme()
