"""Nothing secret is readable from the raw metadata database, even with a full copy of it."""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from sluice.core import system
from sluice.core.runtime import Runtime
from sluice.db.migrate import upgrade
from sluice.errors import AuthenticationError, LockedError
from tests.helpers import MASTER, make_settings

PLAINTEXT = "pg-password-Zq81!xK"


def _all_cells(runtime: Runtime) -> str:
    """Every value of every table, as one big string."""
    meta = MetaData()
    meta.reflect(runtime.engine)
    parts: list[str] = []
    with runtime.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                parts.extend(repr(v) for v in row)
    return "\n".join(parts)


@pytest.fixture(params=["sqlite", "postgres"])
def runtime(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Runtime]:
    url = None if request.param == "sqlite" else request.getfixturevalue("pg_database")
    rt = Runtime.create(make_settings(tmp_path, url))
    upgrade(rt.engine)
    yield rt
    rt.close()


def test_raw_tables_hold_no_password_key_or_plaintext(runtime: Runtime) -> None:
    with runtime.unit_of_work() as session:
        system.setup(
            session,
            runtime.keyring,
            master_password=MASTER,
            admin_username="admin",
            admin_password="admin-password-1",
        )
    cipher = runtime.keyring.cipher()
    dek = cipher._fernet._signing_key + cipher._fernet._encryption_key
    ciphertext = cipher.encrypt(PLAINTEXT.encode())
    with runtime.engine.begin() as conn:  # store the ciphertext like a connection config
        conn.exec_driver_sql(
            "INSERT INTO connections (name, connector_type, is_source, config_encrypted, "
            "created_at, updated_at) VALUES ('c', 'postgres', true, "
            f"'{ciphertext}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
    dump = _all_cells(runtime)
    assert ciphertext in dump  # the dump really reads the tables
    for needle in (
        MASTER,
        "admin-password-1",
        PLAINTEXT,
        base64.urlsafe_b64encode(dek).decode(),
        dek.hex(),
    ):
        assert needle not in dump


def test_copied_sqlite_database_decrypts_nothing_without_the_password(tmp_path: Path) -> None:
    rt = Runtime.create(make_settings(tmp_path / "a", None))
    upgrade(rt.engine)
    with rt.unit_of_work() as session:
        system.setup(
            session,
            rt.keyring,
            master_password=MASTER,
            admin_username="admin",
            admin_password="admin-password-1",
        )
    ciphertext = rt.keyring.cipher().encrypt(PLAINTEXT.encode())
    rt.close()
    (tmp_path / "b").mkdir()
    shutil.copy(tmp_path / "a" / "sluice.db", tmp_path / "b" / "sluice.db")

    stolen = Runtime.create(make_settings(tmp_path / "b", None))
    with pytest.raises(LockedError):
        stolen.keyring.cipher()
    for guess in ("", "password", "admin-password-1", MASTER.upper()):
        with stolen.unit_of_work() as session, pytest.raises(AuthenticationError):
            stolen.keyring.unlock(session, guess)
    assert not stolen.keyring.is_unlocked
    stolen.close()

    owner = Runtime.create(make_settings(tmp_path / "b", None))
    with owner.unit_of_work() as session:
        owner.keyring.unlock(session, MASTER)
    assert owner.keyring.cipher().decrypt(ciphertext).decode() == PLAINTEXT
    owner.close()


def _set_up_embedded(data_dir: Path) -> None:
    """First-run setup of an embedded installation in ``data_dir``, then close it."""
    rt = Runtime.create(make_settings(data_dir, None))
    upgrade(rt.engine)
    with rt.unit_of_work() as session:
        system.setup(
            session,
            rt.keyring,
            master_password=MASTER,
            admin_username="a",
            admin_password="admin-password-1",
        )
    rt.close()


def test_headless_unlock_from_password_file(tmp_path: Path) -> None:
    _set_up_embedded(tmp_path)
    pw_file = tmp_path / "master.txt"
    pw_file.write_text(MASTER + "\n")
    headless = Runtime.create(make_settings(tmp_path, None, master_password_file=pw_file))
    assert headless.unlock_from_file() is True
    assert headless.keyring.is_unlocked
    headless.close()


def test_bad_password_file_leaves_the_process_locked_but_running(tmp_path: Path) -> None:
    _set_up_embedded(tmp_path)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the master password")
    for file in (wrong, tmp_path / "missing.txt"):
        locked = Runtime.create(make_settings(tmp_path, None, master_password_file=file))
        assert locked.unlock_from_file() is False
        assert not locked.keyring.is_unlocked
        locked.close()
    empty = make_settings(tmp_path, None, master_password_file="")
    assert empty.master_password_file is None
