"""Single sign-on rules, with no I/O: reading the settings, and which staff role the groups
an identity provider names give. The sign-in itself is in facilitator/sso.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Strongest first: someone in both the admin and the facilitator group is an admin.
ROLE_ORDER = ("admin", "reviewer", "facilitator")
GROUP_SETTINGS = {role: f"OIDC_{role.upper()}_GROUPS" for role in ROLE_ORDER}
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
NO_PASSWORD = "!sso"  # an SSO account's password hash: no password ever matches it


class SettingsError(ValueError):
    """A single sign-on setting that cannot work; refused when the server starts."""


@dataclass(frozen=True)
class SsoSettings:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    role_claim: str
    groups: Mapping[str, frozenset[str]]  # role -> the group names that give it
    label: str


def read_settings(config: Mapping[str, Any]) -> SsoSettings | None:
    """The settings, None when single sign-on is off (no issuer), or SettingsError."""
    issuer = str(config.get("OIDC_ISSUER") or "").strip().rstrip("/")
    if not issuer:
        return None
    parts = urlsplit(issuer)
    local = parts.hostname in LOCAL_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise SettingsError(
            "TALKBACK_OIDC_ISSUER must be an https:// address (http:// only for localhost)"
        )
    client_id = str(config.get("OIDC_CLIENT_ID") or "").strip()
    client_secret = str(config.get("OIDC_CLIENT_SECRET") or "").strip()
    if not client_id or not client_secret:
        raise SettingsError(
            "TALKBACK_OIDC_CLIENT_ID and TALKBACK_OIDC_CLIENT_SECRET must be set with"
            " TALKBACK_OIDC_ISSUER"
        )
    groups = {role: split_list(config.get(key)) for role, key in GROUP_SETTINGS.items()}
    if not any(groups.values()):
        raise SettingsError(
            "Name at least one group in TALKBACK_OIDC_FACILITATOR_GROUPS,"
            " TALKBACK_OIDC_REVIEWER_GROUPS or TALKBACK_OIDC_ADMIN_GROUPS"
        )
    asked = str(config.get("OIDC_SCOPES") or "openid email profile").split()
    scopes = " ".join(dict.fromkeys(["openid", *asked]))  # in the order given, once each
    return SsoSettings(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        scopes=scopes,
        role_claim=str(config.get("OIDC_ROLE_CLAIM") or "groups").strip(),
        groups=groups,
        label=str(config.get("OIDC_LABEL") or "your organisation's account").strip(),
    )


def local_signin_on(config: Mapping[str, Any]) -> bool:
    """Whether staff may sign in with a Talkback password; off needs single sign-on on."""
    value = str(config.get("LOCAL_SIGNIN", "on")).strip().lower()
    if value in ("on", "true", "1", "yes"):
        return True
    if value in ("off", "false", "0", "no"):
        if not str(config.get("OIDC_ISSUER") or "").strip():
            raise SettingsError(
                "TALKBACK_LOCAL_SIGNIN=off needs single sign-on: set TALKBACK_OIDC_ISSUER"
            )
        return False
    raise SettingsError("TALKBACK_LOCAL_SIGNIN must be on or off")


def split_list(value: object, separator: str = ",") -> frozenset[str]:
    if not isinstance(value, str):
        return frozenset()
    return frozenset(item.strip() for item in value.split(separator) if item.strip())


def groups_in(claims: Mapping[str, Any], claim: str) -> frozenset[str]:
    """The group (or role) names a claim holds: a list of names, or one name. A dotted claim
    ("realm_access.roles") is looked up inside nested objects, as some providers send it."""
    value: Any = claims
    for part in claim.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, str):
        return frozenset([value]) if value else frozenset()
    if isinstance(value, list | tuple):
        return frozenset(item for item in value if isinstance(item, str) and item)
    return frozenset()


def role_for(groups: frozenset[str], mapping: Mapping[str, frozenset[str]]) -> str | None:
    """The strongest role any of the groups gives, or None: no access."""
    for role in ROLE_ORDER:
        if groups & mapping.get(role, frozenset()):
            return role
    return None


def username_for(claims: Mapping[str, Any]) -> str:
    """The name a new account gets: the provider's username, else the e-mail address, else
    its subject identifier; at most 100 characters, as local names."""
    for key in ("preferred_username", "email", "sub"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:100]
    return ""
