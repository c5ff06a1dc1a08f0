"""Job notifications: a Slack-compatible webhook on failure (and optionally on success)."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from sluice.db.models import Job, Pipeline

log = logging.getLogger(__name__)


def should_notify(pipeline: Pipeline, job: Job) -> bool:
    """Failures always notify (when a webhook is set); successes only if asked."""
    if not pipeline.webhook_url:
        return False
    return job.status == "failed" or (job.status == "success" and pipeline.notify_on_success)


def webhook_payload(pipeline: Pipeline, job: Job, base_url: str) -> dict[str, Any]:
    """A Slack-compatible message (``text``) plus structured fields for other receivers."""
    link = f"{base_url}/jobs/{job.id}"
    if job.status == "failed":
        text = (
            f":red_circle: Sluice pipeline *{pipeline.name}* failed (job {job.id}): "
            f"{job.error or 'unknown error'}. Details: {link}"
        )
    else:
        text = (
            f":large_green_circle: Sluice pipeline *{pipeline.name}* succeeded (job {job.id}): "
            f"{job.records_loaded} rows loaded. Details: {link}"
        )
    return {
        "text": text,
        "pipeline": {"id": pipeline.id, "name": pipeline.name},
        "job": {
            "id": job.id,
            "status": job.status,
            "error": job.error,
            "records_extracted": job.records_extracted,
            "records_loaded": job.records_loaded,
            "records_failed": job.records_failed,
            "url": link,
        },
    }


def send_webhook(url: str, payload: dict[str, Any], *, timeout: float = 10.0) -> bool:
    """POST ``payload`` as JSON; return whether the receiver accepted it. Never raises."""
    try:
        resp = httpx.post(url, json=payload, timeout=timeout)
    except httpx.HTTPError as exc:
        log.warning("webhook to %s failed: %s", _host(url), exc)
        return False
    if resp.status_code >= 400:
        log.warning("webhook to %s answered %s", _host(url), resp.status_code)
        return False
    return True


def _host(url: str) -> str:
    """The URL without path or query (webhook paths often embed secrets)."""
    return httpx.URL(url).copy_with(path="/", query=None).__str__()
