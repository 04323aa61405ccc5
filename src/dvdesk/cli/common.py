"""Shared helpers for subcommands: opening the database, resolving a municipality, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


class CliError(Exception):
    """A one-line message for the user; the command exits 1."""


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def open_db(args: argparse.Namespace, *, fill: bool = True):  # type: ignore[no-untyped-def]
    from dvdesk.storage.db import open_database

    db = open_database(fill=fill)
    warn_findings(db)
    return db


def warn_findings(db) -> None:  # type: ignore[no-untyped-def]
    """One line on stderr when the directory holds a record that breaks a rule (see
    ``dvdesk.domain.integrity``); the command goes on, reading such a record safely."""
    from dvdesk.domain.integrity import scan, summary

    with db.read() as session:
        findings = scan(session)
    if findings:
        print(f"dvdesk: 注意: ディレクトリに直す必要のある記録があります: {summary(findings)}"
              "（dvdesk check で一覧）", file=sys.stderr)


def municipality_code(session, ref: str | None) -> str | None:  # type: ignore[no-untyped-def]
    from dvdesk.domain.directory import NotFound, find_municipality

    if not ref:
        return None
    try:
        return find_municipality(session, ref).code
    except NotFound:
        raise CliError(f"市区町村が見つかりません: {ref}") from None


def required_municipality_code(session, ref: str | None) -> str:  # type: ignore[no-untyped-def]
    """Like ``municipality_code``, for commands that cannot work without one."""
    code = municipality_code(session, ref)
    if code is None:
        raise CliError("--municipality を指定してください（例: --municipality 高岡市）")
    return code


def json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="JSON で出力")


def municipality_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--municipality", "-m", metavar="NAME_OR_CODE",
                   help="市区町村名またはコード（例: 高岡市, 162027）")
