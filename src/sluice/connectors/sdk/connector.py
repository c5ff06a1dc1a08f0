"""The cheap descriptor an entry point names: what a connector is, without importing drivers."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from sluice.connectors.sdk.destination import Destination
from sluice.connectors.sdk.source import Source
from sluice.connectors.sdk.types import ConnectorKind


@dataclass(frozen=True)
class Connector:
    """A connector as registered under the ``sluice.connectors`` entry-point group.

    ``source`` and ``destination`` are ``"module:Class"`` paths imported only when used, so
    listing connectors never imports a database driver.
    """

    name: str
    title: str
    spec: type[BaseModel]
    source: str | None = None
    destination: str | None = None
    description: str = ""
    icon: str = "database"

    @property
    def kind(self) -> ConnectorKind:
        """Source, destination, or both."""
        if self.source and self.destination:
            return ConnectorKind.BOTH
        return ConnectorKind.SOURCE if self.source else ConnectorKind.DESTINATION

    def config_schema(self) -> dict[str, Any]:
        """JSON Schema of the config; secret fields carry ``writeOnly`` and ``format: password``."""
        return self.spec.model_json_schema()

    def secret_fields(self) -> list[str]:
        """Names of the config fields that are secrets (``SecretStr``)."""
        props = self.config_schema().get("properties", {})
        return [name for name, prop in props.items() if _is_secret(prop)]

    def parse_config(self, raw: dict[str, Any]) -> BaseModel:
        """Validate ``raw`` against the spec (raises ``pydantic.ValidationError``)."""
        return self.spec.model_validate(raw)

    def source_class(self) -> type[Source[Any]]:
        """Import and return the source class; ``TypeError`` if this is not a source."""
        if not self.source:
            raise TypeError(f"connector {self.name!r} is not a source")
        return _import(self.source)  # type: ignore[no-any-return]

    def destination_class(self) -> type[Destination[Any]]:
        """Import and return the destination class; ``TypeError`` if not a destination."""
        if not self.destination:
            raise TypeError(f"connector {self.name!r} is not a destination")
        return _import(self.destination)  # type: ignore[no-any-return]

    def create_source(self, config: BaseModel) -> Source[Any]:
        """A source instance for an already-validated config."""
        return self.source_class()(config)

    def create_destination(self, config: BaseModel) -> Destination[Any]:
        """A destination instance for an already-validated config."""
        return self.destination_class()(config)


def _is_secret(prop: dict[str, Any]) -> bool:
    """Whether a JSON-Schema property is a secret, also inside ``anyOf`` (optional secrets)."""
    if prop.get("writeOnly") or prop.get("format") == "password":
        return True
    return any(_is_secret(alt) for alt in prop.get("anyOf", ()) if isinstance(alt, dict))


def _import(path: str) -> Any:
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)
