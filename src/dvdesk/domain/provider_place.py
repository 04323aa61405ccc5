"""A shelter's provider and the place it gives away in what a client or the public reads: the texts
read and the words found, without a database (the client copy's check, ``disclosure``, runs on the
desk's start path, which imports no SQLAlchemy). The gate's rule over the tables is
``integrity_providers``; the previews ask the same through ``admin.shelter_links``.

The department or agency that provides an 一時保護・シェルター service is where the shelter is. Its
texts a client or the public reads — its name, its discreet name, its description (the HSDS export),
a public contact's name, window, hours and note (the client copy, the referral slip, the HSDS
export) — must not carry words of its non-public address (``secret_echo.echo``), nor any street
address (``secret_echo.street_address``: 丁目, 番地, 7番50号, a place name before 1-7).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from dvdesk.domain.integrity_findings import shown
from dvdesk.domain.integrity_labels import label
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
    if found := hidden_words([(address, level)], texts):
        return found
    for path, where, text in texts:
        if word := street_address([text]):
            return Found(path, where, word, False)
    return None


def hidden_words(places: Iterable[tuple[str, object]], texts: Sequence[tuple[str, str, str]]) -> Found | None:
    """The first text (``client_texts``) holding words of one of ``places`` (address or location,
    and its level) that is not public; or None."""
    for address, level in places:
        if address.strip(" ") and level != PUBLIC:
            for path, where, text in texts:
                if word := echo(address, [text]):
                    return Found(path, where, word, True)
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
