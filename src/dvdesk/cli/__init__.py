"""The command line: `dvdesk` opens the window; subcommands work without a display.

Every failure a user can cause (unknown id, unknown municipality, bad option, damaged database)
ends in one line on stderr and a non-zero exit, never a traceback:
exit 2 for a malformed command line, 1 for anything else.

Each feature keeps its subcommands in its own module with a ``register(add)`` function, listed
in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dvdesk import paths

if TYPE_CHECKING:
    import argparse  # imported by the parser, not by the window's start

EXIT_FAIL = 1
EXIT_USAGE = 2

# Each module and the subcommands it registers, so that `dvdesk search …` imports only the module
# that runs it (the others cost ~20 % of a search's time: printouts, getpass, subprocess).
# tests/test_cli_start.py checks this table against what the modules register.
COMMANDS: dict[str, tuple[str, ...]] = {
    "dvdesk.cli.directory_commands": ("search", "needs", "show", "municipalities", "departments", "load", "info"),
    "dvdesk.cli.safety_commands": ("backup", "backups", "restore", "recover"),
    "dvdesk.cli.checklist_commands": ("checklist", "slip", "checklist-templates"),
    "dvdesk.cli.referral_commands": ("referrals", "stats"),
    "dvdesk.cli.admin_commands": ("export", "import", "package-key", "check", "verify-report", "history"),
    "dvdesk.cli.sheet_commands": ("export-sheet", "import-sheet", "export-hsds", "import-hsds"),
    "dvdesk.cli.server_commands": ("server-setup", "server-backup", "server-restore"),
}
COMMAND_MODULES = list(COMMANDS)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command`` (a subcommand's name, as typed first), only the
    module that registers it (``cli.command_line``)."""
    from dvdesk.cli.command_line import build_parser as build

    return build(command)


def _readable_arguments(argv: Sequence[str]) -> None:
    """Arguments that are not valid UTF-8 (bytes Python keeps as surrogates) are refused here,
    before they reach SQLite or a file name and fail there without a reason."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            print("dvdesk: 引数に文字として読めないバイト列があります（UTF-8 で入力してください）", file=sys.stderr)
            raise SystemExit(EXIT_USAGE) from None
        if "\0" in arg:
            print("dvdesk: 引数に NUL 文字は使えません", file=sys.stderr)
            raise SystemExit(EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--extract-member"]:  # an import's child process (``admin.member_extract``), frozen or not
        from dvdesk.admin import member_extract

        return member_extract.child_main(argv[1:])
    _readable_arguments(argv)
    if not argv:  # the window: no parser to build (it cost ~0.1 s of every start)
        return _open_window()
    from dvdesk.cli.cli_support import SafeStream

    parser = build_parser(argv[0])
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)  # argparse echoes what was typed
    try:
        args = parser.parse_args(argv)
        if args.command is not None:
            return _run(args)
    finally:
        if isinstance(sys.stdout, SafeStream):
            sys.stdout = out
        if isinstance(sys.stderr, SafeStream):
            sys.stderr = err
    if args.db:
        os.environ["DVDESK_DB"] = args.db
    if args.command is None:
        return _open_window()
    return EXIT_FAIL


# The window's Qt-free modules (the directory's queries, the search, the start checks), imported
# before PySide6 (``_open_window``). Once PySide6 is loaded it reads the source of every module an
# import statement names, the first time it is named (its ``__feature__`` check): ~40 modules
# imported before it are never read. (They were imported by a thread beside Qt's start, which
# gained nothing: PySide holds the interpreter's lock in its calls.)
WINDOW_QT_FREE = (
    "dvdesk.app.directory_queries",
    "dvdesk.app.search_notes",
    "dvdesk.app.start_checks",
    "dvdesk.logging_setup",
    "dvdesk.printing",
)


def _open_window() -> int:
    import gc
    import importlib

    # The collector stays off through the imports too (PySide6's and ours), as through the
    # window's build (``gui.app.run``, which turns it on again after the first paint): ~1 % of
    # the start's instructions were passes over modules that live until the end.
    gc.disable()
    for name in WINDOW_QT_FREE:
        importlib.import_module(name)
    if os.environ.get("DVDESK_STARTUP_PROBE"):  # benchmarks and the bundle's smoke test
        from dvdesk.gui.startup_probe import run as probe

        return probe(os.environ["DVDESK_STARTUP_PROBE"])
    from dvdesk.gui.app import run

    return run()


def _where(exc) -> str:
    """The file, or the server's URL (a Path folds its "//"; the password is never in it)."""
    where = str(exc.path)
    return where.replace(":/", "://", 1) if where.startswith(("postgresql:/", "postgres:/")) else where


def _closing_servers(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    finally:
        if os.environ.get("DVDESK_DB", "").startswith("postgres"):
            from dvdesk.app.server_admin import close_servers

            close_servers()


def _run(args: argparse.Namespace) -> int:
    """A subcommand: every failure ends in one line on stderr (see module doc)."""
    if args.db:
        os.environ["DVDESK_DB"] = args.db
    from dvdesk.cli.cli_support import CliError, close_opened
    from dvdesk.files import WriteFailed
    from dvdesk.logging_setup import configure_logging
    from dvdesk.storage.errors import BundleError, CorruptDatabase, StorageError

    configure_logging(console=False)
    try:
        return _closing_servers(args)
    except CliError as exc:
        _say(str(exc))
    except StorageError as exc:
        hint = " dvdesk recover で保管・復元できます。" if isinstance(exc, CorruptDatabase) else ""
        if backup := getattr(exc, "backup", None):  # MigrationFailed: the copy taken before it
            hint += f" 更新前のバックアップ: {backup}"
        _say(f"{exc.message}{hint} ({_where(exc)})")
    except BundleError as exc:
        _say(f"同梱データに誤りがあります: {exc}")
    except WriteFailed as exc:
        _say(exc.message)
    except KeyboardInterrupt:
        _say("中断しました")
    except BrokenPipeError:  # `dvdesk search … | head`: the reader left; not an error
        sys.stdout = open(os.devnull, "w")  # keeps Python's exit flush quiet
        return 0
    except OSError as exc:  # a file named on the command line: missing, a folder, held open, /proc …
        logging.getLogger("dvdesk").info("file error", exc_info=True)
        _say(_file_problem(exc))
    except RecursionError:
        logging.getLogger("dvdesk").info("nesting too deep", exc_info=True)
        _say("入れ子が深すぎるため読めません（壊れたファイルか、dvdesk のファイルではありません）")
    except OverflowError:
        logging.getLogger("dvdesk").info("number too large", exc_info=True)
        _say("数値が大きすぎます（番号や件数を確かめてください）")
    except MemoryError:
        _say("メモリが足りないため処理を中止しました（ファイルが大きすぎます）")
    except Exception as exc:  # a bug: one line here, the traceback in the log
        logging.getLogger("dvdesk").exception("unexpected error")
        _say(f"予期しないエラー: {type(exc).__name__}（詳細はログ: {paths.log_dir()}）")
    finally:
        close_opened()
    return EXIT_FAIL


def _one_line(text: object) -> str:
    """A message quoting what was typed stays one line, whatever the typing held."""
    return " ".join(str(text).split())


def _say(message: str) -> None:
    print(f"dvdesk: {_one_line(message)}", file=sys.stderr)


def _file_problem(exc: OSError) -> str:
    """One line naming the file and what is wrong with it."""
    import errno

    name = exc.filename2 or exc.filename or ""  # os.replace: filename2 is the target
    reasons = {
        errno.ENOENT: "ファイルかフォルダがありません",
        errno.EISDIR: "フォルダです（ファイル名を指定してください）",
        errno.ENOTDIR: "途中にフォルダでないものがあります",
        errno.EACCES: "開けません（権限がないか、ほかのプログラムが開いています）",
        errno.EPERM: "開けません（権限がないか、ほかのプログラムが開いています）",
        errno.EROFS: "読み取り専用の場所です",
        errno.ENOSPC: "ディスクの空きがありません",
        errno.ENAMETOOLONG: "名前が長すぎます",
    }
    reason = reasons.get(exc.errno or -1, exc.strerror or type(exc).__name__)
    return f"{reason}: {name}" if name else reason
