"""``/api/ws``: live job status, per-stream progress and log lines for authenticated clients.

Authenticate with the session cookie (browsers) or ``?token=<api token>`` (scripts). Every
event is a JSON object with a ``type`` of ``job``, ``stream``, ``progress`` or ``log`` and a
``job_id``. Send ``{"job_id": N}`` to receive only that job's events, ``{"job_id": null}`` for
all again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from sluice.api.deps import SESSION_COOKIE
from sluice.core.events import EventBus
from sluice.core.runtime import Runtime
from sluice.security.auth import Principal, principal_from_session, principal_from_token

router = APIRouter(tags=["live"])
log = logging.getLogger(__name__)

QUEUE_LIMIT = 10_000


def _authenticate(websocket: WebSocket, runtime: Runtime) -> Principal | None:
    token = websocket.query_params.get("token")
    header = websocket.headers.get("authorization", "")
    if not token and header.lower().startswith("bearer "):
        token = header[7:]
    with runtime.unit_of_work() as session:
        if token:
            return principal_from_token(session, token)
        cookie = websocket.cookies.get(SESSION_COOKIE)
        return principal_from_session(session, cookie) if cookie else None


@router.websocket("/api/ws")
async def live_events(websocket: WebSocket) -> None:
    """Stream live events until the client disconnects (close code 4401 without auth)."""
    runtime: Runtime = websocket.app.state.runtime
    events: EventBus = websocket.app.state.events
    principal = await asyncio.to_thread(_authenticate, websocket, runtime)
    if principal is None:
        await websocket.close(code=4401, reason="authentication required")
        return
    await websocket.accept()
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=QUEUE_LIMIT)
    wanted: dict[str, int | None] = {"job_id": None}

    def on_event(event: dict[str, Any]) -> None:
        with contextlib.suppress(RuntimeError):  # loop closed while shutting down
            loop.call_soon_threadsafe(_offer, queue, event)

    unsubscribe = events.subscribe(on_event)
    reader = asyncio.create_task(_read_filters(websocket, wanted))
    try:
        await websocket.send_json({"type": "hello", "user": principal.username})
        while not reader.done():
            getter = asyncio.create_task(queue.get())
            done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
            if getter not in done:
                getter.cancel()
                break
            event = getter.result()
            job = wanted["job_id"]
            if job is None or event.get("job_id") == job:
                await websocket.send_json(event)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        unsubscribe()
        reader.cancel()


def _offer(queue: asyncio.Queue[dict[str, Any]], event: dict[str, Any]) -> None:
    if queue.full():
        queue.get_nowait()  # drop the oldest: a slow client must not grow memory
    queue.put_nowait(event)


async def _read_filters(websocket: WebSocket, wanted: dict[str, int | None]) -> None:
    while True:
        try:
            text = await websocket.receive_text()
        except WebSocketDisconnect:
            return
        try:
            message = json.loads(text)
            job = message.get("job_id")
            wanted["job_id"] = int(job) if job is not None else None
        except (ValueError, TypeError, AttributeError):
            await websocket.send_json({"type": "error", "detail": 'send {"job_id": N}'})
