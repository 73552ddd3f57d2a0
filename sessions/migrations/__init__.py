"""The schema, as migrations applied once each and recorded in the database.

Each module holds ten migrations by number; a new one goes at the end of the newest module's
STEPS (or a new module for the next ten), and the order below is the order they apply."""

from sqlite_utils.migrations import Migrations

from sessions.migrations import steps_001_009, steps_010_019, steps_020_029

migrations = Migrations("talkback")

for step in (*steps_001_009.STEPS, *steps_010_019.STEPS, *steps_020_029.STEPS):
    migrations()(step)
