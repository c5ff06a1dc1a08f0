"""The one place that maps domain errors to HTTP statuses. Clients only ever see JSON
``{"detail": "..."}``; stack traces stay in the server log."""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sluice import errors

log = logging.getLogger(__name__)

STATUS_BY_ERROR: list[tuple[type[errors.SluiceError], int]] = [
    (errors.NotFoundError, 404),
    (errors.ConflictError, 409),
    (errors.InvalidInputError, 422),
    (errors.AuthenticationError, 401),
    (errors.PermissionDeniedError, 403),
    (errors.LockedError, 423),
    (errors.NotInitializedError, 409),
    (errors.TooManyAttemptsError, 429),
    (errors.ExternalSystemError, 502),
]


def _status_for(exc: errors.SluiceError) -> int:
    for cls, status in STATUS_BY_ERROR:
        if isinstance(exc, cls):
            return status
    return 400


def _validation_detail(exc: RequestValidationError) -> str:
    parts: list[str] = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body",))
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else str(err.get("msg")))
    return "invalid request: " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    """Register handlers so every error response is JSON with a readable ``detail``."""

    @app.exception_handler(errors.SluiceError)
    async def _domain(_: Request, exc: errors.SluiceError) -> JSONResponse:
        status = _status_for(exc)
        body: dict[str, object] = {"detail": str(exc)}
        headers: dict[str, str] = {}
        if isinstance(exc, errors.InvalidInputError) and exc.field:
            body["field"] = exc.field
        if isinstance(exc, errors.TooManyAttemptsError):
            headers["Retry-After"] = str(int(exc.retry_after) + 1)
        if isinstance(exc, errors.AuthenticationError):
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errs = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": _validation_detail(exc), "errors": errs}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such endpoint"
        elif exc.status_code == 405:
            detail = "method not allowed on this endpoint"
        elif exc.status_code == 400 and "parsing the body" in detail:
            detail = "the request body could not be read: send UTF-8 JSON"
        return JSONResponse(
            {"detail": detail}, status_code=exc.status_code, headers=exc.headers or None
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        ref = uuid.uuid4().hex[:12]
        log.error(
            "unhandled error on %s %s (ref %s)",
            request.method,
            request.url.path,
            ref,
            exc_info=exc,
        )
        return JSONResponse(
            {"detail": f"internal server error (reference {ref}); see the server log"},
            status_code=500,
        )
