"""Sample data and small helpers shared by the conformance classes."""

# ruff: noqa: S101 - a test kit asserts

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

import pyarrow as pa
from pydantic import SecretBytes, SecretStr

RowCount = Callable[[str, str], int | None]
ConfigFactory = Callable[[Any], dict[str, Any]]

SAMPLE_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("name", pa.string()),
        pa.field("amount", pa.float64()),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
    ]
)
"""The schema destination tests write (types every destination should map)."""


def sample_batch(ids: range, schema: pa.Schema = SAMPLE_SCHEMA) -> pa.RecordBatch:
    """Deterministic rows for ``ids`` with ``schema``'s columns (extra columns get text)."""
    n = len(ids)
    columns: dict[str, pa.Array] = {
        "id": pa.array(list(ids), pa.int64()),
        "name": pa.array([f"name {i}" for i in ids], pa.string()),
        "amount": pa.array([i * 1.5 for i in ids], pa.float64()),
        "created_at": pa.array([1_700_000_000_000_000 + i for i in ids], pa.int64()).cast(
            pa.timestamp("us", tz="UTC")
        ),
    }
    arrays = [
        columns[f.name] if f.name in columns else pa.array([f"x{i}" for i in ids]).cast(f.type)
        for f in schema
    ]
    assert all(len(a) == n for a in arrays)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def skip_not_applicable(reason: str) -> None:
    import pytest

    pytest.skip(reason)


def field_types(schema: pa.Schema) -> list[tuple[str, pa.DataType]]:
    return [(f.name, f.type) for f in schema]


def is_secret(annotation: Any) -> bool:
    if annotation in (SecretStr, SecretBytes):
        return True
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return any(is_secret(a) for a in typing.get_args(annotation))
    return False
