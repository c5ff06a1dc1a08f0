"""Built-in connectors, registered through the ``sluice.connectors`` entry-point group."""
