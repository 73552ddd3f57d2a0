"""The benchmark runs Talkback on SQLite or PostgreSQL, gives PostgreSQL's figures as ratios of
SQLite's from the same invocation, and checks that each acknowledged answer is stored once."""

from __future__ import annotations

import pytest

from bench.__main__ import on_store, parse, runs_of
from bench.harness import engine_rows, engine_table, flags
from bench.stores import PG_SERVER, error_count, stored_answers, stores_for, unstored
from sessions.store import Store
from tests.postgres_server import fresh_database
from tests.store_engines import CLOCK
from tests.unit.test_live_store_engines import on_the_poll, people, start


def b5(answers_per_s, p50, p99, lag, ms, kb, cpu, errors=None, acked=600):
    return {
        "answers_per_s": answers_per_s,
        "answers_acked": acked,
        "answer_ack": {"p50_ms": p50, "p99_ms": p99},
        "lag": {"p99_ms": lag},
        "cpu": {"server_cpu_ms_per_op": ms, "server_cpu_pct": cpu},
        "rss_per_connection_kb": kb,
        "errors": errors or {},
    }


def run(store, result, stored=600, app="talkback", n=30):
    return {
        "app": app,
        "n": n,
        "store": store,
        "result": result,
        "stored_answers": stored,
        "flags": [],
    }


# Options -------------------------------------------------------------------------------------


def test_the_store_is_sqlite_unless_chosen_and_both_runs_sqlite_first():
    assert parse(["B5"]).stores == ["sqlite"]
    assert parse(["B5", "--store", "postgresql"]).stores == ["postgresql"]
    chosen = parse(["B5", "B5x2", "--store", "both"])
    assert chosen.stores == ["sqlite", "postgresql"]
    assert chosen.postgres_server == PG_SERVER


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["B5", "--store", "postgresql", "--app", "baseline"], "the baseline has no store"),
        (["B5", "--store", "oracle"], "invalid choice: 'oracle'"),
        (["B5", "--store", "both", "--postgres-server", "mysql://root@h"], "not mysql://root@h"),
        (["B5", "--postgres-server", f"{PG_SERVER}/talkback"], "no database: each run makes"),
    ],
)
def test_a_store_the_run_cannot_use_is_refused_before_anything_starts(argv, said, capsys):
    with pytest.raises(SystemExit) as stopped:
        parse(argv)
    assert stopped.value.code == 2
    assert said in capsys.readouterr().err


def test_a_store_name_outside_the_choices_is_an_error():
    with pytest.raises(ValueError, match="not 'mysql'"):
        stores_for("mysql")


def test_talkback_runs_once_per_store_and_the_baseline_once():
    assert runs_of(["talkback", "baseline"], ["sqlite", "postgresql"]) == [
        ("talkback", "sqlite"),
        ("talkback", "postgresql"),
        ("baseline", None),
    ]


def test_the_usual_tables_take_one_stores_runs_and_every_baseline_run():
    lite, pg = run("sqlite", {}), run("postgresql", {})
    baseline = run(None, {}, app="baseline")
    assert on_store([lite, pg, baseline], "sqlite") == [lite, baseline]
    assert on_store([lite, pg, baseline], "postgresql") == [pg, baseline]


# Ratios ---------------------------------------------------------------------------------------


def test_postgresql_figures_are_given_over_sqlites_of_the_same_size():
    lite = run("sqlite", b5(40.0, 2.0, 20.0, 8.0, 1.5, 70.0, 16.0))
    pg = run("postgresql", b5(38.0, 3.0, 50.0, 10.0, 3.0, 84.0, 24.0))
    rows = engine_rows([lite, pg])
    assert [row[0] for row in rows] == ["talkback sqlite", "talkback postgresql", "ratio PG/SQLite"]
    assert rows[2][2:8] == ["0.95x", "1.50x", "2.50x", "1.25x", "2.00x", "1.20x"]
    assert rows[2][10] == "1.50x"  # server CPU
    assert rows[1][8:10] == ["0", "600"]  # no error, every answer stored


def test_sizes_are_compared_with_their_own_size_only():
    rows = engine_rows(
        [
            run("sqlite", b5(40.0, 2.0, 20.0, 8.0, 1.5, 70.0, 16.0), n=30),
            run("postgresql", b5(20.0, 2.0, 20.0, 8.0, 1.5, 70.0, 16.0), n=30),
            run("postgresql", b5(80.0, 2.0, 20.0, 8.0, 1.5, 70.0, 16.0), n=200),
        ]
    )
    ratios = [(row[1], row[2]) for row in rows if row[0] == "ratio PG/SQLite"]
    assert ratios == [("30", "0.50x")]


def test_without_both_stores_there_is_no_comparison_table():
    only = run("postgresql", b5(40.0, 2.0, 20.0, 8.0, 1.5, 70.0, 16.0))
    assert engine_table("B5", [only]) == ""
    both = [run("sqlite", only["result"]), only]
    assert engine_table("B5", both).startswith("B5 on PostgreSQL against SQLite\n| store")


def test_a_missing_figure_gives_no_ratio_rather_than_a_wrong_one():
    lite = run("sqlite", b5(40.0, 2.0, 20.0, 8.0, None, 70.0, 16.0))
    pg = run("postgresql", b5(38.0, 3.0, 50.0, 10.0, 3.0, 84.0, 0))
    assert engine_rows([lite, pg])[2][6] == "–"


# Errors and what was stored ---------------------------------------------------------------------


def test_every_kind_of_error_is_counted():
    assert error_count({"errors": {"answer: busy": 2, "join: timeout": 1}}) == 3
    assert error_count({"errors": {}}) == 0
    assert error_count({}) == 0


def test_a_run_whose_store_does_not_hold_every_acknowledged_answer_once_is_flagged():
    whole = run("postgresql", b5(40.0, 2.0, 20.0, 8.0, 1.5, 70.0, 16.0), stored=600)
    short = run("postgresql", b5(40.0, 2.0, 20.0, 8.0, 1.5, 70.0, 16.0), stored=598)
    assert unstored(whole) is None
    assert unstored(short) == "stored≠acked(598/600)"
    assert "stored≠acked(598/600)" in flags({**short, "pinned": False})
    assert (
        unstored({**whole, "stored_answers": None}) is None
    )  # not counted: not a scenario of answers


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """A store's address on each engine, migrated: a file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "bench.db")
        return
    with fresh_database() as url:
        yield url


def test_the_answers_of_the_runs_own_sessions_are_counted_in_the_store(database):
    store = Store(database, clock=lambda: CLOCK)
    try:
        mine, other = start(store)["id"], start(store)["id"]
        for session, count in ((mine, 3), (other, 2)):
            on_the_poll(store, session)
            for k, person in enumerate(people(store, session, count)):
                for answer_id in (f"a{k}", f"a{k}"):  # sent twice, stored once
                    store.responses.record(
                        session_id=session,
                        participant_id=person,
                        step_id="colour",
                        answer_id=answer_id,
                        value="red",
                        check=lambda state: None,
                    )
    finally:
        store.close()
    assert stored_answers(database, [mine]) == 3
    assert stored_answers(database, [mine, other]) == 5
    assert stored_answers(database, []) == 0
