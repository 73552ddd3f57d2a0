"""The few table writes the parts make, as SQL both engines speak: SQLite (3.24 and later)
and PostgreSQL share INSERT ... ON CONFLICT, so one builder serves both databases."""

from __future__ import annotations

from typing import Any


class TableWrites:
    """insert, upsert, update and delete_where over the database's execute(sql, params)."""

    def execute(self, sql: str, params: tuple = ()) -> int:
        raise NotImplementedError  # each database runs statements its own way

    def insert(self, table: str, row: dict[str, Any], *, ignore: bool = False) -> None:
        """One row; with ignore, a row whose key is taken is left as it was."""
        tail = " ON CONFLICT DO NOTHING" if ignore else ""
        self.execute(
            f"INSERT INTO {table} ({_columns(row)}) VALUES ({_marks(row)}){tail}", _values(row)
        )

    def upsert(self, table: str, row: dict[str, Any], *, keys: tuple[str, ...]) -> None:
        """Insert the row, or change the other columns of the row with the same keys."""
        rest = [column for column in row if column not in keys]
        action = (
            "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in rest)
            if rest
            else "DO NOTHING"
        )
        self.execute(
            f"INSERT INTO {table} ({_columns(row)}) VALUES ({_marks(row)})"
            f" ON CONFLICT ({', '.join(keys)}) {action}",
            _values(row),
        )

    def update(self, table: str, key: dict[str, Any], values: dict[str, Any]) -> int:
        """Change `values` in the rows matching every column of `key`; how many changed."""
        sets = ", ".join(f"{column} = ?" for column in values)
        where = " AND ".join(f"{column} = ?" for column in key)
        return self.execute(
            f"UPDATE {table} SET {sets} WHERE {where}", (*values.values(), *key.values())
        )

    def delete_where(self, table: str, where: str, params: tuple = ()) -> int:
        return self.execute(f"DELETE FROM {table} WHERE {where}", params)


def _columns(row: dict[str, Any]) -> str:
    return ", ".join(row)


def _marks(row: dict[str, Any]) -> str:
    return ", ".join("?" for _ in row)


def _values(row: dict[str, Any]) -> tuple:
    return tuple(row.values())
