"""The gate's rule on a shelter's hidden street written in another record's printed text.

A shelter's own texts are held to its location (``integrity_rules.shelter_echoes``). Another
record may name the district (an office in 西新宿 says 西新宿), but not the street with its number
(「富山県高岡市広小路7番50号の2階へ」 in a card's 利用方法, for a shelter whose secret location is
there): the printout refused such a copy (``disclosure.no_shelter_place_elsewhere``) while every
import and the editor said 受付 (h19). This rule refuses it at the write, with the printout's
comparison (``secret_echo.streets_in``): the service whose printed text carries it, when the write
touched it or the shelter.

Scope: a shelter's street is compared with the services of its municipality and the national ones
(a national shelter: with every service), not all-against-all; the printout still compares every
hidden shelter with every item it prints. The validation's twin is ``admin.shelter_links``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from sqlalchemy.orm import Session

from dvdesk.domain.integrity_findings import Finding, shown
from dvdesk.domain.integrity_labels import label
from dvdesk.domain.integrity_rules import PRINTED, Touched, _among, _rows, shelter_need_ids
from dvdesk.domain.secret_echo import street_of, streets_in


class Place(NamedTuple):
    """A shelter whose location is hidden and has a street with its number (``street_of``)."""

    id: int
    key: str
    name: str
    municipality: str | None  # its code; None: national
    street: str


def hidden_streets(session: Session) -> list[Place]:
    """The directory's shelters with a hidden location that has a street (``Place``)."""
    ids = shelter_need_ids(session)
    if not ids:
        return []
    listed = ", ".join(str(i) for i in sorted(ids))
    rows = _rows(
        session,
        "SELECT DISTINCT s.id, s.key, s.name, m.code, s.location FROM services s "
        f"JOIN service_needs sn ON sn.service_id = s.id AND sn.need_id IN ({listed}) "
        "LEFT JOIN municipalities m ON m.id = s.municipality_id "
        "WHERE trim(s.location) != '' AND s.location_confidentiality != 'public'",
    )
    return [
        Place(int(r[0]), str(r[1]), str(r[2] or ""), r[3] or None, street)
        for r in rows
        if (street := street_of(str(r[4] or "")))
    ]


class Streets:
    """The hidden streets by municipality, to compare a record with those in its scope only (a
    shelter's municipality and the national ones): not every shelter with every service."""

    def __init__(self, places: Iterable[Place]):
        self.every = list(places)
        self.national = [p for p in self.every if p.municipality is None]
        self.by_municipality: dict[str, list[Place]] = {}
        self._cache: dict[str | None, dict[str, Place]] = {}
        for p in self.every:
            if p.municipality is not None:
                self.by_municipality.setdefault(p.municipality, []).append(p)

    def found(self, key: str, municipality: str | None, texts: Mapping[str, str]) -> Iterator[tuple[str, Place]]:
        """(column, shelter) for each of ``texts`` (column -> text of record ``key``) carrying the
        street of a shelter in scope other than the record itself."""
        near = self._near(municipality)
        if any(p.key == key for p in near.values()):
            near = {street: p for street, p in near.items() if p.key != key}
        # Most records: one look at all their texts at once ("|" is no digit: a street ending one
        # text is not taken for a longer number by the next).
        if not near or streets_in(near, ["|".join(texts.values())]) is None:
            return
        for column, text in texts.items():
            if text and (street := streets_in(near, [text])):
                yield column, near[street]

    def _near(self, municipality: str | None) -> dict[str, Place]:
        """street -> shelter, of the shelters in scope of a record of ``municipality`` (read once)."""
        if municipality not in self._cache:
            near = (self.by_municipality.get(municipality, []) + self.national) if municipality else self.every
            self._cache[municipality] = {p.street: p for p in reversed(near)}
        return self._cache[municipality]


def _listed(codes: Iterable[str]) -> str:
    """Municipality codes as SQL literals."""
    return ", ".join("'" + c.replace("'", "''") + "'" for c in codes)


def street_texts(column_label: str, shelter: str, street: str) -> tuple[str, str]:
    """What is wrong and what to do (the gate's words; ``admin.shelter_links`` says the same)."""
    return (
        f"「{column_label}」に、一時保護・シェルター「{shown(shelter)}」の所在地（秘密）の番地"
        f"「{shown(street, 40)}」が書かれています（相談者の控えに印刷されます）",
        "管理画面でこの欄から番地を消してください（シェルターの所在地はほかの記録にも書けません）",
    )


def shelter_streets(session: Session, touched: Touched) -> Iterator[Finding]:
    """A service whose printed text carries a hidden shelter's street (module docstring), when the
    write touched the service or the shelter."""
    services = _among(touched, "services", "s.id")
    if services is None:
        return
    places = hidden_streets(session)
    if not places:
        return
    munis = sorted({p.municipality for p in places if p.municipality})
    national = any(p.municipality is None for p in places)
    scope = "" if national else " AND (s.municipality_id IS NULL OR m.code IN (:munis))"
    touched_ids = touched.get("services", set()) if touched is not None else set()
    moved = [p for p in places if p.id in touched_ids] if services else []
    if moved:  # a shelter written: the services of its municipality (every one for a national shelter)
        near = sorted({p.municipality for p in moved if p.municipality})
        whole = any(p.municipality is None for p in moved)
        services = f" AND ({services.removeprefix(' AND ')}" + (
            ")" if whole else f" OR s.municipality_id IS NULL OR m.code IN ({_listed(near)}))"
        )
    columns = ", ".join("s." + c for c in PRINTED)
    sql = (
        f"SELECT s.id, s.key, s.name, m.code, {columns} FROM services s "
        f"LEFT JOIN municipalities m ON m.id = s.municipality_id WHERE 1 = 1{scope}{services}"
    )
    if munis and not national:
        sql = sql.replace(":munis", _listed(munis))
    streets = Streets(places)
    for r in _rows(session, sql):
        texts = {c: str(t or "") for c, t in zip(PRINTED, r[4:], strict=True)}
        for column, place in streets.found(str(r[1]), r[3], texts):
            said = street_texts(label("services", column), place.name, place.street)
            yield Finding("services", str(r[1]), str(r[2] or ""), *said, frozenset({int(r[0]), place.id}))
