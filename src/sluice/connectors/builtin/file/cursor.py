"""Incremental reads over files: the cursor threshold and the checkpoints that carry it.

Files are not sorted by cursor, so a run cannot advance the cursor before it has read every
file. Instead, each finished file yields an *in-progress* checkpoint (the old threshold, the
highest cursor seen so far and the files already read); a resumed run skips those files. The
last batch carries the *final* checkpoint: the new threshold and no file list.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.types as pat

from sluice.connectors.sdk import Checkpoint


def encode(value: pa.Scalar) -> Any:
    """A JSON-serialisable form of a cursor value."""
    py = value.as_py()
    if isinstance(py, dt.date | dt.datetime | dt.time):
        return py.isoformat()
    if isinstance(py, decimal.Decimal):
        return str(py)
    return py


def decode(value: Any, type_: pa.DataType) -> pa.Scalar:
    """The cursor value stored by :func:`encode`, as a scalar of the column's type."""
    if isinstance(value, str) and pat.is_timestamp(type_):
        return pa.scalar(dt.datetime.fromisoformat(value), type_)
    if isinstance(value, str) and pat.is_date(type_):
        return pa.scalar(dt.date.fromisoformat(value), type_)
    if isinstance(value, str) and pat.is_decimal(type_):
        return pa.scalar(decimal.Decimal(value), type_)
    return pa.scalar(value).cast(type_)


@dataclass
class CursorState:
    """The threshold of this run, the highest cursor read so far and the files done."""

    column: str
    type: pa.DataType
    threshold: pa.Scalar | None = None
    highest: pa.Scalar | None = None
    done: list[str] = dc_field(default_factory=list)

    @classmethod
    def resume(cls, checkpoint: Checkpoint | None, field: str, type_: pa.DataType) -> CursorState:
        """Start from ``checkpoint``; one written for another cursor column is ignored."""
        state = cls(field, type_)
        data = checkpoint.data if checkpoint is not None else {}
        if data.get("cursor_field") != field:
            return state
        if data.get("cursor") is not None:
            state.threshold = decode(data["cursor"], type_)
        if data.get("highest") is not None:
            state.highest = decode(data["highest"], type_)
        state.done = list(data.get("files_done", []))
        return state

    def filter(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Rows past the threshold; remembers the highest cursor among them."""
        column = batch.column(self.column)
        if self.threshold is not None:
            batch = batch.filter(pc.greater(column, self.threshold))
            column = batch.column(self.column)
        top = pc.max(column)
        if top.is_valid and (self.highest is None or pc.greater(top, self.highest).as_py()):
            self.highest = top
        return batch

    def _enc(self, value: pa.Scalar | None) -> Any:
        return encode(value) if value is not None else None

    def in_progress(self) -> Checkpoint:
        """Resume point after a file: same threshold, files done so far."""
        return Checkpoint(
            {
                "cursor_field": self.column,
                "cursor": self._enc(self.threshold),
                "highest": self._enc(self.highest),
                "files_done": list(self.done),
            }
        )

    def final(self) -> Checkpoint:
        """Resume point after every file: the new threshold."""
        newest = self.highest if self.highest is not None else self.threshold
        return Checkpoint({"cursor_field": self.column, "cursor": self._enc(newest)})
