"""The executor protocol: where jobs run. The API and scheduler only submit and cancel."""

from __future__ import annotations

from typing import Protocol


class Executor(Protocol):
    """Runs pending jobs somewhere (this process, or Celery workers)."""

    def submit(self, job_id: int) -> None:
        """Start the pending job ``job_id`` soon. Never blocks on the job itself."""
        ...

    def cancel(self, job_id: int) -> None:
        """Ask a running job to stop (the DB flag is already set; this is a fast path)."""
        ...

    def shutdown(self, *, wait: bool = False) -> None:
        """Stop accepting jobs; optionally wait for running ones."""
        ...
