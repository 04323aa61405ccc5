"""Item views whose headers read their data from C++ models, not from the Python model.

A header view asks its model's ``headerData(section, orientation, role)`` for every section as
soon as the view gets the model and again on each layout. With the model written in Python,
PySide hands that ``orientation`` over as a ``Qt.Orientation`` and so creates the whole ``Qt``
namespace (93 enum classes, ~124 M instructions: ``gui.qt_ints``) before the window's first
paint — the table's hidden vertical header asks too, for every row, whenever the rows are
measured. ``set_model`` gives each header of the view a ``QStandardItemModel`` holding the same
header data as the Python model's ``headerData``:

* the horizontal header: the model's column labels (the display role only, as the models give).
  It draws a label in bold while the view's selection crosses its column (and sunken when the
  whole column is selected), which it reads from its own selection model, over its own model:
  that model has two rows (which a horizontal header never shows), and the view's selection is
  copied onto them — row 0 of a column the selection crosses, both rows of a column it fills;
* a table's vertical header (one section per row, which places and sizes the rows): as many
  rows as the model has, kept in step with it (reset, rows inserted or removed), each labelled
  with an empty text, as the models give nothing for a row's header.

The Python model has no columns while the view takes it (so its headers ask it nothing), then
gets them back with a reset. It keeps its ``headerData`` for whoever asks the view's model
(screen readers): the labels come from one place, ``header_labels()``.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QAbstractItemModel, QItemSelection, QItemSelectionModel
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView


class HeaderedModel(Protocol):
    """A model ``set_model`` takes: its labels, and a way to hide its columns for a moment."""

    def header_labels(self) -> tuple[str, ...]: ...

    def show_columns(self, shown: bool) -> None:
        """``columnCount()`` 0 while not shown; showing them again resets the model."""
        ...


def set_model(view: QTableView | QTreeView, model: HeaderedModel) -> None:
    """``view.setModel(model)``, with the view's headers on C++ models (see the module)."""
    assert isinstance(model, QAbstractItemModel)
    model.show_columns(False)
    view.setModel(model)
    labels = model.header_labels()
    columns = QStandardItemModel(2, len(labels), view)  # two rows: see the module
    columns.setHorizontalHeaderLabels(list(labels))
    horizontal = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    horizontal.setModel(columns)
    _selection_in_step(horizontal, model, view)
    if isinstance(view, QTableView):
        _rows_in_step(view.verticalHeader(), model, view)
    model.show_columns(True)


def _rows_in_step(header: QHeaderView, model: QAbstractItemModel, view: QAbstractItemView) -> None:
    rows = QStandardItemModel(0, 0, view)

    def follow(*_: object) -> None:
        count = model.rowCount()
        if rows.rowCount() != count:
            rows.setRowCount(count)
            rows.setVerticalHeaderLabels([""] * count)

    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
        signal.connect(follow)
    follow()
    header.setModel(rows)


def _selection_in_step(header: QHeaderView, model: QAbstractItemModel, view: QAbstractItemView) -> None:
    columns, seen, shown = header.model(), view.selectionModel(), header.selectionModel()

    def follow(*_: object) -> None:
        root, copied = view.rootIndex(), QItemSelection()
        for column in range(columns.columnCount()):
            if seen.isColumnSelected(column, root):
                copied.select(columns.index(0, column), columns.index(1, column))
            elif seen.columnIntersectsSelection(column, root):
                copied.select(columns.index(0, column), columns.index(0, column))
        if copied != shown.selection():
            shown.select(copied, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    seen.selectionChanged.connect(follow)
    for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
        signal.connect(follow)  # a reset clears the view's selection without a signal; new rows un-fill a column
