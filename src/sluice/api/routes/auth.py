"""Login sessions for the UI and API tokens for scripts."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, Response

from sluice.api.cookies import clear_session_cookie, set_session_cookie
from sluice.api.deps import SESSION_COOKIE, CurrentUser, RuntimeDep, SessionDep, SettingsDep
from sluice.api.schemas.auth import (
    LoginRequest,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    TokensPublic,
    UserPublic,
)
from sluice.api.schemas.errors import PROTECTED_ERRORS, PUBLIC_ERRORS
from sluice.api.schemas.ids import IdPath
from sluice.db.models import ApiToken
from sluice.security import auth

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=PUBLIC_ERRORS | PROTECTED_ERRORS)


def _token_public(record: ApiToken) -> TokenPublic:
    return TokenPublic(
        id=record.id,
        name=record.name,
        prefix=record.prefix,
        created_at=record.created_at,
        last_used_at=record.last_used_at,
        expires_at=record.expires_at,
    )


@router.post("/login")
def login(
    body: LoginRequest,
    session: SessionDep,
    runtime: RuntimeDep,
    settings: SettingsDep,
    response: Response,
) -> UserPublic:
    """Check the password and start a session (HTTP-only cookie). 401 if wrong, 429 if too many."""
    user = auth.authenticate(
        session, username=body.username, password=body.password, throttle=runtime.login_throttle
    )
    cookie = auth.start_session(
        session, user=user, ttl=dt.timedelta(hours=settings.session_ttl_hours)
    )
    set_session_cookie(response, cookie, settings)
    return UserPublic(id=user.id, username=user.username, is_admin=user.is_admin)


@router.post("/logout", status_code=204)
def logout(_user: CurrentUser, request: Request, session: SessionDep, response: Response) -> None:
    """End the current browser session."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        auth.end_session(session, cookie_value=cookie)
    clear_session_cookie(response)


@router.get("/me")
def me(user: CurrentUser) -> UserPublic:
    """The logged-in user."""
    return UserPublic(id=user.user_id, username=user.username, is_admin=user.is_admin)


@router.get("/tokens")
def list_tokens(user: CurrentUser, session: SessionDep) -> TokensPublic:
    """The caller's live API tokens (never their secrets)."""
    records = auth.list_tokens(session, user_id=user.user_id)
    return TokensPublic(data=[_token_public(r) for r in records], count=len(records))


@router.post("/tokens", status_code=201)
def create_token(body: TokenCreate, user: CurrentUser, session: SessionDep) -> TokenCreated:
    """Create an API token. The response holds the secret: it is never shown again."""
    issued = auth.create_token(
        session, user_id=user.user_id, name=body.name, expires_at=body.expires_at
    )
    return TokenCreated(**_token_public(issued.record).model_dump(), token=issued.token)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: IdPath, user: CurrentUser, session: SessionDep) -> None:
    """Revoke one of the caller's tokens; it stops working at once."""
    auth.revoke_token(session, user_id=user.user_id, token_id=token_id)
