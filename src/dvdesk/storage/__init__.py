"""Storage: the SQLite file, its migrations, its search index and the bundled directory loader."""
