"""Single sign-on with OpenID Connect, through Authlib: the authorization code flow with PKCE,
with state and nonce kept in the signed session cookie. Authlib checks the state, and the ID
token's signature (against the provider's published keys), issuer, audience, expiry and
nonce; this module refuses a sign-in it could not check, maps the groups to a role, and makes
or updates the staff account. The identity provider does the second step, so the local one
is skipped. The rules are in sessions/sso.py."""

from __future__ import annotations

from typing import Any

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, redirect, request, session, url_for
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)

from facilitator.identity import SignInRefused, begin_signin, store
from server.words import say
from sessions import sso
from sessions.store import StoreError
from sessions.words import N_

NAME = "sso"  # Authlib's name for the provider (its state is kept under it in the session)
NEXT_KEY = "sso_next"


def install(app: Flask) -> None:
    """Read the settings (SettingsError stops the server) and register the provider."""
    settings = sso.read_settings(app.config)
    app.config["LOCAL_SIGNIN_ON"] = sso.local_signin_on(app.config)
    app.extensions["talkback.sso"] = settings
    if settings is None:
        return
    oauth = OAuth(app)
    oauth.register(
        NAME,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        server_metadata_url=f"{settings.issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": settings.scopes, "code_challenge_method": "S256", "timeout": 10},
    )
    app.extensions["talkback.sso.client"] = oauth.create_client(NAME)


def settings_of() -> sso.SsoSettings | None:
    return current_app.extensions.get("talkback.sso")


def _client():
    return current_app.extensions["talkback.sso.client"]


def _metadata(settings: sso.SsoSettings) -> dict[str, Any]:
    """The provider's discovery document, which must name the configured issuer."""
    try:
        metadata = _client().load_server_metadata()
    except (requests.RequestException, ValueError):
        raise _unreachable() from None
    if str(metadata.get("issuer", "")).rstrip("/") != settings.issuer:
        raise SignInRefused(
            502,
            "wrong_issuer",
            N_(
                "Your organisation's sign-in service describes itself as another issuer than"
                " the one Talkback is set up for, so it is not trusted. Tell your Talkback admin."
            ),
        )
    return metadata


def _redirect_uri() -> str:
    public = str(current_app.config["PUBLIC_URL"]).rstrip("/")
    path = url_for("facilitator.sso_callback")
    return public + path if public else url_for("facilitator.sso_callback", _external=True)


def _token(settings: sso.SsoSettings) -> dict[str, Any]:
    """The provider's answer, checked by Authlib, or SignInRefused saying what was wrong."""
    if request.args.get("error"):
        raise SignInRefused(
            401,
            "provider_refused",
            N_(
                "Your organisation's sign-in service did not sign you in (%(error)s). Start"
                " again from the sign-in page."
            ),
            error=request.args.get("error", "")[:100],
        )
    metadata = _metadata(settings)
    # Authlib checks the issuer, and the authorized party when there is one, but not that the
    # audience names this client: both are asked for here.
    claims_options = {
        "iss": {"essential": True, "values": [metadata["issuer"]]},
        "aud": {"essential": True, "values": [settings.client_id]},
    }
    try:
        token = _client().authorize_access_token(claims_options=claims_options)
    except MismatchingStateError:
        raise SignInRefused(
            400,
            "bad_state",
            N_(
                "This sign-in link has already been used, has expired, or was started in"
                " another browser. Start again from the sign-in page."
            ),
        ) from None
    except ExpiredTokenError:
        message = N_("The sign-in you were sent has expired. Start again from the sign-in page.")
        raise SignInRefused(401, "token_expired", message) from None
    except BadSignatureError:
        raise SignInRefused(401, "bad_signature", _NOT_GENUINE) from None
    except (InvalidClaimError, MissingClaimError) as exc:
        raise _claim_refused(exc.claim) from None
    except (JoseError, ValueError):
        raise SignInRefused(401, "bad_token", _NOT_GENUINE) from None
    except OAuthError as exc:
        raise SignInRefused(
            401,
            "provider_refused",
            N_("Your organisation's sign-in service refused: %(error)s."),
            error=exc.error,
        ) from None
    except requests.RequestException:
        raise _unreachable() from None
    if not isinstance(token.get("userinfo"), dict):
        raise SignInRefused(401, "no_id_token", _NOT_GENUINE)
    return token


_NOT_GENUINE = N_(
    "The sign-in you were sent could not be shown to come from your organisation's sign-in"
    " service, so it was refused. Start again from the sign-in page."
)


def _claim_refused(claim: str) -> SignInRefused:
    """A claim of the ID token that is missing or not what it must be."""
    if claim in ("aud", "azp"):
        return SignInRefused(
            401,
            "wrong_audience",
            N_(
                "The sign-in you were sent was made for another service, not Talkback, so it"
                " was refused. Start again from the sign-in page."
            ),
        )
    if claim == "iss":
        return SignInRefused(
            401,
            "wrong_issuer",
            N_(
                "The sign-in you were sent comes from another sign-in service than the one"
                " Talkback trusts, so it was refused. Start again from the sign-in page."
            ),
        )
    if claim == "nonce":
        return SignInRefused(
            401,
            "bad_nonce",
            N_(
                "The sign-in you were sent does not belong to the sign-in you started here (it"
                " may be an old one sent again), so it was refused. Start again from the"
                " sign-in page."
            ),
        )
    return SignInRefused(401, "bad_token", _NOT_GENUINE)


def _unreachable() -> SignInRefused:
    return SignInRefused(
        502,
        "provider_unreachable",
        N_(
            "Talkback could not reach your organisation's sign-in service. Try again in a few"
            " minutes."
        ),
    )


def _claims(settings: sso.SsoSettings, token: dict[str, Any]) -> dict[str, Any]:
    """The ID token's claims; when it does not carry the role claim, the provider's userinfo
    for the same person (some providers put groups only there)."""
    claims = dict(token["userinfo"])
    if sso.groups_in(claims, settings.role_claim):
        return claims
    if not _client().load_server_metadata().get("userinfo_endpoint"):
        return claims
    try:
        extra = dict(_client().userinfo(token=token))
    except (requests.RequestException, OAuthError, ValueError):
        raise _unreachable() from None
    if extra.get("sub") == claims.get("sub"):
        claims.update({k: v for k, v in extra.items() if k not in ("iss", "aud", "sub")})
    return claims


def _account(settings: sso.SsoSettings, claims: dict[str, Any]) -> dict[str, Any]:
    """The staff account of this person with the role its groups give, made on its first
    sign-in; or SignInRefused. Someone in no mapped group is refused and their account disabled."""
    subject = str(claims.get("sub") or "")
    role = sso.role_for(sso.groups_in(claims, settings.role_claim), settings.groups)
    user = store().sso.user_of(settings.issuer, subject)
    who = sso.username_for(claims) or "(no name)"
    if role is None:
        if user is not None and not user["disabled"]:
            store().accounts.set_disabled(user["id"], True)
            store().audit.record(user, "sso.removed", f"user {user['username']}", "no group")
        store().audit.record(user, "sso.refused", f"user {who}", "no_group")
        raise SignInRefused(
            403,
            "no_group",
            N_(
                "Your organisation's account is not in a group that may use Talkback, so you"
                " cannot sign in. If you should have access, ask your Talkback admin."
            ),
        )
    if user is None:
        try:
            user_id = store().sso.create(settings.issuer, subject, who, role, sso.NO_PASSWORD)
        except StoreError:
            store().audit.record(None, "sso.refused", f"user {who}", "name_taken")
            raise SignInRefused(
                409,
                "name_taken",
                N_(
                    "Talkback already has an account called %(name)s that was not made by single"
                    " sign-on, so yours cannot be made. Ask your Talkback admin."
                ),
                name=who,
            ) from None
        user = dict(store().accounts.user(user_id) or {})
        store().audit.record(user, "sso.account_created", f"user {who}", f"role {role}")
        return user
    if user["disabled"]:
        store().audit.record(user, "sso.refused", f"user {user['username']}", "disabled")
        raise SignInRefused(
            403,
            "disabled",
            N_(
                "Your Talkback account is turned off. If you should have access, ask your"
                " Talkback admin to turn it on again."
            ),
        )
    if user["role"] != role:
        store().audit.record(user, "sso.role", f"user {user['username']}", f"role {role}")
    store().sso.signed_in(user["id"], role)
    return dict(store().accounts.user(user["id"]) or {})


def refused_page(exc: SignInRefused):
    from facilitator.views import signin_page

    return signin_page(error=say(exc.words), status=exc.status)


def add_routes(bp) -> None:
    @bp.post("/signin/sso")
    def sso_start():
        from facilitator.views import _safe_next

        settings = settings_of()
        if settings is None:
            return refused_page(
                SignInRefused(404, "sso_off", N_("Single sign-on is not set up here."))
            )
        try:
            _metadata(settings)
        except SignInRefused as exc:
            return refused_page(exc)
        next_url = _safe_next(request.form.get("next", ""))
        session[NEXT_KEY] = next_url
        return _client().authorize_redirect(_redirect_uri())

    @bp.get("/signin/sso/callback")
    def sso_callback():
        settings = settings_of()
        if settings is None:
            return refused_page(
                SignInRefused(404, "sso_off", N_("Single sign-on is not set up here."))
            )
        try:
            token = _token(settings)
            user = _account(settings, _claims(settings, token))
        except SignInRefused as exc:
            if exc.code not in ("no_group", "name_taken", "disabled"):  # recorded with a name
                store().audit.record(None, "sso.refused", f"issuer {settings.issuer}", exc.code)
            return refused_page(exc)
        next_url = str(session.get(NEXT_KEY) or "")
        begin_signin(user)  # a fresh cookie: the state and nonce used here are gone with it
        store().audit.record(user, "sso.signin", f"user {user['username']}", f"role {user['role']}")
        return redirect(next_url or url_for("facilitator.home"))
