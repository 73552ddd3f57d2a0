"""create_app(config): wires configuration, the store, Socket.IO, namespaces and blueprints."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_compress import Compress
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from server.body_limits import SocketBodyLimit, limit_request_bodies, too_large_message
from server.encoded_packets import EncodedPacket
from server.errors import error_response
from server.fanout import RedisQueue, resync_local
from server.guards import Guards
from server.json_bodies import RequestJSON
from server.languages import install as install_languages
from server.offload import RunOnThread
from server.offload import install as install_offload
from server.packets import drop_malformed_packets
from server.realtime import Realtime
from server.staff_formats import install as install_staff_formats
from server.static_files import COMPRESSION, keep_static_for_good, static_version
from server.words import say
from sessions import redflags
from sessions.deck import Deck
from sessions.safety import PHRASE_LISTS
from sessions.store import Store, StoreError
from sessions.words import N_

ROOT = Path(__file__).resolve().parent
STATIC = ROOT / "static"
BUNDLED_DECKS = ROOT / "sessions" / "decks"
SETTLE_AFTER = 1.0  # seconds: with several workers, results are sent once more after a change

DEFAULTS: dict[str, Any] = {
    "DATABASE": "talkback.db",
    "ASYNC_MODE": "threading",
    "PUBLIC_URL": "",
    "RESULTS_INTERVAL": 0.25,
    "ALLOWED_ORIGINS": "",
    "DB_BUSY_TIMEOUT_MS": 2000,
    # PostgreSQL only: connections each worker keeps to the server (docs/deploy.md).
    "DB_POOL_SIZE": 8,
    # Answers arriving within this many milliseconds of each other are stored in one
    # transaction (one fsync), at most ANSWER_BATCH_MAX together (sessions/store/group_commit.py).
    "ANSWER_BATCH_WAIT_MS": 2,
    "ANSWER_BATCH_MAX": 64,
    "MAX_MESSAGE_BYTES": 64 * 1024,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    "SECRET_KEY_FILE": "",
    "MAX_CONNECTIONS": 5000,
    "MAX_QUEUED_PACKETS": 1000,
    "CHECKPOINT_EVERY": 60,
    "STOP_GRACE": 5,
    "PING_INTERVAL": 25,
    "PING_TIMEOUT": 20,
    "PERMANENT_SESSION_LIFETIME": 12 * 3600,  # seconds a sign-in or a join lasts
    "API_TOKEN_DAYS": 30,
    "MAX_API_TOKENS": 20,  # tokens in use (not revoked, not expired) one account may hold
    "RETENTION_DAYS": 365,  # days after a session ends that participant-level rows are kept
    "ALERT_RETENTION_DAYS": 2922,  # days a red-flag alert, a clinical record, is kept (8 years)
    # A group or one-to-one session nobody uses for this long ends (its join code with it);
    # its console is warned this many minutes before.
    "IDLE_SESSION_HOURS": 12,
    "IDLE_WARNING_MINUTES": 15,
    "IDLE_CHECK_EVERY": 60,  # seconds between looks for idle sessions
    "IDENTITY_RECHECK": 30,  # seconds between checks that connected identities are still valid
    "TRUST_PROXY_HOPS": 0,  # proxies in front that set X-Forwarded-For/-Proto (see docs)
    "SCREEN_FRAME_ANCESTORS": "",  # origins allowed to embed the screen view, space-separated
    "LIMITS_STORAGE": "memory://",
    # Several workers: Socket.IO events pass between them through this Redis (docs/deploy.md).
    "MESSAGE_QUEUE": "",
    "WORKER_ID": "",  # names this worker's connection counts; empty: host:port (run.py)
    "EVENT_LIMIT_FACILITATOR": "60 per 5 seconds",
    "EVENT_LIMIT_SCREEN": "20 per 5 seconds",
    "EVENT_LIMIT_PARTICIPANT": "20 per 5 seconds",
    "EVENT_REFUSALS_BEFORE_DISCONNECT": "30 per minute",
    # Past either wrong-code limit an address has its new codes looked up one per
    # JOIN_SLOWED_LIMIT; right codes still get in (docs/security.md).
    "JOIN_WRONG_CODE_LIMIT": "20 per 10 minutes",
    "JOIN_WRONG_CODE_GLOBAL_LIMIT": "200 per 10 minutes",
    "JOIN_SLOWED_LIMIT": "1 per 5 seconds",
    # The same for personal rejoin codes: past either limit an address tries one rejoin code
    # per REJOIN_SLOWED_LIMIT (docs/security.md).
    "REJOIN_WRONG_CODE_LIMIT": "10 per 10 minutes",
    "REJOIN_WRONG_CODE_GLOBAL_LIMIT": "100 per 10 minutes",
    "REJOIN_SLOWED_LIMIT": "1 per 5 seconds",
    "SIGNIN_FAILURE_LIMIT": "5 per 15 minutes",
    # Wrong second-step codes (one-time or recovery), per account and per address.
    "MFA_FAILURE_LIMIT": "5 per 15 minutes",
    "MFA_ADDRESS_FAILURE_LIMIT": "20 per 15 minutes",
    # Single sign-on with OpenID Connect (facilitator/sso.py, docs/security.md): off while
    # OIDC_ISSUER is empty. Each *_GROUPS is a comma-separated list of group names.
    "OIDC_ISSUER": "",
    "OIDC_CLIENT_ID": "",
    "OIDC_CLIENT_SECRET": "",
    "OIDC_SCOPES": "openid email profile",
    "OIDC_ROLE_CLAIM": "groups",
    "OIDC_FACILITATOR_GROUPS": "",
    "OIDC_REVIEWER_GROUPS": "",
    "OIDC_ADMIN_GROUPS": "",
    "OIDC_LABEL": "your organisation's account",
    "LOCAL_SIGNIN": "on",  # off: staff sign in only through single sign-on
    # Live reactions: per person, and from a whole session together (sessions/reactions.py).
    "REACTION_LIMIT": "5 per 10 seconds",
    "REACTION_SESSION_LIMIT": "20 per second",
    # bench/ only: measure event-loop lag and serve it at GET /_bench/lag (docs/benchmarks.md).
    "LAG_PROBE": False,
    # How much a request may send (server/body_limits.py): any request, forms included; the
    # JSON API; the deck editor's JSON; and its uploads, a picture and a deck file or zip
    # (docs/decks.md). Nothing larger is read.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_API_BYTES": 8 * 1024,
    "MAX_DRAFT_BYTES": 1024 * 1024,
    "MAX_IMAGE_BYTES": 5 * 1024 * 1024,
    "MAX_IMPORT_BYTES": 25 * 1024 * 1024,
    # Pictures decoded and password hashes made at once, each on its own OS thread
    # (server/offload.py); more wait their turn.
    "OFFLOAD_AT_ONCE": 2,
    # A sign-in or a join lasts PERMANENT_SESSION_LIFETIME from when it was made; not renewing
    # the cookie on every response keeps it (and "Vary: Cookie") off the static files.
    "SESSION_REFRESH_EACH_REQUEST": False,
}


def create_app(
    config: dict[str, Any] | None = None, *, run_on_thread: RunOnThread | None = None
) -> Flask:
    """The app. `run_on_thread` runs a function on a real OS thread under the server's async
    mode (run.py gives eventlet's or gevent's); pictures and password hashes are made there."""
    # Static files live under a name made from their content, so a phone may keep them for good
    # and never asks again; a new release has new addresses (module imports are relative, so
    # they follow).
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        static_url_path=f"/static/{static_version(STATIC)}",
    )
    app.json = RequestJSON(app)
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("TALKBACK")
    app.config.update(config or {})
    app.config.update(COMPRESSION)
    _ensure_secret_key(app)
    _check_idle_settings(app)
    install_offload(app, run_on_thread)
    if int(app.config["TRUST_PROXY_HOPS"]):
        hops = int(app.config["TRUST_PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if str(app.config["PUBLIC_URL"]).startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True  # cookies never travel over plain HTTP

    store = Store(
        app.config["DATABASE"],
        busy_timeout_ms=int(app.config["DB_BUSY_TIMEOUT_MS"]),
        pool_size=int(app.config["DB_POOL_SIZE"]),
        answer_wait_ms=float(app.config["ANSWER_BATCH_WAIT_MS"]),
        answer_batch=int(app.config["ANSWER_BATCH_MAX"]),
    )
    bundled = load_bundled_decks(store)
    # A bad phrase list stops the start with its reason, not the first answer it would scan.
    redflags.all_lists(PHRASE_LISTS)
    queue = RedisQueue(app.config["MESSAGE_QUEUE"]) if app.config["MESSAGE_QUEUE"] else None
    socketio = SocketIO(
        app,
        async_mode=app.config["ASYNC_MODE"],
        cors_allowed_origins=_allowed_origins(app),
        max_http_buffer_size=int(app.config["MAX_MESSAGE_BYTES"]),
        ping_interval=float(app.config["PING_INTERVAL"]),
        ping_timeout=float(app.config["PING_TIMEOUT"]),
        json=None,
        serializer=EncodedPacket,  # each message encoded in one pass
        **({"client_manager": queue} if queue else {}),
    )
    drop_malformed_packets(socketio)
    # Outside Flask-SocketIO's own middleware, so engine.io never sees an oversized body.
    app.wsgi_app = SocketBodyLimit(app.wsgi_app, max_bytes=int(app.config["MAX_MESSAGE_BYTES"]))
    realtime = Realtime(socketio, store, results_interval=float(app.config["RESULTS_INTERVAL"]))
    if queue is not None:
        queue.on_gap = lambda: resync_local(app, realtime)
        realtime.settle_after = SETTLE_AFTER
    app.extensions["talkback"] = realtime
    guards = app.extensions["talkback.guards"] = Guards(app.config)
    limit_request_bodies(app)  # before the CSRF check, which reads forms
    csrf = CSRFProtect(app)
    Compress(app)
    install_languages(app)
    install_staff_formats(app)

    from facilitator import api as facilitator_api
    from facilitator import (
        course_report,
        deck_compare,
        deck_import,
        editor,
        import_jobs,
        new_deck,
        paper,
        people,
        review,
        running,
        sso,
        staff_language,
        step_library,
    )
    from facilitator import courses as facilitator_courses
    from facilitator import events as facilitator_events
    from facilitator import views as facilitator_views
    from participant import api as participant_api
    from participant import course_pages, language_choice, notebook
    from participant import events as participant_events
    from participant import views as participant_views

    sso.install(app)
    import_jobs.install(app, socketio.start_background_task)
    step_library.seed_library(store, bundled)  # the library's first approved steps, once
    app.register_blueprint(facilitator_views.bp)
    app.register_blueprint(facilitator_api.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(paper.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(deck_import.bp)
    app.register_blueprint(deck_compare.bp)
    app.register_blueprint(step_library.bp)
    app.register_blueprint(new_deck.bp)
    app.register_blueprint(people.bp)
    app.register_blueprint(running.bp)
    app.register_blueprint(participant_views.bp)
    app.register_blueprint(participant_api.bp)
    app.register_blueprint(notebook.bp)
    app.register_blueprint(facilitator_courses.bp)
    app.register_blueprint(course_report.bp)
    app.register_blueprint(course_pages.bp)
    app.register_blueprint(language_choice.bp)
    app.register_blueprint(staff_language.bp)
    csrf.exempt(facilitator_api.bp)  # JSON with bearer tokens: no cookie to ride on
    csrf.exempt(participant_api.bp)
    csrf.exempt(language_choice.bp)  # a language choice: no secret, no one else's data
    csrf.exempt(staff_language.bp)  # the same, and on the sign-in page before any session
    facilitator_events.register(socketio, realtime, guards)
    participant_events.register(socketio, realtime, guards)

    if app.config["LAG_PROBE"]:
        from server.housekeeping import LagProbe

        probe = app.extensions["talkback.lag_probe"] = LagProbe()

        @app.get("/_bench/lag")
        def bench_lag():
            return jsonify(probe.summary(reset=request.args.get("reset") == "1"))

    @app.get("/media/<path:filename>")
    def media(filename):
        return editor.serve_media(filename, BUNDLED_DECKS / "media")

    @app.errorhandler(CSRFError)
    def csrf_failed(exc):
        message = say(N_("This form has expired. Please go back, reload the page and try again."))
        return render_template("error.html", status=400, message=message), 400

    @app.errorhandler(StoreError)
    def store_failed(exc):
        """The database could not do it (busy, read-only, full): nothing was changed."""
        return error_response(503, exc.code, exc.words)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc):
        return error_response(413, "too_large", too_large_message())

    @app.errorhandler(HTTPException)
    def http_failed(exc):
        return error_response(
            exc.code, exc.name.lower().replace(" ", "_"), _PLAIN.get(exc.code, exc.description)
        )

    @app.after_request
    def never_store_pages(response):
        """Pages and JSON carry tokens, links and what people wrote (the console, the screen,
        a phone's class page): no browser or proxy keeps a copy. Runs last, so static files
        and pictures, which set how long they may be kept, are left as they say."""
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response

    keep_static_for_good(app)

    @app.after_request
    def security_headers(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.endpoint == "static":
            # The page's policy governs its scripts and styles; sent again on each of them it
            # is ignored by the browser and only makes a slow phone's first visit heavier.
            return response
        embeddable = (
            request.endpoint == "facilitator.screen" and app.config["SCREEN_FRAME_ANCESTORS"]
        )
        frame_ancestors = app.config["SCREEN_FRAME_ANCESTORS"] if embeddable else "'none'"
        response.headers["Content-Security-Policy"] = _csp(frame_ancestors)
        # Same-origin: other sites learn nothing, and a form posted over HTTPS carries the
        # Referer that the CSRF check requires there (no-referrer broke every form behind TLS).
        response.headers["Referrer-Policy"] = "same-origin"
        if not embeddable:
            response.headers["X-Frame-Options"] = "DENY"
        return response

    return app


_PLAIN = {
    403: N_("You cannot see this page with your account."),
    404: N_("There is no page here. Check the link, or ask the person who gave it to you."),
    405: N_("This page cannot be used that way."),
    413: N_("That is too large to send."),
    500: N_("Something went wrong on the server. Nothing was changed."),
}


def load_bundled_decks(store: Store) -> dict[str, Deck]:
    """Keep the store's copy of each bundled deck in step with its file; the decks, by id."""
    return {
        path.stem: store.decks.save(path.stem, path.read_text(encoding="utf-8"), bundled=True)
        for path in sorted(BUNDLED_DECKS.glob("*.yaml"))
    }


def realtime_of(app: Flask) -> Realtime:
    return app.extensions["talkback"]


def _ensure_secret_key(app: Flask) -> None:
    """The key signs cookies: from configuration, or made once and kept outside the repository."""
    if app.config.get("SECRET_KEY"):
        return
    key_file = Path(app.config["SECRET_KEY_FILE"] or Path(app.instance_path) / "secret_key")
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def _check_idle_settings(app: Flask) -> None:
    """Refused at start-up rather than found out hours later."""
    try:
        hours = float(app.config["IDLE_SESSION_HOURS"])
        minutes = float(app.config["IDLE_WARNING_MINUTES"])
        every = float(app.config["IDLE_CHECK_EVERY"])
    except (TypeError, ValueError):
        raise ValueError(
            "TALKBACK_IDLE_SESSION_HOURS, TALKBACK_IDLE_WARNING_MINUTES and"
            " TALKBACK_IDLE_CHECK_EVERY must be numbers"
        ) from None
    if hours <= 0 or every <= 0 or minutes < 0 or minutes >= hours * 60:
        raise ValueError(
            "TALKBACK_IDLE_SESSION_HOURS and TALKBACK_IDLE_CHECK_EVERY must be more than 0,"
            " and TALKBACK_IDLE_WARNING_MINUTES at least 0 and shorter than the idle time"
        )


def _allowed_origins(app: Flask) -> list[str] | None:
    """Same-origin only unless a list is configured; never '*'."""
    listed = [o.strip() for o in str(app.config["ALLOWED_ORIGINS"]).split(",") if o.strip()]
    if "*" in listed:
        raise ValueError("TALKBACK_ALLOWED_ORIGINS must list origins; '*' is not allowed")
    return listed or None


def _csp(frame_ancestors: str) -> str:
    """No inline script or style anywhere; sockets only to this very host."""
    socket_origin = ("wss://" if request.is_secure else "ws://") + request.host
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' {socket_origin}",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
            "object-src 'none'",
        ]
    )
