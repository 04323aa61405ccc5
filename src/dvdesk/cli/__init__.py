"""The command line: `dvdesk` opens the window; subcommands work without a display.

Every failure a user can cause (unknown id, unknown municipality, bad option, damaged database)
ends in one line on stderr and a non-zero exit, never a traceback:
exit 2 for a malformed command line, 1 for anything else.

Each feature keeps its subcommands in its own module with a ``register(add)`` function, listed
in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from dvdesk import __version__, paths
from dvdesk.cli.common import CliError

EXIT_FAIL = 1
EXIT_USAGE = 2

COMMAND_MODULES = [
    "dvdesk.cli.directory_commands",
    "dvdesk.cli.safety_commands",
    "dvdesk.cli.checklist_commands",
    "dvdesk.cli.referral_commands",
    "dvdesk.cli.admin_commands",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage dump
        print(f"dvdesk: {message} (dvdesk --help で使い方を表示)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dvdesk", description="DV・女性相談窓口のための支援先ディレクトリ")
    parser.add_argument("--version", action="version", version=f"dvdesk {__version__}")
    parser.add_argument("--db", metavar="PATH",
                        help="データベースファイル（環境変数 DVDESK_DB でも指定可）")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db:
        os.environ["DVDESK_DB"] = args.db
    if args.command is None:
        if os.environ.get("DVDESK_STARTUP_PROBE"):  # benchmarks and the bundle's smoke test
            from dvdesk.gui.startup_probe import run as probe

            return probe(os.environ["DVDESK_STARTUP_PROBE"])
        from dvdesk.gui.app import run

        return run()
    from dvdesk.logging_setup import configure_logging
    from dvdesk.storage.bundled import BundleError
    from dvdesk.storage.errors import CorruptDatabase, StorageError

    configure_logging(console=False)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"dvdesk: {exc}", file=sys.stderr)
    except StorageError as exc:
        hint = " dvdesk recover で保管・復元できます。" if isinstance(exc, CorruptDatabase) else ""
        print(f"dvdesk: {exc.message}{hint} ({exc.path})", file=sys.stderr)
    except BundleError as exc:
        print(f"dvdesk: 同梱データに誤りがあります: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("dvdesk: 中断しました", file=sys.stderr)
    except BrokenPipeError:  # `dvdesk search … | head`: the reader left; not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 — keep Python's exit flush quiet
        return 0
    except Exception as exc:  # a bug: one line here, the traceback in the log
        logging.getLogger("dvdesk").exception("unexpected error")
        print(f"dvdesk: 予期しないエラー: {type(exc).__name__}（詳細はログ: {paths.log_dir()}）",
              file=sys.stderr)
    return EXIT_FAIL
