"""Schema drift: how the source's schema may differ from what the destination already holds.

Compared by column name; nullability and field metadata are ignored. Directions:

- *added*: the source has a column the destination lacks. Allowed under ``evolve`` (the
  destination adds it); rejected under ``freeze``.
- *widened*: the destination column must grow to hold the source's type without loss
  (``int32 → int64``, ``float32 → float64``, small ints → ``float64``, ``decimal(10,2) →
  decimal(12,2)``, ``string → large_string``, ``timestamp[s] → timestamp[us]``...). Allowed under
  ``evolve``; rejected under ``freeze``.
- *fits*: the source's type fits the existing, wider column unchanged (``int32`` into ``int64``)
  or the existing column is untyped (``null``, e.g. a CSV header). Always allowed.
- *incompatible*: anything else (``string → int64``, ``int64 → float64``, ``float → int``...).
  Always rejected with a readable diff.
- *removed*: the destination has a column the source no longer sends. Always allowed: the
  destination keeps it and fills it with NULL. (A frozen destination schema is not changed by a
  missing column, and destinations may own extra columns.)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.types as pat

from sluice.connectors.sdk import SchemaDriftError


class DriftPolicy(enum.StrEnum):
    """What a pipeline accepts when the source schema drifts (per pipeline)."""

    EVOLVE = "evolve"
    FREEZE = "freeze"


@dataclass(frozen=True)
class ColumnChange:
    """A column whose type differs between the destination (``old``) and the source (``new``)."""

    name: str
    old: pa.DataType
    new: pa.DataType

    def __str__(self) -> str:
        return f"{self.name}: {self.old} -> {self.new}"


@dataclass(frozen=True)
class SchemaDiff:
    """Every difference between a destination schema and an incoming source schema."""

    added: tuple[pa.Field, ...] = ()
    widened: tuple[ColumnChange, ...] = ()
    fits: tuple[ColumnChange, ...] = ()
    incompatible: tuple[ColumnChange, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def changes_destination(self) -> bool:
        """Whether applying the source schema alters the destination (added or widened)."""
        return bool(self.added or self.widened)

    def describe(self) -> str:
        """One line per kind of difference, for error messages and logs."""
        lines = []
        if self.added:
            lines.append("added: " + ", ".join(f"{f.name} ({f.type})" for f in self.added))
        if self.widened:
            lines.append("widened: " + ", ".join(str(c) for c in self.widened))
        if self.incompatible:
            lines.append("incompatible: " + ", ".join(str(c) for c in self.incompatible))
        if self.fits:
            lines.append("narrower (fits): " + ", ".join(str(c) for c in self.fits))
        if self.removed:
            lines.append("removed (kept, filled with NULL): " + ", ".join(self.removed))
        return "; ".join(lines) if lines else "no differences"


_SIGNED = (pa.int8(), pa.int16(), pa.int32(), pa.int64())
_UNSIGNED = (pa.uint8(), pa.uint16(), pa.uint32(), pa.uint64())
_FLOATS = (pa.float16(), pa.float32(), pa.float64())
_UNITS = ("s", "ms", "us", "ns")
# exact integer range of a float type's mantissa, in bits
_FLOAT_MANTISSA = {pa.float16(): 11, pa.float32(): 24, pa.float64(): 53}


def _int_bits(t: pa.DataType) -> tuple[bool, int]:
    return pat.is_signed_integer(t), t.bit_width


def is_widening(old: pa.DataType, new: pa.DataType) -> bool:
    """Whether every value of ``old`` is exactly representable in ``new`` (``old != new``)."""
    if old.equals(new):
        return False
    if pat.is_null(old):
        return True
    if pat.is_integer(old) and pat.is_integer(new):
        old_signed, old_bits = _int_bits(old)
        new_signed, new_bits = _int_bits(new)
        if old_signed == new_signed:
            return new_bits > old_bits
        return new_signed and new_bits > old_bits  # unsigned -> wider signed
    if pat.is_integer(old) and pat.is_floating(new):
        bits = old.bit_width - (1 if pat.is_signed_integer(old) else 0)
        return bool(bits <= _FLOAT_MANTISSA[new])
    if pat.is_floating(old) and pat.is_floating(new):
        return bool(new.bit_width > old.bit_width)
    if pat.is_decimal(old) and pat.is_decimal(new):
        return bool(
            new.scale >= old.scale
            and new.precision - new.scale >= old.precision - old.scale
            and new.bit_width >= old.bit_width
        )
    if pat.is_integer(old) and pat.is_decimal(new):
        digits = len(str(2 ** (old.bit_width) - 1))
        return bool(new.precision - new.scale >= digits)
    if (pat.is_string(old) and pat.is_large_string(new)) or (
        pat.is_binary(old) and pat.is_large_binary(new)
    ):
        return True
    if pat.is_timestamp(old) and pat.is_timestamp(new):
        return bool(old.tz == new.tz and _UNITS.index(new.unit) > _UNITS.index(old.unit))
    return bool(pat.is_date32(old) and pat.is_date64(new))


def diff_schemas(existing: pa.Schema, incoming: pa.Schema) -> SchemaDiff:
    """Classify every difference between the destination's ``existing`` schema and ``incoming``."""
    added: list[pa.Field] = []
    widened: list[ColumnChange] = []
    fits: list[ColumnChange] = []
    incompatible: list[ColumnChange] = []
    existing_names = set(existing.names)
    for field in incoming:
        if field.name not in existing_names:
            added.append(field)
            continue
        old = existing.field(field.name).type
        if old.equals(field.type):
            continue
        change = ColumnChange(field.name, old, field.type)
        if is_widening(old, field.type):
            widened.append(change)
        elif is_widening(field.type, old):
            fits.append(change)
        else:
            incompatible.append(change)
    incoming_names = set(incoming.names)
    removed = tuple(name for name in existing.names if name not in incoming_names)
    return SchemaDiff(tuple(added), tuple(widened), tuple(fits), tuple(incompatible), removed)


def check_drift(
    existing: pa.Schema | None, incoming: pa.Schema, policy: DriftPolicy, *, stream: str
) -> SchemaDiff:
    """Return the diff if ``policy`` accepts it; raise :class:`SchemaDriftError` otherwise.

    A destination that does not exist yet accepts any schema (empty diff).
    """
    if existing is None:
        return SchemaDiff()
    diff = diff_schemas(existing, incoming)
    if diff.incompatible:
        msg = (
            f"stream {stream!r}: the source schema changed incompatibly with the destination "
            f"({diff.describe()}); change the column back, or drop/rename the destination table "
            "and run a full refresh"
        )
        raise SchemaDriftError(msg)
    if policy is DriftPolicy.FREEZE and diff.changes_destination:
        msg = (
            f"stream {stream!r}: the source schema drifted and the pipeline's schema policy is "
            f"'freeze' ({diff.describe()}); switch the policy to 'evolve' to apply these changes"
        )
        raise SchemaDriftError(msg)
    return diff
