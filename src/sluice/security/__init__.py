"""Security: the master-password keyring, password hashing, API tokens and sessions."""
