"""Serves the built web UI at ``/`` with a single-page-app fallback; ``/api`` stays the API."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

_NO_BUILD = """<!doctype html><html><head><meta charset="utf-8"><title>Sluice</title></head>
<body style="font-family:system-ui;margin:3rem"><h1>Sluice is running</h1>
<p>The web UI has not been built into this installation. The API is at
<a href="/api/docs">/api/docs</a>.</p></body></html>"""


def mount_web_ui(app: FastAPI, web_dir: Path) -> None:
    """Serve files from ``web_dir``; unknown non-API paths get ``index.html`` (client routing)."""
    root = web_dir.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    async def web(path: str, request: Request) -> Response:
        if path.startswith("api/") or path == "api":
            return JSONResponse({"detail": "no such endpoint"}, status_code=404)
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(_NO_BUILD)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            cache = (
                "public, max-age=31536000, immutable" if "/assets/" in request.url.path else None
            )
            headers = {"Cache-Control": cache} if cache else None
            return FileResponse(candidate, headers=headers)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
