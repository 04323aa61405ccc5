"""A generated national-scale directory: 1,741 municipalities × 200 services ≈ 350,000 services.

The database is made the way the app makes one: ``open_database`` creates and migrates it and
loads the bundled directory (real needs, synonyms, national lines, the real municipalities), then
the generated municipalities are added in one write transaction and ``search_index.rebuild``
indexes everything. Rows go in through SQLAlchemy Core ``executemany`` on the model's own tables
(the ORM unit of work would take minutes for a third of a million rows); the column defaults and
types are the model's, so the file holds exactly what the app would store.

The result is cached under benchmarks/.cache, keyed by everything that shapes it (this code, the
bundled data, the migrations, the indexer), so a benchmark run regenerates only when needed.

    python -m benchmarks.generate            # build (or reuse) the cached national database
    python -m benchmarks.generate --force --municipalities 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from benchmarks import vocabulary as V
from dvdesk.domain import models as M
from dvdesk.storage import bundled, search_index
from dvdesk.storage.db import open_database

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).parent / ".cache"
MUNICIPALITIES = 1741
SERVICES_PER_MUNICIPALITY = 200
SOURCE = "ベンチマーク用の生成データ（実在しない）"
GENERATOR_VERSION = 1  # bump when a change here changes the generated rows
_SHAPING = [  # files whose content changes the generated database
    Path(V.__file__),
    ROOT / "src/dvdesk/storage/search_index.py",
    ROOT / "src/dvdesk/domain/japanese.py",
    ROOT / "src/dvdesk/domain/models.py",
    ROOT / "src/dvdesk/storage/bundled.py",
    ROOT / "src/dvdesk/storage/bundle_files.py",
    ROOT / "src/dvdesk/storage/bundle_writer.py",
]


def cache_key(municipalities: int, services: int) -> str:
    h = hashlib.sha256(f"{GENERATOR_VERSION}:{municipalities}x{services}".encode())
    files = [
        *_SHAPING,
        *sorted((ROOT / "resources/directory").glob("*.toml")),
        *sorted((ROOT / "src/dvdesk/storage/migrations/versions").glob("*.py")),
    ]
    for f in files:
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:12]


def cached_path(municipalities: int = MUNICIPALITIES, services: int = SERVICES_PER_MUNICIPALITY) -> Path:
    return CACHE / f"national-{municipalities}x{services}-{cache_key(municipalities, services)}.sqlite3"


@dataclass
class Report:
    path: Path
    municipalities: int = 0
    services: int = 0
    rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    bundled: str = ""

    @property
    def size_mb(self) -> float:
        return self.path.stat().st_size / 1e6


def municipality_codes(rng: random.Random, count: int, taken: set[str]) -> Iterator[tuple[str, str, str]]:
    """(code, prefecture, suffix) for ``count`` municipalities spread over the 47 prefectures."""
    per_pref = [count // 47 + (1 if i < count % 47 else 0) for i in range(47)]
    for pref_no, (pref, n) in enumerate(zip(V.PREFECTURES, per_pref, strict=True), start=1):
        next_city, next_town = 201, 301
        made = 0
        while made < n:
            suffix = rng.choices([s for s, _ in V.MUNICIPALITY_SUFFIX], [w for _, w in V.MUNICIPALITY_SUFFIX])[0]
            if suffix == "市":
                number, next_city = next_city, next_city + 1
            else:
                number, next_town = next_town, next_town + rng.choice((1, 1, 2, 20))
            if number > 999:
                continue
            code5 = f"{pref_no:02d}{number:03d}"
            code = code5 + str(bundled.municipality_check_digit(code5))
            if code in taken:
                continue
            made += 1
            yield code, pref, suffix


class _Ids:
    def __init__(self, session: Session):
        self.next = {
            t: (session.scalar(select(func.max(t.c.id))) or 0) + 1
            for t in (
                M.Municipality.__table__,
                M.Organization.__table__,
                M.ContactPoint.__table__,
                M.Plan.__table__,
                M.Initiative.__table__,
                M.Service.__table__,
                M.Procedure.__table__,
            )
        }

    def take(self, model: type) -> int:
        table = model.__table__  # type: ignore[attr-defined]
        value = self.next[table]
        self.next[table] = value + 1
        return value


def _sourced(rng: random.Random) -> dict:
    verified = dt.date(2025, 4, 1) + dt.timedelta(days=rng.randrange(600)) if rng.random() < 0.5 else None
    return {"source": SOURCE, "source_note": "", "verified_on": verified, "verified_by": "", "retired": False}


def _phone(rng: random.Random) -> str:
    # Dialable in form (the gate refuses anything else) but never a real line: no local exchange
    # (市内局番) in Japan begins with 0.
    return f"0766-0{rng.randrange(10)}-{rng.randrange(1000, 10000)}"


class _Municipality:
    """Rows for one generated municipality, appended to the shared per-table lists."""

    def __init__(self, gen: Generator, code: str, pref: str, suffix: str):
        self.g, self.rng, self.code, self.pref, self.suffix = gen, gen.rng, code, pref, suffix
        rng = self.rng
        self.name = "".join(rng.sample(V.PLACE_KANJI, rng.choice((2, 2, 2, 3)))) + suffix
        self.id = gen.ids.take(M.Municipality)
        gen.add(M.Municipality, id=self.id, code=code, name=self.name, prefecture=pref, **_sourced(rng))

    def local(self, text: str) -> str:
        return text.replace("市", self.suffix) if self.suffix != "市" else text

    def build(self, services: int) -> None:
        orgs = self.organizations()
        initiatives = self.plan([o for o, _ in orgs])
        for i in range(services):
            self.service(i, orgs, initiatives)
        for i, proc in enumerate(V.PROCEDURES):
            self.procedure(i, proc, orgs)

    def organizations(self) -> list[tuple[int, tuple[str, ...]]]:
        rng, g = self.rng, self.g
        depts = list(V.DEPARTMENTS[: V.CORE_DEPARTMENTS])
        depts += rng.sample(V.DEPARTMENTS[V.CORE_DEPARTMENTS :], rng.randrange(10, 20))
        agencies = rng.sample(V.OUTSIDE_AGENCIES, rng.randrange(4, len(V.OUTSIDE_AGENCIES)))
        orgs = []
        short = self.name[:-1]
        for n, (name, kind, needs) in enumerate(depts + agencies):
            org_id = g.ids.take(M.Organization)
            name = self.local(name) if kind != "prefecture" else name
            name = name.format(m=short, p=self.pref)
            g.add(
                M.Organization,
                id=org_id,
                key=f"g{self.code}.org{n:02d}",
                municipality_id=self.id,
                parent_id=None,
                name=name,
                kind=kind,
                discreet_name="支援団体" if kind == "private" and rng.random() < 0.5 else "",
                description=self.sentences(name, name, 1, 2),
                address="",
                address_confidentiality="secret" if "居場所" in name else "public",
                staff_note="担当者の異動あり（要確認）" if rng.random() < 0.2 else "",
                **_sourced(rng),
            )
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                g.add(
                    M.ContactPoint,
                    id=g.ids.take(M.ContactPoint),
                    organization_id=org_id,
                    label=rng.choice(V.CONTACT_LABELS),
                    phone=_phone(rng) if rng.random() < 0.6 else "",
                    extension=str(rng.randrange(100, 999)) if rng.random() < 0.3 else "",
                    window=f"本庁舎{rng.randrange(1, 6)}階" if kind == "city_department" else "",
                    hours=rng.choice(V.CONTACT_HOURS),
                    email="",
                    note="",
                    confidentiality="public",
                )
            orgs.append((org_id, needs))
        return orgs

    def plan(self, org_ids: list[int]) -> list[int]:
        rng, g = self.rng, self.g
        plan_id = g.ids.take(M.Plan)
        g.add(
            M.Plan,
            id=plan_id,
            key=f"g{self.code}.plan",
            municipality_id=self.id,
            title=f"{self.name}配偶者暴力対策基本計画",
            published=f"令和{rng.randrange(2, 8)}年3月",
            **_sourced(rng),
        )
        ids = []
        for n, title in enumerate(rng.sample(V.INITIATIVE_TITLES, 12), start=1):
            init_id = g.ids.take(M.Initiative)
            g.add(
                M.Initiative,
                id=init_id,
                plan_id=plan_id,
                number=str(n),
                label=f"今後の取り組み{n}",
                title=title,
                section="",
                content=self.sentences(title, "関係各課", 2, 5),
                priority=rng.random() < 0.3,
                sort_order=n,
                **_sourced(rng),
            )
            for org in rng.sample(org_ids, rng.randrange(1, 4)):
                g.link(M.initiative_departments, initiative_id=init_id, organization_id=org)
            ids.append(init_id)
        return ids

    def sentences(self, topic: str, dept: str, low: int, high: int) -> str:
        rng = self.rng
        chosen = rng.sample(V.SENTENCES, rng.randrange(low, high + 1))
        return "".join(
            s.format(topic=topic, dept=dept, target=rng.choice(V.TARGETS), year=rng.randrange(2, 8)) for s in chosen
        )

    def service(self, n: int, orgs: list[tuple[int, tuple[str, ...]]], initiatives: list[int]) -> None:
        rng, g = self.rng, self.g
        roll = rng.random()
        kind = "client" if roll < 0.55 else "prevention" if roll < 0.7 else "internal"
        if kind == "client":
            topic, needs = rng.choice(V.TOPICS)
            providers = [o for o in orgs if set(o[1]) & set(needs)] or orgs
        else:
            topic = rng.choice(V.PREVENTION_TOPICS if kind == "prevention" else V.INTERNAL_TOPICS)
            needs = tuple(rng.sample(g.need_keys, rng.choice((0, 1, 1, 2))))
            providers = orgs
        org_id, _ = rng.choice(providers)
        dept = g.org_names[org_id]
        name = rng.choice(V.CLIENT_PATTERNS).format(t=topic, d=dept) if kind == "client" else topic
        sid = g.ids.take(M.Service)
        maybe = lambda p, seq: rng.choice(seq) if rng.random() < p else ""  # noqa: E731
        g.add(
            M.Service,
            id=sid,
            key=f"g{self.code}.svc{n:03d}",
            municipality_id=self.id,
            organization_id=org_id,
            kind=kind,
            name=name,
            discreet_name="くらしの相談" if "DV" in name and rng.random() < 0.5 else "",
            description=self.sentences(topic, dept, 1, 4),
            access=maybe(0.3, V.ACCESS),
            schedule=maybe(0.15, V.SCHEDULES),
            eligibility=maybe(0.1, V.ELIGIBILITY),
            what_to_bring="、".join(rng.sample(V.WHAT_TO_BRING, 2)) if rng.random() < 0.1 else "",
            languages=["日本語", *rng.sample(V.LANGUAGES, 2)] if rng.random() < 0.1 else ["日本語"],
            cost="無料" if rng.random() < 0.1 else "",
            phone=_phone(rng) if rng.random() < 0.1 else "",
            location="（所在地は非公開）" if "保護" in topic else "",
            location_confidentiality="secret",
            confidentiality="public",
            staff_note="要確認" if rng.random() < 0.3 else "",
            **_sourced(rng),
        )
        for key in dict.fromkeys(needs):
            g.link(M.service_needs, service_id=sid, need_id=g.need_ids[key])
        for init in rng.sample(initiatives, rng.choice((1, 1, 1, 2, 3))):
            g.link(M.service_initiatives, service_id=sid, initiative_id=init)

    def procedure(self, n: int, proc: tuple, orgs: list[tuple[int, tuple[str, ...]]]) -> None:
        name, dept_index, phase, needs, circumstances, bring = proc
        g = self.g
        pid = g.ids.take(M.Procedure)
        g.add(
            M.Procedure,
            id=pid,
            key=f"g{self.code}.proc{n:02d}",
            municipality_id=self.id,
            organization_id=orgs[dept_index][0],
            department_hint="",
            name=name,
            description=self.sentences(name, g.org_names[orgs[dept_index][0]], 1, 2),
            what_to_bring=list(bring),
            caution="",
            phase=phase,
            sort_order=n,
            circumstances=list(circumstances),
            always=False,
            staff_note="",
            **_sourced(self.rng),
        )
        for key in needs:
            g.link(M.procedure_needs, procedure_id=pid, need_id=g.need_ids[key])


class Generator:
    BATCH = 50_000
    ORDER = (
        M.Municipality.__table__,
        M.Organization.__table__,
        M.ContactPoint.__table__,
        M.Plan.__table__,
        M.Initiative.__table__,
        M.initiative_departments,
        M.Service.__table__,
        M.service_needs,
        M.service_initiatives,
        M.Procedure.__table__,
        M.procedure_needs,
    )

    def __init__(self, session: Session, seed: int):
        self.session, self.rng = session, random.Random(seed)
        self.ids = _Ids(session)
        self.need_ids = {n.key: n.id for n in session.scalars(select(M.Need))}
        self.need_keys = sorted(self.need_ids)
        self.pending: dict[object, list[dict]] = {}
        self.org_names: dict[int, str] = {}
        self.rows = 0
        self.waiting = 0

    def add(self, model: type, **row: object) -> None:
        self.link(model.__table__, **row)  # type: ignore[attr-defined]
        if model is M.Organization:
            self.org_names[row["id"]] = row["name"]  # type: ignore[index]

    def link(self, table: object, **row: object) -> None:
        self.pending.setdefault(table, []).append(row)
        self.waiting += 1

    def flush(self, at_least: int = 0) -> None:
        """Insert what is pending, parents before children, once ``at_least`` rows wait."""
        if self.waiting < at_least:
            return
        for table in self.ORDER:
            rows = self.pending.pop(table, [])
            if rows:
                self.session.execute(insert(table), rows)  # type: ignore[arg-type]
                self.rows += len(rows)
        self.waiting = 0

    def ensure_synonyms(self) -> None:
        if self.session.scalar(select(func.count()).select_from(M.Synonym)):
            return
        for key, terms in V.SYNONYM_FALLBACK:
            self.session.add_all(M.Synonym(group_key=key, term=t) for t in terms)


def load_bundled(db) -> str:  # type: ignore[no-untyped-def]
    """Load the real bundled directory; if it does not load yet (files still landing on main),
    load only its need taxonomy and synonyms. Says which."""
    try:
        bundled.load_into(db)
        return "full"
    except bundled.BundleError as exc:
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("needs.toml", "synonyms.toml"):
                if (bundled.directory_dir() / name).exists():
                    shutil.copy(bundled.directory_dir() / name, tmp)
            bundled.load_into(db, Path(tmp))
        return f"needs and synonyms only (bundled directory did not load: {exc})"


def generate(
    path: Path, municipalities: int = MUNICIPALITIES, services: int = SERVICES_PER_MUNICIPALITY, seed: int = 8
) -> Report:
    """Write a fresh national-scale database at ``path`` (replacing one that is there)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    report = Report(path)
    t0 = time.perf_counter()
    db = open_database(path, fill=False)
    fill(db, report, municipalities, services, seed)
    db.close()
    report.seconds["total"] = time.perf_counter() - t0
    return report


def fill(db, report: Report, municipalities: int, services: int, seed: int = 8) -> None:  # type: ignore[no-untyped-def]
    """Fill an open, empty database (a SQLite file or a server database) with the generated directory."""
    t0 = time.perf_counter()
    report.bundled = load_bundled(db)
    report.seconds["open_and_bundled"] = time.perf_counter() - t0
    with db.write() as session:
        gen = Generator(session, seed)
        gen.ensure_synonyms()
        taken = set(session.scalars(select(M.Municipality.code)))
        count = municipalities - len(taken)
        t1 = time.perf_counter()
        for code, pref, suffix in municipality_codes(gen.rng, count, taken):
            _Municipality(gen, code, pref, suffix).build(services)
            gen.flush(at_least=gen.BATCH)
        gen.flush()
        report.seconds["generate_and_insert"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        search_index.rebuild(session)
        report.seconds["index"] = time.perf_counter() - t2
        report.rows = gen.rows
        report.municipalities = session.scalar(select(func.count()).select_from(M.Municipality)) or 0
        report.services = session.scalar(select(func.count()).select_from(M.Service)) or 0
        t3 = time.perf_counter()
    report.seconds["commit"] = time.perf_counter() - t3


def ensure(municipalities: int = MUNICIPALITIES, services: int = SERVICES_PER_MUNICIPALITY, log=print) -> Path:  # type: ignore[no-untyped-def]
    """The cached database for these sizes, generated first if missing or out of date."""
    path = cached_path(municipalities, services)
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"national-{municipalities}x{services}-*.sqlite3*"):
        old.unlink()
    log(f"generating {municipalities} municipalities × {services} services → {path.name} …")
    tmp = path.with_suffix(".tmp")
    report = generate(tmp, municipalities, services)
    tmp.rename(path)
    report.path = path
    from benchmarks.common import peak_rss_mb, save

    name = (
        "generate"
        if (municipalities, services) == (MUNICIPALITIES, SERVICES_PER_MUNICIPALITY)
        else f"generate-{municipalities}x{services}"
    )
    save(
        name,
        {
            "municipalities": report.municipalities,
            "services": report.services,
            "rows": report.rows,
            "size_mb": report.size_mb,
            "seconds": report.seconds,
            "bundled": report.bundled,
            "peak_rss_mb": peak_rss_mb(),
        },
    )
    log(
        f"  {report.services:,} services, {report.rows:,} rows, {report.size_mb:.0f} MB, "
        + ", ".join(f"{k} {v:.1f}s" for k, v in report.seconds.items())
        + f", peak RSS {peak_rss_mb():.0f} MB"
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--municipalities", type=int, default=MUNICIPALITIES)
    parser.add_argument("--services", type=int, default=SERVICES_PER_MUNICIPALITY)
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args()
    if args.force:
        cached_path(args.municipalities, args.services).unlink(missing_ok=True)
    print(ensure(args.municipalities, args.services))


if __name__ == "__main__":
    main()
