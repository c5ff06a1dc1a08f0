"""The file source: one stream per config over a file or a glob, read in bounded batches."""

from __future__ import annotations

import glob
import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pyarrow.parquet as pq
import pyarrow.types as pat
from typing_extensions import override

from sluice.connectors.builtin.file.config import FileConfig
from sluice.connectors.builtin.file.cursor import CursorState
from sluice.connectors.builtin.file.formats import align, format_of, iter_file, read_schema
from sluice.connectors.sdk import (
    Batch,
    Capability,
    Catalog,
    Checkpoint,
    CheckResult,
    ConfigError,
    ConfiguredStream,
    ConnectorError,
    Source,
    StreamSpec,
    SyncMode,
    TerminalError,
)


def _is_cursor_type(t: pa.DataType) -> bool:
    return bool(
        pat.is_integer(t)
        or pat.is_floating(t)
        or pat.is_decimal(t)
        or pat.is_temporal(t)
        or pat.is_string(t)
        or pat.is_large_string(t)
    )


class FileSource(Source[FileConfig]):
    """Reads ``config.path`` (a file or glob) as one stream.

    The schema is inferred from the first matching file (sorted by path); later files are read
    with those types, missing columns become NULL and extra columns are ignored. Incremental
    reads keep rows whose cursor is greater than the checkpoint's (see :mod:`.cursor`).
    """

    spec: ClassVar[type[FileConfig]] = FileConfig
    capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.INCREMENTAL})

    def _pattern(self) -> str:
        if not self.config.path:
            raise ConfigError("set 'path' to a file or a glob to read files", field="path")
        return str(Path(self.config.path).expanduser())

    def files(self) -> list[Path]:
        """Every file the pattern matches now, sorted by path."""
        pattern = self._pattern()
        if glob.has_magic(pattern):
            found = [Path(p) for p in glob.glob(pattern, recursive=True)]
        else:
            found = [Path(pattern)]
        return sorted(p for p in found if p.is_file())

    def stream_name(self) -> str:
        """``config.stream_name``, else the pattern's file stem without glob characters."""
        if self.config.stream_name:
            return self.config.stream_name
        name = Path(self._pattern()).name.split(".")[0]
        name = re.sub(r"[*?\[\]]+", "", name).strip("_-. ")
        return name or Path(self._pattern()).parent.name or "files"

    def _first(self) -> Path:
        files = self.files()
        if not files:
            raise TerminalError(f"no file matches {self._pattern()!r}")
        return files[0]

    @override
    def check(self) -> CheckResult:
        try:
            files = self.files()
            if not files:
                return CheckResult(ok=False, message=f"no file matches {self._pattern()!r}")
            read_schema(files[0], format_of(files[0], self.config), self.config)
        except ConnectorError as exc:
            return CheckResult(ok=False, message=str(exc))
        return CheckResult(ok=True, message=f"{len(files)} file(s) match")

    @override
    def discover(self) -> Catalog:
        first = self._first()
        fmt = format_of(first, self.config)
        schema = read_schema(first, fmt, self.config)
        estimate = None
        if fmt == "parquet":
            estimate = sum(pq.ParquetFile(f).metadata.num_rows for f in self.files())
        stream = StreamSpec(
            name=self.stream_name(),
            schema=schema,
            cursor_candidates=tuple(f.name for f in schema if _is_cursor_type(f.type)),
            row_estimate=estimate,
            kind="files",
            description=f"{fmt} files matching {self._pattern()}",
        )
        return Catalog((stream,))

    @override
    def read(self, configured: ConfiguredStream, checkpoint: Checkpoint | None) -> Iterator[Batch]:
        files = self.files()
        if not files:
            raise TerminalError(f"no file matches {self._pattern()!r}")
        selected = configured.selected_schema
        cursor = configured.cursor_field if configured.sync_mode is SyncMode.INCREMENTAL else None
        if cursor is not None and cursor not in selected.names:
            raise ConfigError(f"cursor field {cursor!r} is not a selected column")
        state = (
            CursorState.resume(checkpoint, cursor, selected.field(cursor).type)
            if cursor is not None
            else None
        )
        nothing = pa.RecordBatch.from_pylist([], schema=selected)
        for path in files:
            if state is not None and str(path) in state.done:
                continue
            fmt = format_of(path, self.config)
            file_schema = self._file_schema(path, fmt, configured.stream.schema)
            for raw in iter_file(path, fmt, self.config, file_schema, selected.names):
                batch = align(raw, selected, where=str(path))
                if state is not None:
                    batch = state.filter(batch)
                if batch.num_rows:
                    yield Batch(batch)
            if state is not None:
                state.done.append(str(path))
                yield Batch(nothing, state.in_progress())
        if state is not None:
            yield Batch(nothing, state.final())

    def _file_schema(self, path: Path, fmt: str, declared: pa.Schema) -> pa.Schema:
        """The declared types for the columns this file has (text formats get no inference)."""
        own = read_schema(path, fmt, self.config)
        if fmt == "parquet":
            return own
        return pa.schema(
            [declared.field(n) if n in declared.names else own.field(n) for n in own.names]
        )
