"""Input a user can correct: refused with a Japanese ``message`` before anything is written."""

from __future__ import annotations


class InputError(ValueError):
    """Base of every refusal the user can fix (a bad date, a name in a note, an unknown id)."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
