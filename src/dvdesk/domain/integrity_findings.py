"""What the directory's gate (``domain.integrity``) finds: one ``Finding`` per record that breaks
a rule, named so that an administrator can find and fix it (which record, what is wrong, what to
do), the one line a refused write says, and ``DirectoryRefused``, the error a refused write
raises. No database here: the window and the command line import these without SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABELS = {
    "needs": "ニーズ分類",
    "municipalities": "市区町村",
    "organizations": "組織・窓口",
    "plans": "計画",
    "services": "サービス",
    "procedures": "手続き",
    "translations": "翻訳",
}
FIX_IN_ADMIN = "管理画面でこの記録を開いて直してください"


@dataclass(frozen=True)
class Finding:
    """One record that breaks a rule, named so that an administrator can find and fix it."""

    table: str
    key: str
    name: str
    problem: str
    remedy: str = FIX_IN_ADMIN
    ids: frozenset[int] = field(default_factory=frozenset)  # rows of ``table`` involved

    def __str__(self) -> str:
        name = f"「{shown(self.name)}」" if self.name else ""
        return f"{LABELS.get(self.table, self.table)}{name}（{shown(self.key)}）: {self.problem}。{self.remedy}"


def shown(value: str, width: int = 40) -> str:
    """A key or name as it may be printed: no control characters, not endless."""
    clean = "".join("?" if (c < " " or "\x7f" <= c <= "\x9f") else c for c in value[: width + 1])
    return clean if len(value) <= width else clean[: width - 1] + "…"


def summary(findings: list[Finding]) -> str:
    """One line: the first finding and how many more."""
    more = f"（ほか{len(findings) - 1}件）" if len(findings) > 1 else ""
    return f"{findings[0]}{more}"


class DirectoryRefused(ValueError):
    """A write that would leave the directory breaking a rule; nothing was changed."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("保存しませんでした（何も変更していません）: " + summary(findings))
