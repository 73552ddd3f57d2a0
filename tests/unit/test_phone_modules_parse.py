"""Every module the class page loads parses as an ES module: a name imported twice (say a
module's own `plural` and the catalogue's) stops the whole phone page, and no other unit
test runs the browser's parser. Node.js is a set-up requirement (CONTRIBUTING.md)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.unit.test_phone_words_wrapped import PHONE_MODULES, STATIC

NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed (CONTRIBUTING.md, Set up)")
def test_every_phone_module_parses():
    broken = {}
    for name in PHONE_MODULES:
        checked = subprocess.run(
            [NODE, "--experimental-default-type=module", "--check", str(STATIC / name)],
            capture_output=True,
            text=True,
            check=False,
        )
        if checked.returncode:
            broken[name] = checked.stderr.strip().splitlines()[-3:]
    assert broken == {}
