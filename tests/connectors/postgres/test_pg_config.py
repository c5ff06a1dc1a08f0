"""The descriptor and the config spec: cheap import, a form-ready JSON Schema, strict fields."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from sluice.connectors.builtin.postgres import PostgresConfig, connector
from sluice.connectors.builtin.postgres.copy_io import map_error
from sluice.connectors.sdk import (
    Capability,
    ConfigError,
    ConnectorKind,
    TerminalError,
    TransientError,
)


def test_descriptor_is_cheap_and_complete() -> None:
    code = (
        "import sys; import sluice.connectors.builtin.postgres as p; "
        "print(p.connector.name, 'psycopg' in sys.modules, 'pyarrow.csv' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["postgres", "False", "False"]
    assert connector.kind == ConnectorKind.BOTH
    assert connector.source_class().__name__ == "PostgresSource"
    assert connector.destination_class().__name__ == "PostgresDestination"
    assert Capability.POSTGRES_BINARY_COPY in connector.source_class().capabilities
    assert Capability.MERGE in connector.destination_class().capabilities


def test_config_schema_renders_a_form_with_a_secret_password() -> None:
    schema = connector.config_schema()
    props = schema["properties"]
    assert set(props) == {"host", "port", "database", "username", "password", "sslmode", "schemas"}
    assert all(p.get("title") and p.get("description") for p in props.values())
    assert connector.secret_fields() == ["password"]
    assert set(schema["required"]) == {"host", "database", "username"}
    cfg = PostgresConfig.model_validate({"host": "h", "database": "d", "username": "u"})
    assert (cfg.port, cfg.sslmode, cfg.schemas) == (5432, "prefer", None)
    assert cfg.password.get_secret_value() == ""
    assert "password" not in cfg.connect_kwargs()
    nulled = PostgresConfig.model_validate(
        {"host": "h", "database": "d", "username": "u", "password": None}
    )
    assert nulled.password.get_secret_value() == ""


def test_config_rejects_unknown_fields_and_bad_sslmode() -> None:
    base = {"host": "h", "database": "d", "username": "u"}
    with pytest.raises(ValidationError):
        PostgresConfig.model_validate({**base, "hots": "x"})
    with pytest.raises(ValidationError):
        PostgresConfig.model_validate({**base, "sslmode": "sometimes"})


def test_password_never_shows_in_repr() -> None:
    cfg = PostgresConfig.model_validate(
        {"host": "h", "database": "d", "username": "u", "password": "hunter2"}
    )
    assert "hunter2" not in repr(cfg)
    assert cfg.connect_kwargs()["password"] == "hunter2"


def test_error_mapping() -> None:
    import psycopg

    assert isinstance(
        map_error(psycopg.errors.SerializationFailure("x"), "reading"), TransientError
    )
    assert isinstance(map_error(psycopg.errors.AdminShutdown("x"), "reading"), TransientError)
    assert isinstance(
        map_error(psycopg.OperationalError("connection refused"), "x"), TransientError
    )
    assert isinstance(map_error(psycopg.errors.InvalidPassword("bad"), "x"), ConfigError)
    undefined = map_error(psycopg.errors.UndefinedTable("no such table"), "reading")
    assert isinstance(undefined, TerminalError)
    assert not isinstance(undefined, ConfigError)
    assert "no such table" in str(undefined)
