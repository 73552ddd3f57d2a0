"""The rules of two-step sign-in: who needs it, reading what was typed, which time steps a
code is accepted in, recovery codes, sealing the secret; and the store's half, where each
code is taken once."""

from __future__ import annotations

import pyotp
import pytest

from sessions import mfa
from sessions.passwords import hash_password
from sessions.store import Store

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_800_000_015.0  # 15 seconds into a step


@pytest.fixture
def store(database_setting):
    store = Store(database_setting)
    yield store
    store.close()


def test_admins_always_need_it_and_others_when_the_setting_says():
    assert mfa.required_for("admin", everyone=False)
    assert not mfa.required_for("facilitator", everyone=False)
    assert not mfa.required_for("reviewer", everyone=False)
    assert mfa.required_for("reviewer", everyone=True)


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("123456", "totp", "123456"),
        (" 123 456 ", "totp", "123456"),
        ("abcd-efgh-jkmn-pqrs", "recovery", "abcdefghjkmnpqrs"),
        ("ABCD EFGH JKMN PQRS", "recovery", "abcdefghjkmnpqrs"),
        ("12345", "", ""),
        ("1234567", "", ""),
        ("abcd-efgh-jkmn-pqr0", "", ""),  # 0 is not in the alphabet
        ("", "", ""),
        (None, "", ""),
        (123456, "", ""),
    ],
)
def test_what_was_typed_is_a_code_a_recovery_code_or_neither(typed, kind, value):
    assert mfa.read_entered(typed) == mfa.Entered(kind, value)


def test_a_code_is_accepted_one_step_either_side_of_now():
    totp = pyotp.TOTP(SECRET)
    step = mfa.time_step(NOW)
    for offset in (-1, 0, 1):
        assert mfa.matching_step(SECRET, totp.generate_otp(step + offset), NOW) == (
            "ok",
            step + offset,
        )


def test_an_older_code_is_expired_and_a_later_or_made_up_one_wrong():
    totp = pyotp.TOTP(SECRET)
    step = mfa.time_step(NOW)
    assert mfa.matching_step(SECRET, totp.generate_otp(step - 2), NOW) == ("expired", step - 2)
    assert mfa.matching_step(SECRET, totp.generate_otp(step - 10), NOW) == ("expired", step - 10)
    wrong = {totp.generate_otp(s) for s in range(step - 11, step + 3)}
    made_up = next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in wrong)
    assert mfa.matching_step(SECRET, made_up, NOW) == ("wrong", None)
    assert mfa.matching_step(SECRET, totp.generate_otp(step + 2), NOW) == ("wrong", None)


def test_what_pyotp_accepts_now_is_accepted():
    code = pyotp.TOTP(SECRET).at(NOW)
    assert mfa.matching_step(SECRET, code, NOW) == ("ok", mfa.time_step(NOW))


def test_the_qr_code_names_the_issuer_the_account_and_the_secret():
    uri = mfa.provisioning_uri(SECRET, "ada")
    assert uri.startswith("otpauth://totp/Talkback:ada?")
    assert f"secret={SECRET}" in uri
    assert "issuer=Talkback" in uri


def test_ten_recovery_codes_each_different_and_readable_back():
    codes = mfa.new_recovery_codes()
    assert len(codes) == 10 == len(set(codes))
    for code in codes:
        shown = mfa.grouped(code).replace(" ", "-")
        assert mfa.read_entered(shown) == mfa.Entered("recovery", code)


def test_a_recovery_codes_hash_is_bound_to_its_account():
    assert mfa.recovery_hash("u1", "abc") != mfa.recovery_hash("u2", "abc")
    assert mfa.recovery_hash("u1", "abc") == mfa.recovery_hash("u1", "abc")
    assert "abc" not in mfa.recovery_hash("u1", "abc")


def test_a_sealed_secret_opens_with_its_key_for_its_account_only():
    key = mfa.sealing_key("server secret")
    sealed = mfa.seal(key, "u1", SECRET)
    assert SECRET not in sealed
    assert mfa.unseal(key, "u1", sealed) == SECRET
    assert mfa.seal(key, "u1", SECRET) != sealed  # a fresh nonce each time
    with pytest.raises(mfa.SealBroken):
        mfa.unseal(mfa.sealing_key("another secret"), "u1", sealed)
    with pytest.raises(mfa.SealBroken):
        mfa.unseal(key, "u2", sealed)  # moved to another account's row


@pytest.mark.parametrize("broken", ["", "v1:", "v2:abcd", "v1:!!!!", "v1:" + "A" * 64])
def test_a_broken_seal_is_refused(broken):
    with pytest.raises(mfa.SealBroken):
        mfa.unseal(mfa.sealing_key("k"), "u1", broken)


def test_an_altered_seal_is_refused():
    key = mfa.sealing_key("k")
    sealed = mfa.seal(key, "u1", SECRET)
    flipped = sealed[:-5] + ("A" if sealed[-5] != "A" else "B") + sealed[-4:]
    with pytest.raises(mfa.SealBroken):
        mfa.unseal(key, "u1", flipped)


def _user(store, name="ada"):
    return store.accounts.create_user(name, hash_password("a long password"), "admin")


def test_a_secret_is_on_only_once_confirmed_and_a_step_is_taken_once(store):
    user_id = _user(store)
    store.mfa.begin(user_id, "sealed-1")
    assert not store.mfa.is_on(user_id)
    assert not store.mfa.use_step(user_id, 10)  # nothing on yet
    assert store.mfa.turn_on(user_id, 100, ["h1", "h2"])
    assert store.mfa.is_on(user_id)
    assert not store.mfa.turn_on(user_id, 101, ["h3"])  # already on: nothing changes
    assert store.mfa.recovery_codes_left(user_id) == 2
    assert not store.mfa.use_step(user_id, 100)  # the step that confirmed it
    assert store.mfa.use_step(user_id, 101)
    assert not store.mfa.use_step(user_id, 101)  # replayed
    assert not store.mfa.use_step(user_id, 99)  # an older code after a newer one
    store.mfa.begin(user_id, "sealed-2")
    assert store.mfa.of(user_id)["secret"] == "sealed-1"  # one that is on is kept


def test_a_recovery_code_works_once(store):
    user_id = _user(store)
    store.mfa.begin(user_id, "sealed")
    store.mfa.turn_on(user_id, 1, ["h1", "h2"])
    assert store.mfa.use_recovery_code(user_id, "h1") == "used"
    assert store.mfa.use_recovery_code(user_id, "h1") == "already_used"
    assert store.mfa.use_recovery_code(user_id, "nope") == "unknown"
    assert store.mfa.recovery_codes_left(user_id) == 1
    store.mfa.replace_recovery_codes(user_id, ["h3"])
    assert store.mfa.use_recovery_code(user_id, "h2") == "unknown"
    assert store.mfa.use_recovery_code(user_id, "h3") == "used"


def test_another_accounts_recovery_code_does_not_work(store):
    ada, bo = _user(store, "ada"), _user(store, "bo")
    for user_id in (ada, bo):
        store.mfa.begin(user_id, "sealed")
    store.mfa.turn_on(ada, 1, ["h1"])
    store.mfa.turn_on(bo, 1, ["h2"])
    assert store.mfa.use_recovery_code(bo, "h1") == "unknown"


def test_removing_it_takes_the_secret_and_codes(store):
    user_id = _user(store)
    assert not store.mfa.remove(user_id)
    store.mfa.begin(user_id, "sealed")
    store.mfa.turn_on(user_id, 1, ["h1"])
    assert store.mfa.enrolled() == {user_id}
    assert store.mfa.remove(user_id)
    assert store.mfa.of(user_id) is None
    assert store.mfa.recovery_codes_left(user_id) == 0
    assert store.mfa.enrolled() == set()


def test_requiring_it_for_everyone_ends_the_sign_ins_of_those_without_it(store):
    from datetime import timedelta

    ada, bo = _user(store, "ada"), _user(store, "bo")
    store.mfa.begin(ada, "sealed")
    store.mfa.turn_on(ada, 1, [])
    ada_token = store.accounts.start_signin(ada, lasts=timedelta(hours=1))
    bo_token = store.accounts.start_signin(bo, lasts=timedelta(hours=1))
    assert store.mfa.end_signins_without_it() == 1
    assert store.accounts.user_for_signin(ada_token) is not None
    assert store.accounts.user_for_signin(bo_token) is None


def test_the_migration_ends_the_sign_ins_admins_made_before_it(tmp_path):
    from sqlite_utils import Database

    from sessions.migrations import migrations

    path = tmp_path / "old.db"
    old = Database(str(path))
    migrations.apply(old, stop_before="m022_staff_mfa")
    for user_id, role in (("a1", "admin"), ("f1", "facilitator")):
        old.execute(
            "INSERT INTO users (id, username, password_hash, role, created_at)"
            " VALUES (?, ?, 'x', ?, '2026-01-01T09:00:00+00:00')",
            (user_id, user_id, role),
        )
        old.execute(
            "INSERT INTO staff_signins (token_hash, user_id, created_at, expires_at)"
            " VALUES (?, ?, '2026-01-01T09:00:00+00:00', '2999-01-01T00:00:00+00:00')",
            (f"token-{user_id}", user_id),
        )
    old.conn.commit()
    old.close()
    store = Store(str(path))
    try:
        live = store.db.execute("SELECT user_id FROM staff_signins WHERE ended_at IS NULL")
        assert [row[0] for row in live] == ["f1"]
    finally:
        store.close()
