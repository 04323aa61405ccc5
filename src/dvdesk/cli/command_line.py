"""The argument parser of ``dvdesk``: imported for a subcommand, never for the window.

``cli.COMMANDS`` says which module registers each subcommand, so that a subcommand imports only
its own module; anything else typed first (an option, a typo, --help) gets every module, so its
message lists every subcommand.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from typing import NoReturn

from dvdesk import __version__
from dvdesk.cli import COMMAND_MODULES, COMMANDS, EXIT_USAGE, _one_line


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage dump
        print(f"dvdesk: {_one_line(message)} (dvdesk --help で使い方を表示)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command`` (a subcommand's name, as typed first), only the
    module that registers it. Anything else (an option first, a typo, --help) gets every module,
    so its message lists every subcommand as before."""
    parser = _Parser(prog="dvdesk", description="DV・女性相談窓口のための支援先ディレクトリ")
    parser.add_argument("--version", action="version", version=f"dvdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="データベースファイル、または共有サーバーの URL（postgresql:///dvdesk?service=dvdesk）"
        "（環境変数 DVDESK_DB でも指定可）",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    modules = [m for m, names in COMMANDS.items() if command in names] or COMMAND_MODULES
    for module in modules:
        importlib.import_module(module).register(add)
    return parser
