"""Fixtures for the browser tests: a real ``sluice up`` server with the built web UI, Debian's
headless Chromium driven by Playwright, and PostgreSQL source/destination databases.

Missing prerequisites FAIL (never skip): the UI is part of the product.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "sluice" / "api" / "static"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("SLUICE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 900}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def built_ui() -> Path:
    """The Vite build the server serves at ``/``."""
    if not (STATIC / "index.html").is_file():
        pytest.fail(
            f"the web UI is not built ({STATIC}/index.html missing): run scripts/build-web.sh "
            "(make test does it when npm is installed)"
        )
    return STATIC


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (never a downloaded browser build), headless."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium "
            "(never `playwright install`)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright Python package is missing: pip install -e '.[test]'")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class SluiceServer:
    """A ``sluice up`` process on a free port with its own data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir / "server.log"
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("SLUICE_") or k.startswith("SLUICE_TEST_")
        }
        env["SLUICE_DATA_DIR"] = str(data_dir)
        sluice = Path(sys.executable).parent / "sluice"
        cmd = [str(sluice)] if sluice.exists() else [sys.executable, "-m", "sluice.cli.main"]
        self._log_fh = self.log.open("wb")
        self.proc = subprocess.Popen(
            [*cmd, "up", "--port", str(self.port)],
            env=env,
            stdout=self._log_fh,
            stderr=subprocess.STDOUT,
            cwd=data_dir,
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                health = f"{self.url}/api/health"  # always http://127.0.0.1
                with urllib.request.urlopen(health, timeout=1) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail(f"sluice up did not start:\n{self.log.read_text(errors='replace')[-4000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_fh.close()


@pytest.fixture
def sluice_server(tmp_path: Path, built_ui: Path) -> Iterator[SluiceServer]:
    server = SluiceServer(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(browser: Browser, sluice_server: SluiceServer) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, base_url=sluice_server.url)
    context.set_default_timeout(15_000)
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    # Shown by pytest when a test fails: which API calls were refused.
    p.on(
        "response",
        lambda r: print(f"HTTP {r.status} {r.request.method} {r.url}") if r.status >= 400 else None,
    )
    try:
        yield p
    finally:
        context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def _with_database(dsn: str, database: str) -> str:
    return urlunsplit(urlsplit(dsn)._replace(path=f"/{database}"))


@pytest.fixture
def demo_databases(pg_dsn: str) -> Iterator[dict[str, Any]]:
    """A shop database (customers, orders with a foreign key) and an empty warehouse."""
    suffix = uuid.uuid4().hex[:10]
    names = {"source": f"e2e_shop_{suffix}", "destination": f"e2e_wh_{suffix}"}
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'CREATE DATABASE "{name}"')
    src = _with_database(pg_dsn, names["source"])
    with psycopg.connect(src, autocommit=True) as conn:
        conn.execute(
            """
            CREATE TABLE customers (
                id serial PRIMARY KEY, name text NOT NULL, email text,
                created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE orders (
                id bigserial PRIMARY KEY, customer_id int REFERENCES customers(id),
                amount numeric(10, 2), status text,
                updated_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO customers (name, email)
                SELECT 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 500) g;
            INSERT INTO orders (customer_id, amount, status, updated_at)
                SELECT 1 + g % 500, (g % 977) * 1.25,
                       CASE WHEN g % 3 = 0 THEN 'paid' ELSE 'open' END,
                       now() - g * interval '1 second'
                FROM generate_series(1, 300000) g;
            ANALYZE;
            """
        )
    parts = urlsplit(pg_dsn)
    info = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "username": parts.username or "postgres",
        "source_db": names["source"],
        "destination_db": names["destination"],
        "destination_dsn": _with_database(pg_dsn, names["destination"]),
        "rows": {"customers": 500, "orders": 300_000},
    }
    try:
        yield info
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            for name in names.values():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def npm() -> str:
    found = shutil.which("npm")
    if not found:
        pytest.fail("npm is missing: the web UI needs Node.js 20+ and npm")
    return found
