"""`dvdesk show --client` shows only what a client may see, as the client's printout does: the
administrator's research notes (the source note: 「担当課は推定; 要確認」, 「調査資料 DOMAIN.md」) and the
notes on a department's contacts stay off it. It printed both (the bundled directory has 52 client
services whose source note says 要確認); the printout has always left them out."""

import json

from dvdesk.admin.editing import Editor
from dvdesk.cli import main
from dvdesk.domain.disclosure import research_markers

SOURCE_NOTE = "担当課は取組の所管課から推定; 要確認"
CONTACT_NOTE = "代表は総務経由。夜間は守衛室（要確認）"


def _with_notes(db):
    editor = Editor(db, "管理 花子")
    service = editor.load("service", "test.svc.consult")
    editor.save("service", {**service, "source_note": SOURCE_NOTE})
    org = editor.load("organization", service["provider"])
    org["contacts"][0]["note"] = CONTACT_NOTE
    org["source_note"] = SOURCE_NOTE
    editor.save("organization", org)


def test_show_for_the_client_leaves_out_research_and_contact_notes(mini_db, monkeypatch, capsys):
    _with_notes(mini_db)
    monkeypatch.setenv("DVDESK_DB", str(mini_db.path))
    assert main(["show", "test.svc.consult"]) == 0
    assert SOURCE_NOTE in capsys.readouterr().out  # the counselor's own screen keeps it
    for argv in (["--client"], ["--client", "--json"]):
        assert main(["show", "test.svc.consult", *argv]) == 0
        out = capsys.readouterr().out
        assert SOURCE_NOTE not in out and CONTACT_NOTE not in out, argv
        assert research_markers(out) == [], argv
    data = json.loads((main(["show", "test.svc.consult", "--client", "--json"]), capsys.readouterr().out)[1])
    assert data["provenance"]["source_note"] == "" and data["provider"]["provenance"]["source_note"] == ""
    assert data["provider"]["contacts"] and all(c["note"] == "" for c in data["provider"]["contacts"])
    assert data["name"] and data["provider"]["name"]  # the rest is there
