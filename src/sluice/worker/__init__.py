"""Where jobs run: the in-process executor and (later) Celery workers; no business rules."""
