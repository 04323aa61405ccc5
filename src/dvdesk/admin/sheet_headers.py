"""Which dvdesk field a sheet's column heading means: the synonym table.

The table is ``resources/sheets/headers.toml`` (documented there and in the README), extended by
a city's own ``sheet_headers.toml`` in the settings folder. A heading is matched after NFKC, with
spaces removed and letters case-folded; first exactly, then with anything in brackets removed
(「掲載(〇/×)」 → 「掲載」). A heading matched nowhere means nothing: it is reported, never guessed.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from pathlib import Path

from dvdesk import paths
from dvdesk.admin.kinds import CONTACT_FIELDS, KINDS, Field
from dvdesk.domain.translatable import N_

SHEET_ONLY = {  # fields a sheet may carry that are not record fields of their own
    "publication": N_("AdminLabels", "掲載（〇/×）"),
    "extension": N_("AdminLabels", "内線（職員メモへ）"),
    "phone_note": N_("AdminLabels", "電話の備考（職員メモへ）"),
}
ORGANIZATION_CONTACT = {  # an organisation sheet's phone-directory columns: its main contact
    "phone": N_("AdminLabels", "主な連絡先の電話番号"),
    "extension": N_("AdminLabels", "主な連絡先の内線（職員のみ）"),
    "window": N_("AdminLabels", "主な連絡先の窓口・階"),
    "hours": N_("AdminLabels", "主な連絡先の受付時間"),
    "email": N_("AdminLabels", "主な連絡先のメール"),
}
MUNICIPALITY_LABEL = N_("AdminLabels", "市区町村（名称かコード、全国は「全国」）")
KEY_LABELS = {"key": N_("AdminLabels", "キー"), "contact": N_("AdminLabels", "キー（組織キー）")}
CITY_FILE = "sheet_headers.toml"
IGNORE = "-"  # --map 'ヘッダ=-': do not read this column


class HeaderTableError(ValueError):
    """The city's synonym file cannot be read; ``str()`` is Japanese."""


def fold(text: object) -> str:
    """A heading as compared: NFKC, no spaces (full- or half-width), case-folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).casefold()


def unbracketed(text: str) -> str:
    return re.sub(r"[(（\[［【〔].*?[)）\]］】〕]", "", text)


# A bracket that marks a column for staff (「内容（職員用）」, 「住所（非公開）」). Brackets are dropped to
# match a heading (「掲載(〇/×)」 → 「掲載」); a column so marked is not read on the strength of its bare
# heading into a field a client's copy can print: she says where it goes (--map).
STAFF_MARKS = (
    "職員",
    "内部",
    "非公開",
    "庁内",
    "秘",
    "管理用",
    "スタッフ",
    "staff",
    "internal",
    "private",
    "confidential",
)
# Fields no client copy prints (or, a service's 所在地, prints only when made public on purpose).
UNPRINTED = frozenset(
    {
        "key",
        "municipality",
        "provider",
        "parent",
        "kind",
        "needs",
        "circumstances",
        "initiatives",
        "publication",
        "staff_note",
        "extension",
        "phone_note",
        "source",
        "source_note",
        "verified_on",
        "verified_by",
        "retired",
        "location",
        "location_confidentiality",
        "address_confidentiality",
        "confidentiality",
    }
)


def staff_marked(heading: object, vocab: dict[str, str]) -> str:
    """The printed field a heading would mean without its brackets when the brackets mark the column
    for staff (and the heading as written is not in the table); "" otherwise."""
    folded = fold(heading)
    if not folded or folded in vocab:
        return ""
    field = vocab.get(unbracketed(folded), "")
    brackets = "".join(re.findall(r"[(（\[［【〔](.*?)[)）\]］】〕]", folded))
    if field and field not in UNPRINTED and any(m in brackets for m in STAFF_MARKS):
        return field
    return ""


def record_fields(kind_name: str) -> tuple[Field, ...]:
    if kind_name == "contact":
        return CONTACT_FIELDS
    return tuple(f for f in KINDS[kind_name].fields if f.type != "items")


def field_names(kind_name: str) -> dict[str, str]:
    """Field name -> Japanese label, for every field a column of this kind of sheet can fill."""
    names = {"key": KEY_LABELS["contact" if kind_name == "contact" else "key"]}
    names.update({f.name: f.label for f in record_fields(kind_name)})
    if "municipality" in names:  # in a sheet a blank cell never means 全国: it is written
        names["municipality"] = MUNICIPALITY_LABEL
    if kind_name == "service":
        names.update(SHEET_ONLY)
    if kind_name == "organization":
        names.update(ORGANIZATION_CONTACT)
    return names


def _load(path: Path) -> dict[str, dict[str, list[str]]]:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise HeaderTableError(f"見出しの対応表を読めません: {path}（{exc}）") from None
    table: dict[str, dict[str, list[str]]] = {}
    for section, fields in doc.items():
        if section not in ("common", "service", "organization", "contact") or not isinstance(fields, dict):
            raise HeaderTableError(
                f"見出しの対応表 {path.name}: 「[{section}]」は使えません（common・service・organization・contact）"
            )
        for name, words in fields.items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise HeaderTableError(f"見出しの対応表 {path.name}: {section}.{name} は文字の一覧にしてください")
            known = field_names("service") | field_names("organization") | field_names("contact")
            if name not in known:
                raise HeaderTableError(f"見出しの対応表 {path.name}: 「{name}」という項目はありません")
            table.setdefault(section, {}).setdefault(name, []).extend(words)
    return table


def city_file() -> Path:
    return paths.config_dir() / CITY_FILE


@functools.cache
def _bundled() -> dict[str, dict[str, list[str]]]:
    return _load(paths.resources_dir() / "sheets" / "headers.toml")


def table() -> dict[str, dict[str, list[str]]]:
    """The bundled table with the city's words added (read each time: she may have just edited it)."""
    merged = {s: {n: list(w) for n, w in f.items()} for s, f in _bundled().items()}
    extra = city_file()
    if extra.is_file():
        for section, fields in _load(extra).items():
            for name, words in fields.items():
                merged.setdefault(section, {}).setdefault(name, []).extend(words)
    return merged


def vocabulary(kind_name: str, synonyms: dict | None = None) -> dict[str, str]:
    """Folded heading -> field name for one kind of sheet: labels and names, then the table's words
    (the kind's own section before [common])."""
    synonyms = synonyms if synonyms is not None else table()
    names = field_names(kind_name)
    words: dict[str, str] = {}
    for section in (kind_name, "common"):
        for name, listed in synonyms.get(section, {}).items():
            if name in names:
                for w in listed:
                    words.setdefault(fold(w), name)
    exact = {fold(label): name for name, label in names.items()} | {fold(name): name for name in names}
    return exact | {w: n for w, n in words.items() if w not in exact}


def meaning(heading: object, vocab: dict[str, str]) -> str:
    """The field a heading means, or "" when the table does not know it."""
    folded = fold(heading)
    if not folded:
        return ""
    if folded in vocab:
        return vocab[folded]
    bare = unbracketed(folded)
    return vocab.get(bare, "") if bare else ""
