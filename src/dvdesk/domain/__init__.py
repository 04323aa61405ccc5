"""The domain: what the directory is and how it is searched. No Qt here."""
