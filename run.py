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
import ctypes  # noqa: E402
import getpass  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import deque  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

from app import DEFAULTS, create_app, realtime_of  # noqa: E402
from server.heap import freeze_start_up_heap  # noqa: E402
from server.housekeeping import Housekeeping  # noqa: E402
from sessions import reports  # noqa: E402
from sessions.demo import seed_demo_classes  # noqa: E402
from sessions.passwords import MIN_LENGTH, hash_password  # noqa: E402
from sessions.store import ROLES, StoreError  # noqa: E402
from sessions.store.engines import is_postgres, sqlite_path  # noqa: E402

DEMO_USER = "demo"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py", description="Talkback live classes.")
    parser.add_argument("--host", default=os.environ.get("TALKBACK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("TALKBACK_PORT", "5000")))
    parser.add_argument("--database", help="SQLite file (default: talkback.db)")
    parser.add_argument("--demo", action="store_true", help="make sure the demo account exists")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("TALKBACK_WORKERS", "1")),
        help="worker processes, on ports PORT to PORT+N-1; more than one needs "
        "TALKBACK_MESSAGE_QUEUE (docs/deploy.md)",
    )
    commands = parser.add_subparsers(dest="command")
    create = commands.add_parser("create-user", help="add a staff account")
    create.add_argument("name")
    create.add_argument("--role", choices=ROLES, default="facilitator")
    revoke = commands.add_parser("revoke-tokens", help="revoke every API token of an account")
    revoke.add_argument("name")
    disable = commands.add_parser("disable-user", help="stop an account signing in or running")
    disable.add_argument("name")
    reset_mfa = commands.add_parser(
        "reset-mfa", help="turn off an account's two-step sign-in (a lost phone, the last admin)"
    )
    reset_mfa.add_argument("name")
    retention = commands.add_parser(
        "retention", help="delete participant-level rows of sessions that ended long enough ago"
    )
    retention.add_argument("--days", type=int, help="override the setting for this run")
    migrate = commands.add_parser(
        "migrate-to",
        help="copy the --database SQLite file into an empty PostgreSQL database (docs/deploy.md)",
    )
    migrate.add_argument("url", help="postgresql://user@host:5432/name")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    config = {"ASYNC_MODE": ASYNC_MODE if ASYNC_MODE in ("eventlet", "gevent") else "threading"}
    if args.database:
        config["DATABASE"] = args.database
    if args.command == "migrate-to" and not source_exists(args.database):
        return 2  # opening it would make an empty database, and "move" nothing
    app = create_app(config, run_on_thread=_run_on_thread())
    store = realtime_of(app).store

    if args.command == "create-user":
        return create_user(store, args.name, args.role)
    if args.command in ("revoke-tokens", "disable-user"):
        return lock_out(store, args.name, disable=args.command == "disable-user")
    if args.command == "reset-mfa":
        return reset_two_step(store, args.name)
    if args.command == "migrate-to":
        return migrate_to(store, args.url)
    if args.command == "retention":
        return run_retention(
            store,
            args.days,
            default=int(app.config["RETENTION_DAYS"]),
            alert_days=int(app.config["ALERT_RETENTION_DAYS"]),
        )
    if args.demo:
        ensure_demo_account(store)
        seeded = seed_demo_classes(
            store, store.accounts.user_by_name(DEMO_USER)["id"], now=datetime.now(UTC)
        )
        if seeded:
            print(f"Added {seeded} past demo sessions for the review pages.", flush=True)
    if args.workers > 1 and args.command is None:
        return supervise(app, args)
    shown_host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    base = f"http://{shown_host}:{args.port}"
    print(f"Talkback is running. Facilitators sign in at {base}/signin", flush=True)
    print(f"Participants join at {base}/join", flush=True)
    serve(app, args.host, args.port)
    return 0


def _run_on_thread():
    """How this mode runs a function on a real OS thread, away from the event loop: eventlet's
    and gevent's own pools (their patched `threading` is green). Threading needs none."""
    if ASYNC_MODE == "eventlet":
        from eventlet import tpool

        return tpool.execute
    if ASYNC_MODE == "gevent":
        import gevent

        def on_hub_pool(fn, *args, **kwargs):
            return gevent.get_hub().threadpool.apply(fn, args, kwargs)

        return on_hub_pool
    return None


def serve(app, host: str, port: int) -> None:
    realtime = realtime_of(app)
    # Connections are counted per worker: a worker that starts forgets only its own.
    realtime.store.room.worker = app.config["WORKER_ID"] or f"{socket.gethostname()}:{port}"
    realtime.store.room.reset_connections()
    housekeeping = Housekeeping(
        realtime,
        checkpoint_every=float(app.config["CHECKPOINT_EVERY"]),
        max_queued_packets=int(app.config["MAX_QUEUED_PACKETS"]),
        stop_grace=float(app.config["STOP_GRACE"]),
        identity_recheck=float(app.config["IDENTITY_RECHECK"]),
        retention_days=int(app.config["RETENTION_DAYS"]),
        alert_retention_days=int(app.config["ALERT_RETENTION_DAYS"]),
        idle_session_hours=float(app.config["IDLE_SESSION_HOURS"]),
        idle_warning_minutes=float(app.config["IDLE_WARNING_MINUTES"]),
        idle_check_every=float(app.config["IDLE_CHECK_EVERY"]),
        app=app,
        lag_probe=app.extensions.get("talkback.lag_probe"),  # set when LAG_PROBE is on
    )
    housekeeping.start()
    signal.signal(
        signal.SIGTERM,
        lambda *_: realtime.socketio.start_background_task(housekeeping.stop_gracefully),
    )
    # The servers' default caps (eventlet's is 1024 connections) are below a busy hospital's day.
    max_size = int(app.config["MAX_CONNECTIONS"])
    freeze_start_up_heap()  # last: what exists now lives as long as the process
    if app.config["ASYNC_MODE"] == "eventlet":
        _serve_eventlet(app, host, port, max_size=max_size)
    elif app.config["ASYNC_MODE"] == "gevent":
        _serve_gevent(app, host, port, max_size=max_size)
    else:
        realtime.socketio.run(app, host=host, port=port, log_output=False)


def _serve_eventlet(app, host: str, port: int, *, max_size: int) -> None:
    """What SocketIO.run does under eventlet, with TCP_NODELAY on the listening socket
    (accepted sockets inherit it on Linux): without it a small message written right after
    another waits for the client's delayed ACK, about 40 ms twice on every connect."""
    import eventlet
    import eventlet.green.socket
    import eventlet.wsgi

    family, _, _, _, address = eventlet.green.socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(address, family)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    eventlet.wsgi.server(listener, app, log_output=False, max_size=max_size)


def _serve_gevent(app, host: str, port: int, *, max_size: int) -> None:
    """What SocketIO.run does under gevent (WebSockets from simple-websocket), with the same
    cap on connections as eventlet's and TCP_NODELAY on the listening socket."""
    from gevent import pywsgi
    from gevent.pool import Pool

    server = pywsgi.WSGIServer(
        (host, port), app, spawn=Pool(max_size), log=None, handler_class=_gevent_handler()
    )
    server.init_socket()
    server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    server.serve_forever()


def _gevent_handler():
    """gevent's WSGI handler, closing the connection once a WebSocket served on it ends.
    simple-websocket runs the WebSocket inside the request; without this, pywsgi keeps the
    connection alive and reads the client's closing frames as the next HTTP request, and the
    client waits for a close that never comes."""
    from gevent.pywsgi import WSGIHandler

    class Handler(WSGIHandler):
        def run_application(self):
            try:
                super().run_application()
            finally:
                if self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
                    self.close_connection = True

    return Handler


MAX_RESTARTS_PER_MINUTE = 5


def supervise(app, args) -> int:
    """Run `args.workers` servers on ports PORT to PORT+N-1. They share the database file, the
    secret key (the instance file, made by create_app here before any of them starts) and the
    message queue. A worker that dies is started again; on SIGTERM or SIGINT every worker is
    stopped gracefully. docs/deploy.md puts nginx in front."""
    if not app.config["MESSAGE_QUEUE"]:
        print(
            "Several workers need a message queue: set TALKBACK_MESSAGE_QUEUE=redis://HOST:6379/0"
            " (docs/deploy.md).",
            file=sys.stderr,
        )
        return 2
    realtime_of(app).store.close()
    name = app.config["WORKER_ID"] or socket.gethostname()
    command = [sys.executable, str(Path(__file__).resolve()), "--host", args.host]
    if args.database:
        command += ["--database", args.database]

    def start(port: int) -> subprocess.Popen:
        env = {**os.environ, "TALKBACK_WORKERS": "1", "TALKBACK_WORKER_ID": f"{name}:{port}"}
        child = subprocess.Popen(
            [*command, "--port", str(port)], env=env, preexec_fn=_die_with_parent
        )
        print(f"Worker {name}:{port} started (pid {child.pid}).", flush=True)
        return child

    stopping: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, _frame: stopping.append(number))
    children = {port: start(port) for port in range(args.port, args.port + args.workers)}
    print(
        f"Talkback is running with {args.workers} workers on ports {args.port} to "
        f"{args.port + args.workers - 1}; put the proxy of docs/deploy.md in front.",
        flush=True,
    )
    restarts: deque[float] = deque()
    status = 0
    while not stopping:
        time.sleep(0.2)
        for port, child in list(children.items()):
            if stopping or child.poll() is None:
                continue
            now = time.monotonic()
            restarts.append(now)
            while restarts[0] < now - 60:
                restarts.popleft()
            if len(restarts) > MAX_RESTARTS_PER_MINUTE:
                print("Workers keep exiting; stopping them all.", file=sys.stderr, flush=True)
                stopping.append(0)
                status = 1
                break
            print(
                f"Worker {name}:{port} exited with {child.returncode}; starting it again.",
                flush=True,
            )
            children[port] = start(port)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + float(app.config["STOP_GRACE"]) + 10
    for child in children.values():
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(5)
    return status


def _die_with_parent() -> None:
    """In a worker, before it runs: if the supervisor dies, even by SIGKILL, so does it."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG (Linux)
    except (AttributeError, OSError):
        pass


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
        store.accounts.create_user(name, hash_password(password), role)
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(f"Created {role} {name}.")
    return 0


def lock_out(store, name: str, *, disable: bool) -> int:
    """Revoke an account's tokens (and, with disable, the account). Open connections using
    them are dropped by the running server within TALKBACK_IDENTITY_RECHECK seconds."""
    user = store.accounts.user_by_name(name)
    if user is None:
        print(f"There is no user called {name}.", file=sys.stderr)
        return 2
    revoked = store.accounts.revoke_api_tokens_of(user["id"])
    print(f"Revoked {revoked} token(s) of {name}.")
    if disable:
        store.accounts.set_disabled(user["id"], True)
        print(f"Disabled {name}.")
    return 0


def reset_two_step(store, name: str) -> int:
    """For an admin who has lost their phone and recovery codes and has no other admin, or after
    the secret key changed: the account is signed out and sets it up again at its next sign-in."""
    user = store.accounts.user_by_name(name)
    if user is None:
        print(f"There is no user called {name}.", file=sys.stderr)
        return 2
    if not store.mfa.remove(user["id"]):
        print(f"{name} has no two-step sign-in to reset. Nothing changed.", file=sys.stderr)
        return 2
    store.accounts.end_signins_of(user["id"])
    store.audit.record(None, "mfa.reset", f"user {name}", "run.py reset-mfa")
    print(f"Reset two-step sign-in for {name}; they set it up again at their next sign-in.")
    return 0


def run_retention(store, days: int | None, *, default: int, alert_days: int) -> int:
    """Delete the participant-level rows of sessions that ended more than N days ago (the admin's
    setting, or the configured default); their aggregates and reports stay."""
    if days is not None and days < 1:
        print("--days must be at least 1.", file=sys.stderr)
        return 2
    days = days or reports.retention_days(store, default)
    outcome = reports.run_retention(store, now=datetime.now(UTC), days=days, alert_days=alert_days)
    store.audit.record(
        None, "retention", "participant-level rows", f"{len(outcome.purged)} session(s)"
    )
    print(outcome.describe())
    return 0


def source_exists(given: str | None) -> bool:
    """The SQLite file to move is there (a PostgreSQL source is refused by the move itself)."""
    setting = given or os.environ.get("TALKBACK_DATABASE") or DEFAULTS["DATABASE"]
    if is_postgres(setting) or Path(sqlite_path(setting)).is_file():
        return True
    print(f"There is no database file at {sqlite_path(setting)}: nothing to move.", file=sys.stderr)
    return False


def migrate_to(store, url: str) -> int:
    """Copy this store's SQLite file into the empty PostgreSQL database at url, then print
    each table's count; all or nothing."""
    # psycopg is imported only where it is used: a server on SQLite never loads it.
    from sessions.store.move_to_postgres import MoveRefused, move_to_postgres

    try:
        copied = move_to_postgres(store.database, url)
    except MoveRefused as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    width = max(len(table.name) for table in copied)
    for table in copied:
        print(f"{table.name:<{width}}  {table.rows}")
    total = sum(table.rows for table in copied)
    print(f"Copied {total} rows in {len(copied)} tables; every count matches.")
    return 0


def ensure_demo_account(store) -> None:
    """The demo facilitator, with the password from TALKBACK_DEMO_PASSWORD or a new random one."""
    password = os.environ.get("TALKBACK_DEMO_PASSWORD") or secrets.token_urlsafe(9)
    user = store.accounts.user_by_name(DEMO_USER)
    if user is None:
        store.accounts.create_user(DEMO_USER, hash_password(password), "facilitator")
    else:
        store.accounts.set_password(user["id"], hash_password(password))
    print(f"Demo account: username {DEMO_USER}, password {password}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
