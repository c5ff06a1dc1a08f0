"""The file destination: one Parquet or CSV table per stream under ``directory/namespace``.

Layout of a table ``<name>`` in namespace ``<ns>`` (``<ext>`` is ``parquet`` or ``csv``)::

    <directory>/<ns>/<name>.<ext>                 written by overwrite (full refresh)
    <directory>/<ns>/<name>/part-<utc>-<id>.<ext> one per append/incremental commit

The table is the base file plus every part file (``pyarrow.dataset.dataset(table_files(...))``
reads it; :func:`read_table` does exactly that). Writers stage into a hidden temp file
(``.<name>.<id>.tmp``, skipped by dataset readers) in the same directory, so publishing is an
``os.replace``:

- overwrite: ``commit`` atomically replaces the base file, then deletes the part files (a table
  only ever written by full refresh is swapped atomically; one that mixes modes briefly shows
  stale parts until they are deleted). ``abort`` deletes the temp file; the old table stays.
- append: each ``commit`` atomically publishes one new part file.
- merge is not supported (no ``Capability.MERGE``); ``open`` raises ``ConfigError``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import shutil
import uuid
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from typing_extensions import override

from sluice.connectors.builtin.file.config import FileConfig
from sluice.connectors.builtin.file.formats import align
from sluice.connectors.sdk import (
    CheckResult,
    ConfigError,
    Destination,
    StreamWriter,
    TransientError,
    WriteMode,
    WriteTarget,
)


def output_format(config: FileConfig) -> str:
    """``parquet`` or ``csv``; ``auto`` writes Parquet."""
    if config.format in ("auto", "parquet"):
        return "parquet"
    if config.format == "csv":
        return "csv"
    raise ConfigError("the file destination writes parquet or csv, not jsonl", field="format")


def table_files(directory: Path, namespace: str, name: str, fmt: str) -> list[Path]:
    """The files making up a table: the base file (if any), then part files in commit order."""
    root = directory / namespace
    base = root / f"{name}.{fmt}"
    parts = sorted((root / name).glob(f"part-*.{fmt}")) if (root / name).is_dir() else []
    return ([base] if base.is_file() else []) + parts


def read_table(directory: Path, namespace: str, name: str, fmt: str = "parquet") -> pa.Table:
    """Read a whole table written by this destination (for tests and quick looks)."""
    import pyarrow.dataset as ds

    files = [str(f) for f in table_files(directory, namespace, name, fmt)]
    if not files:
        raise FileNotFoundError(f"no table {namespace}.{name} in {directory}")
    if fmt == "parquet":
        schema = pa.unify_schemas([pq.read_schema(f) for f in files], promote_options="permissive")
        return ds.dataset(files, schema=schema, format="parquet").to_table()
    return pa.concat_tables([pacsv.read_csv(f) for f in files], promote_options="permissive")


class FileWriter(StreamWriter):
    """Stages batches into a temp file; ``commit`` publishes it (see the module docstring)."""

    def __init__(self, config: FileConfig, target: WriteTarget, root: Path, fmt: str) -> None:
        self.config = config
        self.target = target
        self.root = root
        self.fmt = fmt
        self.schema = target.schema
        self._overwrite = target.write_mode is WriteMode.OVERWRITE
        self._temp: Path | None = None
        self._writer: pq.ParquetWriter | pacsv.CSVWriter | None = None

    def _open_temp(self) -> None:
        self._temp = self.root / f".{self.target.name}.{uuid.uuid4().hex}.tmp"
        if self.fmt == "parquet":
            self._writer = pq.ParquetWriter(self._temp, self.schema)
        else:
            options = pacsv.WriteOptions(
                include_header=self.config.header, delimiter=self.config.delimiter
            )
            self._writer = pacsv.CSVWriter(self._temp, self.schema, write_options=options)

    @override
    def write(self, batch: pa.RecordBatch) -> None:
        if self._writer is None:
            self._open_temp()
        assert self._writer is not None  # noqa: S101 - opened above
        self._writer.write_batch(align(batch, self.schema, where=self.target.name))

    @override
    def commit(self) -> None:
        if self._writer is None:
            if not self._overwrite:
                return  # nothing to append
            self._open_temp()  # an empty full refresh empties the table
        assert self._writer is not None  # noqa: S101
        assert self._temp is not None  # noqa: S101
        self._writer.close()
        self._writer = None
        temp, self._temp = self._temp, None
        try:
            if self._overwrite:
                os.replace(temp, self.root / f"{self.target.name}.{self.fmt}")
                shutil.rmtree(self.root / self.target.name, ignore_errors=True)
                self._overwrite = False  # later commits append to what was swapped in
            else:
                parts = self.root / self.target.name
                parts.mkdir(exist_ok=True)
                stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
                os.replace(temp, parts / f"part-{stamp}-{uuid.uuid4().hex[:8]}.{self.fmt}")
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise TransientError(f"cannot publish {self.target.name}: {exc}") from exc

    @override
    def abort(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):  # abort never raises
                self._writer.close()
            self._writer = None
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
            self._temp = None

    @override
    def close(self) -> None:
        self.abort()


class FileDestination(Destination[FileConfig]):
    """Writes streams as Parquet or CSV tables under ``config.directory``."""

    spec: ClassVar[type[FileConfig]] = FileConfig

    def _directory(self) -> Path:
        if not self.config.directory:
            raise ConfigError("set 'directory' to write files", field="directory")
        return Path(self.config.directory).expanduser()

    @override
    def check(self) -> CheckResult:
        try:
            directory = self._directory()
            output_format(self.config)
        except ConfigError as exc:
            return CheckResult(ok=False, message=str(exc))
        try:
            directory.mkdir(parents=True, exist_ok=True)
            probe = directory / f".sluice-check-{uuid.uuid4().hex}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            return CheckResult(ok=False, message=f"cannot write to {directory}: {exc}")
        return CheckResult(ok=True, message=f"{directory} is writable")

    @override
    def existing_schema(self, namespace: str, name: str) -> pa.Schema | None:
        fmt = output_format(self.config)
        files = table_files(self._directory(), namespace, name, fmt)
        if not files:
            return None
        if fmt == "parquet":
            return pa.unify_schemas(
                [pq.read_schema(f) for f in files], promote_options="permissive"
            )
        # CSV keeps no types: report the header's columns as untyped (null), which schema
        # drift treats as "any type fits".
        with files[0].open(newline="") as handle:
            header = next(csv.reader(handle, delimiter=self.config.delimiter), [])
        return pa.schema([(column, pa.null()) for column in header])

    @override
    def open(self, target: WriteTarget) -> StreamWriter:
        if target.write_mode is WriteMode.MERGE:
            raise ConfigError(
                "the file destination cannot merge; write with 'append' or 'overwrite'",
                field="write_mode",
            )
        fmt = output_format(self.config)
        root = self._directory() / target.namespace
        root.mkdir(parents=True, exist_ok=True)
        return FileWriter(self.config, target, root, fmt)
