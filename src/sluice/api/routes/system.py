"""First-run setup, lock state and the master password."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response

from sluice.api.cookies import set_session_cookie
from sluice.api.deps import AdminUser, KeyringDep, SessionDep, SettingsDep
from sluice.api.schemas.auth import UserPublic
from sluice.api.schemas.errors import PROTECTED_ERRORS, PUBLIC_ERRORS
from sluice.api.schemas.system import (
    ChangeMasterPasswordRequest,
    SetupRequest,
    SystemStatusPublic,
    UnlockRequest,
)
from sluice.core import system
from sluice.errors import NotInitializedError
from sluice.security.auth import start_session

router = APIRouter(
    prefix="/api/system", tags=["system"], responses=PUBLIC_ERRORS | PROTECTED_ERRORS
)


@router.get("/status")
def get_status(session: SessionDep, keyring: KeyringDep) -> SystemStatusPublic:
    """Whether setup is done and whether the system is locked (no auth)."""
    current = system.status(session, keyring)
    return SystemStatusPublic(initialized=current.initialized, locked=current.locked)


@router.post("/setup", status_code=201)
def setup(
    body: SetupRequest,
    session: SessionDep,
    keyring: KeyringDep,
    settings: SettingsDep,
    response: Response,
) -> UserPublic:
    """Create the master password and the first admin; refused (409) once done.

    The new admin is logged in (session cookie) and the system is left unlocked.
    """
    user = system.setup(
        session,
        keyring,
        master_password=body.master_password,
        admin_username=body.admin_username,
        admin_password=body.admin_password,
    )
    cookie = start_session(session, user=user, ttl=dt.timedelta(hours=settings.session_ttl_hours))
    set_session_cookie(response, cookie, settings)
    return UserPublic(id=user.id, username=user.username, is_admin=user.is_admin)


@router.post("/unlock")
def unlock(body: UnlockRequest, session: SessionDep, keyring: KeyringDep) -> SystemStatusPublic:
    """Unlock with the master password (no login needed: the password is the proof).

    Wrong passwords answer 401; repeated failures are slowed down (429 with Retry-After).
    """
    if not system.is_initialized(session):
        msg = "Sluice is not set up yet: run first-run setup"
        raise NotInitializedError(msg)
    keyring.unlock(session, body.master_password)
    return SystemStatusPublic(initialized=True, locked=False)


@router.post("/lock")
def lock(_admin: AdminUser, session: SessionDep, keyring: KeyringDep) -> SystemStatusPublic:
    """Forget the data key in this server process; credentialed work answers 423 until unlocked."""
    keyring.lock()
    return SystemStatusPublic(initialized=system.is_initialized(session), locked=True)


@router.post("/master-password")
def change_master_password(
    body: ChangeMasterPasswordRequest, _admin: AdminUser, session: SessionDep, keyring: KeyringDep
) -> SystemStatusPublic:
    """Re-wrap the data key under a new master password; stored credentials stay readable."""
    keyring.change_password(session, body.current_password, body.new_password)
    return SystemStatusPublic(initialized=True, locked=False)
