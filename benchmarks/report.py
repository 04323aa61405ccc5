"""Writes the latest results (benchmarks/.cache/results/*.json) into docs/performance.md.

Only the part between the ``<!-- results:start -->`` and ``<!-- results:end -->`` markers is
replaced; the analysis around it is written by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, load

DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def _ms(stat: dict[str, float]) -> str:
    return f"{stat['median']:.2f} / {stat['p99']:.2f}"


def machine_section(m: dict[str, str]) -> list[str]:
    return [
        "### Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores (shared with other work; load average at the "
        f"start of the run: {m['load_average']})",
        f"- RAM: {m['ram']}; OS: {m['os']}",
        f"- Python {m['python']}, SQLite {m['sqlite']}, PySide6 {m['pyside6']}, SQLAlchemy {m['sqlalchemy']}",
        "",
    ]


def search_section(r: dict[str, Any]) -> list[str]:
    out = [
        "### Search (type-ahead)",
        "",
        f"Milliseconds, median / 99th percentile over {r['repeat']} runs of each query; "
        "client services only (the counselor's default), limit 200. *keystroke* is a fresh read "
        "session + a new `Searcher(session)` + `search` (an upper bound: the window keeps its "
        "searcher until the data changes); "
        "*search* is `Searcher.search` alone; *sql* the same SQL statements replayed through "
        "plain `sqlite3`; *fts* the FTS5 MATCH alone. *×fts* = search ÷ fts (medians). "
        "*complete* = queries whose result is exact (every candidate group read in full).",
        "",
    ]
    for name, s in r["scales"].items():
        counts = s["counts"]
        out += [
            f"**{name}** — {s['what']}: {counts['municipalities']:,} municipalities, "
            f"{counts['services']:,} services, {s['size_mb']:.0f} MB; "
            f"`Searcher()` {s['searcher_init_ms']['median']:.2f} ms",
            "",
            "| scope | query | matches | keystroke | search | sql | fts | ×fts | complete |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in s["rows"]:
            out.append(
                f"| {row['scope']} | {row['class']} | {row['fts_matches_avg']:,} | "
                f"{_ms(row['keystroke'])} | {_ms(row['search'])} | {_ms(row['sql'])} | "
                f"{_ms(row['fts'])} | {row['ratio_search_to_fts']:.1f} | {row.get('complete', '')} |"
            )
        out.append("")
    return out


def startup_section(r: dict[str, Any]) -> list[str]:
    out = [
        "### Startup",
        "",
        f"Milliseconds from spawning the process, median of {r['runs']} runs ({r['database']}).",
        "",
        "| target | Qt ready | window painted | first search answered | process exit |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, m in r["median_ms"].items():
        search = f"{m['first_search']:.0f}" if "first_search" in m else "—"
        out.append(
            f"| {name} | {m.get('qt_ready', 0):.0f} | {m['window_painted']:.0f} | {search} | {m['process_exit']:.0f} |"
        )
    out.append("")
    for where, ratio in r["ratio_app_to_bare"].items():
        out.append(f"- {where}: dvdesk ready ÷ bare window painted = **{ratio:.2f}**")
    for name, value in r["first_start_ms"].items():
        shown = value if isinstance(value, str) else f"{value:.0f} ms"
        out.append(f"- first start on an empty data folder, {name}: {shown}")
    return out + [""]


def simple_sections() -> list[str]:
    out = []
    c = load("checklist")
    out += ["### Checklist PDF", ""]
    if c is None or "skipped" in c:
        out.append(f"Not measured: {c['skipped'] if c else 'no result yet'}.")
    else:
        out.append(
            f"Build + export of a {c['pages']}-page checklist PDF ({c['municipality']}, every need "
            f"and circumstance): median {c['median_ms']:.0f} ms, max {c['max_ms']:.0f} ms."
        )
    out.append("")
    i = load("import")
    if i:
        out += [
            "### Import and database size",
            "",
            f"- National-scale database: **{i['database_mb']:.0f} MB**. Largest parts (MB): "
            + ", ".join(f"{n} {s:.0f}" for n, s in i["largest_tables_mb"]),
        ]
        g = i.get("generator_load") or {}
        if g:
            out.append(
                f"- Generator load ({g['services']:,} services, {g['rows']:,} rows): "
                + ", ".join(f"{k} {v:.1f} s" for k, v in g["seconds"].items())
                + f"; peak RSS {g['peak_rss_mb']:.0f} MB. Bundled part: {g['bundled']}"
            )
        p = i["package_import"]
        if isinstance(p, dict):
            out.append(
                f"- Data package ({p.get('services', 0):,} services): export {p['export_s']:.1f} s, "
                f"{p['package_mb']:.0f} MB; read {p['read_s']:.1f} s + apply {p['apply_s']:.1f} s "
                f"= import **{p['import_s']:.1f} s**; peak RSS {p['peak_rss_mb']:.0f} MB; scaled "
                f"to the national directory ≈ {p.get('scaled_to_national_s', 0) / 60:.0f} min"
            )
        else:
            out.append(f"- Data package import: {p}")
        n = i.get("national_export")
        if isinstance(n, dict):
            read = f"read back {n['read_s']:.1f} s" if "read_s" in n else n.get("read", "")
            out.append(
                f"- National directory as one package: export {n['export_s']:.0f} s, {n['package_mb']:.0f} MB; {read}"
            )
        elif n:
            out.append(f"- National directory as one package: {n}")
        out.append("")
    m = load("memory")
    if m:
        out += [
            "### Memory (peak resident set, VmHWM)",
            "",
            "| directory | window + first search | "
            "desk work, no window | after opening | database file | window ready |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, s in m["scales"].items():
            out.append(
                f"| {name} | {s['window_peak_rss_mb']:.0f} MB | {s['peak_rss_mb']:.0f} MB | "
                f"{s['after_open_mb']:.0f} MB | {s['database_mb']:.0f} MB | "
                f"{s.get('window_ready_ms', 0):.0f} ms |"
            )
        out.append("")
    b = load("bundle")
    if b:
        out += [
            "### Bundle",
            "",
            f"- Build time {b['build_s']:.0f} s; size {b['size']} "
            f"({b.get('files', '?')} files); naive PySide6 onedir for comparison: "
            f"{b.get('naive_size', 'not measured')}",
            "",
        ]
    return out


def render() -> str:
    lines = [START, "", f"_Last run: {dt.datetime.now():%Y-%m-%d %H:%M}._", ""]
    s = load("search")
    if s:
        lines += machine_section(s["machine"]) + search_section(s)
    st = load("startup")
    if st:
        lines += startup_section(st)
    lines += simple_sections()
    return "\n".join(lines) + END


def write() -> Path:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(head + render() + tail, encoding="utf-8")
    return DOC


if __name__ == "__main__":
    print(write())
