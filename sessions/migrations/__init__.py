"""The schema, as migrations applied once each and recorded in the database.

Each module holds ten migrations by number; a new one goes at the end of the newest module's
STEPS (or a new module for the next ten), and the order below is the order they apply. The
same steps build the PostgreSQL schema (sessions/store/pg_schema.py translates their SQL)."""

from sqlite_utils.migrations import Migrations

from sessions.migrations import steps_001_009, steps_010_019, steps_020_029

STEPS = (*steps_001_009.STEPS, *steps_010_019.STEPS, *steps_020_029.STEPS)

migrations = Migrations("talkback")

for step in STEPS:
    migrations()(step)
