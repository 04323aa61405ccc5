"""An HSDS feed's +81 numbers are stored in the domestic form, and the import report says so,
number by number (what the feed said → what was stored), and which were stored without
separators: the stored number is not the feed's, so the administrator is told, never silently."""

from __future__ import annotations

import json
import shutil

from dvdesk.cli import main
from test_hsds_thirdparty import CITY, by_key, imported

CONVERTED = "日本の番号（+81）を国内の形式（0から始まる番号）に直して登録しました"
UNSEPARATED = "区切り（-）のない番号は区切らずに登録しました"


def feed_with_an_unseparated_number(tmp_path):
    folder = tmp_path / "feed"
    shutil.copytree(CITY, folder)
    phones = [{"id": "p-9", "service_id": "jp-svc-2", "number": "+81766209999"}]
    (folder / "phones.json").write_text(json.dumps(phones), encoding="utf-8")
    return folder


def test_the_report_lists_each_number_rewritten_from_plus_81(mini_db, tmp_path):
    report = imported(mini_db, feed_with_an_unseparated_number(tmp_path))
    services, orgs = by_key(mini_db, "service"), by_key(mini_db, "organization")
    assert services["hsds.jp-svc-1"]["phone"] == "0766-20-5555"
    assert services["hsds.jp-svc-2"]["phone"] == "0766209999"  # digits kept; no separator invented
    assert orgs["hsds.jp-org-3"]["contacts"][0]["phone"] == "090-1234-5678"
    [converted] = [n for n in report.notes if n.startswith(CONVERTED)]
    assert f"{CONVERTED}: 4件（" in converted  # two organizations' and two services' numbers
    for line in (
        "サービス「児童扶養手当の窓口（架空市）」 +81766209999 → 0766209999",
        "+81 766-20-5555 → 0766-20-5555",
        "+81-90-1234-5678 → 090-1234-5678",
    ):
        assert line in converted, converted
    [unseparated] = [n for n in report.notes if n.startswith(UNSEPARATED)]
    assert "1件（サービス「児童扶養手当の窓口（架空市）」 0766209999）" in unseparated
    assert "0766-20-5555" not in unseparated


def test_a_feed_without_plus_81_numbers_has_no_such_line(mini_db, tmp_path):
    folder = tmp_path / "feed"
    shutil.copytree(CITY, folder)
    for name in ("services.json", "organizations.json"):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        text = text.replace("+81 766-20-5555", "0766-20-5555").replace("+81-90-1234-5678", "090-1234-5678")
        path.write_text(text, encoding="utf-8")
    report = imported(mini_db, folder)
    assert not [n for n in report.notes if n.startswith((CONVERTED, UNSEPARATED))]


def test_the_cli_prints_the_line(tmp_path, monkeypatch, capsys):
    from conftest import MINI

    monkeypatch.setenv("DVDESK_DB", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setenv("DVDESK_ADMIN", "管理 花子")
    assert main(["load", "--dir", str(MINI)]) == 0
    capsys.readouterr()
    assert main(["import-hsds", str(feed_with_an_unseparated_number(tmp_path)), "-m", "高岡市", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert CONVERTED in out and UNSEPARATED in out
