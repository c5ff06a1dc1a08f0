"""Re-chunking and schema conformance of source batches on their way to a destination."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyarrow as pa

from sluice.connectors.sdk import Batch, TerminalError


def rechunk(batches: Iterable[Batch], max_rows: int) -> Iterator[Batch]:
    """Split batches larger than ``max_rows`` into zero-copy slices.

    Guarantees: row order is kept; small batches pass through untouched (they are never
    concatenated); a split batch's checkpoint is attached to its *last* slice only, because the
    checkpoint covers the whole batch.
    """
    if max_rows < 1:
        raise ValueError("max_rows must be at least 1")
    for batch in batches:
        n = batch.records.num_rows
        if n <= max_rows:
            yield batch
            continue
        for offset in range(0, n, max_rows):
            last = offset + max_rows >= n
            yield Batch(batch.records.slice(offset, max_rows), batch.checkpoint if last else None)


def _same_types(a: pa.Schema, b: pa.Schema) -> bool:
    return a.names == b.names and all(x.type.equals(y.type) for x, y in zip(a, b, strict=True))


def conform(records: pa.RecordBatch, schema: pa.Schema, *, stream: str) -> pa.RecordBatch:
    """Return ``records`` with exactly the columns and types of ``schema``.

    A batch whose names and types already match is returned as is (nullability and metadata are
    not compared). Otherwise columns are reordered and safely cast; a batch missing a column or
    holding values that do not fit raises :class:`~sluice.connectors.sdk.TerminalError`, since
    that is a source bug that must not reach the destination silently.
    """
    if _same_types(records.schema, schema):
        return records
    missing = [name for name in schema.names if name not in records.schema.names]
    if missing:
        msg = (
            f"stream {stream!r}: the source yielded a batch without column(s) "
            f"{', '.join(missing)} it declared"
        )
        raise TerminalError(msg)
    arrays = []
    for field in schema:
        column = records.column(field.name)
        if not column.type.equals(field.type):
            try:
                column = column.cast(field.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                msg = (
                    f"stream {stream!r}: column {field.name!r} is {column.type} in a batch "
                    f"but {field.type} in the declared schema"
                )
                raise TerminalError(msg) from exc
        arrays.append(column)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
