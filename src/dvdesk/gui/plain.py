"""Labels that show data as plain text.

A QLabel guesses: text that looks like HTML is rendered as HTML. A service, department or
counselor name, a PC name from a data package or an error message quoting what was typed can
hold ``<img src=…>`` or ``<a href=…>``; rendered, it loads a file, covers the window or links out.
So a label that shows data says PlainText, and the few that show the program's own markup
(``rich``) escape every value they put into it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    make_plain(label)
    label.setText(text)
    return label


def make_plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_box(box: QMessageBox) -> QMessageBox:
    """A message box's text and informative text as plain text (Qt gives the informative label the
    box's format; a test holds both)."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """``QMessageBox.warning`` with its text as plain text (it quotes names and what was typed)."""
    _tell(QMessageBox.Icon.Warning, parent, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """``QMessageBox.information`` with its text as plain text (it quotes names and what was typed)."""
    _tell(QMessageBox.Icon.Information, parent, title, text)


def _tell(icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str) -> None:
    plain_box(QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)).exec()


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
) -> bool:
    """``QMessageBox.question`` with its text as plain text: True when she answers Yes."""
    box = plain_box(QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent))
    if default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    return box.exec() == QMessageBox.StandardButton.Yes


def rich(template: str, **values: object) -> str:
    """The program's own markup ``template`` with every value HTML-escaped."""
    return template.format(**{k: html.escape(str(v)) for k, v in values.items()})
