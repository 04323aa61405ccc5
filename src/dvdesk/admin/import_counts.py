"""The count check of an import: everything read ends stored, refused or skipped, never lost.

A spreadsheet counts its data rows; an HSDS feed counts its records (where a repeat of a record
already read and a taxonomy record used only to map needs are the skipped ones). Both reports
give the same ``ImportCounts``, and the command line and the window print it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportCounts:
    read: int
    stored: int  # accepted: in the database after the import (or would be, in a dry run)
    refused: int  # each with its reason in the report
    skipped: int  # read over on purpose, each with its reason (rows) or counted (HSDS repeats, mapping)

    @property
    def balanced(self) -> bool:
        """read = stored + refused + skipped: nothing read went missing."""
        return self.read == self.stored + self.refused + self.skipped
