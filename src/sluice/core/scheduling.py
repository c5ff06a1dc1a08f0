"""Cron schedules in a pipeline's time zone: validation and the next run times."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterBadCronError, CroniterBadDateError, croniter

from sluice.errors import InvalidInputError


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; :class:`InvalidInputError` if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        msg = f"unknown time zone {name!r} (use an IANA name such as 'UTC' or 'Europe/Paris')"
        raise InvalidInputError(msg, field="schedule_timezone") from exc


def validate_cron(expression: str, timezone: str = "UTC") -> str:
    """The normalised cron expression; :class:`InvalidInputError` explaining what is wrong."""
    expr = " ".join(expression.split())
    if len(expr.split(" ")) != 5:
        msg = (
            f"invalid cron {expression!r}: use 5 fields (minute hour day-of-month month "
            "day-of-week), e.g. '*/15 * * * *'"
        )
        raise InvalidInputError(msg, field="schedule_cron")
    try:
        croniter(expr, dt.datetime.now(zone(timezone)))
    except (CroniterBadCronError, CroniterBadDateError, ValueError, KeyError) as exc:
        msg = f"invalid cron {expression!r}: {exc}"
        raise InvalidInputError(msg, field="schedule_cron") from exc
    return expr


def next_runs(
    expression: str, timezone: str, after: dt.datetime, count: int = 1
) -> list[dt.datetime]:
    """The next ``count`` fire times strictly after ``after``, as UTC datetimes."""
    tz = zone(timezone)
    it = croniter(expression, after.astimezone(tz))
    return [it.get_next(dt.datetime).astimezone(dt.UTC) for _ in range(count)]


def next_run(expression: str | None, timezone: str, after: dt.datetime) -> dt.datetime | None:
    """The next fire time after ``after`` (UTC), or ``None`` for an unscheduled pipeline."""
    if not expression:
        return None
    return next_runs(expression, timezone, after, 1)[0]
