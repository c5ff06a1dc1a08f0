"""Helpers shared by the CLI command groups: consoles, the runtime with its keyring unlocked,
name-or-id lookups, and turning expected errors into a red message and exit code 1."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from sluice.core import system
from sluice.core.runtime import Runtime
from sluice.errors import SluiceError

MasterPasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--master-password-file",
        help="File holding the master password (default: SLUICE_MASTER_PASSWORD_FILE, "
        "else a hidden prompt).",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
]


def out() -> Console:
    """A console on stdout (built per command, so it sees the current terminal width)."""
    return Console()


def err() -> Console:
    """A console on stderr."""
    return Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` in red on stderr and exit with ``code``."""
    err().print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(code)


@contextmanager
def cli_errors() -> Iterator[None]:
    """Expected (domain) errors become a red one-line message and exit code 1, never a
    traceback."""
    try:
        yield
    except SluiceError as exc:
        fail(str(exc))


@contextmanager
def open_runtime(
    *, unlock: bool = False, master_password_file: Path | None = None
) -> Iterator[Runtime]:
    """The process runtime on a migrated, set-up metadata DB; with ``unlock``, the keyring is
    unlocked from the password file (option, then ``SLUICE_MASTER_PASSWORD_FILE``) or a hidden
    prompt. Closed on exit."""
    from sluice.cli.main import load_settings

    settings = load_settings()
    if master_password_file is not None:
        settings = settings.model_copy(update={"master_password_file": master_password_file})
    runtime = Runtime.create(settings)
    try:
        runtime.require_migrated()
        with runtime.unit_of_work() as session:
            initialized = system.is_initialized(session)
        if not initialized:
            fail("Sluice is not set up yet: run `sluice setup` first")
        if unlock:
            _unlock(runtime)
        yield runtime
    finally:
        runtime.close()


def _unlock(runtime: Runtime) -> None:
    try:
        password = runtime.settings.read_master_password()
    except OSError as exc:
        fail(f"cannot read the master password file: {exc}")
    if password is not None:
        secret = password.get_secret_value()
    else:
        secret = typer.prompt("Master password", hide_input=True)
    with runtime.unit_of_work() as session:
        runtime.keyring.unlock(session, secret)


def read_json_file(path: Path, what: str) -> dict[str, Any]:
    """A JSON object from ``path``; a readable error for a missing file or bad JSON."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {what} {path}: {exc.strerror or exc}")
    return parse_json_object(text, f"{what} {path}")


def parse_json_object(text: str, what: str) -> dict[str, Any]:
    """``text`` parsed as a JSON object; a readable error otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{what} is not valid JSON: {exc}")
    if not isinstance(data, dict):
        fail(f"{what} must be a JSON object")
    return data


def when(value: dt.datetime | None) -> str:
    """A timestamp for tables: ``2024-05-01 12:00 UTC``, or ``-``."""
    if value is None:
        return "-"
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
