"""Schema migrations 1 to 9, in the order they apply."""

from sqlite_utils import Database

from sessions.migrations.statements import run as _run


def m001_initial(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'facilitator', 'reviewer')),
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE api_tokens (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE TABLE decks (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            yaml TEXT NOT NULL,
            step_count INTEGER NOT NULL,
            bundled INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            deck_id TEXT NOT NULL REFERENCES decks(id),
            title TEXT NOT NULL,
            deck_yaml TEXT NOT NULL,
            code TEXT NOT NULL,
            screen_key TEXT NOT NULL UNIQUE,
            facilitator_id TEXT NOT NULL REFERENCES users(id),
            status TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'ended')),
            min_responses INTEGER NOT NULL,
            seq INTEGER NOT NULL DEFAULT 0,
            step_index INTEGER NOT NULL DEFAULT -1,
            open INTEGER NOT NULL DEFAULT 0,
            revealed INTEGER NOT NULL DEFAULT 0,
            shown_locked TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            ended_at TEXT
        );
        CREATE UNIQUE INDEX sessions_live_code ON sessions(code) WHERE status = 'live';
        CREATE INDEX sessions_facilitator ON sessions(facilitator_id, created_at);
        CREATE TABLE participants (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            token_hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            connections INTEGER NOT NULL DEFAULT 0,
            joined_at TEXT NOT NULL
        );
        CREATE INDEX participants_session ON participants(session_id);
        CREATE TABLE responses (
            participant_id TEXT NOT NULL REFERENCES participants(id),
            step_id TEXT NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            value TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, step_id)
        );
        CREATE INDEX responses_step ON responses(session_id, step_id);
        CREATE TABLE answer_ids (
            participant_id TEXT NOT NULL REFERENCES participants(id),
            answer_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (participant_id, answer_id)
        )
        """,
    )


def m002_token_expiry(db: Database) -> None:
    db.execute("ALTER TABLE api_tokens ADD COLUMN expires_at TEXT")
    db.execute("CREATE INDEX api_tokens_user ON api_tokens(user_id)")


def m003_room_activities(db: Database) -> None:
    _run(
        db,
        """
        ALTER TABLE sessions ADD COLUMN timer_status TEXT NOT NULL DEFAULT 'off';
        ALTER TABLE sessions ADD COLUMN timer_ends_at REAL;
        ALTER TABLE sessions ADD COLUMN timer_remaining REAL;
        CREATE TABLE moderation (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            step_id TEXT NOT NULL,
            item TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'hidden')),
            starred INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (session_id, step_id, item)
        );
        CREATE TABLE discussion_groups (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            step_id TEXT NOT NULL,
            participant_id TEXT NOT NULL REFERENCES participants(id),
            group_no INTEGER NOT NULL,
            PRIMARY KEY (session_id, step_id, participant_id)
        );
        CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            participant_id TEXT NOT NULL REFERENCES participants(id),
            answer_id TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'hidden')),
            answered INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            UNIQUE (participant_id, answer_id)
        );
        CREATE INDEX questions_session ON questions(session_id);
        CREATE TABLE question_votes (
            question_id TEXT NOT NULL REFERENCES questions(id),
            participant_id TEXT NOT NULL REFERENCES participants(id),
            PRIMARY KEY (question_id, participant_id)
        );
        CREATE TABLE alerts (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            participant_id TEXT NOT NULL REFERENCES participants(id),
            source TEXT NOT NULL,
            matched TEXT NOT NULL,
            created_at TEXT NOT NULL,
            seen_at TEXT
        );
        CREATE INDEX alerts_session ON alerts(session_id)
        """,
    )


def m005_modes_and_notebooks(db: Database) -> None:
    _run(
        db,
        """
        ALTER TABLE sessions ADD COLUMN mode TEXT NOT NULL DEFAULT 'group';
        ALTER TABLE sessions ADD COLUMN closes_at TEXT;
        ALTER TABLE participants ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE participants ADD COLUMN notebook_key_hash TEXT;
        CREATE UNIQUE INDEX participants_notebook ON participants(notebook_key_hash)
            WHERE notebook_key_hash IS NOT NULL
        """,
    )


def m004_review(db: Database) -> None:
    """Staff review: aggregates that outlive participant-level rows, attendance per step,
    redactions (who and when, never the text), settings, the audit log and job leases."""
    _run(
        db,
        """
        CREATE TABLE step_attendance (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            step_id TEXT NOT NULL,
            step_index INTEGER NOT NULL,
            connected INTEGER NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (session_id, step_id)
        );
        CREATE TABLE step_results (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            step_id TEXT NOT NULL,
            results_json TEXT NOT NULL,
            computed_at TEXT NOT NULL,
            PRIMARY KEY (session_id, step_id)
        );
        CREATE TABLE session_summaries (
            session_id TEXT PRIMARY KEY REFERENCES sessions(id),
            joined INTEGER NOT NULL,
            reached_end INTEGER NOT NULL,
            fft_total INTEGER NOT NULL DEFAULT 0,
            fft_positive REAL,
            fft_negative REAL,
            attendance_json TEXT NOT NULL,
            questions_json TEXT NOT NULL,
            computed_at TEXT NOT NULL,
            purged_at TEXT
        );
        CREATE TABLE redactions (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            step_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            redacted_by TEXT NOT NULL,
            redacted_at TEXT NOT NULL,
            PRIMARY KEY (session_id, step_id, item_id)
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_by TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user_id TEXT,
            username TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_log_at ON audit_log(at);
        CREATE TABLE job_runs (
            name TEXT PRIMARY KEY,
            day TEXT NOT NULL,
            holder TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            outcome TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX sessions_ended ON sessions(status, ended_at)
        """,
    )


def m006_workers(db: Database) -> None:
    """Several worker processes share the file: each counts the connections it holds, so a
    worker that restarts forgets only its own. `workers` is their heartbeat, so that the counts
    of a worker gone for good are dropped too. (participants.connections is no longer used.)"""
    _run(
        db,
        """
        CREATE TABLE connections (
            participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            worker TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (participant_id, worker)
        );
        CREATE INDEX connections_worker ON connections(worker);
        CREATE TABLE workers (
            id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            seen_at TEXT NOT NULL
        )
        """,
    )


def m007_deck_versions(db: Database) -> None:
    """Decks written in the browser: every save a version (who, when, how it came about), a
    working draft that may still have mistakes, owners, archiving, the locked steps a copy must
    keep, pictures kept in the database at the sizes phones need, and test sessions marked."""
    _run(
        db,
        """
        ALTER TABLE decks ADD COLUMN owner_id TEXT;
        ALTER TABLE decks ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE decks ADD COLUMN derived_from TEXT;
        ALTER TABLE decks ADD COLUMN kept_steps TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE decks ADD COLUMN updated_by TEXT;
        ALTER TABLE decks ADD COLUMN draft_json TEXT;
        ALTER TABLE decks ADD COLUMN draft_rev INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE decks ADD COLUMN draft_problems INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN trial INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE deck_versions (
            deck_id TEXT NOT NULL REFERENCES decks(id),
            version INTEGER NOT NULL,
            yaml TEXT NOT NULL,
            title TEXT NOT NULL,
            step_count INTEGER NOT NULL,
            origin TEXT NOT NULL,
            restored_from INTEGER,
            saved_by TEXT,
            started_at TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (deck_id, version)
        );
        INSERT INTO deck_versions (deck_id, version, yaml, title, step_count, origin, started_at,
            saved_at)
            SELECT id, 1, yaml, title, step_count, 'file', updated_at, updated_at FROM decks;
        CREATE TABLE images (
            name TEXT PRIMARY KEY,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            uploaded_by TEXT,
            uploaded_at TEXT NOT NULL
        );
        CREATE TABLE image_files (
            name TEXT NOT NULL REFERENCES images(name),
            width INTEGER NOT NULL,
            mime TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (name, width)
        );
        CREATE TABLE deck_images (
            deck_id TEXT NOT NULL REFERENCES decks(id),
            name TEXT NOT NULL REFERENCES images(name),
            PRIMARY KEY (deck_id, name)
        )
        """,
    )


def m008_screen_blank(db: Database) -> None:
    """The projector can be blanked from the console, and stays so across a restart."""
    _run(db, "ALTER TABLE sessions ADD COLUMN blanked INTEGER NOT NULL DEFAULT 0")


def m009_staff_signins(db: Database) -> None:
    """Each staff sign-in is a row the cookie names: signing out, a new password or a disabled
    account ends it on the server, whatever copies of the cookie exist."""
    _run(
        db,
        """
        CREATE TABLE staff_signins (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            ended_at TEXT
        );
        CREATE INDEX staff_signins_user ON staff_signins (user_id)
        """,
    )


STEPS = (
    m001_initial,
    m002_token_expiry,
    m003_room_activities,
    m005_modes_and_notebooks,
    m004_review,
    m006_workers,
    m007_deck_versions,
    m008_screen_blank,
    m009_staff_signins,
)
