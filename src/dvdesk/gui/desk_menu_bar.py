"""The desk's menu bar: ファイル, 表示 (zoom, language), チェックシート, the hook menus, ヘルプ.

Built once per window by ``build``; the texts keep the ``MainWindow`` translation context they
had when this was part of the window (``resources/i18n/dvdesk_en.ts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtWidgets
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from dvdesk.gui import tab_mnemonics
from dvdesk.gui.qt_wrap import set_shortcut, text_action
from dvdesk.gui.settings import DEFAULT_POINT_SIZE

if TYPE_CHECKING:
    from dvdesk.gui.main_window import MainWindow

translate = QCoreApplication.translate  # lupdate reads the literal context of each call


def _action(menu: QMenu, text: str, slot: Any = None, shortcut: Any = None, name: str = "") -> QAction:
    action = menu.addAction(text)
    action.setObjectName(name)
    if shortcut is not None:
        set_shortcut(action, QKeySequence(shortcut))
    if slot is not None:
        action.triggered.connect(slot)
    return action


def build(window: MainWindow) -> None:
    """The menus, ``window.checklist_action`` and the hook menus ``records_menu``, ``admin_menu``
    (hidden while empty; ``gui.desk_menus`` fills them) and ``help_menu``."""
    bar = window.menuBar()
    file_menu = bar.addMenu(translate("MainWindow", "ファイル(&F)"))
    # The checklist is what the desk prints: its own menu (after 表示), a button on the desk, Ctrl+P.
    window.checklist_action = text_action(translate("MainWindow", "手続きチェックシートを作る・印刷する…"), window)
    window.checklist_action.setObjectName("checklistAction")
    set_shortcut(window.checklist_action, QKeySequence(QKeySequence.StandardKey.Print))
    window.checklist_action.triggered.connect(window.open_checklist)
    file_menu.addAction(window.checklist_action)
    file_menu.addSeparator()
    _action(file_menu, translate("MainWindow", "終了(&X)"), window.close, QKeySequence.StandardKey.Quit, "quitAction")

    view = bar.addMenu(translate("MainWindow", "表示(&V)"))
    key = QKeySequence.StandardKey
    _action(view, translate("MainWindow", "検索欄へ移動"), window.focus_search, key.Find, "findAction")
    view.addSeparator()
    larger = translate("MainWindow", "文字を大きく")
    zoom_in = _action(view, larger, lambda: window.change_point_size(+1), key.ZoomIn, "zoomInAction")
    zoom_in.setShortcuts([*zoom_in.shortcuts(), QKeySequence("Ctrl+=")])  # + without Shift
    smaller = translate("MainWindow", "文字を小さく")
    _action(view, smaller, lambda: window.change_point_size(-1), key.ZoomOut, "zoomOutAction")
    _action(
        view,
        translate("MainWindow", "文字を標準の大きさに"),
        lambda: window.set_point_size(DEFAULT_POINT_SIZE),
        "Ctrl+0",
        "zoomResetAction",
    )
    view.addSeparator()
    languages = view.addMenu(translate("MainWindow", "言語 / Language"))
    group = QActionGroup(window)
    for code, label in (("ja", "日本語"), ("en", "English")):
        action = _action(
            languages, label, lambda _=False, c=code: window.language_requested.emit(c), name=f"language_{code}"
        )
        action.setCheckable(True)
        action.setChecked(code == window.language)
        group.addAction(action)

    checklist_menu = bar.addMenu(translate("MainWindow", "チェックシート(&C)"))
    checklist_menu.setObjectName("checklistMenu")
    checklist_menu.addAction(window.checklist_action)

    window.records_menu = bar.addMenu(translate("MainWindow", "相談記録(&R)"))
    window.records_menu.setObjectName("recordsMenu")
    window.admin_menu = bar.addMenu(translate("MainWindow", "管理(&A)"))
    window.admin_menu.setObjectName("adminMenu")
    window.show_hook_menus()  # hidden while empty; gui.desk_menus fills them

    window.help_menu = bar.addMenu(translate("MainWindow", "ヘルプ(&H)"))
    _action(window.help_menu, translate("MainWindow", "キーボード操作"), lambda: show_keys(window), "F1", "keysAction")
    QShortcut(QKeySequence("Ctrl+Shift+C"), window, window.detail.copy_contact)
    tab_mnemonics.reach_across_tabs(window)  # Alt+D from 支援を探す, Alt+N/Alt+S from 部署・機関


def show_keys(window: MainWindow) -> None:
    QtWidgets.QMessageBox.information(  # made when first shown (gui.error_dialogs)
        window,
        translate("MainWindow", "キーボード操作"),
        translate(
            "MainWindow",
            "Ctrl+F：検索欄へ\n↓ / Enter：検索欄から結果の一覧へ\nEnter / ダブルクリック：支援を開く\n"
            "Esc：検索語を消す（もう一度で分野の選択も解除）・詳細から一覧へ戻る\n"
            "Alt+N：分野　Alt+M：市区町村　Alt+D：部署・機関\n"
            "Ctrl+Shift+C：連絡先をコピー\nCtrl++ / Ctrl+-：文字の大きさ",
        ),
    )
