"""PostgreSQL type <-> Arrow type mapping, and the vectorised conversions COPY CSV needs.

Reading (PostgreSQL -> Arrow). The native type string is ``format_type()`` output and is kept
in every field's metadata under ``NATIVE_TYPE_KEY``:

=============================  ===================================  ============================
PostgreSQL                     Arrow                                notes
=============================  ===================================  ============================
smallint / integer / bigint    int16 / int32 / int64
numeric(p,s), 0<=s<=p<=38      decimal128(p, s)                     ``NaN`` values fail the read
numeric (unconstrained, p>38)  string                               exact text, round-trips
real / double precision        float32 / float64                    ``Infinity``/``NaN`` kept
boolean                        bool
date                           date32                               ``infinity`` / BC unsupported
time [without time zone]       time64[us]
timestamp                      timestamp[us]                        ``infinity`` / BC unsupported
timestamp with time zone       timestamp[us, tz=UTC]
bytea                          binary                               hex decoded in bulk
text, varchar(n), char(n)      string
interval, uuid, json, jsonb,   string                               PostgreSQL text form; the
time with time zone, arrays,                                        native type in metadata lets
enums, every other type                                             a PostgreSQL target restore it
=============================  ===================================  ============================

Writing (Arrow -> PostgreSQL) uses the native type from field metadata when the target server
knows it, else :func:`pg_type_for`. :func:`to_csv_ready` turns columns the CSV writer cannot
express in PostgreSQL's input syntax (binary, lists, durations, dictionaries) into strings with
Arrow compute, never per row in Python.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from sluice.connectors.sdk import NATIVE_TYPE_KEY, TerminalError

_SIMPLE: dict[str, pa.DataType] = {
    "smallint": pa.int16(),
    "integer": pa.int32(),
    "bigint": pa.int64(),
    "real": pa.float32(),
    "double precision": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "time without time zone": pa.time64("us"),
    "timestamp without time zone": pa.timestamp("us"),
    "timestamp with time zone": pa.timestamp("us", tz="UTC"),
    "bytea": pa.binary(),
}
_TYPMOD = re.compile(r"\([^)]*\)")
_NUMERIC = re.compile(r"^numeric\((\d+),(-?\d+)\)$")
_SAFE_TYPE = re.compile(r'^[A-Za-z_][A-Za-z0-9_ .,"()\[\]-]*$')

CURSOR_TYPES = frozenset(
    {
        "smallint",
        "integer",
        "bigint",
        "numeric",
        "date",
        "timestamp without time zone",
        "timestamp with time zone",
    }
)


def base_name(native: str) -> str:
    """``native`` without type modifiers: ``timestamp(3) with time zone`` -> its family name."""
    return " ".join(_TYPMOD.sub("", native).split())


def arrow_type_for(native: str) -> pa.DataType:
    """The Arrow type a PostgreSQL column of type ``native`` (``format_type`` text) reads as."""
    if native.endswith("[]"):
        return pa.string()
    match = _NUMERIC.match(native.replace(" ", ""))
    if match:
        precision, scale = int(match.group(1)), int(match.group(2))
        if 0 <= scale <= precision <= 38:
            return pa.decimal128(precision, scale)
        return pa.string()
    return _SIMPLE.get(base_name(native), pa.string())


def native_field(name: str, native: str, nullable: bool = True) -> pa.Field:
    """An Arrow field for a PostgreSQL column, the native type kept in its metadata."""
    return pa.field(name, arrow_type_for(native), nullable, {NATIVE_TYPE_KEY: native.encode()})


def field_native_type(field: pa.Field) -> str | None:
    """The native PostgreSQL type recorded on ``field``, if any and if it looks like a type."""
    raw = (field.metadata or {}).get(NATIVE_TYPE_KEY)
    if raw is None:
        return None
    text = bytes(raw).decode()
    return text if _SAFE_TYPE.match(text) and "--" not in text else None


def pg_type_for(dtype: pa.DataType) -> str:
    """The PostgreSQL type a column of Arrow type ``dtype`` is created with."""
    if isinstance(dtype, pa.ExtensionType):
        name = getattr(dtype, "extension_name", "")
        if name == "arrow.json":
            return "jsonb"
        if name == "arrow.uuid":
            return "uuid"
        return pg_type_for(dtype.storage_type)
    t = pa.types
    checks: list[tuple[bool, str]] = [
        (t.is_int8(dtype) or t.is_int16(dtype) or t.is_uint8(dtype), "smallint"),
        (t.is_int32(dtype) or t.is_uint16(dtype), "integer"),
        (t.is_int64(dtype) or t.is_uint32(dtype), "bigint"),
        (t.is_uint64(dtype), "numeric(20,0)"),
        (t.is_float16(dtype) or t.is_float32(dtype), "real"),
        (t.is_float64(dtype), "double precision"),
        (t.is_boolean(dtype), "boolean"),
        (t.is_date(dtype), "date"),
        (t.is_time(dtype), "time without time zone"),
        (t.is_duration(dtype), "interval"),
        (t.is_binary(dtype) or t.is_large_binary(dtype) or t.is_fixed_size_binary(dtype), "bytea"),
        (t.is_null(dtype), "text"),
    ]
    for hit, name in checks:
        if hit:
            return name
    if t.is_decimal(dtype):
        return f"numeric({dtype.precision},{dtype.scale})"
    if t.is_timestamp(dtype):
        return "timestamp with time zone" if dtype.tz else "timestamp without time zone"
    if t.is_dictionary(dtype):
        return pg_type_for(dtype.value_type)
    if t.is_list(dtype) or t.is_large_list(dtype) or t.is_fixed_size_list(dtype):
        inner = pg_type_for(dtype.value_type)
        return inner if inner.endswith("[]") else inner + "[]"
    if t.is_struct(dtype) or t.is_map(dtype):
        raise TerminalError(f"Arrow type {dtype} has no PostgreSQL mapping; flatten it first")
    return "text"


def _offsets(arr: pa.Array) -> tuple[pa.Array, int, int]:
    """The int64 offsets of a large string/binary ``arr`` (slice-aware), first and last."""
    offs = pa.Array.from_buffers(pa.int64(), len(arr) + 1, [None, arr.buffers()[1]], 0, arr.offset)
    return offs, offs[0].as_py(), offs[-1].as_py()


def _data(arr: pa.Array, start: int, stop: int) -> bytes:
    data = arr.buffers()[2]
    return b"" if data is None else data.to_pybytes()[start:stop]


def _validity(arr: pa.Array) -> pa.Buffer | None:
    return pc.is_valid(arr).buffers()[1] if arr.null_count else None


def hex_to_binary(arr: pa.Array) -> pa.Array:
    """Decode PostgreSQL ``\\x``-hex ``bytea`` text into an Arrow binary array, in bulk."""
    stripped = pc.utf8_slice_codeunits(arr.cast(pa.large_string()), 2)
    offs, first, last = _offsets(stripped)
    raw = bytes.fromhex(_data(stripped, first, last).decode("ascii"))
    new_offsets = pc.divide(pc.subtract(offs, first), 2)
    out = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(),
        len(stripped),
        [_validity(stripped), new_offsets.buffers()[1], pa.py_buffer(raw)],
    )
    return out.cast(pa.binary())


def _binary_to_hex(arr: pa.Array) -> pa.Array:
    arr = arr.cast(pa.large_binary())
    offs, first, last = _offsets(arr)
    hexed = _data(arr, first, last).hex().encode("ascii")
    new_offsets = pc.multiply(pc.subtract(offs, first), 2)
    hex_arr = pa.LargeStringArray.from_buffers(
        len(arr), new_offsets.buffers()[1], pa.py_buffer(hexed), _validity(arr)
    )
    prefix = pa.scalar("\\x", pa.large_string())
    return pc.binary_join_element_wise(prefix, hex_arr, pa.scalar("", pa.large_string()))


_DURATION_UNIT = {"s": " seconds", "ms": " milliseconds", "us": " microseconds"}


def _duration_to_text(arr: pa.Array) -> pa.Array:
    unit = arr.type.unit
    ints = arr.cast(pa.int64())
    if unit == "ns":
        ints = pc.divide(ints, 1000)
        unit = "us"
    suffix = pa.scalar(_DURATION_UNIT[unit], pa.string())
    return pc.binary_join_element_wise(ints.cast(pa.string()), suffix, pa.scalar("", pa.string()))


def _array_literal(arr: pa.Array) -> pa.Array:
    """Arrow list -> PostgreSQL array literal text (``{"1","2",NULL}``), elements quoted."""
    if pa.types.is_fixed_size_list(arr.type):
        arr = arr.cast(pa.list_(arr.type.value_type))
    values = arr.values
    if pa.types.is_list(values.type) or pa.types.is_large_list(values.type):
        elems = _array_literal(values)
    else:
        text = _scalar_text(values).cast(pa.string())
        text = pc.replace_substring(text, "\\", "\\\\")
        text = pc.replace_substring(text, '"', '\\"')
        q = pa.scalar('"', pa.string())
        elems = pc.binary_join_element_wise(q, text, q, pa.scalar("", pa.string()))
    elems = pc.fill_null(elems.cast(pa.string()), pa.scalar("NULL", pa.string()))
    cls = pa.LargeListArray if pa.types.is_large_list(arr.type) else pa.ListArray
    rebuilt = cls.from_arrays(arr.offsets, elems, mask=arr.is_null())
    joined = pc.binary_join(rebuilt, pa.scalar(",", pa.string()))
    empty = pa.scalar("", pa.string())
    return pc.binary_join_element_wise(pa.scalar("{"), joined, pa.scalar("}"), empty)


def _scalar_text(arr: pa.Array) -> pa.Array:
    dtype = arr.type
    if pa.types.is_dictionary(dtype):
        return _scalar_text(arr.dictionary_decode())
    if isinstance(dtype, pa.ExtensionType):
        return _scalar_text(arr.storage)
    if pa.types.is_binary(dtype) or pa.types.is_large_binary(dtype):
        return _binary_to_hex(arr)
    if pa.types.is_fixed_size_binary(dtype):
        return _binary_to_hex(arr.cast(pa.binary()))
    if pa.types.is_duration(dtype):
        return _duration_to_text(arr)
    if pa.types.is_struct(dtype) or pa.types.is_map(dtype):
        raise TerminalError(f"cannot load Arrow {dtype} into PostgreSQL; flatten it first")
    return arr.cast(pa.string())


def _csv_column(arr: pa.Array) -> pa.Array:
    dtype = arr.type
    if isinstance(dtype, pa.ExtensionType):
        return _csv_column(arr.storage)
    if pa.types.is_dictionary(dtype):
        return _csv_column(arr.dictionary_decode())
    if (
        pa.types.is_list(dtype)
        or pa.types.is_large_list(dtype)
        or pa.types.is_fixed_size_list(dtype)
    ):
        return _array_literal(arr)
    if (
        pa.types.is_binary(dtype)
        or pa.types.is_large_binary(dtype)
        or pa.types.is_fixed_size_binary(dtype)
        or pa.types.is_duration(dtype)
        or pa.types.is_struct(dtype)
        or pa.types.is_map(dtype)
    ):
        return _scalar_text(arr)
    if pa.types.is_null(dtype):
        return arr.cast(pa.string())
    if pa.types.is_timestamp(dtype) and dtype.tz is not None:
        # Arrow formats zoned timestamps one value at a time through the tz database (about
        # 50x slower); they are UTC instants, so format them naive and append the offset.
        naive = arr.cast(pa.timestamp(dtype.unit)).cast(pa.string())
        return pc.binary_join_element_wise(naive, "+00", "")
    return arr


def to_csv_ready(batch: pa.RecordBatch) -> pa.RecordBatch:
    """``batch`` with every column in a form ``pyarrow.csv.write_csv`` renders as PG input."""
    columns = [_csv_column(col) for col in batch.columns]
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)
