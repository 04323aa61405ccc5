"""A hidden location written again in a text that is printed: the words that give it away.

A shelter's location is kept secret (``location_confidentiality``) and ``disclosure`` removes the
field from every copy that may not show it. But the same words typed into the description, the
access line or the discreet sentence (「西新宿2丁目の建物の3階」, 「〇〇ビル5階」) were printed on
the client's paper as any other text. ``echo`` finds them: the location and each text are
compared after the same normalisation (NFKC, no spaces, case-folded, 丁目・番地・番・号 and dashes
after a number as "-", kanji numbers before 丁目 as digits), and the location gives these needles:

- what is left once the prefecture and the municipality are taken off the front (「西新宿2-8-1」),
  when it is four characters or more;
- each place name followed by its number, by the name's last two characters and the first number
  (「新宿2」, not followed by another digit);
- each run of three numbers or more (「2-8-1」), not inside a longer number;
- each run of three letters or more without a number (「西新宿」, 「サンシャイン」), except the words
  any building has (マンション …).

The prefecture and the municipality alone are not needles: a service of 新宿区 says 新宿区.
The integrity gate refuses a shelter whose printed texts carry its hidden location
(``integrity_rules.shelter_echoes``), and ``disclosure`` refuses a copy that would print one.
A shelter with no location on record has nothing to compare: ``street_address`` finds an
address's shape there instead (the gate refuses that too).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

_DASHES = "‐‑‒–—―−ｰー－-"
_KANJI_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
_GENERIC = frozenset({"マンション", "アパート", "ハイツ", "コーポ", "号室", "レジデンス"})
_PREFIX = (
    r"^(?:東京都|北海道|京都府|大阪府|[^\d-]{2,3}県)?"
    r"(?:[^\d-]{1,5}?郡[^\d-]{1,5}?[町村]|[^\d-]{1,5}?市市?(?:[^\d-]{1,4}?区)?|[^\d-]{1,4}?区)?"
)


@functools.cache
def _prefix() -> re.Pattern[str]:
    """The prefecture and city before a street (compiled when first used: start-up stays quick)."""
    return re.compile(_PREFIX)


def _kanji_number(match: re.Match[str]) -> str:
    digits = match.group(1)
    if digits == "十":
        return "10"
    if digits.startswith("十"):
        return "1" + "".join(_KANJI_DIGITS.get(c, c) for c in digits[1:])
    if digits.endswith("十"):
        return "".join(_KANJI_DIGITS.get(c, c) for c in digits[:-1]) + "0"
    return "".join(_KANJI_DIGITS.get(c, c) for c in digits.replace("十", ""))


def normal(text: str) -> str:
    """The text as compared (module docstring)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()
    s = re.sub(r"([〇一二三四五六七八九十]{1,3})(?=丁目)", _kanji_number, s)
    s = re.sub(rf"(?<=\d)(?:丁目|番地|番|号|の|[{_DASHES}])", "-", s)
    s = re.sub(r"-+", "-", s)
    return re.sub(r"-(?!\d)", "", s)


def needles(location: str) -> list[tuple[str, bool]]:
    """The location's giveaway words as (needle, ends in a number)."""
    loc = normal(location)
    rest = loc[_prefix().match(loc).end() :]  # type: ignore[union-attr]  # the pattern matches "" at worst
    found: dict[str, bool] = {}
    if len(rest) >= 4:
        found[rest] = rest[-1].isdigit()
    for m in re.finditer(r"([^\d-]{2,})(\d+)", rest):
        found.setdefault(m.group(1)[-2:] + m.group(2), True)
    for m in re.finditer(r"\d+(?:-\d+){2,}", rest):
        found.setdefault(m.group(0), True)
    for m in re.finditer(r"[^\d-]{3,}", rest):
        if m.group(0) not in _GENERIC:
            found.setdefault(m.group(0), False)
    return list(found.items())


def echo(location: str, texts: Iterable[str]) -> str | None:
    """The first of ``location``'s giveaway words found in one of ``texts`` (as normalised), or None."""
    if not (location or "").strip():
        return None
    wanted = needles(location)
    if not wanted:
        return None
    for text in texts:
        flat = normal(text)
        if not flat:
            continue
        for needle, numeric in wanted:
            start = flat.find(needle)
            while start >= 0:
                end = start + len(needle)
                before = flat[start - 1] if start else ""
                before_ok = not needle[0].isdigit() or not (before.isdigit() or before == "-")
                after_ok = not numeric or end == len(flat) or not flat[end].isdigit()
                if before_ok and after_ok:
                    return needle
                start = flat.find(needle, start + 1)
    return None


def street_echo(location: str, texts: Iterable[str]) -> str | None:
    """The street of ``location`` with its number, past the prefecture and the municipality
    (「西新宿2-8-1」), when one of ``texts`` carries it whole (as normalised), or None: what another
    record's printed text may not say of a shelter's hidden place (``disclosure``). Stricter than
    ``echo``, which holds a shelter to its own texts: another service may name the district."""
    street = street_of(location)
    return street if street and street_in(street, [normal(t) for t in texts]) else None


def streets_in(streets: Iterable[str], texts: Iterable[str]) -> str | None:
    """The first of ``streets`` (``street_of``) one of ``texts`` carries whole (``street_in``), or
    None: the one comparison of a shelter's hidden street with another record's printed texts, for
    the printout (``disclosure.no_shelter_place_elsewhere``) and the gate (``integrity_streets``)."""
    streets = list(streets)
    firsts = {street[:1] for street in streets}
    if any(not "\u4e00" <= first <= "\u9fff" for first in firsts):
        firsts = {""}  # a street not starting with a kanji: every text is normalised
    flats = [normal(t) for t in texts if _may_hold(firsts, t)]
    return next((s for s in streets if street_in(s, flats)), None)


def _may_hold(firsts: set[str], text: str) -> bool:
    """False only when ``text`` cannot hold a street starting with one of ``firsts`` once
    ``normal``: each a kanji (U+4E00-9FFF, which NFKC and casefold keep) that ``text`` lacks, and ``text`` has no
    compatibility ideograph or radical NFKC would turn into one. Spares a national directory's
    ``normal`` of every text (h19: 1.0 s to 0.1 s on 19,730 services, 769 hidden streets)."""
    if any(first in text for first in firsts):  # "" is in every text
        return True
    return bool(text) and _compat().search(text) is not None


@functools.cache
def _compat() -> re.Pattern[str]:
    return re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def street_of(location: str) -> str | None:
    """``location``'s street with its number, normalised (``street_echo``), or None."""
    loc = normal(location)
    rest = loc[_prefix().match(loc).end() :]  # type: ignore[union-attr]  # the pattern matches "" at worst
    street = re.search(r"[^\d-]{2,}\d+(?:-\d+)*", rest)
    return street.group(0) if street else None


def street_in(street: str, flats: Iterable[str]) -> bool:
    """Whether one of ``flats`` (texts already ``normal``) holds ``street`` not followed by a digit."""
    for flat in flats:
        start = flat.find(street)
        while start >= 0:
            end = start + len(street)
            if end == len(flat) or not flat[end].isdigit():
                return True
            start = flat.find(street, start + 1)
    return False


# A street address's shape, for a shelter whose location is not on record (nothing to compare
# with): a number with 丁目 or 番地, 7番50号, or a place name written straight before 1-7 / 1-2-3.
# Not a phone number (a group starting with 0 follows no place name), nor hours or an age (9-17時,
# 1-2歳: a unit after the last number). In a translation (h18) the same address is written in
# Latin letters: 3-chome, a place name before 7-50 (not a weekday, ages, hours or open before it,
# nor a unit after it: Mon-Fri 9-17, ages 18-64, 9-17h), 7-50 before a capitalised place name, and
# three numbers 2-8-1 anywhere.
_NOT_PLACE = "Mon|Tue|Wed|Thu|Fri|Sat|Sun|Seg|Ter|Qua|Qui|Sex|Sáb|Dom|Thứ|ges|Age|age|ged|urs|our|pen|ily"
_STREET = (
    r"[0-9〇一二三四五六七八九十]+丁目|\d+番地|\d+番\d+号?"
    r"|(?<=[\u3005\u3040-\u30ff\u4e00-\u9fff])[1-9]\d{0,3}(?:-\d{1,4}){1,2}"
    r"(?![\d:.時分歳才か箇ヶ年月日件人回円名枚週%])"
    r"|\d+-?(?:chome|Chome|CHOME)|(?:banchi|Banchi)"
    rf"|(?<=[A-Za-z\u00c0-\u024f\u1e00-\u1eff]{{3}})(?<!{_NOT_PLACE})[1-9]\d{{0,3}}(?:-\d{{1,4}}){{1,2}}(?![\d:%a-z-]|\.\d)"
    rf"|(?<![\d-])[1-9]\d{{0,3}}-\d{{1,4}}(?:-\d{{1,4}})?(?=[A-Z][a-z])(?!{_NOT_PLACE})"
    r"|(?<![\d-])[1-9]\d{0,2}-\d{1,4}-\d{1,4}(?![\d-])"
)


@functools.cache
def _street() -> re.Pattern[str]:
    return re.compile(_STREET)


def street_address(texts: Iterable[str]) -> str | None:
    """The first street address written in one of ``texts`` (as the place name's last characters
    and its numbers, 「末広町1-7」), or None."""
    for text in texts:
        flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
        flat = re.sub(rf"(?<=\d)[{_DASHES}](?=\d)", "-", flat)
        if m := _street().search(flat):
            return flat[max(0, m.start() - 3) : m.end()]
    return None
