"""What the desk's start no longer pays for before its first search (h14-start8), and that each
replacement answers as what it replaced: the detail records' dataclasses (``domain.detail_views``,
still importable from ``directory_views``), the kanji character class (``japanese.is_kanji``,
``content_run``) and OpenSSL for two fingerprints (``dvdesk.sha256``)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import textwrap

import pytest

from dvdesk import sha256
from dvdesk.domain import detail_views, directory_views, japanese, search_words

# What search_words compiled before: the class the two patterns held.
OLD_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆]+")
OLD_CONTENT_RUN = r"[\u3400-\u9fff\uf900-\ufaff々〆]+|[\u30a1-\u30faー]{2,}|[a-z0-9]{2,}"


def _fresh(code: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_detail_records_are_the_same_classes_from_every_module_that_names_them():
    from dvdesk.domain import directory

    for name in ("ContactView", "OrganizationView", "ServiceDetail", "SourceView"):
        cls = getattr(detail_views, name)
        assert getattr(directory_views, name) is cls and getattr(directory, name) is cls
    from dvdesk.domain.directory_views import ServiceDetail

    assert ServiceDetail is detail_views.ServiceDetail
    with pytest.raises(AttributeError):
        directory_views.NoSuchView  # noqa: B018
    with pytest.raises(ImportError):
        from dvdesk.domain.directory_views import NoSuchView  # noqa: F401


def test_the_window_modules_and_the_search_import_no_detail_record():
    """The modules the window imports before its first search name the detail records for mypy
    only; the records' module loads when the first record is read."""
    loaded = _fresh("""
        import sys
        import dvdesk.gui.main_window, dvdesk.gui.desk_menus, dvdesk.app.directory_queries, dvdesk.app.start_checks
        made = [m.__name__ for m in list(sys.modules.values()) if "ServiceDetail" in getattr(m, "__dict__", {})]
        print(made, "dvdesk.domain.detail_views" in sys.modules, "hashlib" in sys.modules)
    """)
    assert loaded == "[] False False"


def test_is_kanji_agrees_with_the_character_class_it_replaces():
    for code in range(0x10000):
        ch = chr(code)
        assert japanese.is_kanji(ch) is bool(OLD_KANJI.fullmatch(ch)), hex(code)


@pytest.mark.parametrize("text", ["", "住所", "住む所", "子ども", "々", "〆切", "保護a", "ア", "預け", "\u9fff\uf900"])
def test_is_kanji_of_a_run_agrees_with_the_pattern_it_replaces(text):
    assert japanese.is_kanji(text) is bool(OLD_KANJI.fullmatch(text))
    assert japanese.is_kanji(text[:1]) is bool(OLD_KANJI.match(text[:1]))


def test_the_content_runs_are_found_as_before():
    assert search_words.content_run().pattern == OLD_CONTENT_RUN
    text = "夫から逃げたい、シェルターに子ども2人とabc、〆切々"
    old = [m.span() for m in re.finditer(OLD_CONTENT_RUN, text)]
    assert [m.span() for m in search_words.content_run().finditer(text)] == old and old


def test_the_start_compiles_no_pattern_of_japanese_characters():
    """A wide or scattered class of Japanese characters costs ``re`` 0.2–0.8 ms a pattern (a table
    entry per character, in Python): the kanji class and the hours' patterns are compiled by the
    first phrase or safety query, or in the window's pause after its first paint (``gui.app``), not
    by anything the start imports."""
    compiled = _fresh("""
        import re
        seen = []
        real = re.compile
        re.compile = lambda pattern, flags=0: seen.append(str(pattern)) or real(pattern, flags)
        import dvdesk.app.directory_queries, dvdesk.app.start_checks, dvdesk.gui.main_window
        costly = ("\\\\u3400", "月", "〜", "、")  # the kanji class; the hours' weekdays, ranges, separators
        print([p for p in seen if any(c in p for c in costly)])
    """)
    assert compiled == "[]"


# Computed by search_words before the change (the branch's parent): the words each phrase stands
# for, and its content words (kanji runs, stems that begin a term, nouns).
PHRASES = {
    "住所を知られたくない": (["住所"], (["住所", "知"], True)),
    "子どもを預けたい": (["預ける"], (["子", "預ける"], True)),
    "生活保護の申請": (["生活保護の申請"], (["生活保護", "申請"], False)),
    "夫から逃げたい": (["逃げる"], (["夫", "逃げる"], True)),
    "彼氏に殴られた": (["彼氏", "殴られる"], (["彼氏", "殴られる"], True)),
    "怒鳴られて眠れない": (["怒鳴"], (["怒鳴", "眠"], True)),
    "一時ほご": (["一時"], (["一時"], True)),
    "勝手に離婚届": (["勝手", "離婚届"], (["勝手", "離婚届"], False)),
    "けがをした": (["けがをした"], ([], False)),
}


def test_phrases_are_read_as_before():
    """Through the rewritten kanji tests (verbs after a noun, okurigana, a noun phrase joined by
    の, hiragana typed unconverted)."""
    table = search_words.SynonymTable.from_groups(
        [["住所", "住まい"], ["預け先", "預ける"], ["逃げる", "避難"], ["殴られる", "暴力"], ["彼氏"]]
    )
    for phrase, (words, content) in PHRASES.items():
        assert (search_words.phrase_words(phrase, table), search_words._content_words(phrase, table)) == (
            words,
            content,
        ), phrase


@pytest.mark.parametrize("data", [b"", b"abc", "高岡市\0/home/desk\0".encode(), bytes(range(256)) * 4097])
def test_sha256_gives_hashlibs_digest(data):
    assert sha256.hexdigest(data) == hashlib.sha256(data).hexdigest()


def test_the_instance_key_and_the_vocabulary_fingerprint_are_unchanged(tmp_path, monkeypatch):
    """A desk still open from the previous version finds this one's key the same, and a database
    indexed with the previous version's vocabulary fingerprint is not re-indexed."""
    from dvdesk import paths
    from dvdesk.gui import single_instance
    from dvdesk.storage import vocabulary

    monkeypatch.setenv("DVDESK_HOME", str(tmp_path))
    monkeypatch.setenv("USER", "相談員")
    where = f"相談員\0{paths.data_dir().resolve()}\0{os.environ.get('DVDESK_DB', '')}"
    assert single_instance.instance_key() == "dvdesk-" + hashlib.sha256(where.encode()).hexdigest()[:20]
    shipped = paths.resources_dir() / "directory" / vocabulary.FILE_NAME
    assert vocabulary.shipped_file_hash() == hashlib.sha256(shipped.read_bytes()).hexdigest()
    groups = {"住まい": ["住所", "住まい"], "逃げる": ["避難"]}
    assert vocabulary.digest(groups) == hashlib.sha256(vocabulary._canonical(groups).encode()).hexdigest()
