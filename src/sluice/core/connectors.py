"""Connector lookup and config handling: validation, secret masking, encryption.

Configs are stored as Fernet ciphertext of their JSON under the DEK. Secret fields (``SecretStr``
in the connector's spec) never leave the server: responses show :data:`SECRET_MASK` instead.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError

from sluice.connectors.registry import UnknownConnectorError, get_connector
from sluice.connectors.sdk import Connector
from sluice.errors import InvalidInputError
from sluice.security.crypto import Cipher

SECRET_MASK = "**********"  # noqa: S105 - the mask shown instead of a secret


def find_connector(name: str) -> Connector:
    """The registered connector ``name``; :class:`InvalidInputError` listing known ones."""
    try:
        return get_connector(name)
    except UnknownConnectorError as exc:
        raise InvalidInputError(str(exc), field="connector_type") from exc


def validate_config(connector: Connector, raw: dict[str, Any]) -> BaseModel:
    """Validate ``raw`` against the connector's spec; the 422 message names each bad field."""
    try:
        return connector.parse_config(raw)
    except ValidationError as exc:
        problems = []
        first_field = None
        for err in exc.errors():
            loc = ".".join(str(p) for p in err.get("loc", ()))
            first_field = first_field or loc
            problems.append(f"{loc or 'config'}: {err.get('msg', 'invalid')}")
        msg = f"invalid {connector.name} config: " + "; ".join(problems)
        field = f"config.{first_field}" if first_field else "config"
        raise InvalidInputError(msg, field=field) from exc


def reveal(config: BaseModel) -> dict[str, Any]:
    """The config as plain JSON data, secrets revealed (for encryption only, never responses)."""
    data = config.model_dump(mode="python")
    return {k: _reveal_value(v) for k, v in data.items()}


def _reveal_value(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {k: _reveal_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_reveal_value(v) for v in value]
    return json.loads(json.dumps(value, default=str))


def mask(connector: Connector, plain: dict[str, Any]) -> dict[str, Any]:
    """``plain`` with every secret field replaced by the mask (or ``None`` when unset)."""
    secrets = set(connector.secret_fields())
    return {k: (SECRET_MASK if v else None) if k in secrets else v for k, v in plain.items()}


def merge_update(
    connector: Connector, stored: dict[str, Any], patch: dict[str, Any]
) -> dict[str, Any]:
    """Apply a PATCH of config fields: a secret that is absent, empty, ``null`` or the mask keeps
    its stored value; other given fields replace theirs."""
    secrets = set(connector.secret_fields())
    merged = dict(stored)
    for key, value in patch.items():
        if key in secrets and value in (None, "", SECRET_MASK):
            continue
        merged[key] = value
    return merged


def encrypt_config(cipher: Cipher, plain: dict[str, Any]) -> str:
    """Ciphertext of ``plain``'s JSON under the DEK."""
    return cipher.encrypt(json.dumps(plain, separators=(",", ":")).encode("utf-8"))


def decrypt_config(cipher: Cipher, ciphertext: str) -> dict[str, Any]:
    """The plain config dict back from :func:`encrypt_config`."""
    data: dict[str, Any] = json.loads(cipher.decrypt(ciphertext))
    return data
