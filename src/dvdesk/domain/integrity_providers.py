"""The gate's rule on what a shelter's provider says of itself where a client or the public reads it.

The department or agency that provides an 一時保護・シェルター service is where the shelter is
(``integrity_rules.shelter_providers`` keeps its address from being public). The same address
typed into a text that leaves the desk — the department's name, its discreet name, its description
(the HSDS export, ``dvdesk show --client``), a public contact's name, window, hours or note (the
client copy, the referral slip she carries, the HSDS export) — gave it away all the same. This rule
refuses, for such a department: words of its own hidden address (``secret_echo.echo``), else any
street address (``secret_echo.street_address``: 丁目, 番地, 7番50号, a place name before 1-7).

``client_texts`` and ``address_words`` are shared with the previews (``admin.shelter_links``) and
with the exporters, which leave such a text out of a file that already holds one (an old backup).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.domain.integrity_findings import Finding, shown
from dvdesk.domain.integrity_labels import label
from dvdesk.domain.integrity_rules import Touched, _among, _rows, shelter_need_ids
from dvdesk.domain.models import ContactPoint
from dvdesk.domain.secret_echo import echo, street_address

ORG_TEXTS = ("name", "discreet_name", "description")  # a department's texts a client or the public reads
CONTACT_TEXTS = ("label", "window", "hours", "note")  # a public contact's (its phone and e-mail are no address)
PUBLIC = "public"


def client_texts(org: Mapping[str, object], contacts: Iterable[Mapping[str, object]]) -> list[tuple[str, str, str]]:
    """(field path, where, text) for each text of a department (``org``: its ``ORG_TEXTS``) and of
    its public ``contacts`` (in their order) that a client or the public may read."""
    out = [(c, label("organizations", c), str(org.get(c) or "")) for c in ORG_TEXTS]
    for i, contact in enumerate(contacts):
        if str(contact.get("confidentiality") or "") != PUBLIC:
            continue  # a staff-only contact is printed on no client's paper and exported nowhere
        name = str(contact.get("label") or "").strip() or f"{i + 1}番目"
        out += [
            (
                f"contacts.{i}.{c}",
                f"連絡先（{shown(name, 40)}）の{label('contact_points', c)}",
                str(contact.get(c) or ""),
            )
            for c in CONTACT_TEXTS
        ]
    return [t for t in out if t[2].strip()]


class Found(NamedTuple):
    """A text that gives a provider's place away (``address_words``)."""

    path: str  # the field's path in the record ("description", "contacts.0.window")
    where: str  # its Japanese name
    word: str
    hidden: bool  # words of its own hidden address (else any street address)


def address_words(address: str, level: object, texts: Sequence[tuple[str, str, str]]) -> Found | None:
    """The first text (``client_texts``) that gives a provider's place away: words of its
    ``address`` when that is not public, else a street address; or None."""
    if address.strip(" ") and level != PUBLIC:
        for path, where, text in texts:
            if word := echo(address, [text]):
                return Found(path, where, word, True)
    for path, where, text in texts:
        if word := street_address([text]):
            return Found(path, where, word, False)
    return None


def found_in(org: Mapping[str, object], contacts: Iterable[Mapping[str, object]]) -> Found | None:
    """``address_words`` of a department (its ``address`` and level, its texts and contacts)."""
    address, level = str(org.get("address") or ""), org.get("address_confidentiality")
    return address_words(address, level, client_texts(org, contacts))


def provider_address_texts(service: str, department: str, found: Found) -> tuple[str, str]:
    """What is wrong and what to do, when ``department`` provides shelter ``service`` and ``found``
    (``address_words``) is written where a client or the public reads it."""
    _, where, word, hidden = found
    dept = shown(department)
    head = f"一時保護・シェルター（「{shown(service)}」）を提供する「{dept}」の「{where}」に、"
    if hidden:
        return (
            head + f"所在地（非公開）の一部「{shown(word, 40)}」が書かれています（相談者やHSDSの書き出しに出ます）",
            f"管理画面で「{dept}」の名称・説明・連絡先から所在地がわかる語を消してください",
        )
    return (
        head + f"住所らしい語「{shown(word, 40)}」が書かれています（相談者やHSDSの書き出しに出ます）",
        f"管理画面で「{dept}」の名称・説明・連絡先から住所を消してください"
        "（所在地は「所在地」欄に「秘密」か「職員のみ」で入力します）",
    )


def contacts_of(session: Session, org_ids: Iterable[int]) -> dict[int, list[dict[str, object]]]:
    """The contacts of each department in ``org_ids``, in their order, as ``client_texts`` reads them."""
    ids = sorted(set(org_ids))
    out: dict[int, list[dict[str, object]]] = {i: [] for i in ids}
    if not ids:
        return out
    c = ContactPoint
    rows = session.execute(
        select(c.organization_id, c.label, c.window, c.hours, c.note, c.confidentiality)
        .where(c.organization_id.in_(ids))
        .order_by(c.organization_id, c.id)
    )
    for org_id, *values in rows:
        out[org_id].append(dict(zip((*CONTACT_TEXTS, "confidentiality"), values, strict=True)))
    return out


def provider_echoes(session: Session, touched: Touched) -> Iterator[Finding]:
    """A department providing a shelter whose name, description or public contact gives its
    place away (module docstring): on the department when the write touched it, else on the
    shelter service that made it a provider."""
    orgs, services = _among(touched, "organizations", "o.id"), _among(touched, "services", "s.id")
    if orgs is None and services is None:
        return
    shelter_ids = shelter_need_ids(session)
    if not shelter_ids:
        return
    ids = ", ".join(str(i) for i in sorted(shelter_ids))
    among = " OR ".join(c.removeprefix(" AND ") for c in (orgs, services) if c)
    rows = _rows(
        session,
        "SELECT DISTINCT o.id, o.key, o.name, s.id, s.key, s.name, o.discreet_name, o.description, o.address, "
        "o.address_confidentiality FROM organizations o JOIN services s ON s.organization_id = o.id "
        f"JOIN service_needs sn ON sn.service_id = s.id AND sn.need_id IN ({ids})"
        + (f" WHERE ({among})" if among else ""),
    )
    contacts = contacts_of(session, (r[0] for r in rows))
    seen: set[int] = set()
    for r in sorted(rows, key=lambda r: (r[1], r[4])):
        org = dict(zip((*ORG_TEXTS, "address", "address_confidentiality"), (r[2], *r[6:10]), strict=True))
        found = found_in(org, contacts[r[0]])
        if found is None:
            continue
        org_touched = touched is None or r[0] in touched.get("organizations", ())
        if org_touched and r[0] in seen:
            continue
        seen.add(r[0])
        table, key, name, row_id = ("organizations", *r[1:3], r[0]) if org_touched else ("services", *r[4:6], r[3])
        yield Finding(
            table, key, name, *provider_address_texts(str(r[5] or ""), str(r[2] or ""), found), frozenset({row_id})
        )
