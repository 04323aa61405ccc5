"""A shelter provider's other services on a copy: printed under the provider's heading, they must not
give its place away. The gate holds the shelter's own texts and the provider's, not its other
services'; ``disclosure.no_shelter_place_elsewhere`` refuses a shelter's street in any printed text.

What a copy refuses here (``no_place_in_services``): words of the provider's hidden address in one of
its services it prints (「秘密町の窓口で受け付けます」 under a provider at テスト市秘密町9-9, staff only),
and, in their translations (a copy in another language), words of its shelters' hidden locations too,
as the gate's translation rule holds them (``integrity_translations``; h19: 「Next to 秘密の場所」 as the
English description of the provider's 電話相談 was printed). A street address is the service's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from dvdesk.domain.checklist import Checklist, ChecklistItem
from dvdesk.domain.disclosure import (
    Printable,
    ProviderPlaceOnCopy,
    TranslatedTexts,
    _all_items,
    _shelter_providers_printed,
)
from dvdesk.domain.provider_place import hidden_words

Places = Mapping[str, Sequence[tuple[str, str]]]  # a provider's key -> its shelters' (location, level)


def no_place_in_services(
    checklist: Checklist,
    printable: Printable,
    shelters: Places,
    translated: Callable[[ChecklistItem], TranslatedTexts | None] | None = None,
    language: str = "",
) -> None:
    """Raise ``ProviderPlaceOnCopy`` when a service the copy prints of a shelter's provider (one of
    ``shelters``, the directory's, or one on the list) holds words of the provider's hidden address,
    or, in its translation (``translated``: ``Translations.for_item``; ``language`` its name, 英語),
    of its shelters' hidden locations: those the copy's audience may not see."""
    audience = printable.audience
    sources = {s.key: s for s, _, _ in _shelter_providers_printed(checklist, printable.checklist, set(shelters))}
    listed = [i for i in _all_items(checklist) if i.shelter]
    for item in _all_items(printable.checklist) if sources else ():
        org = item.department.organization
        source = sources.get(org.key) if org is not None and not item.shelter else None
        if source is None:
            continue
        places: list[tuple[str, object]] = [(source.address, source.address_confidentiality)]
        if translated is not None:
            places += shelters.get(source.key, ())
            places += [(i.location, i.location_confidentiality) for i in listed if i.department.organization == org]
        entry = item if translated is None else translated(item)
        if entry is None:
            continue
        hidden = [(place, "public" if audience.may_see(str(level)) else "hidden") for place, level in places]
        texts = [("name", "名称", entry.name), ("description", "内容", entry.description)]
        texts += [("caution", "注意", entry.caution), ("hours", "時間", entry.hours)]
        texts += [("what_to_bring", "持ち物", t) for t in entry.what_to_bring]
        if found := hidden_words(hidden, texts):
            where = f"サービス「{item.name}」の{found.where}"  # printed under the department, as the gate says
            raise ProviderPlaceOnCopy(source.name, found._replace(where=where), language=language)
