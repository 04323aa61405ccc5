"""The choices of the record form's reference fields (municipalities, departments, needs, plan
measures) and the names the administration window's list shows for a key: read as little as
they show (``read_options``), built once per list read (``build_options``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from dvdesk.admin.editing import Editor
from dvdesk.admin.records import Snapshot
from dvdesk.gui import i18n
from dvdesk.gui.admin.form import Options

OPTION_KINDS = ("municipality", "organization", "need", "plan")  # what ``build_options`` reads


def read_options(editor: Editor) -> dict[str, list[Snapshot]]:
    """What ``build_options`` reads, no more: the organisations' headings (a national directory's
    57,623 with their contacts took a minute and 400 MB for a name and a municipality each) and
    the plans' measures (its 1,741 plans read whole took 18 s)."""
    return {
        "municipality": editor.all("municipality"),
        "organization": editor.headings("organization"),
        "need": editor.all("need"),
        "plan": editor.plan_measures(),
    }


def build_options(
    editor: Editor, fetched: dict[str, list[Snapshot]] | None = None
) -> tuple[Options, dict[tuple[str, str], str]]:
    """Choices for reference fields, and a (kind, key) -> display name map for the lists.
    ``fetched``: the records of ``OPTION_KINDS`` already read (off the window's thread)."""
    read = fetched or read_options(editor)
    munis = read["municipality"]
    muni_names = {m["key"]: m["name"] for m in munis}
    orgs = read["organization"]
    needs = sorted(read["need"], key=lambda n: n["sort_order"])
    plans = read["plan"]
    nationwide = QCoreApplication.translate("AdminWindow", "全国")
    in_brackets = QCoreApplication.translate("AdminWindow", "{name}（{where}）")
    need_label = "label_en" if i18n.english() else "label_ja"  # the directory has both
    options: Options = {
        "municipality": [
            (m["key"], in_brackets.format(name=m["name"], where=m["key"])) for m in munis if not m["retired"]
        ],
        "organization": [
            (o["key"], in_brackets.format(name=o["name"], where=muni_names.get(o["municipality"], nationwide)))
            for o in sorted(orgs, key=lambda o: (o["municipality"], o["name"]))
            if not o["retired"]
        ],
        "need": [
            (n["key"], ("　" if n["parent"] else "") + (n[need_label] or n["label_ja"])) for n in _tree_order(needs)
        ],
        "initiative": [
            (f"{p['key']}#{i['number']}", f"{p['title'][:12]}… {i['label']} {i['title']}")
            for p in plans
            for i in p["initiatives"]
        ],
    }
    names = {("organization", o["key"]): o["name"] for o in orgs}
    names |= {("need", n["key"]): n[need_label] or n["label_ja"] for n in needs}
    names |= {("municipality", k): v for k, v in muni_names.items()}
    names |= {("initiative", k): v for k, v in options["initiative"]}
    return options, names


def _tree_order(needs: list[dict]) -> list[dict]:
    out = []
    for top in (n for n in needs if not n["parent"]):
        out.append(top)
        out += [n for n in needs if n["parent"] == top["key"]]
    return out
