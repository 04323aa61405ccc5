"""A package's records are coerced by converters made once per kind (``records._converters``): for
every input, the same snapshot or the same error as coercing field by field with ``coerce``."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvdesk.admin.kinds import KINDS, Field, Kind
from dvdesk.admin.records import RecordError, coerce, coerce_snapshot


def _words(f: Field) -> list[str]:
    """The texts a field's values are likely to be: its choices' values and labels."""
    out: list[str] = []
    for value, label in f.choices.items():
        out += [str(value.value if isinstance(value, enum.Enum) else value), str(label)]
    return out or ["x"]


def _value(f: Field) -> st.SearchStrategy[Any]:
    texts = st.sampled_from(_words(f)).flatmap(lambda w: st.sampled_from([w, f" {w} ", w.upper(), ""]))
    scalars = st.one_of(
        st.none(),
        texts,
        st.text(max_size=6),
        st.integers(-3, 3),
        st.booleans(),
        st.floats(allow_nan=False, width=16),
        st.sampled_from(["2026-04-01", "2026/4/1", "はい", "no", " 1 ", dt.date(2026, 4, 1)]),
    )
    return st.one_of(scalars, st.lists(st.one_of(texts, st.integers(0, 2)), max_size=3), st.just([{}]))


def _raw(kind: Kind) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"key": st.sampled_from(["k1", " k2 "])}, optional={f.name: _value(f) for f in kind.fields}
    )


def _field_by_field(kind: Kind, raw: dict[str, Any]) -> Any:
    try:
        return {"key": raw["key"].strip(), **{f.name: coerce(f, raw.get(f.name)) for f in kind.fields}}
    except RecordError as exc:
        return ("error", str(exc))


def _converted(kind: Kind, raw: dict[str, Any]) -> Any:
    try:
        return coerce_snapshot(kind, raw)
    except RecordError as exc:
        return ("error", str(exc))


RAW = {name: _raw(kind) for name, kind in KINDS.items()}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_converters_coerce_exactly_as_coerce_does_field_by_field(name):
    kind = KINDS[name]

    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=150)
    @given(RAW[name])
    def check(raw):
        got, want = _converted(kind, raw), _field_by_field(kind, raw)
        assert got == want
        if isinstance(want, dict):
            assert [type(v) for v in got.values()] == [type(v) for v in want.values()]  # 1 stays 1, not True

    check()


def test_a_package_s_own_values_take_the_quick_path_and_keep_their_meaning():
    kind = KINDS["service"]
    conf = next(f for f in kind.fields if f.type == "choice")
    value, label = next(iter(conf.choices.items()))
    plain = value.value if isinstance(value, enum.Enum) else value
    snap = coerce_snapshot(kind, {"key": "k", "name": " 窓口 ", conf.name: label})
    assert snap["name"] == "窓口" and snap[conf.name] == plain
