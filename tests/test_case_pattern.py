"""The office's case-reference shape: set once in administration (window or CLI), kept in the
database, and the only shape the referral log, the slip and the CLI then accept."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from dvdesk.cli import main
from dvdesk.domain import referrals
from dvdesk.domain.models import Meta, Service
from dvdesk.domain.privacy import PersonalDataError
from dvdesk.gui.admin.case_pattern import CasePatternDialog
from dvdesk.gui.referrals.referral_dialog import NewReferralDialog


def housing(db):
    with db.read() as s:
        return s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))


def test_the_pattern_is_kept_in_the_database_and_used_when_recording(mini_db):
    with mini_db.write() as s:
        referrals.set_case_pattern(s, "DV-{yyyy}-{n3}")
    with mini_db.read() as s:
        assert s.get(Meta, referrals.CASE_PATTERN_KEY).value == "DV-{yyyy}-{n3}"
    with mini_db.write() as s:
        view = referrals.record_referral(s, case_ref="dv-2025-012", counselor="相談員A", service_ids=[housing(mini_db)])
    assert view.case_ref == "DV-2025-012"
    with pytest.raises(PersonalDataError, match="DV-2025-142"), mini_db.write() as s:
        referrals.record_referral(s, case_ref="R7-0142", counselor="相談員A", service_ids=[housing(mini_db)])


def test_a_pattern_that_would_let_a_person_in_is_not_stored(mini_db):
    with pytest.raises(PersonalDataError), mini_db.write() as s:
        referrals.set_case_pattern(s, "{n6}{n6}")
    with mini_db.read() as s:
        assert s.get(Meta, referrals.CASE_PATTERN_KEY) is None
        assert referrals.case_pattern(s).example == "R7-0142"


def test_the_cli_shows_and_sets_the_pattern(mini_db, monkeypatch, capsys):
    monkeypatch.setenv("DVDESK_DB", str(mini_db.path))
    assert main(["referrals", "case-pattern"]) == 0
    assert "{era}{year}-{n}（例: R7-0142）" in capsys.readouterr().out
    assert main(["referrals", "case-pattern", "{A}-{yyyy}-{n4}"]) == 0
    assert "A-2025-0142" in capsys.readouterr().out
    assert main(["referrals", "case-pattern", "{name}"]) == 1
    assert "使えない部分" in capsys.readouterr().err
    assert (
        main(["referrals", "add", "--case", "R7-0142", "--counselor", "相談員A", "--service", "test.svc.housing"]) == 1
    )
    assert "A-2025-0142" in capsys.readouterr().err


def test_the_administrator_sets_it_in_a_dialog_that_previews_it(qtbot, mini_db):
    dialog = CasePatternDialog(mini_db)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.template.text() == "{era}{year}-{n}" and "R7-0142" in dialog.example.text()
    dialog.template.setText("{n6}{n6}")
    assert not save.isEnabled() and "長い数字" in dialog.example.text()
    dialog.template.setText("H-{yyyy}-{n4}")
    assert save.isEnabled() and dialog.example.text() == "例: H-2025-0142"
    save.click()
    with mini_db.read() as s:
        assert referrals.case_pattern(s).template == "H-{yyyy}-{n4}"
    # The counselor's form now shows and checks that shape.
    form = NewReferralDialog(mini_db, today=dt.date(2025, 6, 30))
    qtbot.addWidget(form)
    assert form.case_ref.placeholderText() == "例: H-2025-0142"
    form.case_ref.setText("R7-0142")
    form.note.setText("市民課に連絡")
    form._check_fields()
    assert "H-2025-0142" in form.message.text()
