"""The metadata database: SQLAlchemy 2 models, session factory and Alembic migrations."""
