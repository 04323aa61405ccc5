"""The window's remembered choices, in one INI file under the platformdirs config folder.

Only preferences live here (language, font size, municipality, window layout): never what a
counselor typed or which services she looked at.

Each change is written at once. A change that cannot be written (a full disk, a folder she cannot
write to) is said in one plain Japanese box (``unsaved``), not lost in silence: the desk goes on
with the value she chose, which Qt keeps and writes at the next save that succeeds; until one does,
the next start has the earlier value.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

from dvdesk import paths

log = logging.getLogger("dvdesk.gui")

LANGUAGES = ("ja", "en")
DEFAULT_POINT_SIZE = 11
MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 28
ALL_MUNICIPALITIES = ""  # the 全市区町村 choice


def unsaved(what: str, file_name: str) -> None:
    """Tell her a change was not written (a box over the active window)."""
    from PySide6.QtWidgets import QApplication

    from dvdesk.gui import plain

    plain.warn(
        QApplication.activeWindow(),
        QCoreApplication.translate("Settings", "設定を保存できませんでした"),
        QCoreApplication.translate(
            "Settings",
            "「{what}」の変更を保存できませんでした。ディスクがいっぱいか、設定のファイルに書き込めません:\n{file}\n\n"
            "この変更は dvdesk を閉じるまで使われます。保存できないままだと、次に起動したときは元の設定に戻ります。",
        ).format(what=what, file=file_name),
    )


class Settings:
    def __init__(self, on_unsaved: Callable[[str, str], None] = unsaved) -> None:
        folder = paths.config_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # said at the first change that cannot be written
            log.warning("settings folder cannot be made: %s", folder, exc_info=True)
        self._qs = QSettings(str(folder / "dvdesk.ini"), QSettings.Format.IniFormat)
        self.on_unsaved = on_unsaved

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    def sync(self, what: str = "") -> bool:
        """Write what was changed; False (and she is told) when it could not be written."""
        if self._qs.status() == QSettings.Status.AccessError:
            # Qt's status stays at its first error: a new object (the same file, the same changes
            # pending in Qt's cache) tells whether this save succeeds.
            self._qs = QSettings(self.file_name, QSettings.Format.IniFormat)
        self._qs.sync()
        if self._qs.status() != QSettings.Status.AccessError:  # FormatError: an unreadable file, rewritten
            return True
        log.warning("settings not written: %s", self.file_name)
        self.on_unsaved(what or QCoreApplication.translate("Settings", "画面の配置"), self.file_name)
        return False

    # -- language -------------------------------------------------------------------------
    @property
    def language(self) -> str:
        value = str(self._qs.value("ui/language", "ja"))
        return value if value in LANGUAGES else "ja"

    @language.setter
    def language(self, value: str) -> None:
        self._qs.setValue("ui/language", value if value in LANGUAGES else "ja")
        self.sync(QCoreApplication.translate("Settings", "表示の言語"))

    # -- font size ------------------------------------------------------------------------
    @property
    def point_size(self) -> int:
        try:
            size = int(self._qs.value("ui/point_size", DEFAULT_POINT_SIZE))  # type: ignore[call-overload]  # any bad value: except
        except (TypeError, ValueError):
            return DEFAULT_POINT_SIZE
        return max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))

    @point_size.setter
    def point_size(self, value: int) -> None:
        self._qs.setValue("ui/point_size", max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, int(value))))
        self.sync(QCoreApplication.translate("Settings", "文字の大きさ"))

    # -- the desk -------------------------------------------------------------------------
    @property
    def municipality_code(self) -> str:
        """A municipality code, or "" for every municipality."""
        return str(self._qs.value("desk/municipality", ALL_MUNICIPALITIES))

    @municipality_code.setter
    def municipality_code(self, code: str | None) -> None:
        self.choose_municipality(code, None)

    def choose_municipality(self, code: str | None, under: str | None) -> None:
        """Her municipality (None or "" for every one), and this PC's when she chose it."""
        self._qs.setValue("desk/municipality", code or ALL_MUNICIPALITIES)
        if under is not None:
            self._qs.setValue("desk/municipality_under", under)
        self.sync(QCoreApplication.translate("Settings", "市区町村"))

    @property
    def municipality_chosen_under(self) -> str | None:
        """This PC's municipality (first-run setup, "" before it) when she made her choice; None
        for a choice remembered before it was noted (kept, as it always was)."""
        value = self._qs.value("desk/municipality_under")
        return None if value is None else str(value)

    @municipality_chosen_under.setter
    def municipality_chosen_under(self, code: str) -> None:
        self._qs.setValue("desk/municipality_under", code)
        self.sync(QCoreApplication.translate("Settings", "市区町村"))

    @property
    def has_municipality(self) -> bool:
        """Whether the counselor has chosen a municipality (全市区町村 included) on this PC."""
        return self._qs.contains("desk/municipality")

    @property
    def show_all_kinds(self) -> bool:
        return str(self._qs.value("desk/show_all_kinds", "false")).lower() == "true"

    @show_all_kinds.setter
    def show_all_kinds(self, value: bool) -> None:
        self._qs.setValue("desk/show_all_kinds", "true" if value else "false")
        self.sync(QCoreApplication.translate("Settings", "啓発・庁内の取組も表示"))

    # -- shared mode ----------------------------------------------------------------------
    @property
    def desk_department(self) -> str:
        """The department (organization key) this PC receives referrals for; "" = not chosen."""
        return str(self._qs.value("shared/department", ""))

    @desk_department.setter
    def desk_department(self, key: str | None) -> None:
        self._qs.setValue("shared/department", key or "")
        self.sync(QCoreApplication.translate("Settings", "この端末の部署"))

    # -- layout ---------------------------------------------------------------------------
    def layout(self, name: str) -> QByteArray | None:
        value = self._qs.value(f"layout/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_layout(self, name: str, state: QByteArray) -> None:
        self._qs.setValue(f"layout/{name}", state)
