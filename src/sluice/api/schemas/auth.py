"""Login, current user and API token schemas."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel, Field


class LoginRequest(BaseModel):
    """Username and password."""

    username: str = Field(min_length=1)
    password: str = Field(min_length=1)


class UserPublic(BaseModel):
    """A user as the API shows it (never the password hash)."""

    id: int
    username: str
    is_admin: bool


class TokenCreate(BaseModel):
    """A new API token."""

    name: str = Field(min_length=1, max_length=150)
    expires_at: AwareDatetime | None = Field(
        default=None, description="When the token stops working (with a time zone)."
    )


class TokenPublic(BaseModel):
    """An API token's metadata; the secret is never shown again."""

    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None


class TokenCreated(TokenPublic):
    """A just-created token, with its secret: the only time it is shown."""

    token: str


class TokensPublic(BaseModel):
    """A list of tokens."""

    data: list[TokenPublic]
    count: int
