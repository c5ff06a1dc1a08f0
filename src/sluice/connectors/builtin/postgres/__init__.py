"""Built-in PostgreSQL connector (source and destination).

Importing this package is cheap: it defines the descriptor and the config spec only; psycopg and
the COPY machinery are imported when a source or destination class is first used.
"""

from __future__ import annotations

from sluice.connectors.builtin.postgres.config import PostgresConfig
from sluice.connectors.sdk import Connector

connector = Connector(
    name="postgres",
    title="PostgreSQL",
    spec=PostgresConfig,
    source="sluice.connectors.builtin.postgres.source:PostgresSource",
    destination="sluice.connectors.builtin.postgres.destination:PostgresDestination",
    description="Read tables, views and SQL queries from PostgreSQL, or load streams into it "
    "with COPY (overwrite with an atomic swap, append, or merge by primary key).",
    icon="postgresql",
)

__all__ = ["PostgresConfig", "connector"]
