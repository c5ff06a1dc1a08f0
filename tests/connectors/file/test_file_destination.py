"""The file destination: layout, atomic overwrite, appended parts, schema evolution."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sluice.connectors.builtin.file import FileConfig
from sluice.connectors.builtin.file.destination import FileDestination, read_table, table_files
from sluice.connectors.sdk import ConfigError, WriteMode, WriteTarget

SCHEMA = pa.schema([("id", pa.int64()), ("name", pa.string())])


def batch(ids, schema=SCHEMA):
    data = {"id": ids, "name": [f"n{i}" for i in ids]}
    return pa.record_batch({k: data[k] for k in schema.names}, schema=schema)


def target(mode: WriteMode, schema=SCHEMA, name="users") -> WriteTarget:
    return WriteTarget("raw", name, schema, mode)


def dest(tmp_path, **config) -> FileDestination:
    return FileDestination(FileConfig(directory=str(tmp_path), **config))


def load(tmp_path, mode, *id_lists, commit=True, **config):
    d = dest(tmp_path, **config)
    writer = d.open(target(mode))
    for ids in id_lists:
        writer.write(batch(ids))
    if commit:
        writer.commit()
    else:
        writer.abort()
    writer.close()


def ids(tmp_path, fmt="parquet"):
    return sorted(read_table(tmp_path, "raw", "users", fmt).column("id").to_pylist())


def test_overwrite_replaces_the_table_atomically(tmp_path):
    load(tmp_path, WriteMode.OVERWRITE, [1, 2], [3])
    assert table_files(tmp_path, "raw", "users", "parquet") == [tmp_path / "raw/users.parquet"]
    assert ids(tmp_path) == [1, 2, 3]
    load(tmp_path, WriteMode.OVERWRITE, [7])
    assert ids(tmp_path) == [7]
    assert [p.name for p in (tmp_path / "raw").iterdir()] == ["users.parquet"]


def test_overwrite_leaves_old_data_until_commit_and_abort_cleans_up(tmp_path):
    load(tmp_path, WriteMode.OVERWRITE, [1, 2])
    d = dest(tmp_path)
    writer = d.open(target(WriteMode.OVERWRITE))
    writer.write(batch([9, 10]))
    assert ids(tmp_path) == [1, 2]  # staged, not visible
    writer.abort()
    writer.abort()  # safe twice
    assert ids(tmp_path) == [1, 2]
    assert [p.name for p in (tmp_path / "raw").iterdir()] == ["users.parquet"]


def test_an_empty_full_refresh_empties_the_table(tmp_path):
    load(tmp_path, WriteMode.OVERWRITE, [1])
    load(tmp_path, WriteMode.OVERWRITE)
    assert ids(tmp_path) == []
    assert dest(tmp_path).existing_schema("raw", "users") == SCHEMA


def test_append_adds_part_files_and_overwrite_removes_them(tmp_path):
    load(tmp_path, WriteMode.OVERWRITE, [1])
    load(tmp_path, WriteMode.APPEND, [2])
    load(tmp_path, WriteMode.APPEND, [3, 4])
    load(tmp_path, WriteMode.APPEND, [5], commit=False)
    files = table_files(tmp_path, "raw", "users", "parquet")
    assert len(files) == 3
    assert all(f.name.startswith("part-") for f in files[1:])
    assert ids(tmp_path) == [1, 2, 3, 4]
    load(tmp_path, WriteMode.OVERWRITE, [8])
    assert ids(tmp_path) == [8]
    assert not (tmp_path / "raw" / "users").exists()


def test_commits_of_one_writer_accumulate(tmp_path):
    d = dest(tmp_path)
    writer = d.open(target(WriteMode.APPEND))
    writer.write(batch([1]))
    writer.commit()
    writer.commit()  # nothing new: no empty part
    writer.write(batch([2]))
    writer.commit()
    writer.close()
    assert ids(tmp_path) == [1, 2]
    assert len(table_files(tmp_path, "raw", "users", "parquet")) == 2


def test_existing_schema_unifies_evolved_parts(tmp_path):
    d = dest(tmp_path)
    assert d.existing_schema("raw", "users") is None
    load(tmp_path, WriteMode.APPEND, [1])
    wider = pa.schema([("id", pa.int64()), ("name", pa.string()), ("age", pa.int32())])
    writer = d.open(target(WriteMode.APPEND, wider))
    writer.write(pa.record_batch({"id": [2], "name": ["b"], "age": [30]}, schema=wider))
    writer.write(batch([3]))  # a subset of the columns: age is NULL
    writer.commit()
    assert d.existing_schema("raw", "users") == wider
    table = read_table(tmp_path, "raw", "users").sort_by("id")
    assert table.column("age").to_pylist() == [None, 30, None]


def test_csv_output(tmp_path):
    load(tmp_path, WriteMode.OVERWRITE, [1, 2], format="csv")
    assert (tmp_path / "raw" / "users.csv").read_text().splitlines()[0] == '"id","name"'
    assert ids(tmp_path, "csv") == [1, 2]
    schema = dest(tmp_path, format="csv").existing_schema("raw", "users")
    assert schema == pa.schema([("id", pa.null()), ("name", pa.null())])


def test_merge_and_jsonl_are_refused_clearly(tmp_path):
    with pytest.raises(ConfigError, match="cannot merge"):
        dest(tmp_path).open(WriteTarget("raw", "u", SCHEMA, WriteMode.MERGE, ("id",)))
    with pytest.raises(ConfigError, match="not jsonl"):
        dest(tmp_path, format="jsonl").open(target(WriteMode.APPEND))
    assert not dest(tmp_path, format="jsonl").check().ok


def test_check(tmp_path):
    assert dest(tmp_path / "new").check().ok
    assert not FileDestination(FileConfig()).check().ok
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert not dest(blocker).check().ok


def test_written_parquet_is_plain_parquet(tmp_path):
    load(tmp_path, WriteMode.OVERWRITE, [1])
    assert pq.read_table(tmp_path / "raw" / "users.parquet").num_rows == 1
