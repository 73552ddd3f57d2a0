"""Page weight and slow-phone join: what a participant's phone downloads to join a class, and how
long a slow phone on a slow network takes from sending the class code to seeing the first step.

    python -m bench.phone_load [--repeats 5] [--network slow-3g] [--cpu 4]

It starts run.py --demo on a fresh database and a free port, starts a session of the demo deck
through the API, moves it to the first step from a facilitator connection, and joins from
headless Chromium (Debian's, driven by Playwright) as a phone would. It is a measurement script,
not a test: it prints figures and the budgets they are held against (docs/accessibility.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bench.harness import DEMO_PASSWORD, ROOT, Server, machine
from bench.language_weight import first_visit_by_language, language_report

DECK = yaml.safe_load((ROOT / "sessions" / "decks" / "back-pain-1.yaml").read_text())
FIRST_TITLE = DECK["steps"][0]["title"]


def first_title(locale: str | None) -> str:
    """The first step's title as a phone in `locale` sees it: the deck's translation into
    that language where it has one, its own words otherwise."""
    language = (locale or "en").split("-")[0].lower()
    texts = DECK.get("translations", {}).get(language, {}).get("texts", {})
    return texts.get(f"{DECK['steps'][0]['id']}.title", FIRST_TITLE)


WEIGHT_BUDGET = 100_000  # bytes, compressed, for everything a phone downloads to join
JOIN_BUDGET = 3.0  # seconds from sending the code to the first step's heading
READY_TARGET = 3.0  # seconds from sending the code to being able to answer (median)

# Chromium DevTools' presets (front_end/core/sdk/NetworkManager.ts; Puppeteer's
# PredefinedNetworkConditions copy them): bytes per second, and latency in ms added to each
# request. "Slow 3G" was renamed "3G" in later DevTools with the same figures.
NETWORKS = {
    "slow-3g": {"download": 500_000 / 8 * 0.8, "upload": 500_000 / 8 * 0.8, "latency": 400 * 5},
    "fast-3g": {
        "download": 1_600_000 / 8 * 0.9,
        "upload": 750_000 / 8 * 0.9,
        "latency": 150 * 3.75,
    },
    "none": None,
}

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}

# Timestamps taken inside the page, on the browser's own clock: when the join form is submitted
# (kept across the navigation in sessionStorage), and the frame after the first step's heading
# is in the DOM. Playwright's polling would add its own delay to both.
TIMING_SCRIPT = """
(() => {
  const title = %s;
  document.addEventListener("submit", () => {
    sessionStorage.setItem("bench-submitted", String(Date.now()));
  }, true);
  const seen = () => {
    const heading = document.querySelector("#step-area h1");
    return heading && heading.textContent.trim() === title;
  };
  const watch = () => {
    const observer = new MutationObserver(() => {
      if (window.__benchFirstStep || !seen()) return;
      window.__benchFirstStep = -1;
      requestAnimationFrame(() => { window.__benchFirstStep = Date.now(); });
      observer.disconnect();
    });
    observer.observe(document.documentElement, {childList: true, subtree: true});
    // Ready to answer: the page has drawn the step's answer form and would send an answer at
    // once (over HTTP until its live connection is up), which it marks on #main.
    const ready = new MutationObserver(() => {
      const main = document.querySelector("#main");
      if (window.__benchReady || !main || main.dataset.ready !== "answer") return;
      window.__benchReady = -1;
      requestAnimationFrame(() => { window.__benchReady = Date.now(); });
      ready.disconnect();
    });
    ready.observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                             attributeFilter: ["data-ready"]});
    // Live: connected, with the step drawn from the live snapshot (its answer form, if any).
    const live = new MutationObserver(() => {
      const state = document.querySelector("#connection");
      if (window.__benchLive || !state || state.dataset.state !== "connected") return;
      window.__benchLive = -1;
      requestAnimationFrame(() => { window.__benchLive = Date.now(); });
      live.disconnect();
    });
    live.observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                            attributeFilter: ["data-state"]});
  };
  if (document.documentElement) watch();
  else document.addEventListener("readystatechange", watch, {once: true});
})();
"""

PHASES_SCRIPT = """
(() => {
  const nav = performance.getEntriesByType("navigation")[0] || {};
  const resources = performance.getEntriesByType("resource").map((r) => ({
    name: r.name, type: r.initiatorType, start: r.startTime, end: r.responseEnd}));
  return {origin: performance.timeOrigin,
          submitted: Number(sessionStorage.getItem("bench-submitted")),
          shown: window.__benchFirstStep, live: window.__benchLive, ready: window.__benchReady,
          redirectEnd: nav.redirectEnd,
          responseEnd: nav.responseEnd,
          domContentLoaded: nav.domContentLoadedEventEnd, resources};
})()
"""

# A fixed amount of script work, timed in the page (the best of three, as others' work on the
# machine only ever adds): its ratio with and without throttling shows that the CPU slowdown was
# in force on the page that was measured.
CPU_PROBE = """
(() => { let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now(); let x = 0;
    for (let i = 0; i < 3e6; i++) { x = (x + i * 7) % 1000003; }
    best = Math.min(best, performance.now() - t);
  }
  return best; })()
"""


def chromium_path(given: str | None) -> str:
    path = given or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("Chromium is not installed: apt-get install chromium")
    return path


def post_json(url: str, body: dict, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


class Class:
    """A live session of the demo deck on its first step, with the facilitator connected."""

    def __init__(self, base: str):
        import socketio

        token = post_json(f"{base}/api/tokens", {"username": "demo", "password": DEMO_PASSWORD})[
            "token"
        ]
        made = post_json(f"{base}/api/sessions", {"deck_id": "back-pain-1"}, token)
        self.code = made["code"]
        self.facilitator = socketio.Client(reconnection=False)
        self.facilitator.connect(
            base,
            namespaces=["/facilitator"],
            transports=["websocket"],
            auth={"token": token, "session_id": made["id"]},
            wait_timeout=30,
        )
        ack = self.facilitator.call("next", namespace="/facilitator", timeout=30)
        if not (isinstance(ack, dict) and ack.get("ok")):
            raise RuntimeError(f"could not move the session to its first step: {ack}")

    def close(self) -> None:
        self.facilitator.disconnect()


# Page weight -------------------------------------------------------------------------------------


def categorize(url: str, resource_type: str) -> str:
    path = urlsplit(url).path
    if "/socket.io/" in path and "vendor" not in path:
        return "live"  # Socket.IO's transport: the connection itself, not the page
    kind = {
        "document": "html",
        "stylesheet": "css",
        "script": "js",
        "font": "font",
        "image": "image",
    }.get(resource_type, resource_type)
    if kind == "other":  # fetched ahead (rel=prefetch): name it by what it is
        kind = {"js": "js", "css": "css", "svg": "image"}.get(path.rsplit(".", 1)[-1], kind)
    return kind


def page_weight(browser, base: str, code: str, locale: str | None = None) -> dict:
    """Every request of a first visit (empty cache) to the join page, then the play page up to
    the first step, with what went over the wire and what gzip would make of each body. A
    `locale` is the phone browser's language (its Accept-Language)."""
    context = browser.new_context(viewport=PHONE, **({"locale": locale} if locale else {}))
    page = context.new_page()
    finished, frames = [], {"received": 0, "sent": 0, "count": 0}
    page.on("requestfinished", lambda request: finished.append(request))

    def on_socket(ws):
        def frame(direction):
            def count(payload):
                frames[direction] += len(
                    payload if isinstance(payload, bytes) else payload.encode()
                )
                frames["count"] += 1

            return count

        ws.on("framereceived", frame("received"))
        ws.on("framesent", frame("sent"))

    page.on("websocket", on_socket)
    rows = []

    def collect(stage: str) -> None:
        for request in finished:
            response = request.response()
            sizes = request.sizes()
            try:
                body = response.body() if response and response.status < 300 else b""
            except Exception:  # noqa: BLE001 - a body the browser no longer holds
                body = None
            headers = response.all_headers() if response else {}
            rows.append(
                {
                    "stage": stage,
                    "url": request.url,
                    "method": request.method,
                    "kind": categorize(request.url, request.resource_type),
                    "status": response.status if response else None,
                    "encoding": headers.get("content-encoding", ""),
                    "cache": headers.get("cache-control", ""),
                    "wire": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                    "wire_body": sizes["responseBodySize"],
                    "raw": len(body) if body is not None else None,
                    "gzip": len(gzip.compress(body, 6, mtime=0)) if body else 0,
                    "third_party": urlsplit(request.url).netloc != urlsplit(base).netloc,
                }
            )
        finished.clear()

    try:
        page.goto(f"{base}/join", wait_until="load")
        page.wait_for_load_state("networkidle")  # what the join page fetches ahead, too
        collect("join")
        page.locator("#code").fill(code)  # by id: the label is in the phone's language
        page.locator("main form button[type=submit]").click()
        page.locator("#step-area h1", has_text=first_title(locale)).wait_for(timeout=30_000)
        page.wait_for_timeout(1500)  # the transport upgrade and anything loaded late
        collect("play")
    finally:
        context.close()
    return {"rows": rows, "websocket": frames}


def weight_table(weight: dict) -> tuple[str, dict]:
    rows = weight["rows"]
    # A file the page took from the browser's cache (fetched ahead by the join page) cost
    # nothing on the wire and is counted once, where it was fetched.
    page_rows = [r for r in rows if r["kind"] != "live" and r["wire"] > 0]
    live_rows = [r for r in rows if r["kind"] == "live"]

    def total(items, key):
        return sum(r[key] or 0 for r in items)

    def name(row):
        parts = urlsplit(row["url"])
        text = parts.path + ("?" + parts.query if parts.query else "")
        return (text if len(text) <= 58 else text[:55] + "...") + (
            "  THIRD-PARTY" if row["third_party"] else ""
        )

    head = ["page", "request", "kind", "status", "enc", "wire B", "body B", "gzip-6 B"]
    lines = []
    for row in rows:
        lines.append(
            [
                row["stage"],
                f"{row['method']} {name(row)}",
                row["kind"],
                str(row["status"]),
                row["encoding"] or "none",
                str(row["wire"]) if row["wire"] > 0 else "cache",
                "–" if row["raw"] is None else str(row["raw"]),
                str(row["gzip"]),
            ]
        )
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in lines]
    by_kind: dict[str, dict[str, int]] = {}
    for row in page_rows:
        entry = by_kind.setdefault(row["kind"], {"requests": 0, "wire": 0, "raw": 0, "gzip": 0})
        entry["requests"] += 1
        for key in ("wire", "raw", "gzip"):
            entry[key] += row[key] or 0
    summary = {
        "requests": len(page_rows),
        "wire_bytes": total(page_rows, "wire"),
        "wire_body_bytes": total(page_rows, "wire_body"),
        "raw_body_bytes": total(page_rows, "raw"),
        "gzip_body_bytes": total(page_rows, "gzip"),
        "header_bytes": total(page_rows, "wire") - total(page_rows, "wire_body"),
        "compressed_by_server": sorted({r["encoding"] for r in rows if r["encoding"]}),
        "third_party": sorted({r["url"] for r in rows if r["third_party"]}),
        "by_kind": by_kind,
        "live_requests": len(live_rows),
        "live_wire_bytes": total(live_rows, "wire"),
        "websocket_frames": weight["websocket"],
        "cache_control": sorted({r["cache"] for r in page_rows if r["kind"] in ("js", "css")}),
        "rows": rows,
    }
    return "\n".join(out), summary


# Slow-phone join --------------------------------------------------------------------------------


def throttle(context, page, network: dict | None, cpu: float):
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    if network:
        session.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": network["latency"],
                "downloadThroughput": network["download"],
                "uploadThroughput": network["upload"],
            },
        )
    if cpu > 1:
        session.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    return session


def one_join(
    browser, base: str, code: str, network: dict | None, cpu: float, locale: str | None = None
) -> dict:
    """A phone with an empty cache opens the join page, types the code and sends it; the time
    runs from the form's submit event to the frame after the first step's heading appears."""
    context = browser.new_context(viewport=PHONE, **({"locale": locale} if locale else {}))
    context.add_init_script(TIMING_SCRIPT % json.dumps(first_title(locale)))
    page = context.new_page()
    try:
        throttle(context, page, network, cpu)
        started = time.monotonic()
        page.goto(f"{base}/join", wait_until="load", timeout=120_000)
        join_page_s = time.monotonic() - started
        # Someone reads the page and types six digits (and perhaps a name) before sending: the
        # files the join page fetches ahead for the class page come in meanwhile.
        page.wait_for_load_state("networkidle", timeout=120_000)
        typed_s = time.monotonic() - started
        page.locator("#code").fill(code)  # by id: the label is in the phone's language
        page.locator("main form button[type=submit]").click()
        page.wait_for_function(
            "() => window.__benchFirstStep > 0 && window.__benchLive > 0"
            " && window.__benchReady > 0",
            timeout=120_000,
            polling=100,
        )
        phases = page.evaluate(PHASES_SCRIPT)
        cpu_probe_ms = page.evaluate(CPU_PROBE)
    finally:
        context.close()
    origin, submitted = phases["origin"], phases["submitted"]

    def since_submit(offset):  # an offset from the play page's time origin, as seconds
        return round((origin + offset - submitted) / 1000, 3) if offset else None

    live = [
        r for r in phases["resources"] if "/socket.io/" in r["name"] and "vendor" not in r["name"]
    ]
    scripts = [
        r
        for r in phases["resources"]
        if r["type"] in ("script", "link", "other") and r["name"].endswith(".js")
    ]
    return {
        "join_page_load_s": round(join_page_s, 3),
        "join_page_idle_s": round(typed_s, 3),
        "submit_to_first_step_s": round((phases["shown"] - submitted) / 1000, 3),
        "submit_to_ready_s": round((phases["ready"] - submitted) / 1000, 3),
        "submit_to_live_s": round((phases["live"] - submitted) / 1000, 3),
        "redirect_received_s": since_submit(phases["redirectEnd"]),
        "html_received_s": since_submit(phases["responseEnd"]),
        "scripts_loaded_s": since_submit(max((r["end"] for r in scripts), default=0)),
        "dom_content_loaded_s": since_submit(phases["domContentLoaded"]),
        "socket_first_request_s": since_submit(min((r["start"] for r in live), default=0)),
        "requests_after_submit": len(phases["resources"]) + 2,  # and the POST and the page
        "cpu_probe_ms": round(cpu_probe_ms, 1),
    }


def median_max(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), max(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.phone_load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--repeats", type=int, default=5, help="slow joins to time (default 5)")
    parser.add_argument(
        "--network",
        choices=list(NETWORKS),
        default="slow-3g",
        help="DevTools network preset for the timed joins (default slow-3g)",
    )
    parser.add_argument("--cpu", type=float, default=4, help="CPU slowdown (default 4)")
    parser.add_argument("--chromium", help="the browser (default: chromium on PATH)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--locale", help="the phone browser's language, such as cy-GB (default: the browser's)"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    network = NETWORKS[args.network]
    started = datetime.now(UTC)
    env = {
        "TALKBACK_ASYNC_MODE": "eventlet",
        "TALKBACK_DEMO_PASSWORD": DEMO_PASSWORD,
        "TALKBACK_SECRET_KEY": "bench-only-secret-key",
    }
    report: dict = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "network": {"preset": args.network, **(network or {})},
        "cpu_slowdown": args.cpu,
        "locale": args.locale or "the browser's (en-US)",
    }
    with tempfile.TemporaryDirectory(prefix="talkback-phone-") as tmp:
        server = Server("talkback", Path(tmp), pin=False, base_env=env)
        lesson = None
        try:
            lesson = Class(server.url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(args.chromium), headless=True, args=CHROMIUM_ARGS
                )
                try:
                    table, weight = weight_table(
                        page_weight(browser, server.url, lesson.code, args.locale)
                    )
                    by_language = first_visit_by_language(
                        lambda locale: weight_table(
                            page_weight(browser, server.url, lesson.code, locale)
                        )[1],
                        WEIGHT_BUDGET,
                    )
                    baseline_probe = one_join(
                        browser, server.url, lesson.code, None, 1, args.locale
                    )
                    runs = []
                    for i in range(args.repeats):
                        runs.append(
                            one_join(
                                browser, server.url, lesson.code, network, args.cpu, args.locale
                            )
                        )
                        print(
                            f"... join {i + 1}/{args.repeats}: "
                            f"{runs[-1]['submit_to_first_step_s']:.2f} s",
                            file=sys.stderr,
                            flush=True,
                        )
                finally:
                    browser.close()
        finally:
            if lesson is not None:
                lesson.close()
            server.stop()
    report.update(
        weight=weight,
        by_language=by_language,
        unthrottled_join=baseline_probe,
        joins=runs,
        load_after=os.getloadavg(),
    )
    print_report(report, table)
    print("\n".join(language_report(by_language, WEIGHT_BUDGET)))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0 if all(row["within"] for row in by_language) else 1


def kb(n: float) -> str:
    return f"{n / 1000:.1f} KB"


def print_report(report: dict, table: str) -> None:
    weight, runs = report["weight"], report["joins"]
    print("Requests of a first visit: the join page, then the play page up to the first step")
    print(table)
    print()
    served = weight["compressed_by_server"]
    print(
        "Compression by the server: "
        + (
            ", ".join(served)
            if served
            else "NONE (no Content-Encoding on any response; gzip-6 figures computed here)"
        )
    )
    print("Third-party requests: " + (", ".join(weight["third_party"]) or "none"))
    print(
        "Cache-Control on scripts and styles: " + (" | ".join(weight["cache_control"]) or "(none)")
    )
    print(
        f"Page (HTML, CSS, JS, fonts, images): {weight['requests']} requests, "
        f"{kb(weight['wire_bytes'])} over the wire as served (bodies "
        f"{kb(weight['raw_body_bytes'])}), {kb(weight['gzip_body_bytes'])} if gzipped"
    )
    for kind, entry in sorted(weight["by_kind"].items(), key=lambda kv: -kv[1]["raw"]):
        print(
            f"  {kind:6} {entry['requests']:3} requests  {kb(entry['raw']):>9} raw  "
            f"{kb(entry['gzip']):>9} gzip-6"
        )
    ws = weight["websocket_frames"]
    print(
        f"Socket.IO transport up to the first step and 1.5 s after: {weight['live_requests']} "
        f"HTTP requests, {kb(weight['live_wire_bytes'])}; WebSocket {ws['count']} frames, "
        f"{kb(ws['received'])} received"
    )
    as_served = weight["wire_bytes"]
    gzipped = weight["gzip_body_bytes"] + weight["header_bytes"]
    print(f"Response headers: {kb(weight['header_bytes'])} of it (HTTP/1.1, not compressed)")
    print(
        f"Budget {kb(WEIGHT_BUDGET)} compressed: as served {kb(as_served)} -> "
        f"{'within' if as_served < WEIGHT_BUDGET else 'OVER'}; with gzip-6 bodies and the "
        f"same headers {kb(gzipped)} -> {'within' if gzipped < WEIGHT_BUDGET else 'OVER'}"
    )
    print()
    net = report["network"]
    print(
        f"Join to first step: network {net['preset']}"
        + (
            f" (latency {net['latency']:.0f} ms per request, down {net['download']:.0f} B/s,"
            f" up {net['upload']:.0f} B/s)"
            if "latency" in net
            else ""
        )
        + f", CPU slowdown {report['cpu_slowdown']:g}x, empty cache, {len(runs)} joins"
    )
    keys = [
        ("submit_to_first_step_s", "code sent -> first step shown"),
        ("redirect_received_s", "  POST /join answered with a redirect"),
        ("html_received_s", "  play page HTML received"),
        ("scripts_loaded_s", "  last script received"),
        ("dom_content_loaded_s", "  scripts run (DOMContentLoaded)"),
        ("socket_first_request_s", "  first Socket.IO request sent"),
        ("submit_to_ready_s", "code sent -> ready to answer"),
        ("submit_to_live_s", "code sent -> live connection up"),
        ("join_page_load_s", "join page load (before the code is typed)"),
        ("join_page_idle_s", "join page and what it fetches ahead"),
    ]
    for key, label in keys:
        values = [r[key] for r in runs if r.get(key) is not None]
        if values:
            mid, top = median_max(values)
            print(f"  {label:44} median {mid:6.2f} s   max {top:6.2f} s")
    times = [r["submit_to_first_step_s"] for r in runs]
    if times:
        mid, top = median_max(times)
        print(
            f"Budget {JOIN_BUDGET:g} s: median {mid:.2f} s, max {top:.2f} s -> "
            f"{'within' if top < JOIN_BUDGET else 'OVER'}"
        )
    ready = [r["submit_to_ready_s"] for r in runs]
    if ready:
        mid, top = median_max(ready)
        print(
            f"Ready to answer, target {READY_TARGET:g} s (median): median {mid:.2f} s, max "
            f"{top:.2f} s -> {'within' if mid <= READY_TARGET else 'OVER'}"
        )
    base = report["unthrottled_join"]
    probes = [r["cpu_probe_ms"] for r in runs]
    print(
        f"Unthrottled, for comparison: code sent -> first step "
        f"{base['submit_to_first_step_s']:.2f} s. CPU check: a fixed loop took "
        f"{base['cpu_probe_ms']:.0f} ms unthrottled, median "
        f"{statistics.median(probes) if probes else 0:.0f} ms throttled"
    )
    # The class page answers the join's POST, so it cannot arrive sooner than the emulated
    # latency after the code was sent unless the throttling was off.
    if net.get("latency") and any(
        r["html_received_s"] < 0.9 * net["latency"] / 1000 for r in runs if r.get("html_received_s")
    ):
        print(
            "WARNING: a play page arrived faster than the emulated latency: throttling was "
            "not in force on it"
        )
    print(
        f"Load average after: {', '.join(f'{x:.2f}' for x in report['load_after'])} "
        f"(commit {report['machine']['commit']})"
    )


if __name__ == "__main__":
    sys.exit(main())
