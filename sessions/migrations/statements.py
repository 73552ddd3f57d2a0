"""Running a migration's SQL inside the migration's own transaction."""

from sqlite_utils import Database


def run(db: Database, statements: str) -> None:
    # executescript() would commit the migration's transaction half-way, so run one by one.
    for statement in statements.split(";"):
        if statement.strip():
            db.execute(statement)
