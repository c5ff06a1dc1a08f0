"""Identifier types: database ids are positive 32-bit integers, checked before any query."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

MAX_ID = 2_147_483_647

DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""An id in a request body."""

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
"""An id in a URL path."""

IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
"""An optional id filter in a query string."""
