"""HSDS in, as other systems write it: the third-party-like fixtures in tests/data/hsds_thirdparty
(built by its build.py, fictional names) and the specification's own examples."""

import json
import shutil

import pytest

from conftest import DATA, MINI
from dvdesk.admin import hsds, hsds_import
from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.admin.hsds_read import kind_of
from dvdesk.admin.hsds_text import domestic, plain
from dvdesk.cli import main

FIXTURES = DATA / "hsds_thirdparty"
UK = FIXTURES / "uk_council_services_page1.json"
CITY = FIXTURES / "city_feed"
NESTED = FIXTURES / "organization_with_services.json"
EXAMPLES = DATA / "hsds" / "examples"
TAKAOKA = "162027"


def records(db):
    with db.read() as session:
        return pk.collect(session)[0]


def by_key(db, kind):
    return {r["key"]: r for r in records(db)[kind]}


def imported(db, paths, **kw):
    kw.setdefault("municipality", TAKAOKA)
    return hsds_import.import_hsds(db, paths, "管理 花子", backup=None, **kw)


def tally(report):
    """The report's counts with the skipped ones told apart (repeats, mapping only)."""
    c = report.counts()
    return {
        "read": c.read,
        "accepted": c.stored,
        "refused": c.refused,
        "repeats": report.repeat_count,
        "mapping": report.mapping_count,
    }


def assert_every_record_accounted_for(report, db):
    """read = accepted + refused + repeats + mapping; every accepted row's record is in the database."""
    c = tally(report)
    assert c["read"] == c["accepted"] + c["refused"] + c["repeats"] + c["mapping"], c
    assert report.counts().skipped == c["repeats"] + c["mapping"] and report.counts().balanced and report.balanced
    assert c["accepted"] == len(report.accepted) and c["refused"] == len(report.rejected)
    in_db = {r["key"] for kind in ("organization", "service") for r in records(db)[kind]}
    missing = [(r.sheet, r.key) for r in report.accepted if r.key not in in_db]
    assert missing == []


# ---------------------------------------------------------------- a UK council's API page


def test_a_council_api_page_nests_one_organization_in_many_services(mini_db):
    before = records(mini_db)
    with pytest.raises(hsds_import.HsdsError, match="-m"):  # English service areas: no Japanese scope
        hsds_import.import_hsds(mini_db, UK, "管理 花子", backup=None)
    assert records(mini_db) == before

    report = imported(mini_db, UK)
    assert tally(report) == {"read": 40, "accepted": 23, "refused": 0, "repeats": 17, "mapping": 0}
    assert_every_record_accounted_for(report, mini_db)
    assert report.rejected == []
    assert len(report.repeats) == 3 and any("7回出てきた" in line for line in report.repeats)
    [conflict] = [n for n in report.notes if "最初のものと違います" in n]
    assert "harbourside-old.example.org.uk" in conflict and "8件目" in conflict
    assert report.pages == [
        "uk_council_services_page1.json: 31ページ中の1ページ目です（全610件のうち20件を読みました）。"
        "ほかのページも取り込んでください"
    ]
    assert "31ページ中の1ページ目" in report.summary()

    orgs, services = by_key(mini_db, "organization"), by_key(mini_db, "service")
    assert {k for k in orgs if k.startswith("hsds.uk")} == {"hsds.uk-org-1", "hsds.uk-org-2", "hsds.uk-org-3"}
    uk = {k: s for k, s in services.items() if k.startswith("hsds.uk")}
    assert len(uk) == 20 and all(s["municipality"] == TAKAOKA for s in uk.values())
    first = uk["hsds.uk-svc-01"]
    assert first["description"] == "Drop-in support, session 1.\n\n・Advice\n・Referral\n\nCall us – we’re here."
    assert first["eligibility"] == "Adults living in Northbrook"
    assert first["phone"] == "+44 1632 960000" and "海外の番号" in first["source_note"]  # kept as written
    assert orgs["hsds.uk-org-2"]["name"] == "Harbourside Women's Aid"
    assert orgs["hsds.uk-org-2"]["description"] == "Support for women & children."  # the script is dropped
    text = json.dumps([*uk.values(), *orgs.values()], ensure_ascii=False)
    assert "<p>" not in text and "&amp;" not in text and "track()" not in text


def test_several_pages_of_one_list_say_which_pages_are_missing(mini_db, tmp_path):
    page = json.loads(UK.read_text(encoding="utf-8"))
    for n in (1, 2):
        # Another page holds other services: other ids and names (a name twice in one import is refused).
        contents = [{**s, "id": f"{s['id']}-p{n}", "name": f"{s['name']}（{n}）"} for s in page["contents"]]
        doc = {**page, "page_number": n, "contents": contents}
        (tmp_path / f"page{n}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = imported(mini_db, [tmp_path / "page1.json", tmp_path / "page2.json"], dry_run=True)
    assert report.pages == [
        "サービスの一覧: 31ページ中 2ページ（1・2）、全610件のうち40件を読みました。ほかのページも取り込んでください"
    ]
    assert tally(report)["accepted"] == 43  # 40 services, their 3 organizations once


# ---------------------------------------------------------------- a city's feed split by table


def test_a_folder_of_tables_resolves_references_by_id(mini_db):
    report = imported(mini_db, CITY)
    assert tally(report) == {"read": 16, "accepted": 10, "refused": 3, "repeats": 0, "mapping": 3}
    assert_every_record_accounted_for(report, mini_db)
    reasons = {r.title.split(" → ")[0]: r.reasons[0] for r in report.rejected}
    assert reasons["よその団体の相談（架空）"].startswith(
        "組織 jp-org-missing が見つかりません: 先に組織の一覧（organizations.json など）を取り込むか"
    )
    assert "所在地 jp-loc-missing が見つかりません: 先に locations.json" in reasons["id jp-sal-2"]
    assert "どの組織・サービスにも結びついていません" in reasons["どこにも結びつかない所在地"]
    assert any(
        "taxonomy_term）: 3件読み込み、対応づけにだけ使いました（dvdesk のニーズに対応 2件" in n for n in report.notes
    )

    orgs, services = by_key(mini_db, "organization"), by_key(mini_db, "service")
    assert not any("term" in k or "loc" in k or "sal" in k for k in orgs)  # nothing became an organization
    soudan = services["hsds.jp-svc-1"]
    assert soudan["provider"] == "hsds.jp-org-1" and soudan["phone"] == "0766-20-5555"  # from +81 766-20-5555
    assert soudan["description"] == "DV・生活の相談を受けます。\n\n秘密は守ります。\n予約不要です。"
    assert (soudan["location"], soudan["location_confidentiality"]) == ("本庁舎2階 女性相談室", "public")
    assert soudan["needs"] == ["consultation"]  # from taxonomy_term_id; the AIRS term is noted, not mapped
    assert soudan["source"] == "HSDS: services.json（id jp-svc-1）"  # the file the record came from
    assert services["hsds.jp-svc-2"]["needs"] == ["children.allowance"]
    assert services["hsds.jp-svc-2"]["description"] == "手当の申請&相談"
    assert services["hsds.jp-svc-3"]["phone"] == "+44 20 7946 0000"
    assert services["hsds.jp-svc-4"]["retired"] is True
    assert "hsds.jp-svc-5" not in services
    city = orgs["hsds.jp-org-1"]
    assert city["address"] == "架空市中央町1-1" and [c["phone"] for c in city["contacts"]] == ["0766-20-5555"]
    assert orgs["hsds.jp-org-2"]["parent"] == "hsds.jp-org-1"
    assert [c["phone"] for c in orgs["hsds.jp-org-3"]["contacts"]] == ["090-1234-5678"]


def test_files_named_one_by_one_are_one_import(mini_db, tmp_path):
    folder = imported(mini_db, CITY, dry_run=True)
    files = imported(mini_db, sorted(CITY.glob("*.json")), dry_run=True)
    assert tally(files) == tally(folder)
    assert [(r.sheet, r.status, r.key) for r in files.rows] == [(r.sheet, r.status, r.key) for r in folder.rows]


def test_services_alone_name_what_to_import_first_then_resolve_from_the_database(mini_db):
    alone = imported(mini_db, CITY / "services.json", dry_run=True)
    assert len(alone.rejected) == 5
    assert all("先に組織の一覧（organizations.json など）を取り込むか" in r.reasons[0] for r in alone.rejected)
    imported(mini_db, CITY / "organizations.json")
    later = imported(mini_db, CITY / "services.json")
    assert [r.title for r in later.rejected] == ["よその団体の相談（架空）"]
    assert by_key(mini_db, "service")["hsds.jp-svc-2"]["provider"] == "hsds.jp-org-2"
    # A location file alone joins the organization already in the database.
    before = by_key(mini_db, "organization")["hsds.jp-org-1"]
    assert before["address"] == ""
    report = imported(mini_db, CITY / "locations.json")
    after = by_key(mini_db, "organization")["hsds.jp-org-1"]
    assert after["address"] == "架空市中央町1-1" and after["name"] == before["name"]
    assert_every_record_accounted_for(report, mini_db)


def test_an_organization_with_its_services_keeps_both(mini_db):
    report = imported(mini_db, NESTED)
    assert tally(report) == {"read": 3, "accepted": 3, "refused": 0, "repeats": 0, "mapping": 0}
    services = by_key(mini_db, "service")
    assert services["hsds.nest-svc-1"]["provider"] == "hsds.nest-org-1"
    assert services["hsds.nest-svc-1"]["source"] == "HSDS: organization_with_services.json（id nest-svc-1）"
    assert services["hsds.nest-svc-2"]["phone"] == "0765-00-0000"  # +81 (0)765 00 0000
    assert by_key(mini_db, "organization")["hsds.nest-org-1"]["name"] == "架空町 福祉課"


def test_contacts_and_phones_files_join_their_records(mini_db, tmp_path):
    folder = tmp_path / "feed"
    shutil.copytree(CITY, folder)
    (folder / "contacts.json").write_text(
        json.dumps(
            [
                {
                    "id": "c-1",
                    "organization_id": "jp-org-2",
                    "name": "手当係",
                    "email": "teate@example.jp",
                    "phones": [{"id": "c-1-ph", "number": "+81 766-20-1111"}],
                },
                {"id": "c-2", "organization_id": "jp-org-nowhere", "title": "係長"},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    (folder / "phones.json").write_text(
        json.dumps(
            [
                {"id": "p-1", "contact_id": "c-1", "number": "0766-20-2222", "type": "fax"},
                {"id": "p-2", "service_id": "jp-svc-4", "number": "+81 766 20 3333"},
            ]
        ),
        encoding="utf-8",
    )
    report = imported(mini_db, folder)
    assert_every_record_accounted_for(report, mini_db)
    assert tally(report)["read"] == 20
    [nowhere] = [r for r in report.rejected if "jp-org-nowhere" in r.reasons[0]]
    kodomo = by_key(mini_db, "organization")["hsds.jp-org-2"]
    assert [(c["label"], c["phone"], c["email"]) for c in kodomo["contacts"]] == [
        ("手当係", "0766-20-1111", "teate@example.jp"),
        ("手当係 FAX", "0766-20-2222", ""),
    ]  # the FAX joined c-1
    assert by_key(mini_db, "service")["hsds.jp-svc-4"]["phone"] == "0766-20-3333"


def test_a_single_taxonomy_term_is_not_an_organization(mini_db, tmp_path):
    path = tmp_path / "term.json"
    path.write_text(
        json.dumps({"id": "t-1", "code": "safety", "name": "安全", "taxonomy": "dvdesk-needs"}), encoding="utf-8"
    )
    before = records(mini_db)
    report = imported(mini_db, path)
    assert tally(report) == {"read": 1, "accepted": 0, "refused": 0, "repeats": 0, "mapping": 1}
    assert any("対応づけにだけ使いました（dvdesk のニーズに対応 1件" in n for n in report.notes)
    assert records(mini_db) == before


# ---------------------------------------------------------------- leftover: a refused organization


def test_a_service_whose_organization_is_refused_is_refused_too(mini_db, tmp_path):
    doc = {
        "organizations": [
            {"id": "bad-org", "name": "壊れた\u001b[31m組織"},
            {"id": "child-org", "name": "下の組織", "parent_organization_id": "bad-org"},
        ],
        "services": [
            {"id": "s-1", "name": "その組織の相談", "status": "active", "organization_id": "bad-org"},
            {"id": "s-2", "name": "下の組織の相談", "status": "active", "organization_id": "child-org"},
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = records(mini_db)
    checked, incoming = hsds_import.check_hsds(mini_db, path, TAKAOKA)
    assert incoming == {} and checked.accepted == []
    reasons = {r.title: r.reasons[0] for r in checked.rejected}
    assert "制御文字" in reasons["壊れた\u001b[31m組織"]
    assert reasons["その組織の相談"].startswith("提供する組織の組織「壊れた")
    assert "（id bad-org）が受け付けられなかった" in reasons["その組織の相談"]
    assert "上位の組織の組織「壊れた" in reasons["下の組織"]
    assert "child-org" in reasons["下の組織の相談"]
    imported(mini_db, path)
    assert records(mini_db) == before


# ---------------------------------------------------------------- scope


def test_records_with_japanese_codes_need_no_municipality_and_nationwide_is_explicit(mini_db, tmp_path):
    coded = {
        "id": "k-1",
        "name": "コード付きの相談",
        "status": "active",
        "attributes": [{"id": "a", "link_type": hsds.MUNICIPALITY, "value": TAKAOKA}],
    }
    bare = {"id": "k-2", "name": "範囲のない相談", "status": "active"}
    path = tmp_path / "f.json"
    path.write_text(json.dumps([coded], ensure_ascii=False), encoding="utf-8")
    hsds_import.import_hsds(mini_db, path, "管理 花子", backup=None)
    assert by_key(mini_db, "service")["hsds.k-1"]["municipality"] == TAKAOKA
    path.write_text(json.dumps([coded, bare], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(
        hsds_import.HsdsError,
        match="1件の記録に、このディレクトリにある市区町村が書かれていません（例: 「範囲のない相談」）",
    ):
        hsds_import.import_hsds(mini_db, path, "管理 花子", backup=None)
    assert "hsds.k-2" not in by_key(mini_db, "service")
    hsds_import.import_hsds(mini_db, path, "管理 花子", nationwide=True, backup=None)
    assert by_key(mini_db, "service")["hsds.k-2"]["municipality"] == ""
    assert by_key(mini_db, "service")["hsds.k-1"]["municipality"] == TAKAOKA


# ---------------------------------------------------------------- what is not HSDS 3


@pytest.mark.parametrize(
    "case", ["datapackage_folder", "datapackage_file", "csv_file", "tabular", "uk_v2", "version_2", "zip"]
)
def test_hsds_2_and_csv_packages_are_refused_as_not_supported(mini_db, tmp_path, case):
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "datapackage.json").write_text(
        json.dumps({"name": "hsds", "profile": "tabular-data-package", "resources": [{"path": "services.csv"}]})
    )
    (folder / "services.csv").write_text("id,name\n1,A\n")
    uk = tmp_path / "uk.json"
    uk.write_text(
        json.dumps([{"id": "1", "name": "A", "status": "active", "regular_schedules": [], "service_taxonomys": []}])
    )
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps({"hsds_version": "2.0", "services": [{"id": "1", "name": "A"}]}))
    zipped = shutil.make_archive(str(tmp_path / "pkg"), "zip", folder)
    path = {
        "datapackage_folder": folder,
        "datapackage_file": folder / "datapackage.json",
        "csv_file": folder / "services.csv",
        "tabular": EXAMPLES / "tabular.json",
        "uk_v2": uk,
        "version_2": v2,
        "zip": zipped,
    }[case]
    before = records(mini_db)
    with pytest.raises(hsds_import.HsdsError) as exc:
        imported(mini_db, path)
    assert "HSDS 3.x の JSON" in str(exc.value) and "見つかりません" not in str(exc.value)
    assert ("対応していません" in str(exc.value)) or ("HSDS 2" in str(exc.value))
    assert records(mini_db) == before


# ---------------------------------------------------------------- the specification's own examples


@pytest.mark.parametrize(
    "name", sorted(p.name for p in EXAMPLES.glob("*.json") if p.name not in ("tabular.json", "base.json"))
)
def test_every_example_of_the_specification_is_read_as_what_it_is(mini_db, name):
    report = imported(mini_db, EXAMPLES / name)
    assert_every_record_accounted_for(report, mini_db)
    orgs = by_key(mini_db, "organization")
    if name.startswith("taxonomy"):
        assert tally(report)["mapping"] == 1 and tally(report)["accepted"] == 0
    if name == "location.json":  # a location naming no organization or service joins nothing: said so
        [row] = report.rejected
        assert "結びついていません" in row.reasons[0]
    if name.startswith("service"):
        assert any(r["name"] == "Community Counselling" for r in records(mini_db)["service"])
    if name == "organization_full.json":  # its nested service is kept with it
        assert any(
            r["provider"] == next(k for k, o in orgs.items() if o["name"] == "Example Organization Inc.")
            for r in records(mini_db)["service"]
        )
    if "list" in name:
        assert report.pages and "10ページ中の1ページ目" in report.pages[0]


# ---------------------------------------------------------------- text and phones


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>一</p><p>二</p>", "一\n\n二"),
        ("行1<br>行2<br/>行3", "行1\n行2\n行3"),
        ("A &amp; B &lt;C&gt; &#x3042;", "A & B <C> あ"),
        ("<style>p {color: red}</style><script>alert(1)</script>本文", "本文"),
        ("<ul><li>一</li><li>二</li></ul>", "・一\n・二"),
        ("<5歳の子ども", "<5歳の子ども"),  # not HTML: left as it is
        ("  ふつうの文  ", "ふつうの文"),
        ("<p>本文</p><!-- 閉じていない注釈 <b>", "本文"),  # an unfinished comment is markup, not text
        ("<![ <p>壊れた", "壊れた"),  # html.parser gives up on this: tags removed by pattern
    ],
)
def test_html_becomes_plain_text(html, text):
    assert plain(html) == text


@pytest.mark.parametrize(
    ("given", "stored", "noted"),
    [
        ("+81 766-20-5555", "0766-20-5555", False),
        ("+81-90-1234-5678", "090-1234-5678", False),
        ("+81 (0)765 00 0000", "0765-00-0000", False),
        ("0081 3 1234 5678", "03-1234-5678", False),
        ("+44 1234 234567", "+44 1234 234567", True),
        ('"+44 1234 234567"', "+44 1234 234567", True),  # as the specification's own example quotes it
        ("0766-20-5555", "0766-20-5555", False),
    ],
)
def test_international_phone_forms(given, stored, noted):
    number, note = domestic(given)
    assert number == stored and bool(note) is noted


# ---------------------------------------------------------------- as an administrator runs it


def test_the_cli_takes_a_folder_and_several_files_and_says_what_happened(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DVDESK_DB", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setenv("DVDESK_ADMIN", "管理 花子")
    assert main(["load", "--dir", str(MINI)]) == 0
    capsys.readouterr()
    assert main(["import-hsds", str(UK), str(NESTED), "-m", "高岡市", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "読み込んだファイル: uk_council_services_page1.json、organization_with_services.json" in out
    assert "読み込んだ記録 43件: 受付 26件、受け付けず 0件、繰り返し 17件、分類（対応づけのみ）0件" in out
    assert "一覧の一部だけです: uk_council_services_page1.json: 31ページ中の1ページ目です" in out
    assert "繰り返し: 組織「Northbrook Borough Council」（id uk-org-1）: 7回出てきたため1件として扱いました" in out
    assert "何も変更していません" in out
    assert main(["import-hsds", str(CITY)]) == 1
    assert "-m 市区町村名" in capsys.readouterr().err
    assert main(["import-hsds", str(CITY), "-m", "高岡市"]) == 0
    out = capsys.readouterr().out
    assert (
        "services.json 5件目 サービス  受け付けず  hsds.jp-svc-5 よその団体の相談（架空）: 組織 jp-org-missing" in out
    )
    assert "バックアップ" in out


def test_editing_an_imported_record_then_reimporting_keeps_what_the_feed_does_not_carry(mini_db):
    imported(mini_db, CITY)
    editor = Editor(mini_db, "管理 花子")
    svc = editor.load("service", "hsds.jp-svc-1")
    editor.save("service", {**svc, "staff_note": "職員だけのメモ"})
    report = imported(mini_db, CITY)
    assert report.plan.empty
    assert by_key(mini_db, "service")["hsds.jp-svc-1"]["staff_note"] == "職員だけのメモ"


@pytest.mark.parametrize(
    ("record", "kind"),
    [
        ({"id": "1", "name": "s", "status": "active"}, "service"),
        ({"id": "1", "name": "s", "organization": {"id": "o"}}, "service"),
        ({"id": "1", "name": "s", "organization_id": "o"}, "service"),
        ({"id": "1", "name": "o", "website": "https://x.example"}, "organization"),
        ({"id": "1", "name": "o", "services": []}, "organization"),
        ({"id": "1", "name": "o"}, "organization"),
        ({"id": "1", "name": "l", "location_type": "physical", "organization_id": "o"}, "location"),
        ({"id": "1", "service_id": "s", "location_id": "l"}, "service_at_location"),
        ({"id": "1", "service_areas": [], "location": {"id": "l"}, "service": {"id": "s"}}, "service_at_location"),
        ({"id": "1", "name": "安全", "version": "1"}, "taxonomy"),
        ({"id": "1", "code": "safety", "name": "安全", "taxonomy": "dvdesk-needs"}, "taxonomy_term"),
        ({"id": "1", "name": "Ann", "title": "Manager", "phones": []}, "contact"),
        ({"id": "1", "organization_id": "o", "email": "a@example.jp"}, "contact"),
        ({"id": "1", "number": "0766-20-5555", "organization_id": "o"}, "phone"),
        ({"version": "3.0", "profile": "x", "openapi_url": "y"}, ""),
    ],
)
def test_each_record_is_recognised_as_what_it_is(record, kind):
    assert kind_of(record) == kind


def test_a_bare_record_in_a_page_of_services_is_a_service(mini_db, tmp_path):
    path = tmp_path / "page.json"
    path.write_text(
        json.dumps(
            {
                "total_items": 2,
                "total_pages": 1,
                "page_number": 1,
                "size": 2,
                "contents": [
                    {
                        "id": "b-1",
                        "name": "ふつうの相談",
                        "status": "active",
                        "organization_id": "b-org",
                        "organization": {"id": "b-org", "name": "架空の会"},
                    },
                    {"id": "b-2", "name": "名前だけの相談", "organization": {"id": "b-org", "name": "架空の会"}},
                    {"id": "b-3", "name": "もっと名前だけ"},
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    report = imported(mini_db, path)
    assert tally(report) == {"read": 5, "accepted": 4, "refused": 0, "repeats": 1, "mapping": 0}
    services = by_key(mini_db, "service")
    assert services["hsds.b-2"]["provider"] == "hsds.b-org"
    assert services["hsds.b-3"]["name"] == "もっと名前だけ"  # a service: the page lists services
    assert "hsds.b-3" not in by_key(mini_db, "organization")
