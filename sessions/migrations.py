"""The schema, as migrations applied once each and recorded in the database."""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("talkback")


def _run(db: Database, statements: str) -> None:
    # executescript() would commit the migration's transaction half-way, so run one by one.
    for statement in statements.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
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


@migrations()
def m002_token_expiry(db: Database) -> None:
    db.execute("ALTER TABLE api_tokens ADD COLUMN expires_at TEXT")
    db.execute("CREATE INDEX api_tokens_user ON api_tokens(user_id)")


@migrations()
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


@migrations()
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


@migrations()
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


@migrations()
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


@migrations()
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


@migrations()
def m008_screen_blank(db: Database) -> None:
    """The projector can be blanked from the console, and stays so across a restart."""
    _run(db, "ALTER TABLE sessions ADD COLUMN blanked INTEGER NOT NULL DEFAULT 0")


@migrations()
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


@migrations()
def m010_session_activity(db: Database) -> None:
    """When a session last changed, so that one nobody has used for hours can be ended and
    its join code stop working. Sessions from before count from when they were made."""
    _run(db, "ALTER TABLE sessions ADD COLUMN active_at TEXT")


@migrations()
def m011_demo_sessions(db: Database) -> None:
    """Sessions made up by `run.py --demo` are marked, so that review can keep them out of
    trends and the FFT return, and an admin can remove them. A database seeded before the mark
    existed has its demo sessions found by their answers, whose ids the seed starts with
    'demo-' (phones make random UUIDs)."""
    _run(
        db,
        """
        ALTER TABLE sessions ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
        UPDATE sessions SET demo = 1
            WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'demo_seeded')
            AND EXISTS (SELECT 1 FROM responses r WHERE r.session_id = sessions.id)
            AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.session_id = sessions.id
                AND r.answer_id NOT LIKE 'demo-%')
        """,
    )


@migrations()
def m012_rejoin_codes(db: Database) -> None:
    """A participant on a new device comes back as themselves with a personal rejoin code;
    only a keyed digest of the code is kept, as with tokens."""
    _run(
        db,
        """
        ALTER TABLE participants ADD COLUMN rejoin_digest TEXT;
        CREATE UNIQUE INDEX participants_rejoin ON participants(rejoin_digest)
            WHERE rejoin_digest IS NOT NULL
        """,
    )


@migrations()
def m013_alert_records(db: Database) -> None:
    """A red-flag alert is a clinical record: it keeps the participant's display name and its
    own follow-up, and outlives the participant's row (answer retention, or a participant
    deleting their data), so its participant link may be empty. SQLite cannot drop a foreign
    key in place, so the table is rebuilt."""
    _run(
        db,
        """
        CREATE TABLE alerts_record (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            participant_id TEXT,
            name TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            matched TEXT NOT NULL,
            created_at TEXT NOT NULL,
            seen_at TEXT,
            outcome TEXT,
            note TEXT NOT NULL DEFAULT '',
            followed_up_by TEXT,
            followed_up_at TEXT
        );
        INSERT INTO alerts_record (id, session_id, participant_id, name, source, matched,
                created_at, seen_at)
            SELECT a.id, a.session_id, a.participant_id, coalesce(p.name, ''), a.source,
                a.matched, a.created_at, a.seen_at
            FROM alerts a LEFT JOIN participants p ON p.id = a.participant_id;
        DROP TABLE alerts;
        ALTER TABLE alerts_record RENAME TO alerts;
        CREATE INDEX alerts_session ON alerts(session_id);
        CREATE INDEX alerts_open ON alerts(followed_up_at) WHERE followed_up_at IS NULL
        """,
    )


@migrations()
def m014_deck_ownership(db: Database) -> None:
    """Each version of a deck can be approved, by whom and when (a deck file's own approval
    names a person outside the service, so its user is empty); the library reads a deck's
    owner and review date from a copy of its governance block. A forced skip past a locked
    safety step is a record of its own: which step, who and when."""
    _run(
        db,
        """
        ALTER TABLE deck_versions ADD COLUMN approved_by TEXT;
        ALTER TABLE deck_versions ADD COLUMN approver_name TEXT;
        ALTER TABLE deck_versions ADD COLUMN approved_at TEXT;
        ALTER TABLE decks ADD COLUMN governance TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE safety_skips (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            step_id TEXT NOT NULL,
            step_title TEXT NOT NULL,
            skipped_by TEXT,
            skipped_by_name TEXT NOT NULL,
            skipped_at TEXT NOT NULL
        );
        CREATE INDEX safety_skips_session ON safety_skips(session_id)
        """,
    )


@migrations()
def m015_people_without_phones(db: Database) -> None:
    """Someone without a phone is added by staff on the console, who answer for them: a
    participant like any other (counted once, answers stored once), marked so the console can
    list them and no device can ever sign in as them."""
    _run(db, "ALTER TABLE participants ADD COLUMN no_phone INTEGER NOT NULL DEFAULT 0")


@migrations()
def m016_paper_and_helpers(db: Database) -> None:
    """A participant entered from a paper form (or a paper FFT card) is marked as paper. A
    person's helper (a carer or an interpreter on a second device) is linked by a code of its
    own, whose keyed digest is kept like the rejoin code's, and gets a token of its own for the
    same participant; deleting the participant deletes their helpers' tokens. A finished
    session's kept summary says how many of the people joined were on paper."""
    _run(
        db,
        """
        ALTER TABLE participants ADD COLUMN paper INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE participants ADD COLUMN helper_digest TEXT;
        CREATE UNIQUE INDEX participants_helper ON participants(helper_digest)
            WHERE helper_digest IS NOT NULL;
        CREATE TABLE helper_tokens (
            token_hash TEXT PRIMARY KEY,
            participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            linked_at TEXT NOT NULL
        );
        CREATE INDEX helper_tokens_participant ON helper_tokens(participant_id);
        ALTER TABLE session_summaries ADD COLUMN on_paper INTEGER NOT NULL DEFAULT 0
        """,
    )


@migrations()
def m017_ask_later(db: Database) -> None:
    """A question a participant asks the physio privately, to be answered in writing during or
    after the session; the reply goes into that person's notebook. Never in the room's queue."""
    _run(
        db,
        """
        CREATE TABLE later_questions (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            participant_id TEXT NOT NULL REFERENCES participants(id),
            answer_id TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            reply TEXT,
            replied_at TEXT,
            replied_by TEXT,
            UNIQUE (participant_id, answer_id)
        );
        CREATE INDEX later_questions_session ON later_questions(session_id)
        """,
    )


@migrations()
def m018_quiz_scoring(db: Database) -> None:
    """Quiz scoring is a session's choice, off unless the facilitator turns it on; the
    leaderboard is a second choice, which needs scoring."""
    _run(
        db,
        """
        ALTER TABLE sessions ADD COLUMN scoring INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN leaderboard INTEGER NOT NULL DEFAULT 0
        """,
    )


@migrations()
def m019_reactions(db: Database) -> None:
    """Live reactions are counted, not kept one by one: a row per session, step and reaction,
    with no participant link, so the count outlives answer retention."""
    _run(
        db,
        """
        CREATE TABLE reaction_counts (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            step_id TEXT NOT NULL,
            reaction TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (session_id, step_id, reaction)
        )
        """,
    )


@migrations()
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


@migrations()
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


@migrations()
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


@migrations()
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


@migrations()
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


@migrations()
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


@migrations()
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


@migrations()
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
