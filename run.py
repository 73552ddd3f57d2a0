"""Talkback's entry point: serve the app, or manage accounts from the command line.

The server's async mode is chosen before anything else is imported, because eventlet and gevent
must patch the standard library first. This is the only module that imports either."""

import os
import warnings

# eventlet warns on import that it is in maintenance mode; docs/deploy.md covers gevent.
warnings.filterwarnings("ignore", message=r"(?s)\s*Eventlet is deprecated")

ASYNC_MODE = os.environ.get("TALKBACK_ASYNC_MODE", "eventlet")
if ASYNC_MODE == "eventlet":
    import eventlet

    eventlet.monkey_patch()
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import getpass  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

from app import create_app, realtime_of  # noqa: E402
from housekeeping import Housekeeping  # noqa: E402
from sessions.passwords import MIN_LENGTH, hash_password  # noqa: E402
from sessions.store import ROLES, StoreError  # noqa: E402

DEMO_USER = "demo"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py", description="Talkback live classes.")
    parser.add_argument("--host", default=os.environ.get("TALKBACK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("TALKBACK_PORT", "5000")))
    parser.add_argument("--database", help="SQLite file (default: talkback.db)")
    parser.add_argument("--demo", action="store_true", help="make sure the demo account exists")
    commands = parser.add_subparsers(dest="command")
    create = commands.add_parser("create-user", help="add a staff account")
    create.add_argument("name")
    create.add_argument("--role", choices=ROLES, default="facilitator")
    revoke = commands.add_parser("revoke-tokens", help="revoke every API token of an account")
    revoke.add_argument("name")
    disable = commands.add_parser("disable-user", help="stop an account signing in or running")
    disable.add_argument("name")
    args = parser.parse_args(argv)

    config = {"ASYNC_MODE": ASYNC_MODE if ASYNC_MODE in ("eventlet", "gevent") else "threading"}
    if args.database:
        config["DATABASE"] = args.database
    app = create_app(config)
    store = realtime_of(app).store

    if args.command == "create-user":
        return create_user(store, args.name, args.role)
    if args.command in ("revoke-tokens", "disable-user"):
        return lock_out(store, args.name, disable=args.command == "disable-user")
    if args.demo:
        ensure_demo_account(store)
    shown_host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    base = f"http://{shown_host}:{args.port}"
    print(f"Talkback is running. Facilitators sign in at {base}/signin", flush=True)
    print(f"Participants join at {base}/join", flush=True)
    serve(app, args.host, args.port)
    return 0


def serve(app, host: str, port: int) -> None:
    realtime = realtime_of(app)
    realtime.store.reset_connections()  # nobody is connected to a server that is starting
    housekeeping = Housekeeping(
        realtime,
        checkpoint_every=float(app.config["CHECKPOINT_EVERY"]),
        max_queued_packets=int(app.config["MAX_QUEUED_PACKETS"]),
        stop_grace=float(app.config["STOP_GRACE"]),
        identity_recheck=float(app.config["IDENTITY_RECHECK"]),
    )
    housekeeping.start()
    signal.signal(
        signal.SIGTERM,
        lambda *_: realtime.socketio.start_background_task(housekeeping.stop_gracefully),
    )
    options = {"log_output": False}
    if app.config["ASYNC_MODE"] == "eventlet":
        # eventlet's default cap of 1024 connections is below a busy hospital's day.
        options["max_size"] = int(app.config["MAX_CONNECTIONS"])
    realtime.socketio.run(app, host=host, port=port, **options)


def read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            raise SystemExit("The two passwords differ; nothing was changed.")
        return first
    return sys.stdin.readline().rstrip("\n")


def create_user(store, name: str, role: str) -> int:
    password = read_password()
    if len(password) < MIN_LENGTH:
        print(f"The password needs at least {MIN_LENGTH} characters.", file=sys.stderr)
        return 2
    try:
        store.create_user(name, hash_password(password), role)
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(f"Created {role} {name}.")
    return 0


def lock_out(store, name: str, *, disable: bool) -> int:
    """Revoke an account's tokens (and, with disable, the account). Open connections using
    them are dropped by the running server within TALKBACK_IDENTITY_RECHECK seconds."""
    user = store.user_by_name(name)
    if user is None:
        print(f"There is no user called {name}.", file=sys.stderr)
        return 2
    revoked = store.revoke_api_tokens_of(user["id"])
    print(f"Revoked {revoked} token(s) of {name}.")
    if disable:
        store.set_disabled(user["id"], True)
        print(f"Disabled {name}.")
    return 0


def ensure_demo_account(store) -> None:
    """The demo facilitator, with the password from TALKBACK_DEMO_PASSWORD or a new random one."""
    password = os.environ.get("TALKBACK_DEMO_PASSWORD") or secrets.token_urlsafe(9)
    user = store.user_by_name(DEMO_USER)
    if user is None:
        store.create_user(DEMO_USER, hash_password(password), "facilitator")
    else:
        store.set_password(user["id"], hash_password(password))
    print(f"Demo account: username {DEMO_USER}, password {password}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
