"""The layers stay as docs/architecture.md draws them, read from the source (every import, at any depth).

- gui/ and cli/ never touch the database themselves: no SQLAlchemy, no session, no query; they
  call ``dvdesk.app`` (which opens its own short reads and writes). Opening the ``Database``
  (``open_database``) is allowed: it is handed to the app layer.
- domain/, storage/, admin/, printing/ and app/ never import Qt. The one exception is the
  printout renderer ``printing/qt_render.py`` (QtCore, QtGui, QtPrintSupport; never QtWidgets),
  which the window and the command line share, with its fonts (``printing/qt_fonts.py``, apart so
  the window loads its font without the renderer).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "dvdesk"
FRONT_ENDS = ("gui", "cli")
QT_FREE = ("domain", "storage", "admin", "printing", "app")
RENDERER = SRC / "printing" / "qt_render.py"
RENDERER_FONTS = SRC / "printing" / "qt_fonts.py"
RENDERER_QT = frozenset({"PySide6", "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtPrintSupport"})
STORAGE_DB_NAMES = frozenset({"Database", "open_database"})  # opening it, and its type
DB_CALLS = frozenset({"read", "write", "session"})  # Database.read() / .write(): a session
# The start-up probe wraps open_database to time the app's own first search (a measuring tool).
STORAGE_DB_MODULE_USERS = frozenset({SRC / "gui" / "startup_probe.py"})


def _imports(tree: ast.AST) -> list[tuple[str, str | None, int]]:
    """(module, imported name or None, line) for every import in the module, nested ones too."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.module, alias.name, node.lineno) for alias in node.names]
    return found


def database_access(source: str, path: Path = Path("x.py")) -> list[str]:
    """What in a gui/ or cli/ module reaches the database itself."""
    tree = ast.parse(source)
    problems = []
    for module, name, line in _imports(tree):
        if module == "sqlalchemy" or module.startswith("sqlalchemy."):
            problems.append(f"{path.name}:{line}: imports {module}")
        elif module == "dvdesk.storage.db" and name not in STORAGE_DB_NAMES:
            problems.append(f"{path.name}:{line}: imports {name or 'the module'} from dvdesk.storage.db")
        elif module == "dvdesk.storage" and name == "db" and path not in STORAGE_DB_MODULE_USERS:
            problems.append(f"{path.name}:{line}: imports dvdesk.storage.db")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in DB_CALLS
            and not node.args
            and not node.keywords
        ):
            problems.append(f"{path.name}:{node.lineno}: calls .{node.func.attr}() (a database session)")
        elif isinstance(node, ast.Attribute) and node.attr == "engine":
            problems.append(f"{path.name}:{node.lineno}: uses .engine")
    return problems


def qt_imports(source: str, path: Path = Path("x.py")) -> list[str]:
    """Qt imported by a module of a Qt-free layer (the renderer: its three Qt modules only)."""
    allowed = RENDERER_QT if path in (RENDERER, RENDERER_FONTS) else frozenset()
    problems = []
    for module, _name, line in _imports(ast.parse(source)):
        root = module.split(".")[0]
        if root in ("PySide6", "shiboken6") and module not in allowed:
            problems.append(f"{path.relative_to(SRC) if path.is_absolute() else path}:{line}: imports {module}")
    return problems


def _modules(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (SRC / package).rglob("*.py"))


def test_the_checks_see_what_they_forbid():
    """Each rule flags a sample breaking it, so a green run means something."""
    assert database_access("from sqlalchemy import select\n")
    assert database_access("def f():\n    import sqlalchemy.orm\n")  # nested imports too
    assert database_access("from dvdesk.storage.db import Database, scalar\n")
    assert database_access("from dvdesk.storage import db\n")
    assert database_access("with self.db.read() as s:\n    pass\n")
    assert database_access("with db.write() as s:\n    pass\n")
    assert database_access("s = db.session()\n")
    assert database_access("x = db.engine\n")
    assert (
        database_access("from dvdesk.storage.db import Database, open_database\nout.write('text')\nf.read(10)\n") == []
    )
    assert qt_imports("from PySide6.QtCore import QObject\n")
    assert qt_imports("def f():\n    from PySide6.QtWidgets import QWidget\n")
    assert qt_imports("import shiboken6\n")
    assert qt_imports("from PySide6.QtGui import QFont\n", RENDERER) == []
    assert qt_imports("from PySide6.QtWidgets import QWidget\n", RENDERER)  # the renderer: no widgets
    assert qt_imports("from PySide6.QtGui import QFont\n", SRC / "printing" / "document.py")


@pytest.mark.parametrize("package", FRONT_ENDS)
def test_the_windows_and_the_command_line_never_touch_the_database(package):
    modules = _modules(package)
    assert len(modules) > 5
    found = [p for path in modules for p in database_access(path.read_text(encoding="utf-8"), path)]
    assert found == [], "call dvdesk.app instead"


@pytest.mark.parametrize("package", QT_FREE)
def test_the_layers_below_the_windows_never_import_qt(package):
    modules = _modules(package)
    assert modules
    found = [p for path in modules for p in qt_imports(path.read_text(encoding="utf-8"), path)]
    assert found == []


def test_the_renderer_is_the_one_qt_module_below_the_windows():
    below = _modules(*QT_FREE)
    assert RENDERER in below and RENDERER_FONTS in below
    with_qt = [
        p
        for p in below
        if any(m.split(".")[0] == "PySide6" for m, _, _ in _imports(ast.parse(p.read_text(encoding="utf-8"))))
    ]
    assert with_qt == sorted([RENDERER_FONTS, RENDERER])
