"""Schema migrations 20 to 29, in the order they apply."""

from sqlite_utils import Database

from sessions.migrations.statements import run as _run


def m020_second_votes(db: Database) -> None:
    """A poll or quiz may take a second vote after the room has talked (peer instruction): the
    steps whose second vote was opened are part of the room's state, and second votes are kept
    apart from the first, which they never overwrite."""
    _run(
        db,
        """
        ALTER TABLE sessions ADD COLUMN voted_again TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE second_votes (
            participant_id TEXT NOT NULL REFERENCES participants(id),
            step_id TEXT NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            value TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, step_id)
        );
        CREATE INDEX second_votes_by_step ON second_votes (session_id, step_id)
        """,
    )


def m021_step_library(db: Database) -> None:
    """The library of approved steps that decks reuse: every version of each kept (a deck's
    copy names the version it is of), and each deck owner's choice to keep an older one."""
    _run(
        db,
        """
        CREATE TABLE approved_steps (
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            steps_json TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            saved_by TEXT REFERENCES users(id),
            saved_by_name TEXT,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );
        CREATE TABLE approved_step_choices (
            deck_id TEXT NOT NULL REFERENCES decks(id),
            step_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            kept_by TEXT REFERENCES users(id),
            kept_at TEXT NOT NULL,
            PRIMARY KEY (deck_id, step_id, version)
        )
        """,
    )


def m022_staff_mfa(db: Database) -> None:
    """Two-step sign-in: an account's authenticator secret (sealed with a key from the
    server's secret key), on once confirmed with a code; the last time step used, so a code
    is accepted once; and ten single-use recovery codes, kept as hashes. Admins must now sign
    in in two steps, so their sign-ins from before end."""
    _run(
        db,
        """
        CREATE TABLE staff_mfa (
            user_id TEXT PRIMARY KEY REFERENCES users(id),
            secret TEXT NOT NULL,
            created_at TEXT NOT NULL,
            enabled_at TEXT,
            last_step INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE staff_recovery_codes (
            user_id TEXT NOT NULL REFERENCES users(id),
            code_hash TEXT NOT NULL,
            used_at TEXT,
            PRIMARY KEY (user_id, code_hash)
        );
        UPDATE staff_signins SET ended_at = created_at
            WHERE ended_at IS NULL AND user_id IN (SELECT id FROM users WHERE role = 'admin')
        """,
    )


def m023_session_roles(db: Database) -> None:
    """Staff a session's facilitator invites to help run it: a co-facilitator (full control) or
    a moderator (questions, open answers and alerts), one role each, with who invited them."""
    _run(
        db,
        """
        CREATE TABLE session_roles (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            user_id TEXT NOT NULL REFERENCES users(id),
            role TEXT NOT NULL,
            invited_by TEXT REFERENCES users(id),
            invited_at TEXT NOT NULL,
            PRIMARY KEY (session_id, user_id)
        );
        CREATE INDEX session_roles_by_user ON session_roles (user_id)
        """,
    )


def m024_step_timings(db: Database) -> None:
    """When the room reached and left each step, one row per visit (a step shown again is a
    second visit), so that the console can keep the class to the deck's planned minutes and
    the report can set planned against actual minutes. No participant is in it."""
    _run(
        db,
        """
        CREATE TABLE step_visits (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            visit INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            reached_at TEXT NOT NULL,
            left_at TEXT,
            PRIMARY KEY (session_id, visit)
        )
        """,
    )


def m025_staff_sso(db: Database) -> None:
    """Single sign-on: which identity provider's person (issuer and subject) each staff
    account belongs to. Such an account has no password; its role follows its groups."""
    _run(
        db,
        """
        CREATE TABLE staff_sso (
            issuer TEXT NOT NULL,
            subject TEXT NOT NULL,
            user_id TEXT NOT NULL UNIQUE REFERENCES users(id),
            created_at TEXT NOT NULL,
            last_signin_at TEXT,
            PRIMARY KEY (issuer, subject)
        )
        """,
    )


def m026_courses(db: Database) -> None:
    """A course: an ordered series of sessions, each with its deck and mode, started one by
    one. A course member is one person across its sessions, with no account: each session's
    participant row links to them, and their notebook link (kept only as a hash) finds them."""
    _run(
        db,
        """
        CREATE TABLE courses (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            owner_id TEXT NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL
        );
        CREATE INDEX courses_owner ON courses(owner_id, created_at);
        CREATE TABLE course_sessions (
            course_id TEXT NOT NULL REFERENCES courses(id),
            position INTEGER NOT NULL,
            deck_id TEXT NOT NULL,
            mode TEXT NOT NULL,
            session_id TEXT UNIQUE REFERENCES sessions(id),
            PRIMARY KEY (course_id, position)
        );
        CREATE TABLE course_members (
            id TEXT PRIMARY KEY,
            course_id TEXT NOT NULL REFERENCES courses(id),
            joined_at TEXT NOT NULL,
            key_hash TEXT UNIQUE,
            name TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX course_members_course ON course_members(course_id);
        ALTER TABLE participants ADD COLUMN course_member_id TEXT REFERENCES course_members(id);
        CREATE INDEX participants_course_member ON participants(course_member_id)
        """,
    )


def m027_course_figures(db: Database) -> None:
    """What a course report keeps once the course is over (or before retention deletes the
    rows of one of its sessions): retention across its sessions and its measures from the
    first session to the last, as counts and means only, so that the report stays the same
    when people later delete their data."""
    _run(
        db,
        """
        CREATE TABLE course_figures (
            course_id TEXT PRIMARY KEY REFERENCES courses(id),
            figures_json TEXT NOT NULL,
            kept_at TEXT NOT NULL
        )
        """,
    )


def m028_room_languages(db: Database) -> None:
    """The screen's room language(s), chosen on the console: the codes joined by commas, the
    first shown first. Every session so far showed English."""
    _run(db, "ALTER TABLE sessions ADD COLUMN room_languages TEXT NOT NULL DEFAULT 'en'")


STEPS = (
    m020_second_votes,
    m021_step_library,
    m022_staff_mfa,
    m023_session_roles,
    m024_step_timings,
    m025_staff_sso,
    m026_courses,
    m027_course_figures,
    m028_room_languages,
)
