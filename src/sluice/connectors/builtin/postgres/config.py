"""The PostgreSQL connection settings shared by the source and the destination.

The model is the connector's spec: its JSON Schema drives the UI form (titles, descriptions,
``password`` rendered as a write-only secret) and it rejects unknown fields so a typo never
silently falls back to a default.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

SslMode = Literal["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]


class PostgresConfig(BaseModel):
    """How to reach one PostgreSQL database."""

    model_config = ConfigDict(extra="forbid", title="PostgreSQL")

    host: str = Field(title="Host", description="Server host name or IP address.")
    port: int = Field(default=5432, ge=1, le=65535, title="Port", description="Server TCP port.")
    database: str = Field(title="Database", description="Name of the database to connect to.")
    username: str = Field(title="User name", description="Role to log in as.")
    password: SecretStr = Field(
        default=SecretStr(""),
        title="Password",
        description="Password of the role; leave empty for trust or certificate auth.",
    )
    sslmode: SslMode = Field(
        default="prefer",
        title="SSL mode",
        description="libpq sslmode: disable, allow, prefer, require, verify-ca or verify-full.",
    )
    schemas: list[str] | None = Field(
        default=None,
        title="Schemas",
        description="Only discover streams in these schemas (all non-system schemas if empty).",
    )

    @field_validator("password", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        """A missing or ``null`` password means "no password" (trust or certificate auth)."""
        return "" if value is None else value

    def connect_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``psycopg.connect`` (the secret revealed only here)."""
        kwargs: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "dbname": self.database,
            "user": self.username,
            "sslmode": self.sslmode,
            "connect_timeout": 10,
            "application_name": "sluice",
        }
        if self.password.get_secret_value():
            kwargs["password"] = self.password.get_secret_value()
        return kwargs
