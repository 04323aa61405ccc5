"""Keeping the directory true: editing with history, verification, data packages, spreadsheets
and HSDS exchange. No Qt here: the administration window (``dvdesk.gui.admin``) and the command
line (``dvdesk.cli.admin_commands``) are thin layers over these modules.

Every module speaks in *snapshots*: a record as a plain, JSON-compatible dict keyed by its stable
key (``records``). History, diffs, packages, spreadsheets and HSDS all compare and apply
snapshots, so there is one mapping between the ORM and the outside world.
"""
