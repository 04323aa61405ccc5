"""The code standards CI enforces, kept from being loosened unnoticed: mypy's configuration,
the lint step before the tests, and few, explained ``# type: ignore`` comments in src/."""

from __future__ import annotations

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
