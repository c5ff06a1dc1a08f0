"""Sluice: self-hosted data integration with a live web UI."""

__version__ = "0.1.0"
