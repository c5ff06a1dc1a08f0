"""The dummy destination: an in-memory table store with faithful overwrite/append/merge."""

from __future__ import annotations

from typing import ClassVar

import pyarrow as pa
from typing_extensions import override

from sluice.connectors.builtin.dummy import store
from sluice.connectors.builtin.dummy.config import DummyConfig
from sluice.connectors.sdk import (
    Capability,
    CheckResult,
    ConfigError,
    Destination,
    StreamWriter,
    WriteMode,
    WriteTarget,
)


class DummyWriter(StreamWriter):
    """Stages batches in memory; ``commit`` applies them to the store under its lock."""

    def __init__(self, config: DummyConfig, target: WriteTarget) -> None:
        self.config = config
        self.target = target
        self.table = f"{target.namespace}.{target.name}"
        self._staged: list[pa.RecordBatch] = []
        self._writes = 0
        self._commits = 0
        self._mode = target.write_mode
        store.record(config.store, "open", self.table)

    def _fault(self, what: str, count: int, limit: int | None) -> None:
        if limit is not None and count >= limit:
            store.maybe_fail(
                (self.config.store, self.table, what),
                kind=self.config.fail_kind,
                mode=self.config.fail_mode,
                what=f"{what} #{count} of {self.table}",
            )

    @override
    def write(self, batch: pa.RecordBatch) -> None:
        self._writes += 1
        self._fault("write", self._writes, self.config.fail_on_write)
        self._staged.append(batch)
        store.record(self.config.store, "write", self.table)

    @override
    def commit(self) -> None:
        self._commits += 1
        self._fault("commit", self._commits, self.config.fail_on_commit)
        t = self.target
        staged = pa.concat_tables(
            [pa.Table.from_batches([b]) for b in self._staged] or [t.schema.empty_table()],
            promote_options="permissive",
        )
        existing = store.get_table(self.config.store, t.namespace, t.name)
        if self._mode is WriteMode.OVERWRITE or existing is None:
            table = _dedupe(staged, t.primary_key) if self._mode is WriteMode.MERGE else staged
        elif self._mode is WriteMode.APPEND:
            table = pa.concat_tables([existing, staged], promote_options="permissive")
        else:
            table = _merge(existing, staged, t.primary_key)
        store.put_table(self.config.store, t.namespace, t.name, table)
        store.record(self.config.store, "commit", self.table)
        self._staged = []
        # Later commits of an overwrite writer add to what the first commit swapped in.
        if self._mode is WriteMode.OVERWRITE:
            self._mode = WriteMode.APPEND

    @override
    def abort(self) -> None:
        self._staged = []
        store.record(self.config.store, "abort", self.table)


def _keys(table: pa.Table, key: tuple[str, ...]) -> list[tuple[object, ...]]:
    columns = [table.column(k).to_pylist() for k in key]
    return list(zip(*columns, strict=True))


def _dedupe(table: pa.Table, key: tuple[str, ...]) -> pa.Table:
    last: dict[tuple[object, ...], int] = {}
    for i, k in enumerate(_keys(table, key)):
        last[k] = i
    return table.take(sorted(last.values()))


def _merge(existing: pa.Table, staged: pa.Table, key: tuple[str, ...]) -> pa.Table:
    staged = _dedupe(staged, key)
    incoming = set(_keys(staged, key))
    keep = [i for i, k in enumerate(_keys(existing, key)) if k not in incoming]
    return pa.concat_tables([existing.take(keep), staged], promote_options="permissive")


class DummyDestination(Destination[DummyConfig]):
    """Writes into the in-memory store named by ``config.store``."""

    spec: ClassVar[type[DummyConfig]] = DummyConfig
    capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.MERGE})

    @override
    def check(self) -> CheckResult:
        if self.config.check_fails:
            return CheckResult(ok=False, message="the dummy destination was told to fail")
        return CheckResult(ok=True, message=f"in-memory store {self.config.store!r}")

    @override
    def existing_schema(self, namespace: str, name: str) -> pa.Schema | None:
        table = store.get_table(self.config.store, namespace, name)
        return None if table is None else table.schema

    @override
    def open(self, target: WriteTarget) -> StreamWriter:
        if target.write_mode is WriteMode.MERGE and not target.primary_key:
            raise ConfigError(f"merge into {target.name!r} needs a primary key")
        return DummyWriter(self.config, target)
