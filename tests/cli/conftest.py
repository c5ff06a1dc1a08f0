"""CLI fixtures: a set-up Sluice on a temp SQLite metadata DB, configured through ``SLUICE_*``
environment variables exactly as a user would, plus real PostgreSQL source/destination DBs."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from click.testing import Result
from typer.testing import CliRunner

from sluice.cli.main import app

MASTER = "correct horse battery staple"


@dataclass
class Cli:
    """Runs ``sluice`` commands in-process; ``home`` is the data dir."""

    home: Path
    password_file: Path

    def __call__(self, *args: str, input: str | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), input=input)
        assert "Traceback" not in result.output, result.output
        if result.exception is not None:  # expected errors exit; anything else is a bug
            assert isinstance(result.exception, SystemExit), result.exception
        return result

    def ok(self, *args: str, input: str | None = None) -> str:
        result = self(*args, input=input)
        assert result.exit_code == 0, result.output
        return result.output

    def write_json(self, name: str, data: object) -> str:
        path = self.home / name
        path.write_text(json.dumps(data), encoding="utf-8")
        return str(path)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Environment for an un-setup Sluice in ``tmp_path`` (wide, plain terminal output)."""
    for name in ("SLUICE_DATABASE_URL", "SLUICE_BROKER_URL", "SLUICE_MASTER_PASSWORD_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLUICE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SLUICE_PBKDF2_ITERATIONS", "100000")
    monkeypatch.setenv("SLUICE_LOG_LEVEL", "WARNING")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    password_file = tmp_path / "master-password"
    password_file.write_text(MASTER + "\n", encoding="utf-8")
    return Cli(home=tmp_path, password_file=password_file)


@pytest.fixture
def cli(cli_env: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A set-up Sluice whose master password file is in ``SLUICE_MASTER_PASSWORD_FILE``."""
    cli_env.ok(
        "setup",
        "--admin-username",
        "admin",
        "--admin-password",
        "admin-password-1",
        "--master-password",
        MASTER,
    )
    monkeypatch.setenv("SLUICE_MASTER_PASSWORD_FILE", str(cli_env.password_file))
    return cli_env


def pg_config(dsn: str) -> dict[str, object]:
    """The ``postgres`` connector config for ``dsn`` (trust auth: any password works)."""
    parts = urlsplit(dsn)
    return {
        "host": parts.hostname,
        "port": parts.port,
        "database": parts.path.lstrip("/"),
        "username": parts.username,
        "password": "s3cret-never-printed",
    }


@pytest.fixture
def source_db(pg_database: str) -> str:
    """A source database with ``public.items`` (500 rows) and ``public.extra`` (3 rows)."""
    with psycopg.connect(pg_database, autocommit=True) as db:
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2))")
        db.execute(
            "INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 500) g"
        )
        db.execute("CREATE TABLE extra (id int PRIMARY KEY, note text)")
        db.execute("INSERT INTO extra VALUES (1, 'a'), (2, 'b'), (3, 'c')")
        db.execute("ANALYZE")
    return pg_database


@pytest.fixture
def dest_db(pg_dsn: str) -> Iterator[str]:
    """An empty destination database; dropped afterwards."""
    name = f"d_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(pg_dsn)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
