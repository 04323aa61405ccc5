"""Migration 0012 (a count cell is one department's, not one name's) keeps every count: a database
at 0011 holding counts of live, deleted and typed-in departments and referral targets upgrades with
every row as it was, each department's town filled in from the directory, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, text

from dvdesk.storage import migrations, server

COUNT_COLUMNS = "id, month, organization_id, department, need_key, need_label, channel, dv, count"


def _engine(engine_name, tmp_path, request):
    if engine_name == "sqlite":
        return create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    return server.make_engine(request.getfixturevalue("pg_url"))


def _fill_at_0011(conn) -> None:
    conn.execute(
        text(
            "INSERT INTO municipalities (id, code, name, prefecture, source, source_note, verified_by, retired) "
            "VALUES (1, '162027', '高岡市', '富山県', 't', '', '', false), (2, '132152', '国立市', '東京都', 't', '', '', false)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO organizations (id, key, municipality_id, name, kind, discreet_name, description, address, "
            "address_confidentiality, staff_note, source, source_note, verified_by, retired) VALUES "
            "(1, 'tk.housing', 1, '住宅課', 'city_department', '', '', '', 'public', '', 't', '', '', false), "
            "(2, 'nat.line', NULL, '全国窓口', 'national', '', '', '', 'public', '', 't', '', '', false)"
        )
    )
    rows = [  # (month, organization_id, department, need_key, channel, dv, count)
        (dt.date(2025, 4, 1), 1, "住宅課", "housing", "in_person", True, 3),
        (dt.date(2025, 4, 1), 1, "住宅課", "", "phone", False, 2),
        (dt.date(2025, 5, 1), 1, "旧住宅課", "housing", "phone", True, 1),  # kept its old name
        (dt.date(2025, 4, 1), 2, "全国窓口", "", "email", True, 4),  # no town
        (dt.date(2025, 4, 1), None, "子育て支援課", "", "phone", True, 5),  # deleted before 0012
        (dt.date(2025, 6, 1), None, "民間支援団体", "", "in_person", False, 0),  # typed in
    ]
    for n, (month, org, dept, need, channel, dv, count) in enumerate(rows, start=1):
        conn.execute(
            text(
                f"INSERT INTO consultation_counts ({COUNT_COLUMNS}) "
                "VALUES (:id, :month, :org, :dept, :need, '', :channel, :dv, :count)"
            ),
            {
                "id": n,
                "month": month,
                "org": org,
                "dept": dept,
                "need": need,
                "channel": channel,
                "dv": dv,
                "count": count,
            },
        )
    conn.execute(
        text(
            "INSERT INTO referrals (id, case_ref, referred_on, counselor, channel, dv, status, updated_on, created_at, "
            "version) VALUES (1, 'R7-1', '2025-04-10', '相談員A', 'phone', true, 'referred', '2025-04-10', "
            "'2025-04-10 10:00:00', 1)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO referral_targets (id, referral_id, service_id, organization_id, service_name, department) "
            "VALUES (1, 1, NULL, 1, '', '住宅課'), (2, 1, NULL, NULL, '', '子育て支援課')"
        )
    )


@pytest.mark.pg_quick("0012 finds 0004's uniqueness rule by its PostgreSQL name and fills towns on a filled table")
def test_every_count_is_kept_and_each_department_gets_its_town(engine_name, tmp_path, request):
    engine = _engine(engine_name, tmp_path, request)
    migrations.upgrade(engine, "0011")
    with engine.begin() as conn:
        _fill_at_0011(conn)
        before = conn.execute(text(f"SELECT {COUNT_COLUMNS} FROM consultation_counts ORDER BY id")).all()
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()
    with engine.connect() as conn:
        after = conn.execute(text(f"SELECT {COUNT_COLUMNS} FROM consultation_counts ORDER BY id")).all()
        towns = conn.execute(text("SELECT id, municipality FROM consultation_counts ORDER BY id")).all()
        targets = conn.execute(text("SELECT id, department, municipality FROM referral_targets ORDER BY id")).all()
    assert after == before and len(after) == 6
    assert [t for _, t in towns] == ["高岡市", "高岡市", "高岡市", "", "", ""]
    assert targets == [(1, "住宅課", "高岡市"), (2, "子育て支援課", "")]
    with engine.begin() as conn:  # the other town's 住宅課 can now hold the same cell as 高岡市's
        conn.execute(
            text(
                "INSERT INTO organizations (id, key, municipality_id, name, kind, discreet_name, description, address, "
                "address_confidentiality, staff_note, source, source_note, verified_by, retired, version) VALUES "
                "(3, 'kt.housing', 2, '住宅課', 'city_department', '', '', '', 'public', '', 't', '', '', false, 1)"
            )
        )
        conn.execute(
            text(
                f"INSERT INTO consultation_counts ({COUNT_COLUMNS}, municipality) VALUES "
                "(7, '2025-04-01', 3, '住宅課', 'housing', '', 'in_person', true, 9, '国立市')"
            )
        )
    engine.dispose()
