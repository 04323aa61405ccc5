"""The checklist, administration, referral and statistics windows in the English interface.

Every fixed text these windows show (titles, buttons, labels, hints, column headers, tabs) must be
English once the translation is installed; only data (names from the directory, what was typed)
may stay Japanese. The labels the domain defines in Japanese must be listed for translation.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from dvdesk.admin import history, kinds, sync, verification
from dvdesk.domain import report_export, statistics, translatable
from dvdesk.domain.casework_models import CHANNEL_LABELS, STATUS_LABELS
from dvdesk.domain.models import CIRCUMSTANCES
from dvdesk.gui import i18n
from dvdesk.gui.admin import admin_labels as admin_labels
from dvdesk.gui.referrals import casework_labels as casework_labels
from stats_fixtures import TODAY, enter_known_counts, record_known_referrals

JAPANESE = re.compile(r"[\u3040-\u30fa\u30fc-\u30ff\u3400-\u9fff]")


@pytest.fixture
def english(qapp):
    translators = i18n.Translators()
    assert translators.install("en")
    assert i18n.english()
    yield
    translators.uninstall()
    assert not i18n.english()


def fixed_texts(window: QWidget, data: tuple[QObject, ...] = ()) -> list[str]:
    """What the window says itself: not combo boxes, not cells, not the widgets in ``data``."""
    texts = [window.windowTitle()]
    for w in window.findChildren(QWidget):
        if w in data:
            continue
        if isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, (QLineEdit, QPlainTextEdit)):
            texts.append(w.placeholderText())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, (QTableView, QTreeView)) and w.model() is not None:
            m = w.model()
            texts += [str(m.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(m.columnCount())]
    return [t for t in texts if t]


def japanese_in(texts: list[str]) -> list[str]:
    return [t for t in texts if JAPANESE.search(t)]


# ---------------------------------------------------------------- the domain's labels


def test_every_label_of_the_administration_is_listed_for_translation():
    circumstances = set(CIRCUMSTANCES.values())  # marked in their own context
    assert circumstances <= translatable.marked(translatable.CIRCUMSTANCE)
    wanted = {k.label for k in kinds.KINDS.values()} | {"同義語"}
    for k in kinds.KINDS.values():
        for f in k.fields:
            wanted |= {f.label, *(sub.label for sub in f.items), *(set(f.choices.values()) - circumstances)}
            for sub in f.items:
                wanted |= set(sub.choices.values())
    wanted |= set(history.ACTION_LABELS.values()) | set(sync.ACTION_LABELS.values())
    wanted |= set(verification.PROBLEM_LABELS.values())
    missing = wanted - translatable.marked(translatable.ADMIN)
    assert missing == set(), "mark them with dvdesk.domain.translatable.N_ where they are defined, then translate"


def test_every_label_of_the_referrals_and_statistics_is_listed_for_translation():
    empty = statistics.build_report([], 2025, statistics.Source.ENTERED)
    wanted = {
        *STATUS_LABELS.values(),
        *CHANNEL_LABELS.values(),
        *(s.label for s in statistics.Source),
        statistics.UNCLASSIFIED,
        statistics.NO_DEPARTMENT,
        *report_export.CSV_ENCODINGS.values(),
        *(t.row_header for t in empty.tables),
    }
    assert wanted - translatable.marked(translatable.CASEWORK) == set()
    assert casework_labels.OVERLAP_NOTE == report_export.OVERLAP_NOTE


def test_labels_are_english_in_the_english_interface_and_japanese_otherwise(english):
    assert admin_labels.kind_label(kinds.KINDS["organization"]) == "Organization"
    assert admin_labels.label("秘密（必要な人だけ）") == "Secret (need-to-know only)"
    assert admin_labels.label("国立市") == "国立市"  # a name from the data passes through
    assert admin_labels.path_label(kinds.KINDS["organization"], "contacts.1.phone") == "Contacts 2 Phone number"
    assert admin_labels.label(CIRCUMSTANCES["children"]) == "Has children"
    assert casework_labels.fiscal_year_label(2025) == "FY2025"
    assert casework_labels.fiscal_period_label(2025) == "April 2025 – March 2026"


def test_labels_stay_japanese_without_the_translation(qapp):
    assert admin_labels.kind_label(kinds.KINDS["organization"]) == "組織・窓口"
    assert admin_labels.path_label(kinds.KINDS["organization"], "contacts.1.phone") == "連絡先2 電話番号"
    assert casework_labels.fiscal_year_label(2025) == "令和7年度"
    assert casework_labels.fiscal_period_label(2025) == "2025年4月〜2026年3月"


# ---------------------------------------------------------------- the windows


def test_the_checklist_dialog_in_english(qtbot, english, checklist_db):
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    qtbot.addWidget(d)
    assert d.windowTitle() == "Procedure checklist"
    assert d.circumstance_boxes["children"].text() == "Has children"
    assert d.model.headerData(0, Qt.Orientation.Horizontal) == "Procedure / counter"
    assert [d.printing.copy_combo.itemText(i) for i in range(d.printing.copy_combo.count())] == [
        "For the client",
        "Staff copy (internal details)",
    ]
    assert "Needs: Children" in d.situation.text()  # the municipality's name is data
    assert japanese_in(fixed_texts(d, (d.situation,))) == []


def test_the_administration_and_its_edit_dialog_in_english(qtbot, english, mini_db):
    from dvdesk.gui.admin.login import AdminLoginDialog
    from dvdesk.gui.admin.window import AdminWindow

    login = AdminLoginDialog(mini_db)
    qtbot.addWidget(login)
    assert japanese_in(fixed_texts(login)) == []
    window = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(window)
    assert window.kinds.item(0).text() == "Service"
    assert japanese_in(fixed_texts(window)) == [window.windowTitle()]  # the administrator's name
    window.show_kind("organization")
    window.select_key(window.model.items[0]["key"])
    window.edit_selected()
    dialog = window.dialog
    assert dialog.windowTitle() == "Edit Organization"
    assert japanese_in(fixed_texts(dialog)) == []
    confidentiality = dialog.form.editors["address_confidentiality"].widget
    assert [confidentiality.itemText(i) for i in range(confidentiality.count())][1:] == [
        "Public (may be given to the client)",
        "Staff only",
        "Secret (need-to-know only)",
    ]
    window.show_report()
    assert japanese_in(fixed_texts(window.dialog)) == []


def test_the_referral_log_in_english(qtbot, english, mini_db):
    from dvdesk.gui.referrals import ReferralLogWindow

    record_known_referrals(mini_db)
    window = ReferralLogWindow(mini_db, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.open_only.setChecked(False)
    window.select_case("R7-11")
    row = window.model.row_of(window.selected().id)
    shown = [window.model.index(row, c).data() for c in range(window.model.columnCount())]
    assert "Housing" in shown[window.model.NEEDS]  # the directory's English name for the need
    assert shown[window.model.STATUS] == "Referred"
    assert "Referred to:" in window.detail.text()
    assert japanese_in(fixed_texts(window, data=(window.detail,))) == []
    dialog = window.open_new_referral()
    qtbot.addWidget(dialog)
    assert japanese_in(fixed_texts(dialog)) == []
    assert dialog.need_model.item(0).text() == "Where to talk"


def test_the_statistics_in_english(qtbot, english, mini_db):
    from dvdesk.gui.referrals import StatisticsWindow

    enter_known_counts(mini_db)
    window = StatisticsWindow(mini_db, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.set_year(2025)
    assert window.summary.text().startswith("FY2025")
    assert window.source.currentText() == "Consultation counts (entered)"
    model = window.by_month.model
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Apr"
    assert [model.cell(r, 0) for r in range(model.rowCount())] == [
        "Phone",
        "In person",
        "Accompanied",
        "E-mail",
        "Total",
    ]
    assert japanese_in(fixed_texts(window)) == []
    entry = window.open_count_entry()
    qtbot.addWidget(entry)
    assert japanese_in(fixed_texts(entry, data=(entry.department,))) == []
