"""The recovery's offer and result in the English interface: they came from storage in Japanese
only, so an English desk read 「壊れたファイルから読める紹介記録 2件 …」 (hx-attack12)."""

import re

import pytest
from tests.test_recover_referrals import damaged_file, moved_and_counted
from tests.test_recover_split_desks import overwritten  # noqa: F401  (a fixture)

from dvdesk.gui import i18n
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import CorruptDatabase

JAPANESE = re.compile(r"[\u3040-\u30fa\u30fc-\u30ff\u3400-\u9fff\uff10-\uff5a]")


@pytest.fixture
def english(qapp):
    translators = i18n.Translators()
    translators.install("en")
    yield
    translators.uninstall()


def offered_and_said(damaged, monkeypatch) -> tuple[str, str]:
    """What the offer said (answered 「バックアップから始める」) and what the result box said."""
    from PySide6.QtWidgets import QMessageBox

    from dvdesk.gui.app import offer_recovery

    offered: list[str] = []
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: offered.append(self.informativeText()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.defaultButton())
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    with pytest.raises(CorruptDatabase) as refused:
        open_database(damaged, fill=False)
    db = offer_recovery(refused.value)
    assert db is not None
    db.close()
    assert len(offered) == 1 and len(said) == 1
    return offered[0], said[0]


def test_the_offer_and_the_result_are_in_english(_mini_template, tmp_path, english, monkeypatch):
    damaged = damaged_file(_mini_template, tmp_path, before=("R7-0142",), then=moved_and_counted)
    offer, result = offered_and_said(damaged, monkeypatch)
    assert "3 referral(s)" in offer and "1 consultation count record(s)" in offer, offer
    assert not JAPANESE.search(offer), offer
    assert "3 referral(s)" in result and "d.damaged-" in result, result
    assert not JAPANESE.search(result), result


def test_the_referrals_left_out_as_deleted_are_named_in_english(overwritten, english, monkeypatch):  # noqa: F811
    _, result = offered_and_said(overwritten, monkeypatch)
    assert not JAPANESE.search(result), result
    assert ".backup.sqlite3" in result and "1 referral(s) deleted after the backup" in result, result


def test_in_japanese_they_stay_as_they_were(_mini_template, tmp_path, qapp, monkeypatch):
    damaged = damaged_file(_mini_template, tmp_path, before=("R7-0142",), then=moved_and_counted)
    offer, result = offered_and_said(damaged, monkeypatch)
    assert "壊れたファイルから読める紹介記録 3件、紹介の状況の変更 4件、相談件数の記録 1件 は" in offer
    assert (
        "壊れたファイルから読めた紹介記録 3件、紹介の状況の変更 4件、相談件数の記録 1件 は、復元したデータに入れました（うちバックアップより新しいもの: 紹介記録 3件、紹介の状況の変更 3件、相談件数の記録 1件）。"
        in result
    )


def test_every_sentence_of_the_recovery_has_its_english(english):
    """As ``test_every_storage_error_message_is_listed_for_translation``: each template of
    ``storage.recovery_words`` comes out of the English translation without Japanese."""
    from PySide6.QtCore import QCoreApplication

    from dvdesk.storage import recovery_words as w

    templates = [v for k, v in vars(w).items() if k.isupper() and isinstance(v, str) and k != "CONTEXT"]
    templates += [*w.NAMES.values(), *w.PARTS.values()]
    assert len(templates) >= 25
    for template in templates:
        english = QCoreApplication.translate(w.CONTEXT, template)
        assert english != template and not JAPANESE.search(english), template
