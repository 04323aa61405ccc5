"""The package content read a record at a time (domain/json_stream.py) gives what json.loads gives,
however the text is cut into pieces, and says where a broken text breaks."""

from __future__ import annotations

import io
import json

import pytest

from dvdesk.admin import package as pk
from dvdesk.domain import json_stream
from dvdesk.domain.bounds import TooLarge
from dvdesk.domain.json_stream import JsonStream


def stream(data: bytes, **limits) -> JsonStream:
    return JsonStream(
        io.BytesIO(data),
        what="x.json",
        max_bytes=limits.get("max_bytes", 10**9),
        max_value=limits.get("max_value", 10**6),
        max_values=limits.get("max_values", 10**9),
    )


def walk(js: JsonStream):
    """The whole text rebuilt through members/items/value, as package._parse walks it."""
    out = {}
    for top in js.members():
        if top == "records":
            out[top] = {name: [js.value() for _ in js.items()] for name in js.members()}
        else:
            out[top] = js.value()
    js.end()
    return out


DOC = {
    "records": {"service": [{"key": "a", "name": '相談 \\"窓口\\"', "n": 12345}, {"key": "b", "x": [1.5, None]}]},
    "synonyms": {"g": ["ア", "あ"]},
}


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 1])
def test_any_cut_of_the_text_reads_as_json_loads_does(monkeypatch, piece, indent):
    monkeypatch.setattr(json_stream, "_PIECE", piece)
    data = ("\ufeff" + json.dumps(DOC, ensure_ascii=False, indent=indent)).encode()
    assert walk(stream(data)) == json.loads(data.decode("utf-8-sig")) == DOC


def test_a_bundled_package_reads_the_same_in_seven_byte_pieces(bundled_db, tmp_path, monkeypatch):
    path = tmp_path / "all.dvdesk"
    pk.export_package(bundled_db, path)
    whole = pk.read_package(path)
    monkeypatch.setattr(json_stream, "_PIECE", 7)
    cut = pk.read_package(path)
    assert cut.records == whole.records and cut.synonyms == whole.synonyms
    assert cut.translations == whole.translations and len(cut.records["service"]) > 100


def test_a_broken_text_names_its_line_in_the_whole_text(monkeypatch):
    monkeypatch.setattr(json_stream, "_PIECE", 5)
    data = b'{"records": {"service": [\n{"key": "a"},\n{"key": "b"},\n{"key" "c"}]}}'
    with pytest.raises(json.JSONDecodeError) as caught:
        walk(stream(data))
    assert caught.value.lineno == 4


@pytest.mark.parametrize(
    "data, limits, said",
    [
        (b'{"records": {"service": [' + b"{}," * 1000 + b"{}]}}", {"max_values": 500}, "値が多すぎます"),
        (b'{"records": {"service": [{"key": "' + b"a" * 5000 + b'"}]}}', {"max_value": 1000}, "1件が大きすぎます"),
        (b'{"records": {"service": [' + b"{}," * 1000 + b"{}]}}", {"max_bytes": 100}, "大きすぎます"),
        (b'{"records": {"service": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}}", {}, "入れ子が深すぎます"),
    ],
)
def test_limits_refuse_while_reading(monkeypatch, data, limits, said):
    monkeypatch.setattr(json_stream, "_PIECE", 64)
    with pytest.raises(TooLarge, match=said):
        walk(stream(data, **limits))


def test_extra_text_after_the_document_is_refused():
    with pytest.raises(json.JSONDecodeError):
        walk(stream(b'{"records": {}} {"records": {}}'))


def test_a_bad_record_half_way_through_refuses_the_package_by_name_and_changes_nothing(
    bundled_db, tmp_path, monkeypatch
):
    """End to end at small scale: every record lands (above) or the package is refused naming the
    record, with the database as it was."""
    import sqlite3
    import zipfile

    from package_support import reseal

    path = tmp_path / "all.dvdesk"
    pk.export_package(bundled_db, path)
    with zipfile.ZipFile(path) as zf:
        manifest, doc = json.loads(zf.read(pk.MANIFEST)), json.loads(zf.read(pk.CONTENT))
    middle = doc["records"]["service"][60]
    middle["name"] = ""
    content = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    bad = tmp_path / "bad.dvdesk"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(pk.MANIFEST, json.dumps(reseal(manifest, content), ensure_ascii=False))
        zf.writestr(pk.CONTENT, content)
    con = sqlite3.connect(bundled_db.path)
    before = list(con.iterdump())
    monkeypatch.setattr(json_stream, "_PIECE", 7)
    with pytest.raises(pk.PackageError, match=f"サービスの61件目（{middle['key']}）.*「名称」が空です"):
        pk.read_package(bad)
    assert list(con.iterdump()) == before
    con.close()
