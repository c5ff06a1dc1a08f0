"""Streaming readers per file format, and alignment of batches to a declared schema."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq

from sluice.connectors.builtin.file.config import FileConfig
from sluice.connectors.sdk import ConfigError, TerminalError

EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def format_of(path: Path, config: FileConfig) -> str:
    """The format of ``path``: the configured one, or guessed from its extension."""
    if config.format != "auto":
        return config.format
    suffixes = [s for s in path.suffixes if s not in (".gz", ".bz2")]
    fmt = EXTENSIONS.get(suffixes[-1].lower()) if suffixes else None
    if fmt is None:
        msg = f"cannot tell the format of {path.name!r} from its extension; set 'format'"
        raise ConfigError(msg, field="format")
    return fmt


def _csv_options(
    config: FileConfig, schema: pa.Schema | None, columns: Sequence[str] | None
) -> dict[str, object]:
    convert = pacsv.ConvertOptions(
        column_types={f.name: f.type for f in schema} if schema is not None else None,
        include_columns=list(columns) if columns is not None else None,
    )
    return {
        "read_options": pacsv.ReadOptions(
            block_size=config.block_bytes, autogenerate_column_names=not config.header
        ),
        "parse_options": pacsv.ParseOptions(delimiter=config.delimiter),
        "convert_options": convert,
    }


def read_schema(path: Path, fmt: str, config: FileConfig) -> pa.Schema:
    """The schema of one file: Parquet's own, or inferred from the first block of text."""
    try:
        if fmt == "parquet":
            return pq.read_schema(path)
        if fmt == "csv":
            with pacsv.open_csv(path, **_csv_options(config, None, None)) as reader:
                return reader.schema
        read = pajson.ReadOptions(block_size=config.block_bytes)
        with pajson.open_json(path, read_options=read) as reader:
            return reader.schema
    except (pa.ArrowInvalid, OSError) as exc:
        raise TerminalError(f"cannot read the schema of {path}: {exc}") from exc


def iter_file(
    path: Path, fmt: str, config: FileConfig, file_schema: pa.Schema, columns: Sequence[str]
) -> Iterator[pa.RecordBatch]:
    """Stream ``columns`` of one file in bounded batches, typed as ``file_schema`` says."""
    present = [c for c in columns if c in file_schema.names]
    try:
        if fmt == "parquet":
            yield from pq.ParquetFile(path).iter_batches(
                batch_size=config.batch_rows, columns=present
            )
        elif fmt == "csv":
            options = _csv_options(config, file_schema, present)
            with pacsv.open_csv(path, **options) as reader:
                yield from reader
        else:
            parse = pajson.ParseOptions(
                explicit_schema=file_schema, unexpected_field_behavior="ignore"
            )
            read = pajson.ReadOptions(block_size=config.block_bytes)
            with pajson.open_json(path, read_options=read, parse_options=parse) as reader:
                for batch in reader:
                    yield batch.select(present)
    except pa.ArrowInvalid as exc:
        msg = f"cannot read {path}: {exc} (a value may not match the type inferred for its column)"
        raise TerminalError(msg) from exc
    except OSError as exc:
        raise TerminalError(f"cannot read {path}: {exc}") from exc


def align(batch: pa.RecordBatch, schema: pa.Schema, *, where: str) -> pa.RecordBatch:
    """``batch`` with exactly ``schema``'s columns and types (missing columns become NULL)."""
    if batch.schema.names == schema.names and all(
        a.type.equals(b.type) for a, b in zip(batch.schema, schema, strict=True)
    ):
        return pa.RecordBatch.from_arrays(batch.columns, schema=schema)
    arrays = []
    for field in schema:
        if field.name not in batch.schema.names:
            arrays.append(pa.nulls(batch.num_rows, field.type))
            continue
        column = batch.column(field.name)
        try:
            arrays.append(column.cast(field.type) if not column.type.equals(field.type) else column)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            msg = f"{where}: column {field.name!r} holds {column.type}, expected {field.type}"
            raise TerminalError(msg) from exc
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
