"""The one-pass text check (rules.texts_clean) says "clean" exactly when every value's own
text_problem is None, and the gate and the edit checks still name the bad field when it is not."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dvdesk.domain import rules

# Text near the rules' edges: control characters of both kinds, tab/newline, bidi overrides, CJK.
_CHARS = st.sampled_from(["a", "相", "\t", "\n", "\r", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u202e", "\u2066"])
_VALUES = st.lists(st.tuples(st.text(_CHARS, max_size=8), st.integers(0, 6), st.booleans()), max_size=6)


@settings(derandomize=True, max_examples=400)
@given(_VALUES)
def test_texts_clean_agrees_with_text_problem_value_by_value(values):
    expected = all(rules.text_problem(v, limit, multiline=ml) is None for v, limit, ml in values)
    assert rules.texts_clean(values) is expected


def test_a_control_character_is_not_hidden_by_a_clean_neighbour():
    assert rules.texts_clean([("相談", 10, False), ("窓口\n", 10, True)])
    assert not rules.texts_clean([("相談", 10, False), ("窓口\n", 10, False)])  # a line feed in a one-line field
    assert not rules.texts_clean([("相談", 1, True)])  # too long


def test_an_import_still_names_the_field_with_a_control_character(bundled_db, tmp_path):
    from dvdesk.admin import package as pk
    from dvdesk.storage.db import open_database

    path = tmp_path / "all.dvdesk"
    pk.export_package(bundled_db, path)
    package = pk.read_package(path)
    # A package's records are packed (admin.packed): the edited one goes in a list of its own.
    records = {name: list(snaps) for name, snaps in package.records.items()}
    service = records["service"][0]
    service["eligibility"] = "どなたでも\x1b[2J"
    package = dataclasses.replace(package, records=records)
    target = open_database(tmp_path / "t.sqlite3", fill=False)
    try:
        pk.apply_package(target, package, "管理", backup=None, accept_untrusted=True)
    except pk.PackageError as exc:
        assert "制御文字" in str(exc) and service["key"] in str(exc)
    else:
        raise AssertionError("a control character was imported")


# A record's texts told clean in one pass (``validation.texts_clean_of``, a national import's
# preview) exactly when ``texts_clean`` over every text ``_texts`` finds says so: near the length
# limits, with control characters, in lists and sub-records, and with values of the wrong type.
_TEXT = st.one_of(
    st.text(_CHARS, max_size=6),
    st.builds(lambda n, tail: "相" * n + tail, st.sampled_from([199, 200, 201]), st.text(_CHARS, max_size=2)),
)
_ANY = st.one_of(_TEXT, st.none(), st.booleans(), st.integers(), st.lists(_TEXT, max_size=3))


def _record(fields, depth=0):
    from dvdesk.admin.validation import SHORT_TEXT  # noqa: F401  (the limits the check uses)

    values = {}
    for f in fields:
        if f.type == "items" and depth == 0:
            values[f.name] = st.one_of(st.lists(_record(f.items, 1), max_size=2), _ANY)
        elif f.type in ("texts", "refs"):
            values[f.name] = st.one_of(st.lists(_TEXT, max_size=3), _ANY)
        else:
            values[f.name] = _ANY
    return st.fixed_dictionaries({}, optional=values)


@pytest.mark.slow  # 700 examples: the thorough tier (CI runs both): the quick tier stays under 90 s
@settings(derandomize=True, max_examples=300)
@given(st.data())
def test_a_records_texts_told_clean_in_one_pass_as_value_by_value(data):
    from dvdesk.admin import validation
    from dvdesk.admin.kinds import KINDS

    for kind in KINDS.values():
        snap = data.draw(_record(kind.fields), label=kind.name)
        texts = list(validation._texts(kind.fields, snap))
        expected = rules.texts_clean((v, limit, ml) for _, _, v, limit, ml in texts)
        assert validation.texts_clean_of(kind.fields, snap) is expected, (kind.name, snap)


# The gate's rows (``integrity_texts._Clean``): a row's text columns measured and joined by group of
# (limit, multi-line) say clean exactly when ``texts_clean`` over its strings does, or leave it to
# ``texts_clean`` (None) when a value is not a string.
_COLUMNS = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 6), st.booleans()), min_size=1)


@pytest.mark.slow  # 700 examples: the thorough tier (CI runs both): the quick tier stays under 90 s
@settings(derandomize=True, max_examples=400)
@given(st.data())
def test_a_gate_row_told_clean_by_groups_as_value_by_value(data):
    from dvdesk.domain.integrity_texts import _Clean

    columns = data.draw(_COLUMNS)
    row = data.draw(st.tuples(*(st.one_of(st.text(_CHARS, max_size=8), st.just(""), st.integers()) for _ in columns)))
    told = _Clean(columns)(row)
    expected = rules.texts_clean(
        (v, limit, ml) for (_, limit, ml), v in zip(columns, row, strict=True) if isinstance(v, str)
    )
    assert told is expected or (told is None and any(not isinstance(v, str) for v in row))
