"""The application layer: what the windows and the command line ask of the data, without Qt.

Each module here opens its own short read or write on a ``Database`` and hands back plain
records (dataclasses from ``dvdesk.domain``), so no module under ``gui/`` or ``cli/`` holds a
session or builds a query (``tests/test_layering.py`` keeps it so). Nothing here assumes SQLite:
the shared (PostgreSQL) mode plugs in below, in ``dvdesk.storage``.

- ``directory_queries``: the desk's search, need tree, details, departments (``DeskData``), built on
  ``desk_search`` (the list, the need tree's counts), ``desk_reads`` (read snapshots, the kept
  searcher) and ``desk_query`` (the query, the list's records and order).
"""
