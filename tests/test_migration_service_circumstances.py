"""Migration 0013 (a service names the circumstances it is for) keeps every service as it was: a
database made by 0012, holding services with their needs and a referral naming one, upgrades with
every row unchanged and each service's 該当する事情 empty (nothing changes on a paper until a record
names one); the field is then written and read back, and 0013 goes down again without a loss."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, inspect, text

from dvdesk.admin.editing import Editor
from dvdesk.domain import checklist as cl
from dvdesk.storage import migrations, server
from dvdesk.storage.db import open_database

SERVICE_COLUMNS = "id, key, municipality_id, organization_id, kind, name, description, staff_note, languages, version"


def _engine(engine_name, tmp_path, request):
    if engine_name == "sqlite":
        return create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    return server.make_engine(request.getfixturevalue("pg_url"))


def _fill_at_0012(conn) -> None:
    conn.execute(
        text(
            "INSERT INTO municipalities (id, code, name, prefecture, source, source_note, verified_by, retired) "
            "VALUES (1, '162027', '高岡市', '富山県', 't', '', '', false)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO organizations (id, key, municipality_id, name, kind, discreet_name, description, address, "
            "address_confidentiality, staff_note, source, source_note, verified_by, retired, version) VALUES "
            "(1, 'tk.kosodate', 1, '子ども・子育て課', 'city_department', '', '', '', 'public', '', 't', '', '', "
            "false, 1)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO needs (id, key, parent_id, label_ja, label_en, description, sort_order, retired) VALUES "
            "(1, 'money', NULL, '経済・生活費', 'Money', '', 1, false), "
            "(2, 'children', NULL, '子ども・子育て', 'Children', '', 2, false)"
        )
    )
    for n, (key, name, languages) in enumerate(
        [("tk.svc.kyufukin", "母子家庭等自立支援給付金", '["日本語"]'), ("tk.svc.seikatsu", "生活保護の相談", "[]")],
        start=1,
    ):
        conn.execute(
            text(
                "INSERT INTO services (id, key, municipality_id, organization_id, kind, name, discreet_name, "
                "discreet_line, description, access, schedule, eligibility, what_to_bring, languages, cost, phone, "
                "location, location_confidentiality, confidentiality, staff_note, source, source_note, verified_by, "
                "retired, version) VALUES (:id, :key, 1, 1, 'client', :name, '', '', '説明', '', '', '', '', "
                ":languages, '', '', '', 'secret', 'public', 'メモ', 't', '', '', false, 1)"
            ),
            {"id": n, "key": key, "name": name, "languages": languages},
        )
        conn.execute(text("INSERT INTO service_needs (service_id, need_id) VALUES (:id, 1), (:id, 2)"), {"id": n})


def _services(engine):
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT {SERVICE_COLUMNS} FROM services ORDER BY id")).all()


@pytest.mark.pg_quick("0013 adds a JSON column with a default to a filled services table on PostgreSQL")
def test_every_service_is_kept_and_names_no_circumstance(engine_name, tmp_path, request):
    engine = _engine(engine_name, tmp_path, request)
    migrations.upgrade(engine, "0012")
    with engine.begin() as conn:
        _fill_at_0012(conn)
    before = _services(engine)
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()
    assert _services(engine) == before
    with engine.connect() as conn:
        links = conn.execute(text("SELECT service_id, need_id FROM service_needs ORDER BY 1, 2")).all()
        circumstances = conn.execute(text("SELECT circumstances FROM services ORDER BY id")).scalars().all()
    assert links == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert [c if isinstance(c, list) else json.loads(c) for c in circumstances] == [[], []]
    engine.dispose()


def test_an_upgraded_desk_keeps_its_services_and_then_holds_the_field(tmp_path):
    """Opened by dvdesk (the backup and the upgrade it makes), the 0012 file's services are listed on
    a money paper as before; named for a child, one is left out of it until the paper names a child."""
    path = tmp_path / "d.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade(engine, "0012")
    with engine.begin() as conn:
        _fill_at_0012(conn)
    engine.dispose()
    db = open_database(path, fill=False)
    try:
        assert migrations.current_revision(db.engine) == migrations.head_revision()

        def places(*circumstances):
            with db.read() as s:
                return [i.key for g in cl.propose(s, "162027", ["money"], circumstances).contacts for i in g.services]

        assert places() == ["tk.svc.kyufukin", "tk.svc.seikatsu"]
        editor = Editor(db, "管理 花子")
        snap = editor.load("service", "tk.svc.kyufukin")
        assert snap["circumstances"] == [] and snap["languages"] == ["日本語"]
        editor.save("service", {**snap, "circumstances": ["children"]})
        assert editor.load("service", "tk.svc.kyufukin")["circumstances"] == ["children"]
        assert places() == ["tk.svc.seikatsu"]
        assert places("children") == ["tk.svc.kyufukin", "tk.svc.seikatsu"]
    finally:
        db.close()


def test_going_down_from_0013_drops_only_the_column(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'down.sqlite3'}")
    migrations.upgrade(engine, "0012")
    with engine.begin() as conn:
        _fill_at_0012(conn)
    before = _services(engine)
    migrations.upgrade(engine, "0013")
    migrations.downgrade(engine, "0012")
    assert "circumstances" not in {c["name"] for c in inspect(engine).get_columns("services")}
    assert _services(engine) == before
    engine.dispose()
