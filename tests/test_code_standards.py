"""The code standards CI enforces, kept from being loosened unnoticed: mypy's configuration,
the lint step before the tests, and few, explained ``# type: ignore`` comments in src/."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "dvdesk"
TYPED = {"dvdesk.domain.*", "dvdesk.storage.*", "dvdesk.app.*", "dvdesk.admin.*", "dvdesk.printing.*"}
MAX_IGNORES = 30
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<code>\[[^\]]*\])?(?P<rest>.*)$")


def _ignores() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if m := IGNORE.search(line):
                found.append((f"{path.relative_to(ROOT)}:{n}", m["code"] or "", m["rest"]))
    return found


def test_type_ignores_are_few_name_their_error_code_and_say_why():
    found = _ignores()
    assert [where for where, code, _ in found if not code] == []  # a bare ignore hides any error
    assert [where for where, _, rest in found if not re.match(r"\s+#\s*\S", rest)] == []  # the reason
    assert len(found) <= MAX_IGNORES


def test_mypy_requires_types_in_the_qt_free_layers_and_reports_unused_ignores():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["warn_unused_ignores"] is True and config["check_untyped_defs"] is True
    strict = {
        module
        for o in config["overrides"]
        if o.get("disallow_untyped_defs")
        for module in ([o["module"]] if isinstance(o["module"], str) else o["module"])
    }
    assert TYPED <= strict


def test_ci_lints_and_type_checks_before_the_tests():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("./dev.sh lint") < ci.index("./dev.sh test")
    lint = re.search(r"^  lint\)\n(.*?);;", (ROOT / "dev.sh").read_text(encoding="utf-8"), re.M | re.S)
    assert lint is not None
    steps = [line.strip() for line in lint[1].splitlines() if not line.strip().startswith("#")]
    assert any('ruff" check src tests benchmarks scripts' in s for s in steps)
    assert any(s.endswith('mypy" src') for s in steps)


# Issue 15: a module is read in one sitting. The limit is where the longest modules were split;
# a module above it is split by responsibility, or listed here with its reason.
MAX_MODULE_LINES = 450
LONG_MODULES = {
    # Split pending: other engineers change these in this session (search speed at scale,
    # start-up); splitting them under their edits would only make conflicts.
    "storage/bundled.py": "split pending",
}


def _too_long(root: Path, limit: int, allowed: dict[str, str]) -> dict[str, int]:
    """Modules under ``root`` longer than ``limit`` lines and not in ``allowed`` (name: lines)."""
    lengths = {
        p.relative_to(root).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in root.rglob("*.py")
    }
    assert set(allowed) <= set(lengths)  # an exception names a module that exists
    return {name: n for name, n in lengths.items() if n > limit and name not in allowed}


def test_no_module_is_longer_than_one_sitting():
    assert _too_long(SRC, MAX_MODULE_LINES, LONG_MODULES) == {}


def test_the_line_limit_finds_a_long_module_and_spares_a_listed_one(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * 11, encoding="utf-8")
    (tmp_path / "pkg" / "listed.py").write_text("x = 1\n" * 11, encoding="utf-8")
    (tmp_path / "short.py").write_text("x = 1\n" * 10, encoding="utf-8")
    assert _too_long(tmp_path, 10, {"pkg/listed.py": "split pending"}) == {"pkg/long.py": 11}


def test_every_module_opens_with_what_it_is_for():
    undocumented = [
        path.relative_to(SRC).as_posix()
        for path in sorted(SRC.rglob("*.py"))
        if not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()
    ]
    assert undocumented == []
