"""Shared mode under load: 20 desks searching and recording/moving referrals against one server.

    .venv/bin/python benchmarks/load_desks.py [--desks 20] [--seconds 60] [--url postgresql://…]

Without ``--url`` a throw-away PostgreSQL cluster is started (``tests/pg_support.py``, Debian's
``postgresql`` package) and filled from the bundled directory. Each desk is its own process with
its own connection pool, as each PC would be. A desk loops for ``--seconds``: mostly the
counselor's keystroke search (``DeskData.desk_search``, what the window runs), and about one in
five a referral write — recording a new referral to another desk's department, or moving on
the oldest open referral in its own department's queue (with the version it read, so a move
raced by another PC of the same desk is refused, never applied twice).

Afterwards every desk's own account (referrals it recorded, moves it saw succeed) is checked
against the server: every recorded referral present exactly once, none the desks did not
record, every referral's events = its first one + the successful moves, its status the last
one moved to. Prints p50/p99 per operation and the check; ``--json`` for the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("DVDESK_HOME", tempfile.mkdtemp(prefix="dvdesk-load-"))

QUERIES = [
    "し",
    "しぇ",
    "シェルター",
    "住まい",
    "弁護士",
    "子ども 手当",
    "DV",
    "逃げたい",
    "外国",
    "住民票",
    "生活保護",
    "こころ",
    "仕事",
    "保育",
    "警察",
    "国保",
    "年金",
    "相談",
]
WRITE_SHARE = 0.2


def _desk(args: tuple) -> dict:  # type: ignore[type-arg]
    """One desk's loop (a process of its own); returns its latencies and its account."""
    url, index, orgs, seconds, seed, start_at = args
    from dvdesk.app import referral_queue as rq
    from dvdesk.app.directory_queries import DeskData, DeskQuery
    from dvdesk.domain import referrals
    from dvdesk.domain.input_errors import InputError
    from dvdesk.storage.db import open_database

    rnd = random.Random(seed)
    db = open_database(url)
    data = DeskData(db)
    queue = rq.ReferralQueue(db)
    me = orgs[index]
    desk = queue.find_desk(str(me[0]))
    lat: dict[str, list[float]] = {"search": [], "record": [], "move": [], "queue": []}
    recorded: list[tuple[int, str]] = []
    moves: list[tuple[int, str]] = []
    conflicts = 0
    seq = 0
    counselor = "相談員" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index % 26]  # no digits in a counselor's name
    while time.time() < start_at:
        time.sleep(0.01)
    end = time.time() + seconds
    while time.time() < end:
        if rnd.random() >= WRITE_SHARE:
            q = DeskQuery(text=rnd.choice(QUERIES), municipality_code=me[2])
            t = time.perf_counter()
            data.desk_search(q)
            lat["search"].append(time.perf_counter() - t)
            continue
        if rnd.random() < 0.5:
            seq += 1
            case = f"R7-{index + 1:02d}{seq:03d}"  # unique per desk and step: a duplicate would show
            target = rnd.choice([o for o in orgs if o[0] != me[0]])
            t = time.perf_counter()
            with db.write() as s:
                view = referrals.record_referral(
                    s, case_ref=case, counselor=counselor, organization_ids=[target[0]], need_keys=[]
                )
            lat["record"].append(time.perf_counter() - t)
            recorded.append((view.id, view.case_ref))
        else:
            t = time.perf_counter()
            rows = queue.rows(desk)
            lat["queue"].append(time.perf_counter() - t)
            if not rows:
                continue
            r = rnd.choice(rows[:5])
            allowed = rq.allowed_moves(r)
            status = rnd.choice(allowed)
            t = time.perf_counter()
            try:
                queue.move(r.id, status, desk=desk, note="", seen_version=r.version)
            except rq.ReferralConflict:
                conflicts += 1
                continue
            except InputError:
                continue
            finally:
                lat["move"].append(time.perf_counter() - t)
            moves.append((r.id, status.value))
    db.close()
    return {"lat": lat, "recorded": recorded, "moves": moves, "conflicts": conflicts}


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def verify(url: str, results: list[dict]) -> dict:  # type: ignore[type-arg]
    """Every desk's account against the server: nothing lost, nothing duplicated."""
    from sqlalchemy import select

    from dvdesk.domain.casework_models import Referral, ReferralEvent
    from dvdesk.storage.db import open_database

    recorded = [pair for r in results for pair in r["recorded"]]
    moves: dict[int, list[str]] = {}
    for r in results:
        for rid, status in r["moves"]:
            moves.setdefault(rid, []).append(status)
    db = open_database(url)
    try:
        with db.read() as s:
            rows = {
                rid: (case, status)
                for rid, case, status in s.execute(select(Referral.id, Referral.case_ref, Referral.status))
            }
            events = Counter(s.scalars(select(ReferralEvent.referral_id)))
    finally:
        db.close()
    cases = Counter(case for case, _ in rows.values())
    problems = []
    problems += [f"lost: {rid} {case}" for rid, case in recorded if rows.get(rid, (None,))[0] != case]
    problems += [f"duplicated case: {case}" for case, n in cases.items() if n > 1]
    problems += [f"not recorded by any desk: {rid}" for rid in rows if rid not in dict(recorded)]
    for rid, done in moves.items():
        if events[rid] != 1 + len(done):
            problems.append(f"referral {rid}: {events[rid]} events, 1 + {len(done)} moves expected")
    order = ["referred", "received", "contacted", "done", "failed"]
    for rid, done in moves.items():
        last = max(done, key=order.index) if done else "referred"
        if rows[rid][1] != last:
            problems.append(f"referral {rid}: status {rows[rid][1]}, last move {last}")
    return {
        "referrals": len(rows),
        "recorded": len(recorded),
        "moves": sum(map(len, moves.values())),
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url", help="an existing server database (default: a throw-away cluster)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    cluster = None
    url = args.url
    if url is None:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        import pg_support

        cluster, data_dir = pg_support._start()
        name = cluster.new_database()
        url = cluster.url(name)
    try:
        from sqlalchemy import select

        from dvdesk.domain.models import Municipality, Organization
        from dvdesk.storage import server_setup

        db = server_setup.prepare(url, fill=True)
        with db.read() as s:
            stmt = (
                select(Organization, Municipality.code)
                .join(Municipality, Organization.municipality_id == Municipality.id)
                .order_by(Organization.id)
            )
            orgs = [(o.id, o.name, m) for o, m in s.execute(stmt)][: max(args.desks, 2)]
        db.close()
        start_at = time.time() + 3 + args.desks * 0.3  # every process imported and connected first
        jobs = [(url, i % len(orgs), orgs, args.seconds, 1000 + i, start_at) for i in range(args.desks)]
        with mp.get_context("spawn").Pool(args.desks) as pool:
            results = pool.map(_desk, jobs)
        check = verify(url, results)
    finally:
        if cluster is not None:
            pg_support._stop(cluster, data_dir)
    figures = {}
    for op in ("search", "queue", "record", "move"):
        values = [v for r in results for v in r["lat"][op]]
        figures[op] = {
            "count": len(values),
            "p50_ms": round(_pct(values, 0.5), 2),
            "p99_ms": round(_pct(values, 0.99), 2),
            "max_ms": round(max(values) * 1000, 1) if values else None,
            "per_s": round(len(values) / args.seconds, 1),
        }
    report = {
        "desks": args.desks,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "date": dt.date.today().isoformat(),
        "ops": figures,
        "conflicts_refused": sum(r["conflicts"] for r in results),
        "check": check,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"{args.desks} desks, {args.seconds:.0f} s, {os.cpu_count()} CPUs")
        for op, f in figures.items():
            print(
                f"  {op:<7} {f['count']:>6} ops  {f['per_s']:>6}/s  p50 {f['p50_ms']:>7} ms  p99 {f['p99_ms']:>7} ms"
                f"  max {f['max_ms']} ms"
            )
        print(f"  moves refused as stale (another PC of the same desk first): {report['conflicts_refused']}")
        print(
            f"  referrals on the server {check['referrals']}, recorded by the desks {check['recorded']}, "
            f"moves {check['moves']}; problems: {len(check['problems'])}"
        )
        for p in check["problems"][:20]:
            print("   ", p)
    return 1 if check["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
