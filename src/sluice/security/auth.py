"""Users, UI sessions and API tokens. Secrets are stored only as hashes and shown once."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from sluice.db.base import utcnow
from sluice.db.models import ApiToken, User, UserSession
from sluice.errors import AuthenticationError, ConflictError, InvalidInputError, NotFoundError
from sluice.security.passwords import hash_password, new_token, token_digest, verify_password
from sluice.security.throttle import FailureThrottle

log = logging.getLogger(__name__)

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,150}$")
MIN_USER_PASSWORD = 8


@cache
def _dummy_hash() -> str:
    """Checked when the user does not exist, so a missing user costs the same time."""
    return hash_password("sluice-timing-equaliser")


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user, and how they proved it."""

    user_id: int
    username: str
    is_admin: bool
    via: str  # "session" | "token"
    token_id: int | None = None


@dataclass(frozen=True)
class IssuedToken:
    """A freshly created token: ``token`` is the only time the secret is available."""

    record: ApiToken
    token: str


def create_user(session: Session, *, username: str, password: str, is_admin: bool) -> User:
    """Create a user with an argon2-hashed password; usernames are unique."""
    if not USERNAME_RE.match(username):
        msg = "the username may use letters, digits and _ . @ - (1 to 150 characters)"
        raise InvalidInputError(msg, field="admin_username")
    if len(password) < MIN_USER_PASSWORD:
        msg = f"the password must be at least {MIN_USER_PASSWORD} characters long"
        raise InvalidInputError(msg, field="admin_password")
    if session.scalars(select(User).where(User.username == username)).first() is not None:
        msg = f"a user named {username!r} already exists"
        raise ConflictError(msg)
    user = User(username=username, password_hash=hash_password(password), is_admin=is_admin)
    session.add(user)
    session.flush()
    return user


def authenticate(
    session: Session, *, username: str, password: str, throttle: FailureThrottle
) -> User:
    """The user whose credentials these are; failures are slowed down per username and logged."""
    key = f"login:{username.lower()}"
    throttle.check(key, "login")
    user = session.scalars(select(User).where(User.username == username)).first()
    ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    if user is None or not ok:
        failures = throttle.failed(key)
        log.warning("failed login for %r (%d in a row)", username, failures)
        msg = "wrong username or password"
        raise AuthenticationError(msg)
    throttle.succeeded(key)
    user.last_login_at = utcnow()
    return user


def start_session(session: Session, *, user: User, ttl: dt.timedelta) -> str:
    """A new browser session for ``user``; returns the cookie value (stored hashed)."""
    token = new_token()
    session.add(
        UserSession(user_id=user.id, token_hash=token_digest(token), expires_at=utcnow() + ttl)
    )
    session.flush()
    return token


def end_session(session: Session, *, cookie_value: str) -> None:
    """Forget the session behind ``cookie_value`` (no error if it is unknown)."""
    found = session.scalars(
        select(UserSession).where(UserSession.token_hash == token_digest(cookie_value))
    ).first()
    if found is not None:
        session.delete(found)
        session.flush()


def principal_from_session(session: Session, cookie_value: str) -> Principal | None:
    """The principal of a live session cookie, else ``None``."""
    row = session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_digest(cookie_value))
    ).first()
    if row is None:
        return None
    user_session, user = row
    if user_session.expires_at <= utcnow():
        return None
    return Principal(user_id=user.id, username=user.username, is_admin=user.is_admin, via="session")


def principal_from_token(session: Session, token: str) -> Principal | None:
    """The principal of a live, unrevoked API token, else ``None``."""
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_digest(token))
    ).first()
    if row is None:
        return None
    record, user = row
    now = utcnow()
    if record.revoked_at is not None or (record.expires_at and record.expires_at <= now):
        return None
    record.last_used_at = now
    return Principal(
        user_id=user.id,
        username=user.username,
        is_admin=user.is_admin,
        via="token",
        token_id=record.id,
    )


def create_token(
    session: Session, *, user_id: int, name: str, expires_at: dt.datetime | None = None
) -> IssuedToken:
    """A new API token for ``user_id``; the secret is returned once and stored hashed."""
    name = name.strip()
    if not name:
        msg = "give the token a name"
        raise InvalidInputError(msg, field="name")
    if expires_at is not None and expires_at <= utcnow():
        msg = "the expiry must be in the future"
        raise InvalidInputError(msg, field="expires_at")
    token = new_token()
    record = ApiToken(
        user_id=user_id,
        name=name,
        token_hash=token_digest(token),
        prefix=token[:10],
        expires_at=expires_at,
    )
    session.add(record)
    session.flush()
    return IssuedToken(record=record, token=token)


def list_tokens(session: Session, *, user_id: int) -> list[ApiToken]:
    """The user's tokens that are not revoked, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.id.desc())
        )
    )


def revoke_token(session: Session, *, user_id: int, token_id: int) -> None:
    """Revoke one of the user's tokens; :class:`NotFoundError` if it is not theirs."""
    record = session.get(ApiToken, token_id)
    if record is None or record.user_id != user_id or record.revoked_at is not None:
        msg = f"no API token with id {token_id}"
        raise NotFoundError(msg)
    record.revoked_at = utcnow()
    session.flush()
