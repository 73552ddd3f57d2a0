"""The benchmark flags a scenario whose server CPU per operation grows with N."""

from __future__ import annotations

import pytest

from bench.growth import GROWTH_LIMIT, cpu_growth, describe, mark


def run(app, n, ms_per_op, **extra):
    return {
        "app": app,
        "n": n,
        "result": {"cpu": {"server_cpu_ms_per_op": ms_per_op}},
        "flags": [],
        **extra,
    }


def test_a_cost_per_answer_that_grows_with_the_room_is_flagged():
    records = [run("talkback", 30, 0.5), run("talkback", 200, 2.0), run("talkback", 1000, 9.0)]
    [finding] = cpu_growth("B4", records)
    assert finding["grows"] is True
    assert finding["growth"] == 18.0
    assert (finding["smallest_n"], finding["largest_n"]) == (30, 1000)
    mark(records, [finding])
    assert records[2]["flags"] == ["cpu/op-grows(18.0x)"]
    assert records[0]["flags"] == records[1]["flags"] == []
    assert "CPU/OP-GROWS beyond 2x" in describe([finding])


def test_a_steady_cost_is_not_flagged_and_each_app_is_judged_alone():
    records = [
        run("talkback", 1000, 1.3),
        run("baseline", 30, 0.7),
        run("talkback", 30, 2.0),
        run("baseline", 1000, 0.5),
    ]
    found = cpu_growth("B4", records)
    assert [(f["app"], f["grows"]) for f in found] == [("baseline", False), ("talkback", False)]
    mark(records, found)
    assert all(r["flags"] == [] for r in records)
    assert "within 2x" in describe(found)


def test_growth_just_at_the_limit_passes_and_just_beyond_is_flagged():
    at = cpu_growth("B3", [run("talkback", 30, 1.0), run("talkback", 1000, GROWTH_LIMIT)])
    beyond = cpu_growth("B3", [run("talkback", 30, 1.0), run("talkback", 1000, 2.01)])
    assert at[0]["grows"] is False
    assert beyond[0]["grows"] is True


def test_a_step_that_reaches_every_phone_is_judged_per_phone_reached():
    linear = [run("talkback", 30, 3.0), run("talkback", 1000, 100.0)]
    quadratic = [run("talkback", 30, 3.0), run("talkback", 1000, 3.0 * (1000 / 30) ** 2)]
    assert cpu_growth("B2", linear)[0]["grows"] is False
    assert cpu_growth("B2", linear)[0]["per"] == "phone reached"
    assert cpu_growth("B2", quadratic)[0]["grows"] is True


def test_one_size_failed_runs_and_missing_figures_give_no_finding():
    assert cpu_growth("B4", [run("talkback", 1000, 1.0)]) == []
    failed = run("talkback", 1000, 50.0, failed="server did not start")
    assert cpu_growth("B4", [run("talkback", 30, 1.0), failed]) == []
    unmeasured = {"app": "talkback", "n": 1000, "result": {"cpu": {}}, "flags": []}
    assert cpu_growth("B4", [run("talkback", 30, 1.0), unmeasured]) == []
    assert cpu_growth("B4", [run("talkback", 30, 0), run("talkback", 1000, 1.0)]) == []


def test_a_limit_that_cannot_flag_anything_is_refused():
    with pytest.raises(ValueError, match="more than 1"):
        cpu_growth("B4", [], limit=1.0)
