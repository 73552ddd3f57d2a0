"""python -m bench [SCENARIO ...] [--n N ...]: see --help, and docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from datetime import UTC, datetime

from bench.growth import cpu_growth, describe, mark
from bench.harness import (
    GENERATOR_CORE,
    RESULTS,
    SCENARIOS,
    SIZES,
    can_pin,
    engine_table,
    machine,
    run_one,
    table,
)
from bench.stores import PG_SERVER, stores_for


def parse(argv: list[str] | None) -> argparse.Namespace:
    listing = "\n".join(
        f"  {name}  {text}\n      sizes: N = {', '.join(map(str, SIZES[name]))}"
        + ("  (phones per session)" if name.startswith("B5") else "")
        for name, text in SCENARIOS.items()
    )
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Benchmarks of Talkback against the bare Flask-SocketIO framework. "
        "Each run starts a fresh server (run.py, eventlet, SQLite WAL + synchronous=FULL) "
        "pinned to core 0 and the load generator pinned to core 1.",
        epilog=f"scenarios:\n{listing}\n  all  every scenario at every size (about 30 minutes)"
        "\n\nB5x2 needs redis-server (it starts its own on a free port). With B5 in the same "
        "invocation its table also shows the ratio of two workers to one."
        "\n\n--store both runs Talkback on SQLite and on PostgreSQL (a fresh database on the "
        "local server, dropped after each run) and adds a table of PostgreSQL's figures over "
        "SQLite's."
        "\n\nexamples:\n  python -m bench B2 --n 30\n  python -m bench B1 B2 --n 30 200"
        "\n  python -m bench all"
        "\n  python -m bench B5 B5x2 --app talkback --store both --duration 60"
        "\n\nResults: a table on stdout, JSON in bench/results/runs/; "
        "`all` also writes bench/results/latest.json.",
    )
    parser.add_argument(
        "scenarios", nargs="*", metavar="SCENARIO", help="B1 B2 B3 B4 B5 B5x2 or all (default: all)"
    )
    parser.add_argument("--n", type=int, nargs="+", help="sizes (default: each scenario's)")
    parser.add_argument("--app", choices=("both", "talkback", "baseline"), default="both")
    parser.add_argument(
        "--client",
        choices=("raw", "sio"),
        default="raw",
        help="raw: a light Engine.IO client on aiohttp (default); "
        "sio: python-socketio's AsyncClient",
    )
    parser.add_argument("--duration", type=float, default=300, help="B5 seconds (default 300)")
    parser.add_argument(
        "--sessions", type=int, default=20, help="B5 sessions (default 20); B5x2 runs twice as many"
    )
    parser.add_argument("--rate", type=float, default=50, help="B1 joins per second")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="sample the server with py-spy (the run is flagged 'profiled')",
    )
    parser.add_argument(
        "--nodelay",
        action="store_true",
        help="experiment: serve with TCP_NODELAY (bench/nodelay.py); flagged",
    )
    parser.add_argument(
        "--gc-log",
        action="store_true",
        help="experiment: log the server's full garbage collections "
        "(bench/gcwatch); flagged with their count and longest",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="TALKBACK_KEY=VALUE",
        help="experiment: more settings for the Talkback server; flagged",
    )
    parser.add_argument(
        "--store",
        choices=("sqlite", "postgresql", "both"),
        default="sqlite",
        help="Talkback's store (default sqlite); both: each run on SQLite, then on PostgreSQL",
    )
    parser.add_argument(
        "--postgres-server",
        default=PG_SERVER,
        metavar="URL",
        help=f"where PostgreSQL runs make their database (default {PG_SERVER})",
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin to cores")
    args = parser.parse_args(argv)
    names = {name.upper(): name for name in SCENARIOS}
    chosen = [names.get(s.upper(), s) for s in args.scenarios] or ["all"]
    if "all" in [s.lower() for s in chosen]:
        args.full = args.n is None and len(chosen) == 1
        chosen = list(SCENARIOS)
    else:
        args.full = False
    unknown = [s for s in chosen if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)}: choose from {', '.join(SCENARIOS)}")
    bad = [item for item in args.env if not item.startswith("TALKBACK_") or "=" not in item]
    if bad:
        parser.error(f"--env takes TALKBACK_KEY=VALUE, not {', '.join(bad)}")
    if args.store != "sqlite" and args.app == "baseline":
        parser.error(f"--store {args.store} needs Talkback: the baseline has no store")
    if not args.postgres_server.startswith("postgresql://") or args.postgres_server.count("/") > 2:
        parser.error(
            "--postgres-server takes postgresql://USER@HOST:PORT (no database: each run makes "
            f"its own), not {args.postgres_server}"
        )
    args.stores = stores_for(args.store)
    args.chosen = chosen
    return args


def runs_of(apps: list[str], stores: list[str]) -> list[tuple[str, str | None]]:
    """Each (app, store) to run, in order: Talkback once per store, the baseline (which has
    none) once."""
    return [(app, store) for app in apps for store in (stores if app == "talkback" else [None])]


def on_store(records: list[dict], store: str) -> list[dict]:
    """Talkback's runs on `store` and every baseline run."""
    return [r for r in records if r["app"] != "talkback" or r.get("store") == store]


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    pin = not args.no_pin and can_pin()
    if not args.no_pin and not pin:
        print("warning: taskset or a second core is missing; running unpinned", file=sys.stderr)
    if pin:
        os.sched_setaffinity(0, {GENERATOR_CORE})  # this process only waits; keep it off core 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # a thousand sockets each side
    apps = ["talkback", "baseline"] if args.app == "both" else [args.app]
    options = {
        "pin": pin,
        "client": args.client,
        "duration": args.duration,
        "sessions": args.sessions,
        "rate": args.rate,
        "profile": args.profile,
        "nodelay": args.nodelay,
        "gc_log": args.gc_log,
        "env": dict(item.split("=", 1) for item in args.env),
        "postgres_server": args.postgres_server,
    }
    started = datetime.now(UTC)
    summary = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {**options, "apps": apps, "stores": args.stores},
        "runs": [],
        "cpu_growth": [],
    }
    clock = time.monotonic()
    for scenario in args.chosen:
        records = []
        for n in args.n or SIZES[scenario]:
            sizes = None
            for app, store in runs_of(apps, args.stores):
                print(f"... {scenario} N={n} {app} {store or ''}", file=sys.stderr, flush=True)
                record = run_one(app, scenario, n, options, sizes, store or "sqlite")
                if record.get("failed"):
                    print(f"    failed: {record['failed'][-800:]}", file=sys.stderr)
                if app == "talkback" and "result" in record and store == args.stores[0]:
                    sizes = record["result"].get("sizes")  # the baseline sends as many bytes
                records.append(record)
                summary["runs"].append(record)
        # The usual table and growth are of one store each: the first chosen.
        usual = on_store(records, args.stores[0])
        single = (
            on_store([r for r in summary["runs"] if r["scenario"] == "B5"], args.stores[0])
            if scenario == "B5x2"
            else None
        )
        growth = cpu_growth(scenario, usual)
        mark(usual, growth)
        summary["cpu_growth"].extend(growth)
        print(table(scenario, usual, single), flush=True)
        if growth:
            print(describe(growth), flush=True)
        if engines := engine_table(scenario, records):
            print(f"\n{engines}", flush=True)
        print(flush=True)
    summary["minutes"] = round((time.monotonic() - clock) / 60, 1)
    summary["machine"]["load_after"] = os.getloadavg()
    RESULTS.joinpath("runs").mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / "runs" / f"{stamp}-{'-'.join(args.chosen)}.json"
    path.write_text(json.dumps(summary, indent=1))
    print(f"JSON: {path.relative_to(RESULTS.parent.parent)}")
    if args.full:
        (RESULTS / "latest.json").write_text(json.dumps(summary, indent=1))
        print("Summary: bench/results/latest.json")
    return 1 if any("failed" in r for r in summary["runs"]) else 0


if __name__ == "__main__":
    sys.exit(main())
