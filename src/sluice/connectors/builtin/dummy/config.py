"""Configuration of the fault-injecting ``dummy`` connector (source and destination)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

FailKind = Literal["transient", "terminal"]
FailMode = Literal["once", "always"]


class DummyConfig(BaseModel):
    """Deterministic data and injected faults, for engine tests and demos.

    Source: every stream in ``streams`` yields ``rows`` rows (``id`` int64 from 1, ``updated_at``
    a UTC timestamp one second apart, plus ``columns`` extra columns ``col_1``…) in batches of
    ``batch_size``. ``fail_after_rows`` raises once that many rows of a stream were yielded.

    Destination: committed tables live in a process-global in-memory store named ``store``
    (see :mod:`sluice.connectors.builtin.dummy.store`). ``fail_on_write`` / ``fail_on_commit``
    raise on the Nth ``write`` / ``commit`` call of a writer.

    ``fail_mode="once"`` fires each fault a single time per process (keyed by ``store``, the
    stream and the fault), so a retry succeeds; ``"always"`` fires on every attempt.
    """

    model_config = ConfigDict(extra="forbid", title="Dummy")

    streams: list[str] = Field(default_factory=lambda: ["items"], min_length=1)
    rows: int = Field(default=100, ge=0)
    start_id: int = Field(default=1, description="id of the first row")
    batch_size: int = Field(default=10, ge=1)
    columns: int = Field(default=1, ge=0, description="extra columns col_1..col_N")
    column_type: Literal["string", "int32", "int64", "float64"] = "string"
    inclusive_cursor: bool = Field(
        default=False, description="re-read rows equal to the checkpoint cursor (like a DB)"
    )
    slow_ms: int = Field(default=0, ge=0, description="sleep before each batch")
    fail_after_rows: int | None = Field(default=None, ge=0)
    fail_on_write: int | None = Field(default=None, ge=1)
    fail_on_commit: int | None = Field(default=None, ge=1)
    fail_kind: FailKind = "transient"
    fail_mode: FailMode = "once"
    check_fails: bool = Field(default=False, description="check() reports a failure")
    store: str = "default"
    token: SecretStr = Field(default=SecretStr(""), description="unused; exercises secrets")
