"""A term of the search vocabulary with the other spellings tied to it (issue 14.1).

In synonyms.toml (and in the database's ``synonyms`` rows, and in data packages, as the same text),
``"住民票 = じゅうみんひょう"`` is the term 住民票 and its reading: both are terms of the group (each
finds what the group finds, as before), and the reading typed is searched as its term is typed, so
the records naming 住民票 come first, then the rest of the group. Without ties, a reading typed
unconverted widened to the whole 支援措置 group and the 住民票 procedure fell to 4th or 5th.

A term without ``=`` is a plain term, as every file before this one: old files load unchanged. More
than one spelling: ``"引っ越し = 引越し = 引越"``. Width is folded (``＝``), spaces around ``=`` are
not part of a term. Tie only a spelling the directory itself does not write (こども is in
こども家庭庁: typed, it must rank the records that write it so first).
"""

from __future__ import annotations

import re

TIE = re.compile(r"\s*[=＝]\s*")


def split_term(term: str) -> list[str]:
    """The term, then the spellings tied to it (``[term]`` for a plain term); never an empty one."""
    parts = [p for p in TIE.split(term.strip()) if p]
    return parts or [term.strip()]
