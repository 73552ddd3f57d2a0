"""Settings, the audit log and daily job leases, on SQLite and on PostgreSQL: the first parts
that speak only through the database's portable calls."""

from __future__ import annotations

from typing import Any

import pytest

from sessions.store import StoreError
from sessions.store.staff import AuditLog, Jobs, Settings
from tests.store_engines import engine_store, pg_url  # noqa: F401  (fixtures)


@pytest.fixture
def database(engine_store) -> Any:  # noqa: F811
    return engine_store.database


def test_a_setting_is_kept_changed_and_cleared(database):
    settings = Settings(database)
    settings.set("retention_days", "30", user_id=None)
    settings.set("retention_days", "60", user_id=None)
    assert settings.get("retention_days") == "60"
    settings.clear("retention_days")
    assert settings.get("retention_days") is None


def test_the_audit_log_lists_newest_first(database):
    audit = AuditLog(database)
    audit.record(None, "export", "report 1")
    audit.record({"id": "u", "username": "physio"}, "delete", "report 2")
    rows, total = audit.entries()
    assert total == 2
    assert [(r["username"], r["action"]) for r in rows] == [
        ("physio", "delete"),
        ("(system)", "export"),
    ]
    assert audit.actions() == ["delete", "export"]


def test_a_daily_job_is_taken_once_a_day(database):
    jobs = Jobs(database)
    assert jobs.claim("retention", "2025-03-01", "worker-1") is True
    assert jobs.claim("retention", "2025-03-01", "worker-2") is False
    assert jobs.claim("retention", "2025-02-28", "worker-2") is False
    jobs.finish("retention", "ok")
    assert jobs.get("retention")["outcome"] == "ok"
    assert jobs.claim("retention", "2025-03-02", "worker-2") is True
    row = jobs.get("retention")
    assert (row["holder"], row["outcome"], row["finished_at"]) == ("worker-2", "", None)


def test_a_job_without_a_day_is_refused_and_nothing_is_stored(database):
    with pytest.raises(StoreError, match="needs a name and a day"):
        Jobs(database).claim("retention", "", "worker-1")
    assert database.rows("SELECT * FROM job_runs") == []
