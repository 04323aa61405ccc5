"""A shelter provider's other services on a copy: printed under the provider's heading, they must not
give the shelter's place away. h19 found 「秘密の場所 1-2-3 の隣の窓口で受け付けます」, the shelter's secret
location, in the Japanese description of the provider's 電話相談: accepted by the gate (which holds the
shelter's own texts and the provider's, not its other services') and printed on the client's copy.

The copy refuses it (``no_place_in_services``): words of the provider's hidden address, or of a hidden
location of one of its shelters, in a service of it that the copy prints (``provider_place.hidden_words``;
a street address is the service's own to name). Its translations are held to the same by the gate
(``integrity_translations``) and on the translated copy (``disclosure.no_provider_place_in_translation``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dvdesk.domain.checklist import Checklist
from dvdesk.domain.disclosure import Printable, ProviderPlaceOnCopy, _all_items, _shelter_providers_printed
from dvdesk.domain.provider_place import hidden_words

Places = Mapping[str, Sequence[tuple[str, str]]]  # a provider's key -> its shelters' (location, level)


def no_place_in_services(checklist: Checklist, printable: Printable, shelters: Places) -> None:
    """Raise ``ProviderPlaceOnCopy`` when a service the copy prints of a shelter's provider (one of
    ``shelters``, the directory's, or one on the list) holds words of the provider's hidden address
    or of its shelters' hidden locations (those the copy's audience may not see)."""
    audience = printable.audience
    sources = {s.key: s for s, _, _ in _shelter_providers_printed(checklist, printable.checklist, set(shelters))}
    listed = [i for i in _all_items(checklist) if i.shelter]
    for item in _all_items(printable.checklist) if sources else ():
        org = item.department.organization
        source = sources.get(org.key) if org is not None and not item.shelter else None
        if source is None:
            continue
        places = [(source.address, source.address_confidentiality), *shelters.get(source.key, ())]
        places += [(i.location, i.location_confidentiality) for i in listed if i.department.organization == org]
        hidden = [(place, "public" if audience.may_see(level) else str(level or "secret")) for place, level in places]
        texts = [("name", "名称", item.name), ("description", "内容", item.description)]
        texts += [("caution", "注意", item.caution), ("hours", "時間", item.hours)]
        texts += [("what_to_bring", "持ち物", t) for t in item.what_to_bring]
        if found := hidden_words(hidden, texts):
            where = f"サービス「{item.name}」の{found.where}"
            raise ProviderPlaceOnCopy(source.name, found._replace(where=where))
