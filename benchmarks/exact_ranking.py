"""The exact ranking by brute force, to check the fast search against (``Searcher.search``).

Every match is read (the full-text index with no LIMIT for words; the services, needs and
municipalities tables for a search without words), each is placed by reading its name and its
provider's name in Python (``found_in``: the name as typed, the name through a synonym, the
provider, elsewhere), and all of them are sorted by the documented rank: place, kind (client,
prevention, internal), length of the name (with words), name, id: a safety query too (the engine
only ranks; the desk orders safety queries itself, ``app.safety_first``). Nothing here uses the
rank positions, ``search_order`` or ``search_list``.

    python -m benchmarks.exact_ranking [--db PATH] [--queries 60] [--seed 14]

prints, for a fixed, seeded list of queries (with and without a municipality, with and without
a need), how many top-5 and top-20 lists differ from the fast path's (mismatches must be 0).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dvdesk.domain import search as _search
from dvdesk.domain.models import Municipality, Need, ServiceKind
from dvdesk.domain.search import (
    _KIND_RANK,
    Searcher,
    SearchQuery,
    _words,
    found_in,
)

# Before index version 4 (a baseline checkout), rowids were the services' ids.
id_of = getattr(_search, "id_of", lambda rowid: rowid)


def exact_ids(
    session: Session, query: SearchQuery, searcher: Searcher | None = None, keys: dict[int, tuple] | None = None
) -> list[int]:
    """Service ids of the exact top ``query.limit``, by brute force; ``keys`` (if given) receives
    every match's rank key without its id (place, kind, length, name)."""
    searcher = searcher or Searcher(session)
    words = _words(query.text, searcher.synonyms)
    kinds = {k.value for k in query.kinds}
    if words:
        match = searcher.match_for(query)
        ids = [id_of(r) for r in _every_match(session, match)]
        rows = _service_rows(session, ids)
        typed = [options[:1] for options in words]
        keyed = []
        for sid, name, kind, provider in rows:
            if kind not in kinds:
                continue
            place = (
                0 if found_in(name, typed) else 1 if found_in(name, words) else 2 if found_in(provider, words) else 3
            )
            keyed.append(((place, _KIND_RANK[ServiceKind.of(kind)], len(name), name, sid), sid))
    else:
        keyed = [
            ((0, _KIND_RANK[ServiceKind.of(kind)], 0, name, sid), sid)
            for sid, name, kind in _listed(session, query, searcher)
            if kind in kinds
        ]
    keyed.sort()
    if keys is not None:
        keys.update((sid, key[:4]) for key, sid in keyed)
    return [sid for _, sid in keyed[: query.limit]]


def _every_match(session: Session, match: str) -> list[int]:
    """Every rowid matching, in no particular order: FTS5, or the server's token tables."""
    if _dialect(session) == "postgresql":
        from dvdesk.storage import pg_search

        if hasattr(pg_search, "lookup"):
            return pg_search.lookup(session, "search_fts", match, None)
        return pg_search.candidates(session, "search_fts", match, 10**9)  # a baseline checkout
    return list(session.execute(text("SELECT rowid FROM search_fts WHERE search_fts MATCH :m"), {"m": match}).scalars())


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _ids(session: Session) -> str:
    """``:ids`` (a JSON list) as a table ``value`` on either engine (a baseline checkout: SQLite)."""
    id_list_sql = getattr(_search, "id_list_sql", None)
    if id_list_sql:
        return str(id_list_sql(_dialect(session)))
    if _dialect(session) == "postgresql":
        return "(SELECT CAST(value AS integer) AS value FROM jsonb_array_elements_text(CAST(:ids AS jsonb)))"
    return "(SELECT value FROM json_each(:ids))"


def _service_rows(session: Session, ids: list[int]) -> list[tuple[int, str, str, str]]:
    rows = []
    for start in range(0, len(ids), 50_000):
        rows += session.execute(
            text(
                f"SELECT s.id, s.name, s.kind, COALESCE(o.name, '') FROM {_ids(session)} j "
                "JOIN services s ON s.id = j.value LEFT JOIN organizations o ON o.id = s.organization_id "
                "WHERE NOT s.retired"
            ),
            {"ids": json.dumps(ids[start : start + 50_000])},
        ).all()
    return rows  # type: ignore[return-value]


def _listed(session: Session, query: SearchQuery, searcher: Searcher) -> list[tuple[int, str, str]]:
    """Services of the municipality (and national lines) and of the need or its sub-needs."""
    sql = (
        "SELECT s.id, s.name, s.kind FROM services s LEFT JOIN municipalities m ON m.id = s.municipality_id "
        "WHERE NOT s.retired"
    )
    params: dict[str, Any] = {}
    if query.municipality_code:
        sql += " AND (m.code = :code OR s.municipality_id IS NULL)"
        params["code"] = query.municipality_code
    if query.need_key:
        parents = dict(session.execute(select(Need.id, Need.parent_id)).all())
        root = searcher._need_ids[query.need_key]

        def under(n: int | None) -> bool:
            seen = set()
            while n is not None and n not in seen:
                if n == root:
                    return True
                seen.add(n)
                n = parents.get(n)
            return False

        needs = [n for n in parents if under(n)]
        sql += f" AND s.id IN (SELECT service_id FROM service_needs WHERE need_id IN {_ids(session)})"
        params["ids"] = json.dumps(needs)
    return session.execute(text(sql), params).all()  # type: ignore[return-value]


# The seeded query list: words counselors type (1, 2, 3+ characters, kana and width variants,
# synonyms, safety words), each with and without a municipality, and a few with a need.
WORDS = (
    "住",
    "夜",
    "子",
    "税",
    "相談",
    "住宅",
    "保護",
    "ＤＶ",
    "手当",
    "住宅課",
    "弁護士",
    "しぇるたー",
    "児童扶養手当",
    "生活保護",
    "法律相談",
    "DV 相談",
    "シェルター",
    "障害者",
    "警察",
    "逃げたい",
    "外国",
    "母子",
    "医療",
    "仕事",
    "こども",
)
NEEDS = ("consultation", "safety", "safety.shelter", "housing", "money", "children", None)


def query_list(session: Session, count: int, seed: int) -> list[SearchQuery]:
    rng = random.Random(seed)
    codes = sorted(session.scalars(select(Municipality.code)))
    needs = set(session.scalars(select(Need.key).where(Need.retired.is_(False))))
    client = frozenset({ServiceKind.CLIENT})
    found = []
    for n in range(count):
        word = rng.choice(WORDS) if n % 5 else ""  # every fifth: a need alone (no words)
        need = rng.choice(NEEDS) if (n % 3 == 0 or not word) else None
        if need is not None and need not in needs:
            need = None
        kinds = client if n % 4 else frozenset(ServiceKind)
        for code in (None, rng.choice(codes)):
            found.append(SearchQuery(word, code, need, kinds, limit=20))
    return found


def check(session: Session, queries: list[SearchQuery]) -> dict[str, Any]:
    """Top 5 and top 20 of the fast path against the brute force. ``*_mismatches`` compare rank
    keys (place, kind, length, name: records that tie on all of them are interchangeable, so a
    baseline that breaks ties differently is not counted wrong); ``*_id_mismatches`` the ids."""
    searcher = Searcher(session)
    mismatches: list[dict[str, Any]] = []
    counts = dict.fromkeys(("top5_mismatches", "top20_mismatches", "top5_id_mismatches", "top20_id_mismatches"), 0)
    slow = 0.0
    for q in queries:
        fast = [h.service_id for h in searcher.search(q)]
        t = time.perf_counter()
        keys: dict[int, tuple] = {}
        exact = exact_ids(session, q, searcher, keys)
        slow += time.perf_counter() - t
        bad = False
        for top in (5, 20):
            key_bad = [keys.get(i) for i in fast[:top]] != [keys.get(i) for i in exact[:top]]
            id_bad = fast[:top] != exact[:top]
            counts[f"top{top}_mismatches"] += key_bad
            counts[f"top{top}_id_mismatches"] += id_bad
            bad = bad or key_bad
        if bad:
            munis = dict(
                session.execute(
                    text(
                        f"SELECT s.id, COALESCE(m.code, '') FROM {_ids(session)} j JOIN services s ON s.id = j.value "
                        "LEFT JOIN municipalities m ON m.id = s.municipality_id"
                    ),
                    {"ids": json.dumps(fast + exact)},
                ).all()
            )
            mismatches.append(
                {
                    "text": q.text,
                    "municipality": q.municipality_code,
                    "need": q.need_key,
                    "kinds": sorted(q.kinds),
                    "fast_municipalities": len({munis.get(i) for i in fast}),
                    "exact_municipalities": len({munis.get(i) for i in exact}),
                    "fast": [keys.get(i) for i in fast[:5]],
                    "exact": [keys.get(i) for i in exact[:5]],
                }
            )
    return {"queries": len(queries), **counts, "brute_force_s": slow, "mismatched": mismatches[:10]}


def _print(label: str, result: dict[str, Any]) -> None:
    print(
        f"{label}: {result['queries']} queries: top-5 mismatches {result['top5_mismatches']}, "
        f"top-20 mismatches {result['top20_mismatches']} (ids: {result['top5_id_mismatches']}, "
        f"{result['top20_id_mismatches']}; brute force {result['brute_force_s']:.0f} s)",
        flush=True,
    )
    for m in result["mismatched"]:
        print("  ", json.dumps(m, ensure_ascii=False))


def _check_target(target: Path | str, queries: int, seed: int) -> dict[str, Any]:
    from dvdesk.storage.db import open_database

    db = open_database(target, fill=False)
    try:
        with db.read() as session:
            return check(session, query_list(session, queries, seed))
    finally:
        db.close()


def check_engines(municipalities: int, queries: int, seed: int) -> dict[str, Any]:
    """The same generated directory on a SQLite file and on a throw-away PostgreSQL server, each
    checked against its own brute force."""
    from benchmarks import generate
    from benchmarks.bench_search import throwaway_cluster
    from dvdesk.storage import server_setup

    path = generate.ensure(municipalities, generate.SERVICES_PER_MUNICIPALITY)
    found = {"sqlite": _check_target(path, queries, seed)}
    _print("SQLite", found["sqlite"])
    with throwaway_cluster() as cluster:
        dbname = cluster.new_database()
        db = server_setup.prepare(cluster.url(dbname), fill=False)
        generate.fill(db, generate.Report(path), municipalities, generate.SERVICES_PER_MUNICIPALITY)
        db.close()
        cluster.sql("VACUUM ANALYZE", dbname)
        found["postgresql"] = _check_target(cluster.url(dbname), queries, seed)
        _print("PostgreSQL", found["postgresql"])
    return found


def main() -> None:
    from benchmarks.common import machine, national_db_path, save

    parser = argparse.ArgumentParser(description="fast search against the brute-force exact ranking")
    parser.add_argument("--db", help="a SQLite file or a PostgreSQL URL")
    parser.add_argument(
        "--engines",
        type=int,
        metavar="MUNICIPALITIES",
        help="a generated directory of this many municipalities on SQLite and on PostgreSQL",
    )
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--name", default="exact_ranking", help="results file name")
    args = parser.parse_args()
    if args.engines:
        result: dict[str, Any] = {
            "engines": check_engines(args.engines, args.queries, args.seed),
            "municipalities": args.engines,
        }
    else:
        target = args.db or national_db_path()
        result = _check_target(target, args.queries, args.seed) | {"path": str(target)}
        _print(str(target), result)
    result |= {"machine": machine(), "seed": args.seed}
    save(args.name, result)


if __name__ == "__main__":
    main()
