"""One migration tree serves SQLite and PostgreSQL, and matches the models exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from sluice.db.base import Base
from sluice.db.migrate import current_revision, head_revision, upgrade
from sluice.db.session import make_engine

SEED_TABLES = {
    "connections",
    "pipelines",
    "pipeline_states",
    "jobs",
    "job_logs",
    "metadata_cache",
}
SECURITY_TABLES = {"keyring", "users", "api_tokens", "user_sessions"}


@pytest.fixture(params=["sqlite", "postgres"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'meta.db'}"
    dsn: str = request.getfixturevalue("pg_database")
    return dsn


def test_upgrade_empty_database_then_no_autogenerate_diff(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    tables = set(inspect(engine).get_table_names())
    assert tables >= SEED_TABLES | SECURITY_TABLES
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    upgrade(engine)  # idempotent
    engine.dispose()


def test_seed_columns_exist(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    upgrade(engine)
    insp = inspect(engine)

    def cols(table: str) -> set[str]:
        return {c["name"] for c in insp.get_columns(table)}

    assert {"config_encrypted", "connector_type", "is_source"} <= cols("connections")
    assert {
        "source_connection_id",
        "destination_connection_id",
        "source_config",
        "destination_config",
        "schedule_cron",
        "sync_mode",
    } <= cols("pipelines")
    assert {"state_data", "pipeline_id"} <= cols("pipeline_states")
    assert {"status", "records_extracted", "records_loaded", "records_failed"} <= cols("jobs")
    assert {"job_id", "message", "level"} <= cols("job_logs")
    assert {"connection_id", "catalog"} <= cols("metadata_cache")
    engine.dispose()
