"""First-run setup and system status."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sluice.db.models import User
from sluice.errors import ConflictError
from sluice.security.auth import create_user
from sluice.security.keyring import Keyring


@dataclass(frozen=True)
class SystemStatus:
    """Whether first-run setup is done and whether the keyring is locked."""

    initialized: bool
    locked: bool


def status(session: Session, keyring: Keyring) -> SystemStatus:
    """The current :class:`SystemStatus`."""
    initialized = is_initialized(session)
    return SystemStatus(initialized=initialized, locked=not keyring.is_unlocked)


def is_initialized(session: Session) -> bool:
    """Setup is done once the keyring exists and an admin user exists."""
    admins = session.scalar(select(func.count()).select_from(User).where(User.is_admin))
    return Keyring.is_initialized(session) and bool(admins)


def setup(
    session: Session,
    keyring: Keyring,
    *,
    master_password: str,
    admin_username: str,
    admin_password: str,
) -> User:
    """Create the master password keyring and the first admin in one step; refused once done.

    Runs inside the caller's transaction: if the admin cannot be created, nothing is kept.
    """
    if is_initialized(session) or Keyring.is_initialized(session):
        msg = "Sluice is already set up"
        raise ConflictError(msg)
    user = create_user(session, username=admin_username, password=admin_password, is_admin=True)
    keyring.create(session, master_password)
    return user
