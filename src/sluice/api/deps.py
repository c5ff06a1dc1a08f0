"""Dependencies shared by routes, as ``Annotated`` aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sluice.core.runtime import Runtime
from sluice.errors import AuthenticationError, ConflictError, PermissionDeniedError
from sluice.security.auth import Principal, principal_from_session, principal_from_token
from sluice.security.crypto import Cipher
from sluice.security.keyring import Keyring
from sluice.settings import SluiceSettings
from sluice.worker.base import Executor

SESSION_COOKIE = "sluice_session"

_bearer = HTTPBearer(auto_error=False, description="An API token from POST /api/auth/tokens")


def get_runtime(request: Request) -> Runtime:
    """The process runtime hung on ``app.state`` by the lifespan."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_settings(runtime: RuntimeDep) -> SluiceSettings:
    """The process settings."""
    return runtime.settings


def get_keyring(runtime: RuntimeDep) -> Keyring:
    """The process keyring (locked or unlocked)."""
    return runtime.keyring


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    """One unit of work per request: commit on success, roll back on error."""
    with runtime.sessions() as session:
        try:
            yield session
            session.commit()
        except IntegrityError as exc:
            session.rollback()
            msg = "the change conflicts with existing data (a name or key already in use)"
            raise ConflictError(msg) from exc
        except BaseException:
            session.rollback()
            raise


SettingsDep = Annotated[SluiceSettings, Depends(get_settings)]
KeyringDep = Annotated[Keyring, Depends(get_keyring)]
# scope="function": commit before the response is sent. With the default ("request") the commit
# ran after it, so a client could read back a 404 for what it just created, or be told 201 for a
# row whose commit then failed.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_current_user(
    request: Request,
    session: SessionDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, from a bearer token or the session cookie; 401 otherwise."""
    if bearer is not None:
        principal = principal_from_token(session, bearer.credentials)
        if principal is None:
            msg = "the API token is invalid, expired or revoked"
            raise AuthenticationError(msg)
        return principal
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        principal = principal_from_session(session, cookie)
        if principal is not None:
            return principal
        msg = "your session has expired: log in again"
        raise AuthenticationError(msg)
    msg = "authentication required: log in or send 'Authorization: Bearer <token>'"
    raise AuthenticationError(msg)


CurrentUser = Annotated[Principal, Depends(get_current_user)]


def get_admin(user: CurrentUser) -> Principal:
    """The caller, who must be an admin; 403 otherwise."""
    if not user.is_admin:
        msg = "this action needs an administrator"
        raise PermissionDeniedError(msg)
    return user


AdminUser = Annotated[Principal, Depends(get_admin)]


def get_cipher(keyring: KeyringDep, _user: CurrentUser) -> Cipher:
    """The DEK cipher for credentialed work; 423 while the system is locked."""
    return keyring.cipher()


CipherDep = Annotated[Cipher, Depends(get_cipher)]


def get_executor(request: Request) -> Executor:
    """Where jobs run (in-process or Celery), chosen at start."""
    executor: Executor = request.app.state.executor
    return executor


ExecutorDep = Annotated[Executor, Depends(get_executor)]


def get_optional_cipher(keyring: KeyringDep) -> Cipher | None:
    """The DEK cipher, or ``None`` while locked (for reads that degrade gracefully)."""
    return keyring.cipher() if keyring.is_unlocked else None


OptionalCipherDep = Annotated[Cipher | None, Depends(get_optional_cipher)]
