"""run.py with one more kind of step, defined here alone: "pulse", a yes-or-no check-in. It
proves that a new kind is its Python class and its browser folder, and nothing else.

    python tests/e2e/extra_kind/serve.py --demo --port N --database PATH

It registers the class, serves a copy of static/ with the kind's folder added (and its line in
each audience's list of parts), and hands over to run.py's own main()."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

import run  # noqa: E402  (first: it patches the standard library for eventlet or gevent)
from sessions.activities import register  # noqa: E402
from tests.e2e.extra_kind.pulse import Pulse  # noqa: E402

HERE = Path(__file__).resolve().parent


def static_with_pulse() -> Path:
    """The app's static files and the kind's folder, each audience's list importing it."""
    folder = Path(tempfile.mkdtemp(prefix="talkback-static-")) / "static"
    shutil.copytree(ROOT / "static", folder)
    shutil.copytree(HERE / "static" / "kinds" / "pulse", folder / "kinds" / "pulse")
    for audience in ("phone", "screen", "console"):
        with (folder / "kinds" / f"{audience}.js").open("a", encoding="utf-8") as parts:
            parts.write(f'import "./pulse/{audience}.js";\n')
    return folder


def main() -> int:
    register(Pulse())
    static = static_with_pulse()
    create_app = run.create_app

    def create_app_with_pulse(config=None, **options):
        app = create_app(config, **options)
        app.static_folder = str(static)
        return app

    run.create_app = create_app_with_pulse
    try:
        return run.main(sys.argv[1:])
    finally:
        shutil.rmtree(static.parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
