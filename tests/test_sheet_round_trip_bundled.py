"""The directory sheet out and back in with no edit is no change: the bundled directory, on a desk
set up for 高岡市, for 国立市, and not set up (全市区町村), as the Excel workbook and as each CSV in
either encoding, with seeded awkward values a city's records hold (formula-like text, line breaks,
full-width and half-width forms, number- and date-like text). The dry run reports every row
unchanged and nothing added; the real import leaves every record, its version and the history as
they were."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from dvdesk.admin import first_run, sheets
from dvdesk.admin.editing import Editor
from dvdesk.admin.package import collect
from dvdesk.domain.change_log import ChangeRecord
from dvdesk.domain.models import ContactPoint, Organization, Service

ADMIN = "管理 花子"
SEED = 1503
AWKWARD = (
    "=1+1",
    "-から始まる",
    "+から始まる",
    "@から始まる",
    "一行目\n二行目",
    "全角　スペース",
    "①②③",
    "ｶﾀｶﾅ半角",
    '"引用"と,カンマ',
    "'アポストロフィ",
    "0123",
    "2025-04-01",
    "令和7年4月1日",
    "1.50",
    "TRUE",
    "110",
    "45748",
    "月〜金 8:30〜17:15",
)
FIELDS = ("description", "access", "eligibility", "what_to_bring", "cost", "staff_note", "source_note")
SCHEDULES = ("月〜金 8:30〜17:15", "毎月第4金曜日 13:00〜16:00", "24時間365日", "平日 9:00～17:00（祝日を除く）")
CP932_SAFE = tuple(v for v in AWKWARD if v.encode("cp932", errors="replace").decode("cp932") == v)


def _state(db) -> tuple:
    with db.read() as s:
        versions = (
            sorted(s.execute(select(Service.key, Service.version)).all()),
            sorted(s.execute(select(Organization.key, Organization.version)).all()),
            s.scalar(select(func.sum(ContactPoint.version))),
            s.scalar(select(func.count()).select_from(ChangeRecord)),
        )
        return collect(s)[0], versions


def _awkward_city(db, rng: random.Random, pool: tuple[str, ...]) -> int:
    """Awkward values in 12 services' text fields (and a schedule each); returns how many were set."""
    editor = Editor(db, ADMIN)
    with db.read() as s:
        keys = sorted(s.scalars(select(Service.key).where(Service.retired.is_(False))))
    n = 0
    for key in rng.sample(keys, 12):
        svc = editor.load("service", key)
        for field in rng.sample(FIELDS, 3):
            svc[field] = rng.choice(pool)
            n += 1
        svc["schedule"] = rng.choice(SCHEDULES)
        editor.save("service", svc)
    editor.retire("service", keys[0])  # a retired record and staff-only contacts with 内線 and notes go too
    org = editor.load("organization", "takaoka.shiminka")
    contact = dict.fromkeys(("window", "hours", "email"), "") | {"confidentiality": "staff"}
    org["contacts"] = [
        contact | {"label": "職員直通", "phone": "0766-20-1234", "extension": "56", "note": "=職員のみ"},
        contact | {"label": "FAX", "phone": "0766-20-1235", "extension": "", "note": "", "confidentiality": "public"},
    ]
    editor.save("organization", org)
    return n


@pytest.mark.parametrize("desk", ["", "162027", "132152"], ids=["全市区町村", "高岡市", "国立市"])
@pytest.mark.parametrize(
    ("suffix", "encoding"), [(".xlsx", "utf-8"), (".csv", "utf-8"), (".csv", "cp932")], ids=["xlsx", "csv", "cp932"]
)
def test_the_directory_sheet_back_unchanged_is_no_change(bundled_db, tmp_path, desk, suffix, encoding):
    if desk:
        first_run.choose_municipality(Editor(bundled_db, ADMIN), desk)
    assert _awkward_city(bundled_db, random.Random(SEED), CP932_SAFE if encoding == "cp932" else AWKWARD) == 36
    before = _state(bundled_db)
    texts = [v for svc in before[0]["service"] for v in svc.values() if isinstance(v, str)]
    assert len({v for v in texts if v in AWKWARD}) >= 12  # the values are in the records, as typed
    if suffix == ".xlsx":
        files = [tmp_path / "directory.xlsx"]
        written = sheets.export_sheet(bundled_db, files[0])
    else:
        files = [tmp_path / f"{k}.csv" for k in ("organization", "contact", "service")]
        written = sum(sheets.export_sheet(bundled_db, f, f.stem, encoding) for f in files)
    assert written == 130 + 47 + 4  # every service, organisation and contact row (2 bundled, 2 added)
    read = 0
    for f in files:
        report = sheets.import_sheet(bundled_db, f, ADMIN, dry_run=True)
        c = report.counts()
        read += c.read
        assert (c.refused, c.skipped) == (0, 0), [(r.row, r.reasons) for r in report.rejected]
        assert report.plan.empty, [(d.kind, d.key, d.action) for d in report.plan.diffs]
        assert {r.action for r in report.rows} == {"unchanged"}
        assert not [n for n in report.notes if "この表にない" in n]  # nothing reported left out
    assert read == written
    for f in files:
        sheets.import_sheet(bundled_db, f, ADMIN)
    assert _state(bundled_db) == before
