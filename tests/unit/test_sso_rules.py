"""Single sign-on rules: which role a person's groups give, how the claim is read, and the
settings refused before the server starts."""

from __future__ import annotations

import pytest

from sessions import sso

MAPPING = {
    "admin": frozenset({"tb-admins"}),
    "reviewer": frozenset({"tb-reviewers"}),
    "facilitator": frozenset({"tb-facilitators", "physios"}),
}
GOOD = {
    "OIDC_ISSUER": "https://login.example.nhs.uk/realms/staff/",
    "OIDC_CLIENT_ID": "talkback",
    "OIDC_CLIENT_SECRET": "s3cret",
    "OIDC_FACILITATOR_GROUPS": "tb-facilitators, physios",
}


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ({"tb-facilitators"}, "facilitator"),
        ({"physios"}, "facilitator"),
        ({"tb-reviewers"}, "reviewer"),
        ({"tb-admins"}, "admin"),
        ({"tb-facilitators", "tb-reviewers"}, "reviewer"),
        ({"tb-facilitators", "tb-admins", "tb-reviewers"}, "admin"),
        ({"everyone", "nurses"}, None),
        (set(), None),
        ({"TB-FACILITATORS"}, None),  # group names are compared exactly
    ],
)
def test_the_strongest_role_any_group_gives(groups, role):
    assert sso.role_for(frozenset(groups), MAPPING) == role


def test_a_role_with_no_groups_named_is_given_to_nobody():
    assert sso.role_for(frozenset({""}), {"admin": frozenset()}) is None


@pytest.mark.parametrize(
    ("claims", "claim", "groups"),
    [
        ({"groups": ["a", "b"]}, "groups", {"a", "b"}),
        ({"groups": "a"}, "groups", {"a"}),
        ({"groups": ""}, "groups", set()),
        ({"groups": ["a", 3, None, ""]}, "groups", {"a"}),
        ({"groups": {"a": True}}, "groups", set()),
        ({}, "groups", set()),
        ({"realm_access": {"roles": ["x", "y"]}}, "realm_access.roles", {"x", "y"}),
        ({"realm_access": ["x"]}, "realm_access.roles", set()),
        ({"roles": ["x"]}, "groups", set()),
    ],
)
def test_the_groups_a_claim_holds(claims, claim, groups):
    assert sso.groups_in(claims, claim) == frozenset(groups)


@pytest.mark.parametrize(
    ("claims", "name"),
    [
        ({"preferred_username": " alice ", "email": "a@x", "sub": "1"}, "alice"),
        ({"email": "a@x.nhs.uk", "sub": "1"}, "a@x.nhs.uk"),
        ({"preferred_username": "  ", "sub": "abc"}, "abc"),
        ({"preferred_username": ["alice"], "sub": "abc"}, "abc"),
        ({"preferred_username": "x" * 150}, "x" * 100),
        ({}, ""),
    ],
)
def test_a_new_account_is_named_from_the_claims(claims, name):
    assert sso.username_for(claims) == name


def test_good_settings_are_read_with_their_defaults():
    settings = sso.read_settings(GOOD)
    assert settings is not None
    assert settings.issuer == "https://login.example.nhs.uk/realms/staff"
    assert settings.groups["facilitator"] == frozenset({"tb-facilitators", "physios"})
    assert settings.groups["admin"] == frozenset()
    assert settings.role_claim == "groups"
    assert settings.scopes == "openid email profile"


def test_openid_is_always_among_the_scopes():
    settings = sso.read_settings({**GOOD, "OIDC_SCOPES": "profile groups"})
    assert settings is not None
    assert settings.scopes.split()[0] == "openid"
    assert set(settings.scopes.split()) == {"openid", "profile", "groups"}


def test_no_issuer_means_single_sign_on_is_off():
    assert sso.read_settings({"OIDC_CLIENT_ID": "x"}) is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"OIDC_ISSUER": "http://login.example.nhs.uk"}, "https://"),
        ({"OIDC_ISSUER": "ftp://localhost"}, "https://"),
        ({"OIDC_CLIENT_ID": ""}, "CLIENT_ID"),
        ({"OIDC_CLIENT_SECRET": " "}, "CLIENT_SECRET"),
        ({"OIDC_FACILITATOR_GROUPS": " , "}, "at least one group"),
    ],
)
def test_settings_that_cannot_work_are_refused(change, words):
    with pytest.raises(sso.SettingsError, match=words):
        sso.read_settings({**GOOD, **change})


def test_plain_http_is_allowed_for_a_provider_on_this_machine():
    settings = sso.read_settings({**GOOD, "OIDC_ISSUER": "http://localhost:8080"})
    assert settings is not None
    assert settings.issuer == "http://localhost:8080"


@pytest.mark.parametrize(
    ("value", "on"), [("on", True), ("ON", True), (True, True), ("off", False), (False, False)]
)
def test_local_signin_on_or_off(value, on):
    assert sso.local_signin_on({**GOOD, "LOCAL_SIGNIN": value}) is on


def test_local_signin_is_on_unless_said():
    assert sso.local_signin_on({}) is True


def test_local_signin_cannot_be_off_without_single_sign_on():
    with pytest.raises(sso.SettingsError, match="needs single sign-on"):
        sso.local_signin_on({"LOCAL_SIGNIN": "off"})


def test_a_local_signin_value_that_is_neither_on_nor_off_is_refused():
    with pytest.raises(sso.SettingsError, match="on or off"):
        sso.local_signin_on({**GOOD, "LOCAL_SIGNIN": "sometimes"})
