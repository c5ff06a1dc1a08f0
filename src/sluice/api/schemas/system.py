"""System status, setup, unlock and master password schemas."""

from __future__ import annotations

from pydantic import BaseModel, Field


class HealthPublic(BaseModel):
    """Liveness answer."""

    status: str = "ok"
    version: str


class SystemStatusPublic(BaseModel):
    """Whether first-run setup is done and whether the keyring is locked."""

    initialized: bool
    locked: bool


class SetupRequest(BaseModel):
    """First-run setup: the master password and the first admin user."""

    master_password: str = Field(
        min_length=1, description="Encrypts every credential; unrecoverable."
    )
    admin_username: str = Field(min_length=1, max_length=150)
    admin_password: str = Field(min_length=1)


class UnlockRequest(BaseModel):
    """Unlock the keyring."""

    master_password: str = Field(min_length=1)


class ChangeMasterPasswordRequest(BaseModel):
    """Re-wrap the data key under a new master password."""

    current_password: str = Field(min_length=1)
    new_password: str = Field(min_length=1)
