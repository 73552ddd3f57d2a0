"""Schema migrations 10 to 19, in the order they apply."""

from sqlite_utils import Database

from sessions.migrations.statements import run as _run


def m010_session_activity(db: Database) -> None:
    """When a session last changed, so that one nobody has used for hours can be ended and
    its join code stop working. Sessions from before count from when they were made."""
    _run(db, "ALTER TABLE sessions ADD COLUMN active_at TEXT")


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


def m015_people_without_phones(db: Database) -> None:
    """Someone without a phone is added by staff on the console, who answer for them: a
    participant like any other (counted once, answers stored once), marked so the console can
    list them and no device can ever sign in as them."""
    _run(db, "ALTER TABLE participants ADD COLUMN no_phone INTEGER NOT NULL DEFAULT 0")


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


STEPS = (
    m010_session_activity,
    m011_demo_sessions,
    m012_rejoin_codes,
    m013_alert_records,
    m014_deck_ownership,
    m015_people_without_phones,
    m016_paper_and_helpers,
    m017_ask_later,
    m018_quiz_scoring,
    m019_reactions,
)
