"""The discreet word list speaks every language the client copy is printed in (h15-print).

The Japanese list names what a discreet page may never say (一時保護, 相手方, 支援措置, a DV
centre's name …). A copy in English, Portuguese, Chinese, Vietnamese or やさしい日本語 says the
same things in the words of the shipped translations: each of those words must be on the list
too, or a discreet page in her language (a translated discreet wording, a note typed in her
language) could say in English what the Japanese page is refused for. Read from the shipped
translations: a field whose Japanese carries a listed word must carry one in every translation.
"""

import tomllib
from pathlib import Path

import pytest

from dvdesk.domain import discreet

DIRECTORY = Path(__file__).parents[1] / "src" / "dvdesk" / "resources" / "directory"
if not DIRECTORY.is_dir():
    DIRECTORY = Path(__file__).parents[1] / "resources" / "directory"

# Said in easy Japanese with a word too short and common to refuse: 相手方 is 「あいて」, which is
# also 「あいている」 (open: 「まどぐちが あいている 時間」).
TOO_COMMON = {("easy", "相手方")}


def _records() -> dict[str, dict]:
    found = {}
    for path in DIRECTORY.glob("*.toml"):
        for records in tomllib.loads(path.read_text(encoding="utf-8")).values():
            if isinstance(records, list):
                found.update({r["key"]: r for r in records if isinstance(r, dict) and "key" in r})
    return found


def _pairs():
    """(language, key, field, Japanese, translation) of every translated field."""
    records = _records()
    for path in sorted((DIRECTORY / "translations").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for t in data["translation"]:
            source = records.get(t["key"].removesuffix("#discreet"))
            if source is None or t["key"].endswith("#discreet"):
                continue
            name = source.get("name") or source.get("label_ja") or ""
            yield data["lang"], t["key"], "name", name, t.get("name", "")
            for field in ("description", "caution"):
                yield data["lang"], t["key"], field, source.get(field, ""), t.get(field, "")
            for ja, other in zip(source.get("what_to_bring", []), t.get("what_to_bring", []), strict=False):
                yield data["lang"], t["key"], "what_to_bring", ja, other


def test_every_translation_of_a_listed_word_is_listed_too():
    checked, missing = 0, []
    for lang, key, field, ja, other in _pairs():
        said = [w for w in discreet.violations(ja) if (lang, w) not in TOO_COMMON]
        if not said or not other:
            continue
        checked += 1
        if not discreet.violations(other):
            missing.append(f"{lang} {key} {field}: {said} → {other[:90]}")
    assert checked > 100
    assert not missing, f"{len(missing)} translated fields say a listed word in words not on the list:\n" + "\n".join(
        missing[:40]
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Temporary protection"),
        ("en", "Leaving the other party's health insurance"),
        ("en", "the request for the support measure"),
        ("en", "you live apart from your spouse"),
        ("en", "Women's Consultation and Support Center"),
        ("en", "Gender Equality Promotion Center"),
        ("pt", "Proteção temporária"),
        ("pt", "Linha para maus-tratos infantis"),
        ("pt", "a medida de apoio do registro"),
        ("pt", "o requerimento é enviado à outra parte"),
        ("zh", "临时保护"),
        ("zh", "退出对方的健康保险"),
        ("zh", "富山县女性咨询支援中心"),
        ("zh", "男女平等推进中心"),
        ("vi", "Bảo vệ tạm thời"),
        ("vi", "bảo hiểm y tế của người kia"),
        ("vi", "xin biện pháp hỗ trợ"),
        ("vi", "sống khác nơi với vợ/chồng"),
        ("vi", "Trung tâm tư vấn và hỗ trợ phụ nữ"),
        ("easy", "とやま県の 女性 そうだん しえん センター"),
        ("easy", "だんじょ びょうどう すいしん センター"),
    ],
)
def test_a_note_in_her_language_saying_it_is_refused(lang, text):
    assert discreet.violations(text), (lang, text)
