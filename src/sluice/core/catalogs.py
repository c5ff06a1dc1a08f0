"""Catalog ↔ JSON for the metadata cache and the API (tables, columns, keys, relationships)."""

from __future__ import annotations

import base64
from typing import Any

import pyarrow as pa

from sluice.connectors.sdk import Catalog, ForeignKey, StreamSpec
from sluice.connectors.sdk.types import describe_fields


def stream_to_json(stream: StreamSpec) -> dict[str, Any]:
    """A stream as JSON: columns with types and nullability, keys, relationships, size.

    ``arrow_schema`` (base64 Arrow IPC) keeps the exact schema for rebuilding the stream.
    """
    namespace, dot, table = stream.name.partition(".")
    return {
        "name": stream.name,
        "namespace": namespace if dot else None,
        "table": table if dot else stream.name,
        "kind": stream.kind,
        "columns": list(describe_fields(stream.schema)),
        "primary_key": list(stream.primary_key),
        "cursor_candidates": list(stream.cursor_candidates),
        "row_estimate": stream.row_estimate,
        "foreign_keys": [
            {
                "columns": list(fk.columns),
                "referred_stream": fk.referred_stream,
                "referred_columns": list(fk.referred_columns),
            }
            for fk in stream.foreign_keys
        ],
        "description": stream.description,
        "arrow_schema": base64.b64encode(stream.schema.serialize().to_pybytes()).decode("ascii"),
    }


def catalog_to_json(catalog: Catalog) -> dict[str, Any]:
    """The whole catalog as JSON."""
    return {"streams": [stream_to_json(s) for s in catalog.streams]}


def stream_from_json(data: dict[str, Any]) -> StreamSpec:
    """Rebuild a :class:`StreamSpec` from :func:`stream_to_json` output."""
    schema = pa.ipc.read_schema(pa.py_buffer(base64.b64decode(data["arrow_schema"])))
    return StreamSpec(
        name=data["name"],
        schema=schema,
        primary_key=tuple(data.get("primary_key") or ()),
        cursor_candidates=tuple(data.get("cursor_candidates") or ()),
        row_estimate=data.get("row_estimate"),
        kind=data.get("kind") or "table",
        foreign_keys=tuple(
            ForeignKey(
                columns=tuple(fk["columns"]),
                referred_stream=fk["referred_stream"],
                referred_columns=tuple(fk["referred_columns"]),
            )
            for fk in data.get("foreign_keys") or ()
        ),
        description=data.get("description"),
    )


def catalog_from_json(data: dict[str, Any]) -> Catalog:
    """Rebuild a :class:`Catalog` from :func:`catalog_to_json` output."""
    return Catalog(tuple(stream_from_json(s) for s in data.get("streams", ())))
