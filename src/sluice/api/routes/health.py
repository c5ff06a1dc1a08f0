"""Liveness."""

from __future__ import annotations

from fastapi import APIRouter

from sluice import __version__
from sluice.api.schemas.system import HealthPublic

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health")
def health() -> HealthPublic:
    """Always answers while the process serves requests (no auth)."""
    return HealthPublic(version=__version__)
