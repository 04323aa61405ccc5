"""A kind's records from a data package, held packed: pickled and compressed a chunk at a time.

A national package holds 350,000 services. As Python dicts they took ~900 MB, and the apply held
them all, with every new row besides, at 2.2 GB peak. Packed they take a few tens of MB, and every
pass over them (references, the plan, the checks, the bulk inserts) unpacks one chunk at a time:
memory is bounded by the chunk, not by the package.

The records are this process's own (``coerce_snapshot``'s output, after the package was verified):
pickled and unpickled here only, never written anywhere. Pickle keeps every value's type exactly
(a JSON round trip would not). Each pass yields fresh copies: editing a yielded record changes
nothing stored (build a new list for that, as tests and the benchmark's edited package do).
"""

from __future__ import annotations

import bisect
import pickle
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from dvdesk.admin.records import Snapshot

CHUNK = 1_000  # records per packed chunk: ~2 MB unpacked at national scale


class PackedSnapshots(Sequence[Snapshot]):
    """A read-only sequence of snapshots, stored as compressed pickled chunks. Each record's key and
    title (``title_field``) are kept unpacked too: the keys known to a batch, and the plan of records
    new to the directory, need nothing else (unpacking 350,000 services costs seconds per pass)."""

    def __init__(self, snaps: Iterable[Snapshot] = (), title_field: str = "name") -> None:
        self.title_field = title_field
        # Fields no record of the kind carried in the package (an older dvdesk's export, made before
        # the field existed): read as empty, they would empty the desk's values (``package._unwritten``).
        self.unwritten: frozenset[str] = frozenset()
        self.keys: list[str] = []
        self.titles: list[str] = []
        self._chunks: list[bytes] = []
        self._starts: list[int] = []  # index of each chunk's first record
        self._pending: list[Snapshot] = []
        self._len = 0
        self._last: tuple[int, list[Snapshot]] = (-1, [])  # the chunk ``__getitem__`` unpacked last
        for snap in snaps:
            self.append(snap)
        self.seal()

    def append(self, snap: Snapshot) -> None:
        """While the package is read: one more record (packed once a chunk is full)."""
        self._pending.append(snap)
        self.keys.append(snap["key"])
        self.titles.append(str(snap.get(self.title_field) or ""))
        self._len += 1
        if len(self._pending) >= CHUNK:
            self.seal()

    def seal(self) -> None:
        if self._pending:
            self._starts.append(self._len - len(self._pending))
            self._chunks.append(zlib.compress(pickle.dumps(self._pending, protocol=pickle.HIGHEST_PROTOCOL), 1))
            self._pending = []

    @property
    def packed_bytes(self) -> int:
        return sum(map(len, self._chunks))

    def chunks(self) -> Iterator[list[Snapshot]]:
        for data in self._chunks:
            yield pickle.loads(zlib.decompress(data))  # our own bytes, made above
        if self._pending:
            yield list(self._pending)

    def picked(self, indices: Iterable[int]) -> Iterator[tuple[int, Snapshot]]:
        """The records at ``indices`` (ascending), each chunk unpacked once and only if one of them
        is in it: a plan against a directory that holds a few of a national package's records."""
        n, chunk = -1, []
        for index in indices:
            if index >= self._len - len(self._pending):
                yield index, self._pending[index - (self._len - len(self._pending))]
                continue
            at = bisect.bisect_right(self._starts, index) - 1
            if at != n:
                n, chunk = at, pickle.loads(zlib.decompress(self._chunks[at]))  # our own bytes, made above
            yield index, chunk[index - self._starts[at]]

    def __iter__(self) -> Iterator[Snapshot]:
        for chunk in self.chunks():
            yield from chunk

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> Snapshot: ...
    @overload
    def __getitem__(self, index: slice) -> list[Snapshot]: ...
    def __getitem__(self, index: int | slice) -> Snapshot | list[Snapshot]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError("record index out of range")
        if index >= self._len - len(self._pending):
            return self._pending[index - (self._len - len(self._pending))]
        n = bisect.bisect_right(self._starts, index) - 1
        if self._last[0] != n:  # neighbours are asked in turn (a preview's rows): one chunk unpacked for them
            self._last = (n, pickle.loads(zlib.decompress(self._chunks[n])))  # our own bytes, made above
        record = self._last[1][index - self._starts[n]]
        return pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))  # a fresh copy, as passes yield

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=False))
        return NotImplemented

    def __repr__(self) -> str:
        return f"PackedSnapshots({self._len} records, {self.packed_bytes:,} bytes packed)"


def is_packed(records: Sequence[Snapshot]) -> bool:
    """Whether ``records`` are packed (a plan over them should not hold them unpacked)."""
    return isinstance(records, PackedSnapshots)


def keys_of(records: Sequence[Snapshot]) -> Sequence[str]:
    """The records' keys, in order: without unpacking packed ones."""
    return records.keys if isinstance(records, PackedSnapshots) else [s["key"] for s in records]
