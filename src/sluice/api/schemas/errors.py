"""The one error shape every endpoint answers with, documented in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorPublic(BaseModel):
    """An error: ``detail`` says what was wrong in words; ``field`` names the input at fault."""

    detail: str
    field: str | None = None
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Validation errors, one per bad input (422 only)."
    )


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorPublic, "description": description}


PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("The body could not be read (not UTF-8 JSON)."),
    422: _error("The input is invalid; `detail` names the field."),
    429: _error("Too many failed attempts; retry after `Retry-After` seconds."),
}
"""Errors of endpoints that need no login."""

PROTECTED_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("The body could not be read (not UTF-8 JSON)."),
    401: _error("Not logged in, or the API token is invalid, expired or revoked."),
    403: _error("Logged in, but not allowed."),
    404: _error("No such object."),
    409: _error("Conflicts with the current state (name in use, job already running...)."),
    422: _error("The input is invalid; `detail` names the field."),
    423: _error("Sluice is locked: unlock it with the master password first."),
    502: _error("The source or destination system failed or could not be reached."),
}
"""Errors any authenticated endpoint may answer with."""
