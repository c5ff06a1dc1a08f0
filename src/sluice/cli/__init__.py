"""The ``sluice`` command line (Typer + rich)."""
