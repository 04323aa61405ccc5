"""A value in a list of HSDS records that is no record (a number, a string, null…) is refused with
its position and what it is.

Found in session 17: such a value was refused as 「不明な記録」 with no name and a message that it was
of no known kind (nothing said it was no record at all, nor what was there), and one inside an
organization's own ``services`` list was dropped without a line or a count.
"""

import json

from dvdesk.admin.hsds_import import check_hsds

FEED = {
    "organizations": [{"id": "o1", "name": "テスト組織", "services": [5, {"id": "s9", "name": "入れ子"}]}],
    "services": [
        1,
        "相談\n窓口",
        None,
        [1, 2],
        True,
        {"id": "s1", "name": "相談窓口", "organization_id": "o1", "status": "active"},
    ],
}


def test_each_value_that_is_no_record_is_refused_with_its_place_and_what_it_is(mini_db, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(FEED, ensure_ascii=False), encoding="utf-8")
    report, _ = check_hsds(mini_db, path, nationwide=True)
    refused = {r.sheet: (r.title, r.reasons) for r in report.rows if r.status == "rejected"}
    tail = "（HSDS の記録は { } で囲んだ JSON のオブジェクトです）"
    listed = "「services」の一覧にあるこの値は記録ではなく"
    assert refused == {
        "feed.json 1件目 サービス": ("（記録ではない値）", [f"{listed}数値（1）です{tail}"]),
        "feed.json 2件目 サービス": ("（記録ではない値）", [f"{listed}文字列「相談 窓口」です{tail}"]),
        "feed.json 3件目 サービス": ("（記録ではない値）", [f"{listed}null（空の値）です{tail}"]),
        "feed.json 4件目 サービス": ("（記録ではない値）", [f"{listed}配列（[ ] で囲んだ 2個の値）です{tail}"]),
        "feed.json 5件目 サービス": ("（記録ではない値）", [f"{listed}真偽値（true）です{tail}"]),
        "feed.json 1件目・services 1件目 サービス（組織「テスト組織」の中）": (
            "（記録ではない値）",
            [f"{listed}数値（5）です{tail}"],
        ),
    }
    assert report.balanced and report.counts().read == 9  # the nested 5 is counted too
    assert {r.key for r in report.rows if r.status != "rejected"} == {"hsds.o1", "hsds.s1", "hsds.s9"}


def test_a_file_that_is_a_list_of_values_names_no_list(mini_db, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(["x" * 40, {"id": "s1", "name": "相談窓口", "status": "active"}]), encoding="utf-8")
    report, _ = check_hsds(mini_db, path, nationwide=True)
    row = report.rows[0]
    assert row.sheet == "feed.json 1件目 不明な記録"
    assert row.reasons == [
        f"この値は記録ではなく文字列「{'x' * 30}…」です（HSDS の記録は {{ }} で囲んだ JSON のオブジェクトです）"
    ]
