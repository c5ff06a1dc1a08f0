"""The long-lived objects of one Sluice process, built once from settings.

The API, the CLI and (later) workers each build one :class:`Runtime` at start and pass it down;
nothing here is a module-level global.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sluice.db.migrate import is_up_to_date
from sluice.db.session import make_engine, make_sessionmaker
from sluice.errors import SluiceError
from sluice.security.keyring import Keyring
from sluice.security.throttle import FailureThrottle
from sluice.settings import SluiceSettings

log = logging.getLogger(__name__)


class DatabaseNotMigratedError(SluiceError):
    """The metadata DB is behind the code: run ``sluice db upgrade``."""


@dataclass
class Runtime:
    """Settings, DB engine, session factory, keyring and failure throttles of a process."""

    settings: SluiceSettings
    engine: Engine
    sessions: sessionmaker[Session]
    keyring: Keyring
    login_throttle: FailureThrottle = field(default_factory=FailureThrottle)

    @classmethod
    def create(cls, settings: SluiceSettings) -> Runtime:
        """Build the runtime; creates the data dir for the embedded SQLite database."""
        if settings.database_url is None:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.resolved_database_url)
        throttle = FailureThrottle(free_failures=settings.unlock_max_failures)
        return cls(
            settings=settings,
            engine=engine,
            sessions=make_sessionmaker(engine),
            keyring=Keyring(iterations=settings.pbkdf2_iterations, throttle=throttle),
            login_throttle=FailureThrottle(free_failures=settings.unlock_max_failures),
        )

    def require_migrated(self) -> None:
        """Raise :class:`DatabaseNotMigratedError` unless the DB is at the newest revision."""
        if not is_up_to_date(self.engine):
            msg = "the metadata database is not up to date: run `sluice db upgrade`"
            raise DatabaseNotMigratedError(msg)

    def unlock_from_file(self) -> bool:
        """Unlock with ``SLUICE_MASTER_PASSWORD_FILE`` if set and set up; return whether it did.

        An unreadable file or a wrong password is logged as an error and leaves the process
        locked (it still starts: someone can unlock it by hand)."""
        try:
            password = self.settings.read_master_password()
            if password is None:
                return False
            with self.unit_of_work() as session:
                if not Keyring.is_initialized(session):
                    log.info("master password file given but Sluice is not set up yet")
                    return False
                self.keyring.unlock(session, password.get_secret_value())
        except (ValueError, SluiceError) as exc:
            log.error("not unlocked from the master password file: %s", exc)
            return False
        log.info("unlocked from the master password file")
        return True

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        """Dispose of the DB connection pool."""
        self.engine.dispose()
