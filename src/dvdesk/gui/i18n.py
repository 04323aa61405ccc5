"""Interface language: Japanese in the source, English (and others) from Qt Linguist files.

Source strings are Japanese, so Japanese needs no translator. ``resources/i18n/dvdesk_<lang>.ts``
is the translation source kept in git; the ``.qm`` that Qt loads is built from it, never
committed:

* a packaged build ships ``resources/i18n/dvdesk_<lang>.qm`` (``python -m dvdesk.gui.i18n build``
  writes it there before PyInstaller runs);
* from a source checkout, the first start compiles the ``.ts`` with the ``lrelease`` that comes
  with PySide6 into the cache folder, keyed by the ``.ts`` file's content, so an edited ``.ts``
  is picked up on the next start.

``python -m dvdesk.gui.i18n update`` re-extracts the strings from the code into the ``.ts``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from dvdesk import paths

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "ja"
TRANSLATED = ("en",)
_interface_language = SOURCE_LANGUAGE  # what the installed translators show


def interface_language() -> str:
    """The language the interface is shown in now: "ja" unless a translation is installed.

    For the few texts Qt Linguist cannot carry, because they come from the data: a need's
    ``label_en``, a circumstance's English name, an English month name."""
    return _interface_language


def english() -> bool:
    return _interface_language == "en"


def i18n_dir() -> Path:
    return paths.resources_dir() / "i18n"


def _tool(name: str) -> Path | None:
    """A Qt Linguist tool from the PySide6 wheel (absent in a packaged build)."""
    import PySide6

    exe = name + (".exe" if sys.platform == "win32" else "")
    for candidate in (Path(PySide6.__file__).parent / exe, Path(PySide6.__file__).parent / "Qt" / "bin" / exe):
        if candidate.is_file():
            return candidate
    import shutil

    found = shutil.which(f"pyside6-{name}")
    return Path(found) if found else None


def compile_ts(ts: Path, qm: Path) -> bool:
    lrelease = _tool("lrelease")
    if lrelease is None:
        log.warning("lrelease not found; cannot build %s", qm.name)
        return False
    import subprocess  # here: only a source checkout compiles, and only when the .ts changed

    qm.parent.mkdir(parents=True, exist_ok=True)
    partial = qm.with_suffix(".part")
    result = subprocess.run(
        [str(lrelease), "-silent", str(ts), "-qm", str(partial)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or not partial.is_file():
        log.warning("lrelease failed for %s: %s", ts.name, result.stderr.strip()[:500])
        partial.unlink(missing_ok=True)
        return False
    partial.replace(qm)  # a half-written .qm is never picked up
    return True


def qm_file(language: str) -> Path | None:
    """The compiled translation for ``language``, building it if needed; None if unavailable."""
    ts = i18n_dir() / f"dvdesk_{language}.ts"
    shipped = ts.with_suffix(".qm")
    if shipped.is_file() and (
        getattr(sys, "frozen", False) or not ts.is_file() or shipped.stat().st_mtime >= ts.stat().st_mtime
    ):
        return shipped
    if not ts.is_file():
        return None
    import hashlib

    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    cached = paths.cache_dir() / "i18n" / f"dvdesk_{language}.{digest}.qm"
    if cached.is_file() or compile_ts(ts, cached):
        return cached
    return None


def qt_translations_dir() -> str:
    """Qt's own .qm files: the PySide6 wheel's Qt/translations (in a bundle, the copy PyInstaller
    placed beside PySide6; packaging/dvdesk.spec keeps the _ja and _en ones)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


class QtCatalogGap(QTranslator):
    """Asked after Qt's own catalog (``qt``) for what that catalog lacks; None when it cannot help."""

    def __init__(self, qt: QTranslator) -> None:
        super().__init__()
        self.qt = qt

    def isEmpty(self) -> bool:
        return False


class AcceleratorFallback(QtCatalogGap):
    """Qt's Japanese catalog lags its source: the file dialog asks for "&Look in:" and
    "Files of &type:" while qtbase_ja.qm holds "Look in:" and "Files of type:", so half the
    dialog stayed English. For a string with an accelerator that Qt's catalog lacks, this asks
    for it without the '&' and puts the key back Japanese-style: "アドレス(&L):"."""

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,  # None: not found
        n: int = -1,
    ) -> str | None:
        # None, not "": PySide turns "" into an empty (found) string and every text would vanish.
        amp = source.find("&")
        if amp < 0 or amp + 1 >= len(source) or not source[amp + 1].isalnum():
            return None
        found = self.qt.translate(context, source[:amp] + source[amp + 1 :], disambiguation, n)
        if not found:
            return None
        mark = f"(&{source[amp + 1].upper()})"
        for colon in (":", chr(0xFF1A)):  # ASCII or full-width colon
            if found.endswith(colon):
                return found[: -len(colon)] + mark + colon
        return found + mark


class MovedContextFallback(QtCatalogGap):
    """Qt 6 moved some strings to new contexts that its Japanese catalog does not know yet: the
    file dialog's type column asks "QAbstractFileIconProvider" for "Folder" and "Drive", which
    qtbase_ja.qm holds under "QFileDialog" (from Qt 5), so every folder read "Folder". This asks
    the old context for them."""

    MOVED = {"QAbstractFileIconProvider": "QFileDialog"}

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,  # None: not found
        n: int = -1,
    ) -> str | None:
        old = self.MOVED.get(context)
        if old is None:
            return None
        return self.qt.translate(old, source, disambiguation, n) or None


class Translators:
    """The translators installed in the application for the current language."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = SOURCE_LANGUAGE

    def uninstall(self) -> None:
        global _interface_language
        app = QCoreApplication.instance()
        for translator in self._installed:
            if app is not None:  # installed ones imply an application; it may be gone at exit
                app.removeTranslator(translator)
        self._installed.clear()
        self.language = _interface_language = SOURCE_LANGUAGE

    def install(self, language: str) -> bool:
        """Switch the interface language. False (and Japanese) if the translation is missing."""
        global _interface_language
        app = QCoreApplication.instance()
        self.uninstall()
        ok = True
        if language in TRANSLATED:
            qm = qm_file(language)
            own = QTranslator()
            if qm is not None and own.load(str(qm)):
                self._add(app, own)
                self.language = language
            else:
                log.warning("translation %s could not be loaded; using Japanese", language)
                ok = False
        qt_own = QTranslator()  # Qt's own strings: OK/キャンセル, context menus, file dialogs
        if qt_own.load(QLocale(self.language), "qtbase", "_", qt_translations_dir()):
            if self.language != "en":
                # Asked after qt_own (translators are searched newest first): its gaps only.
                self._add(app, AcceleratorFallback(qt_own))
                self._add(app, MovedContextFallback(qt_own))
            self._add(app, qt_own)
        elif self.language != "en":
            log.warning("Qt's own %s translation not found in %s", self.language, qt_translations_dir())
        QLocale.setDefault(QLocale(QLocale.Language.Japanese if self.language == "ja" else QLocale.Language.English))
        _interface_language = self.language
        return ok

    def _add(self, app: QCoreApplication | None, translator: QTranslator) -> None:
        if app is None:
            raise RuntimeError("translations are installed into a running QApplication")
        app.installTranslator(translator)
        self._installed.append(translator)


def gui_sources() -> list[Path]:
    """Every module of the interface, the feature packages (admin/, referrals/) included, and the
    printout renderer (its messages are shown in the window)."""
    package = Path(__file__).parent.parent
    return sorted([*Path(__file__).parent.rglob("*.py"), package / "printing" / "qt_render.py"])


LUPDATE_OPTIONS = ("-tr-function-alias", "QT_TRANSLATE_NOOP+=N_")  # dvdesk.domain.translatable.N_


def labelled_sources() -> list[Path]:
    """The modules below the interface that mark labels with ``dvdesk.domain.translatable.N_``."""
    package = Path(__file__).parent.parent
    return sorted(
        p
        for p in package.rglob("*.py")
        if package / "gui" not in p.parents and "import N_" in p.read_text(encoding="utf-8")
    )


def translation_sources() -> list[Path]:
    """What lupdate reads: the interface, the renderer and the marked labels."""
    return sorted({*gui_sources(), *labelled_sources()})


def update_ts() -> None:
    """Re-extract the translatable strings from the code into every .ts file."""
    import subprocess

    lupdate = _tool("lupdate")
    if lupdate is None:
        raise SystemExit("lupdate not found (install PySide6-Essentials)")
    for language in TRANSLATED:
        ts = i18n_dir() / f"dvdesk_{language}.ts"
        subprocess.run(
            [
                str(lupdate),
                "-silent",
                "-locations",
                "none",
                "-no-obsolete",
                *LUPDATE_OPTIONS,
                "-source-language",
                SOURCE_LANGUAGE,
                "-target-language",
                language,
                *map(str, translation_sources()),
                "-ts",
                str(ts),
            ],
            check=True,
        )


def build_qm() -> None:
    """Compile every .ts next to itself, for packaging."""
    for language in TRANSLATED:
        ts = i18n_dir() / f"dvdesk_{language}.ts"
        if not compile_ts(ts, ts.with_suffix(".qm")):
            raise SystemExit(f"could not compile {ts}")


if __name__ == "__main__":
    {"update": update_ts, "build": build_qm}[sys.argv[1] if len(sys.argv) > 1 else "build"]()
