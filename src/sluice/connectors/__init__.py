"""Connectors: the SDK contract, the registry and the built-in connectors."""
