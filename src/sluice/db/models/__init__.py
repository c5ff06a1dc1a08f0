"""ORM models, one module per aggregate. Importing this package registers them all."""

from sluice.db.models.connections import Connection, MetadataCache
from sluice.db.models.jobs import Job, JobLog
from sluice.db.models.pipelines import Pipeline, PipelineState
from sluice.db.models.security import ApiToken, KeyringRecord, User, UserSession

__all__ = [
    "ApiToken",
    "Connection",
    "Job",
    "JobLog",
    "KeyringRecord",
    "MetadataCache",
    "Pipeline",
    "PipelineState",
    "User",
    "UserSession",
]
