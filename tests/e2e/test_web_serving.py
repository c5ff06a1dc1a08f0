"""The built UI is served at / with a single-page-app fallback, gzipped, assets cached forever."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import make_settings, running_app

STATIC = Path(__file__).parents[2] / "src" / "sluice" / "api" / "static"


def test_ui_is_served_compressed_with_an_spa_fallback(tmp_path: Path) -> None:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web UI is not built: run scripts/build-web.sh (make test does)")
    with running_app(make_settings(tmp_path, None)) as (client, _):
        index = client.get("/")
        assert index.status_code == 200
        assert "<title>Sluice</title>" in index.text
        deep = client.get("/pipelines/12/jobs/3")  # client-side route
        assert deep.status_code == 200
        assert deep.text == index.text
        assert deep.headers["cache-control"] == "no-cache"
        script = re.findall(r'src="(/assets/[^"]+\.js)"', index.text)[0]
        asset = client.get(script, headers={"accept-encoding": "gzip"})
        assert asset.status_code == 200
        assert asset.headers["content-encoding"] == "gzip"
        assert "immutable" in asset.headers["cache-control"]
        api_404 = client.get("/api/not-a-route")
        assert api_404.status_code == 404
        assert api_404.json() == {"detail": "no such endpoint"}
