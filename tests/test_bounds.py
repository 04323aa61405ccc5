"""Inputs too large to hold are refused while they are read: one line, memory under 500 MB, time
under a minute, the database unchanged. Each case runs the real command in a child process and
measures it there (resource.getrusage), so the figure is the command's own."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dvdesk.admin import package as pk
from dvdesk.domain import bounds
from package_support import reseal

pytestmark = pytest.mark.slow  # million-row and inflating inputs: the thorough tier (./dev.sh test-slow)

# The command's own peak: /proc's VmHWM is this program's memory since it started. getrusage's
# ru_maxrss is not: Linux carries the high-water mark of the process that spawned it across the exec
# (subprocess's vfork), so it read the pytest worker's ~200 MB after a long run (a failure by chance).
RUNNER = """
import json, resource, sys, time
from dvdesk.cli import main


def peak_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


start = time.monotonic()
code = main(sys.argv[1:])
rss = peak_mb()
print("MEASURE " + json.dumps({"code": code, "seconds": time.monotonic() - start, "rss_mb": rss}), file=sys.stderr)
"""
MEMORY_MB = 500
SECONDS = 60


def dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def run_refused(db_path: Path, home: Path, *argv: str) -> tuple[str, dict]:
    env = {
        **os.environ,
        "DVDESK_DB": str(db_path),
        "DVDESK_HOME": str(home),
        "DVDESK_ADMIN": "管理 花子",
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *argv], env=env, capture_output=True, text=True, timeout=SECONDS * 2
    )
    lines = done.stderr.strip().splitlines()
    measure = json.loads(next(line for line in lines if line.startswith("MEASURE "))[8:])
    said = [line for line in lines if not line.startswith("MEASURE ")]
    assert len(said) == 1, done.stderr[-2000:]
    assert measure["code"] == 1 and "予期しない" not in said[0] and "Traceback" not in done.stderr
    assert measure["rss_mb"] < MEMORY_MB and measure["seconds"] < SECONDS, measure
    print(f"\n{argv[0]}: {said[0][:60]}… peak {measure['rss_mb']:.0f} MB, {measure['seconds']:.1f} s")  # with -s
    return said[0], measure


@pytest.fixture
def world(mini_db, isolated_home):
    path = Path(mini_db.path)
    mini_db.close()
    return path, isolated_home


def signed_package(path: Path, content_chunks, *, signed: bool = True, zip64: bool = True) -> Path:
    """A package signed with this PC's key whose directory.json is written in pieces (never whole
    in this process), so that its size, not its seal, is what gets refused. ``signed=False``: the
    same without a signature, read with the limits of a package from anyone (bounds.PACKAGE)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open(pk.CONTENT, "w", force_zip64=zip64) as f:
            for chunk in content_chunks:
                f.write(chunk)
                digest.update(chunk)
        manifest = {
            "format": pk.FORMAT,
            "format_version": 1,
            "exported_at": "2026-04-01T10:00:00+09:00",
            "pc_name": "PC",
            "exported_by": "x",
            "scope": "",
            "scope_name": "",
            "app_version": "1",
            "counts": {},
        }
        sealed = reseal(manifest, b"", sha256=digest.hexdigest())
        if not signed:
            sealed = {k: v for k, v in sealed.items() if k not in ("key_id", "key_name", "signature")}
        zf.writestr(pk.MANIFEST, json.dumps(sealed))
    return path


def declaring(path: Path, size: int) -> Path:
    """The package with directory.json's inflated size in the central directory set to ``size``."""
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + length]) == pk.CONTENT.encode():
            data[at + 24 : at + 28] = size.to_bytes(4, "little")
        at = data.rfind(b"PK\x01\x02", 0, at)
    path.write_bytes(bytes(data))
    return path


def test_an_unsigned_package_that_inflates_to_200_mb_is_refused_from_its_header(world, tmp_path):
    db_path, home = world
    before = dump(db_path)
    chunk = b"{}," * (1024 * 1024 // 3)
    body = [b'{"records": {"service": ['] + [chunk] * 200 + [b"{}]}}"]
    path = signed_package(tmp_path / "big.dvdesk", body, signed=False)
    assert path.stat().st_size < 2 * bounds.MB  # small on the stick, 200 MB inside
    said, measure = run_refused(db_path, home, "import", str(path))
    assert "大きすぎます" in said and "MB" in said
    assert "署名のないパッケージ" in said and "この PC と同じ鍵で署名して" in said  # the decision, said
    assert dump(db_path) == before


def test_a_signed_package_beyond_the_national_limit_is_refused_from_its_header(world, tmp_path):
    db_path, home = world
    before = dump(db_path)
    path = signed_package(tmp_path / "huge.dvdesk", [b'{"records": {}}'], zip64=False)
    declaring(path, bounds.NATIONAL_PACKAGE.content + bounds.MB)
    said, measure = run_refused(db_path, home, "import", str(path))
    assert "大きすぎます" in said and "この PC の鍵で署名されたパッケージの上限" in said
    assert "500,000件" in said and "都道府県ごとに" in said
    assert dump(db_path) == before


def test_a_signed_package_of_200_mb_of_junk_records_is_refused_at_the_first_one(world, tmp_path):
    """Within the national limits, read a record at a time: refused in a few MB, not 200."""
    db_path, home = world
    before = dump(db_path)
    chunk = b"{}," * (1024 * 1024 // 3)
    path = signed_package(tmp_path / "big.dvdesk", [b'{"records": {"service": ['] + [chunk] * 200 + [b"{}]}}"])
    said, measure = run_refused(db_path, home, "import", str(path))
    assert "サービスの1件目" in said and measure["rss_mb"] < 200
    assert dump(db_path) == before


def test_a_package_that_would_be_300_mb_when_parsed_is_refused_while_it_is_read(world, tmp_path):
    """6 million empty lists: 15 MB of text, over 300 MB as Python objects; refused at the limit of
    JSON values, a record at a time, without building them all."""
    db_path, home = world
    before = dump(db_path)
    count = 6_000_000
    assert count * (sys.getsizeof([]) + 8) > 300 * bounds.MB and count > bounds.MAX_JSON_VALUES
    row = b"[" + b"[]," * 29 + b"[]],"  # 30 values a row: 200,000 rows, under the count of rows
    body = [b'{"records": {}, "translations": ['] + [row * 10_000] * 20 + [b"[]]}"]
    path = signed_package(tmp_path / "bomb.dvdesk", body, signed=False)
    said, measure = run_refused(db_path, home, "import", str(path))
    assert "値が多すぎます" in said and f"{bounds.MAX_JSON_VALUES:,}" in said
    assert dump(db_path) == before


def test_one_record_of_a_megabyte_is_refused_while_it_is_read(world, tmp_path):
    db_path, home = world
    before = dump(db_path)
    record = b'{"key": "x", "name": "' + "あ".encode() * (bounds.MAX_RECORD_CHARS + 1) + b'"}'
    path = signed_package(tmp_path / "one.dvdesk", [b'{"records": {"service": [', record, b"]}}"])
    said, measure = run_refused(db_path, home, "import", str(path))
    assert "1件が大きすぎます" in said
    assert dump(db_path) == before


def test_the_issue_bomb_of_empty_objects_is_refused(world, tmp_path):
    """The issue's 203 KB package of {},{},… (5.4 GB of memory before it was refused)."""
    db_path, home = world
    chunk = b"{}," * 100_000
    path = signed_package(tmp_path / "issue.dvdesk", [b"["] + [chunk] * 650 + [b"{}]"])
    said, measure = run_refused(db_path, home, "import", str(path))
    assert "形が正しくありません" in said and measure["rss_mb"] < 200  # never parsed: not an object


def test_a_million_row_csv_is_refused_while_it_is_read(world, tmp_path):
    db_path, home = world
    before = dump(db_path)
    path = tmp_path / "rows.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("キー,名称,専用の電話番号\n")
        row = ",相談,0766-20-1234\n"
        for _ in range(100):
            f.write(row * 10_000)
    said, measure = run_refused(db_path, home, "import-sheet", str(path))
    assert "行が多すぎます" in said and f"{bounds.MAX_ROWS:,}" in said
    assert dump(db_path) == before


def test_an_xlsx_of_a_million_rows_is_refused_while_it_is_streamed(world, tmp_path):
    db_path, home = world
    from openpyxl import Workbook

    small = tmp_path / "small.xlsx"
    wb = Workbook()
    wb.active.title = "サービス"
    wb.active.append(["キー", "名称"])
    wb.save(small)
    for dimension in (b"", b'<dimension ref="A1:B1000000"/>'):  # openpyxl reads a sheet whole without one
        path = tmp_path / "rows.xlsx"
        with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
            for item in src.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    dst.writestr(item, src.read(item))
                    continue
                with dst.open(item.filename, "w", force_zip64=True) as f:
                    f.write(
                        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + dimension + b"<sheetData>"
                    )
                    for start in range(1, 1_000_001, 10_000):
                        f.write(
                            b"".join(
                                b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
                                for i in range(start, start + 10_000)
                            )
                        )
                    f.write(b"</sheetData></worksheet>")
        said, _ = run_refused(db_path, home, "import-sheet", str(path))
        assert "行が多すぎます" in said


def test_an_xlsx_padded_to_its_last_row_is_read_not_refused(mini_db, tmp_path):
    """Excel may write a formatted cell at row 1,048,576: the empty rows before it are not data."""
    from openpyxl import Workbook

    from dvdesk.admin.sheet_files import read_xlsx

    wb = Workbook()
    wb.active.title = "サービス"
    wb.active.append(["キー", "名称"])
    wb.active.append(["test.svc.law", "女性弁護士による無料法律相談"])
    wb.active.cell(row=1_048_576, column=1).number_format = "@"
    wb.active.cell(row=1_048_576, column=1).value = ""
    wb.save(tmp_path / "padded.xlsx")
    table = read_xlsx(tmp_path / "padded.xlsx")["サービス"]
    assert table[1][:2] == ["test.svc.law", "女性弁護士による無料法律相談"] and len(table) == 2


def test_deeply_nested_hsds_is_refused_in_one_line(world, tmp_path):
    db_path, home = world
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    said, _ = run_refused(db_path, home, "import-hsds", str(path))
    assert "入れ子が深すぎます" in said


def test_an_encrypted_zip_is_refused_in_one_line(mini_db, tmp_path):
    path = tmp_path / "enc.dvdesk"
    pk.export_package(mini_db, path)
    data = bytearray(path.read_bytes())
    data[6] |= 0x1  # the encryption flag of the first local header
    cd = data.rfind(b"PK\x01\x02")
    while cd != -1:  # and of every central directory entry
        data[cd + 8] |= 0x1
        cd = data.rfind(b"PK\x01\x02", 0, cd)
    path.write_bytes(bytes(data))
    with pytest.raises(pk.PackageError, match="暗号化"):
        pk.read_package(path)


def test_limits_are_far_above_the_bundled_directory(bundled_db, tmp_path):
    path = tmp_path / "all.dvdesk"
    pk.export_package(bundled_db, path)
    with zipfile.ZipFile(path) as zf:
        content = zf.read(pk.CONTENT)
    assert len(content) * 50 < bounds.MAX_FILE and bounds.json_values(content) * 50 < bounds.MAX_JSON_VALUES
    assert pk.read_package(path).trusted


def test_the_memory_measured_is_the_commands_own_not_its_parents(world):
    """The pytest worker holding 300 MB does not count as the command's (getrusage's ru_maxrss
    carried it across the child's exec, and two of these cases failed by chance after long runs)."""
    db_path, home = world
    held = bytearray(300 * bounds.MB)
    held[::4096] = b"\1" * len(held[::4096])  # touched: resident
    said, measure = run_refused(db_path, home, "show", "no.such.service")
    assert "見つかりません" in said and measure["rss_mb"] < 250, measure
    del held
