"""The shipped directory's content rules (issue 11): client text apart from research notes, a
public source on every procedure, discreet wording that says nothing, no placeholder printed as
a department, and the corrections checked against public sources."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dvdesk.domain import discreet
from dvdesk.domain.disclosure import NOTE_MARKERS
from dvdesk.domain.models import Organization, Procedure, Service, ServiceKind

FILE_NAMES = (".toml", ".md", "DOMAIN", "dvdesk", "seeds/", "調査資料")
PLACEHOLDERS = (
    "保育所入所の担当課",
    "教育委員会（就学担当）",
    "市営住宅の担当課",
    "税務担当課",
    "配偶者暴力相談支援センター（国立市は設置を検討中）",
    "国民健康保険の担当課",
    "国民年金の担当課",
)


@pytest.fixture
def s(bundled_db):
    """One open session for the whole test: records stay readable."""
    with bundled_db.read() as session:
        yield session


def records(s, model, *options):
    return list(s.scalars(select(model).options(*options)))


def procedure_client_texts(p: Procedure) -> list[str]:
    return [p.name, p.description, p.caution, p.discreet_name, p.discreet_line, *p.what_to_bring]


def service_client_texts(v: Service) -> list[str]:
    return [
        v.name,
        v.description,
        v.access,
        v.schedule,
        v.eligibility,
        v.what_to_bring,
        v.cost,
        v.discreet_name,
        v.discreet_line,
        *v.languages,
    ]


def test_client_text_carries_no_research_notes(s):
    procs = records(s, Procedure)
    services = [v for v in records(s, Service) if v.kind == ServiceKind.CLIENT]
    orgs = records(s, Organization, selectinload(Organization.contacts))
    texts = [(p.key, t) for p in procs for t in procedure_client_texts(p)]
    texts += [(v.key, t) for v in services for t in service_client_texts(v)]
    texts += [
        (o.key, t)
        for o in orgs
        for t in [o.name, o.discreet_name] + [x for c in o.contacts for x in (c.label, c.window, c.hours)]
    ]
    leaks = [(key, m, t) for key, t in texts for m in NOTE_MARKERS if m in t]
    assert not leaks, leaks
    assert len(procs) >= 40 and services


def test_the_research_notes_moved_to_staff_notes(s):
    by_key = {p.key: p for p in records(s, Procedure)}
    for city in ("takaoka", "kunitachi"):
        assert "二次情報" in by_key[f"{city}.proc.jido-teate"].staff_note
        assert "受付を断られた例" in by_key[f"{city}.proc.jido-teate"].staff_note
        assert "二次情報" in by_key[f"{city}.proc.yubin"].staff_note
        assert "要確認" in by_key[f"{city}.proc.shiei-jutaku"].staff_note


def test_every_procedure_and_service_cites_a_public_source(s):
    cited = [(p.key, p.source) for p in records(s, Procedure)]
    cited += [(v.key, v.source) for v in records(s, Service)]
    for key, source in cited:
        assert source.strip(), key
        assert not [f for f in FILE_NAMES if f in source], (key, source)
    public = (
        "法",
        "省",
        "裁判所",
        "庁",
        "機構",
        "内閣府",
        "日本郵便",
        "計画",
        "https://",
        "市「",
        "町「",
        "法テラス",
        "社会的包摂サポートセンター",
    )
    for key, source in cited:
        assert any(p in source for p in public), (key, source)


def test_every_procedure_has_natural_discreet_wording(s):
    for p in records(s, Procedure):
        assert p.discreet_name, p.key
        for text in (p.discreet_name, p.discreet_line, p.department_hint):  # a hint has no other name
            assert discreet.violations(text) == [], (p.key, text)
    for v in records(s, Service):
        for text in (v.discreet_name, v.discreet_line):
            assert discreet.violations(text) == [], (v.key, text)
    for o in records(s, Organization):
        assert discreet.violations(o.discreet_name) == [], o.key
        if discreet.violations(o.name):  # a name that tells must have a neutral one
            assert o.discreet_name, o.key


def test_no_placeholder_is_a_department(s):
    for p in records(s, Procedure, selectinload(Procedure.organization)):
        if p.department_unconfirmed:
            assert p.organization is None, p.key
        else:
            assert not any(x in p.department_hint for x in PLACEHOLDERS), (p.key, p.department_hint)
            assert "担当課" not in p.department_hint, (p.key, p.department_hint)
    unconfirmed = {p.key for p in records(s, Procedure) if p.department_unconfirmed}
    assert {
        "kunitachi.proc.hoikusho",
        "kunitachi.proc.shugaku",
        "kunitachi.proc.shiei-jutaku",
        "kunitachi.proc.zei-shomei",
        "kunitachi.proc.kokuho",
    } <= unconfirmed
    assert not {k for k in unconfirmed if k.startswith("takaoka.")}  # Takaoka's plan names them all


# --- corrections (issue 11, item 7; shared/DOMAIN.md) ---------------------------------------


def one(s, model, key, *options):
    return s.scalar(select(model).where(model.key == key).options(*options))


def test_houterasu_dv_consultation_is_free_only_under_the_savings_limit(s):
    dv = one(s, Service, "national.svc.houterasu-dv")
    general = one(s, Service, "national.svc.houterasu")
    assert dv.phone == "0570-079714" and general.phone == "0570-078374"
    assert "300万円" in dv.cost and "5,500円" in dv.cost
    everything = [t for v in records(s, Service) for t in service_client_texts(v)]
    everything += [o.description for o in records(s, Organization)]
    assert not [t for t in everything if "法律相談は無料" in t and "300万円" not in t]


def test_womens_centres_carry_their_current_names_and_old_names_still_find_them(s):
    from dvdesk.domain.search import Searcher, SearchQuery

    assert one(s, Organization, "kunitachi.tokyo-josei-sodan").name == "東京都女性相談支援センター"
    assert one(s, Organization, "takaoka.pref-josei-sodan").name == "富山県女性相談支援センター"
    for old, code, expected in (
        ("東京都女性相談センター", "132152", "東京都女性相談支援センター"),
        ("富山県女性相談センター", "162027", "富山県女性相談支援センター"),
    ):
        hits = Searcher(s).search(SearchQuery(old, code, None, frozenset({ServiceKind.CLIENT}), 10))
        assert any(expected in h.name or expected in h.provider for h in hits), (old, [h.name for h in hits])


def test_pension_steps_are_separate_and_at_the_pension_office(s):
    for city in ("takaoka", "kunitachi"):
        tokurei = one(s, Procedure, f"{city}.proc.nenkin", selectinload(Procedure.organization))
        assert tokurei.organization.key == "national.nenkin-jimusho"
        assert "毎年" in tokurei.caution
        shubetsu = one(s, Procedure, f"{city}.proc.nenkin-shubetsu")
        himitsu = one(s, Procedure, f"{city}.proc.nenkin-himitsu", selectinload(Procedure.organization))
        assert "第3号" in shubetsu.name and "第1号" in shubetsu.name
        assert "秘密保持" in himitsu.name and himitsu.organization.key == "national.nenkin-jimusho"


def test_leaving_his_insurance_is_a_step_apart_from_joining_kokuho(s):
    for city in ("takaoka", "kunitachi"):
        leave = one(s, Procedure, f"{city}.proc.kenpo-ridatsu")
        join = one(s, Procedure, f"{city}.proc.kokuho")
        myna = one(s, Procedure, f"{city}.proc.mynumber")
        assert "今まで入っていた健康保険" in leave.department_hint and "国民健康保険" in join.name
        assert "マイナ保険証" in myna.description and "資格確認書" in myna.description
        assert (leave.phase, leave.sort_order) < (join.phase, join.sort_order)


def test_protection_order_costs_a_1000_yen_revenue_stamp(s):
    for city in ("takaoka", "kunitachi"):
        p = one(s, Procedure, f"{city}.proc.hogo-meirei")
        assert any("1,000円" in w and "収入印紙" in w for w in p.what_to_bring)
    assert "1,000円" in one(s, Service, "national.svc.hogo-meirei").cost


def test_refuge_locations_are_disclosed_to_no_one_but_her(s):
    for key in ("takaoka.svc.emergency-refuge", "kunitachi.svc.emergency-protection"):
        assert "本人以外に開示しない" in one(s, Service, key).staff_note


def test_japanese_is_tagged_only_where_a_source_lists_it(s):
    tagged = {v.key for v in records(s, Service) if "日本語" in v.languages}
    assert tagged == {"takaoka.svc.orange-card"}  # the five-language card of 取り組み4(1)


@pytest.mark.parametrize("key", ["takaoka.svc.consultation", "takaoka.svc.legal", "takaoka.svc.hoko-a-hoko"])
def test_fiscal_2020_schedules_are_dated(s, key):
    assert "令和2年度" in one(s, Service, key).schedule
    center = one(s, Organization, "takaoka.danjo-center", selectinload(Organization.contacts))
    assert all("令和2年度" in c.hours for c in center.contacts if c.hours)
