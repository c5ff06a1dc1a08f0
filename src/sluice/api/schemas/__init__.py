"""Request and response models of the HTTP API (never ORM objects)."""
