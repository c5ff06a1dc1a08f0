"""Process-global state of the dummy connector: committed tables, writer events and faults.

Tests inspect what a run committed with :func:`get_table` and :func:`events`, and call
:func:`reset` between tests. Everything is guarded by one lock (writers run in threads).
"""

from __future__ import annotations

import threading

import pyarrow as pa

from sluice.connectors.builtin.dummy.config import FailKind, FailMode
from sluice.connectors.sdk import TerminalError, TransientError

_LOCK = threading.RLock()
_TABLES: dict[tuple[str, str, str], pa.Table] = {}
_EVENTS: dict[str, list[tuple[str, str]]] = {}
_FIRED: set[tuple[str, str, str]] = set()


def reset() -> None:
    """Forget every table, event and fired fault."""
    with _LOCK:
        _TABLES.clear()
        _EVENTS.clear()
        _FIRED.clear()


def get_table(store: str, namespace: str, name: str) -> pa.Table | None:
    """The committed table, or ``None`` if it was never committed."""
    with _LOCK:
        return _TABLES.get((store, namespace, name))


def put_table(store: str, namespace: str, name: str, table: pa.Table) -> None:
    """Replace the committed table (used by writers at commit time)."""
    with _LOCK:
        _TABLES[(store, namespace, name)] = table


def events(store: str) -> list[tuple[str, str]]:
    """``(event, table)`` pairs recorded by writers of ``store``: open, write, commit, abort."""
    with _LOCK:
        return list(_EVENTS.get(store, []))


def record(store: str, event: str, table: str) -> None:
    """Append one writer event."""
    with _LOCK:
        _EVENTS.setdefault(store, []).append((event, table))


def maybe_fail(key: tuple[str, str, str], *, kind: FailKind, mode: FailMode, what: str) -> None:
    """Raise the configured error unless ``mode`` is ``once`` and ``key`` already fired."""
    with _LOCK:
        if mode == "once" and key in _FIRED:
            return
        _FIRED.add(key)
    message = f"injected {kind} failure: {what}"
    if kind == "transient":
        raise TransientError(message)
    raise TerminalError(message)
