"""Conformance of a connector's descriptor and config spec."""

# ruff: noqa: S101 - a test kit asserts

from __future__ import annotations

from pydantic import BaseModel

from sluice.connectors.sdk.connector import Connector
from sluice.connectors.sdk.testing.samples import (
    is_secret,
)


class SpecConformance:
    """Promises of a connector's descriptor and config spec."""

    def test_spec_is_a_pydantic_model(self, connector: Connector) -> None:
        """The spec is a pydantic model whose JSON Schema is an object with properties."""
        assert isinstance(connector.spec, type)
        assert issubclass(connector.spec, BaseModel)
        schema = connector.config_schema()
        assert schema.get("type") == "object"
        assert isinstance(schema.get("properties"), dict)
        assert connector.source or connector.destination

    def test_secrets_are_write_only(self, connector: Connector) -> None:
        """Every ``SecretStr`` field is flagged ``writeOnly`` at the top of its JSON Schema."""
        secrets = [n for n, f in connector.spec.model_fields.items() if is_secret(f.annotation)]
        flagged = connector.secret_fields()
        for name in secrets:
            assert name in flagged, (
                f"secret field {name!r} is not writeOnly in the JSON Schema; declare it as "
                "a plain SecretStr with a default (not Optional) so the API never returns it"
            )
