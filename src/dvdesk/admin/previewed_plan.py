"""An import from a file (a sheet, HSDS) writes what its preview showed, or nothing: the
administrator reads the preview, then 取り込む reads the file and plans again — the file saved again
meanwhile, or a record someone else edited meanwhile, would otherwise be written as it then stood,
unseen. (A data package holds its preview's stamp instead: ``package._refuse_edits_since``.)"""

from __future__ import annotations

from dvdesk.admin.sync import ChangePlan

CHANGED_SINCE = (
    "プレビューの後にファイルか一覧の記録が変わったため、プレビューと違う内容になります。"
    "何も変更していません。もう一度プレビューして確かめてから取り込んでください"
)


def as_previewed(plan: ChangePlan, expected: ChangePlan | None, error: type[Exception]) -> None:
    """Raise ``error(CHANGED_SINCE)`` unless ``plan`` makes exactly the changes of ``expected`` (None:
    no preview to hold it to, as the command line plans and writes in one go)."""
    if expected is not None and _changes(plan) != _changes(expected):
        raise error(CHANGED_SINCE)


def _changes(plan: ChangePlan) -> list[tuple[str, str, str, list[tuple[str, str, str]]]]:
    return [(d.kind, d.key, d.action, [(c.path, repr(c.old), repr(c.new)) for c in d.changes]) for d in plan.diffs]
