"""The one typed settings object. Built once at process start and passed down.

Every field can be set from the environment with the ``SLUICE_`` prefix, e.g.
``SLUICE_DATABASE_URL``, ``SLUICE_PORT``, ``SLUICE_MASTER_PASSWORD_FILE``. Nothing else in Sluice
reads ``os.environ``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


class SluiceSettings(BaseSettings):
    """Runtime settings of every Sluice process (server, worker, scheduler, CLI)."""

    model_config = SettingsConfigDict(env_prefix="SLUICE_", extra="ignore")

    data_dir: Path = Field(
        default=Path("./.sluice"),
        description="Where the embedded database, logs and exports live.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the metadata DB; default: SQLite file in data_dir.",
    )
    broker_url: str | None = Field(
        default=None,
        description="Celery broker (redis://...). Unset: jobs run in-process (embedded).",
    )
    celery_queue: str = Field(
        default="sluice",
        description="Celery queue (and live-event channel prefix); separates installations "
        "sharing one Redis.",
    )
    host: str = Field(default="127.0.0.1", description="Address the HTTP server binds.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the HTTP server binds.")
    log_level: LogLevel = "INFO"
    master_password_file: Path | None = Field(
        default=None,
        description="File holding the master password: unlocks the keyring at start (headless).",
    )
    pbkdf2_iterations: int = Field(
        default=600_000,
        ge=100_000,
        description="PBKDF2-HMAC-SHA256 iterations for new wrappings of the data key.",
    )
    session_ttl_hours: int = Field(default=24 * 7, ge=1, description="UI login session lifetime.")
    secure_cookies: bool = Field(
        default=False, description="Mark the session cookie Secure (set behind HTTPS)."
    )
    unlock_max_failures: int = Field(
        default=5, ge=1, description="Failed unlocks/logins before attempts are slowed down."
    )
    public_url: str | None = Field(
        default=None,
        description="Base URL people open Sluice at (links in notifications); "
        "default http://host:port.",
    )
    heartbeat_seconds: float = Field(
        default=2.0, gt=0, description="How often a running job records that it is alive."
    )
    worker_lost_seconds: float = Field(
        default=120.0,
        gt=0,
        description="A running job without a heartbeat for this long is failed as 'worker lost'.",
    )
    scheduler_interval_seconds: float = Field(
        default=5.0, gt=0, description="How often the scheduler looks for due pipelines."
    )
    max_concurrent_jobs: int = Field(
        default=4, ge=1, description="Jobs run at once by the embedded executor or one worker."
    )
    web_dir: Path | None = Field(
        default=None, description="Built web UI to serve at /; default: the packaged build."
    )

    @field_validator(
        "master_password_file", "database_url", "broker_url", "public_url", "web_dir", mode="before"
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """``SLUICE_X=`` (empty) means "not set", not the current directory or an empty URL."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def base_url(self) -> str:
        """Where people reach Sluice, for links in notifications."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def resolved_database_url(self) -> str:
        """The metadata DB URL, defaulting to ``sqlite:///<data_dir>/sluice.db``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sluice.db').resolve()}"

    def read_master_password(self) -> SecretStr | None:
        """The master password from ``master_password_file`` (trailing newline stripped)."""
        if self.master_password_file is None:
            return None
        try:
            text = self.master_password_file.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            msg = (
                f"cannot read SLUICE_MASTER_PASSWORD_FILE {self.master_password_file}: "
                f"{exc.strerror or exc}"
            )
            raise ValueError(msg) from exc
        return SecretStr(text) if text else None
