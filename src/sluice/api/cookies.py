"""The UI session cookie: HTTP-only, SameSite=Strict, Secure behind HTTPS."""

from __future__ import annotations

import datetime as dt

from fastapi import Response

from sluice.api.deps import SESSION_COOKIE
from sluice.settings import SluiceSettings


def set_session_cookie(response: Response, value: str, settings: SluiceSettings) -> None:
    """Attach the session cookie to ``response``."""
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=int(dt.timedelta(hours=settings.session_ttl_hours).total_seconds()),
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    """Tell the browser to drop the session cookie."""
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
