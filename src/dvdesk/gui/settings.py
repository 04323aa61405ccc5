"""The window's remembered choices, in one INI file under the platformdirs config folder.

Only preferences live here (language, font size, municipality, window layout): never what a
counselor typed or which services she looked at.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from dvdesk import paths

LANGUAGES = ("ja", "en")
DEFAULT_POINT_SIZE = 11
MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 28
ALL_MUNICIPALITIES = ""  # the 全市区町村 choice


class Settings:
    def __init__(self) -> None:
        folder = paths.config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(folder / "dvdesk.ini"), QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    def sync(self) -> None:
        self._qs.sync()

    # -- language -------------------------------------------------------------------------
    @property
    def language(self) -> str:
        value = str(self._qs.value("ui/language", "ja"))
        return value if value in LANGUAGES else "ja"

    @language.setter
    def language(self, value: str) -> None:
        self._qs.setValue("ui/language", value if value in LANGUAGES else "ja")

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

    # -- the desk -------------------------------------------------------------------------
    @property
    def municipality_code(self) -> str:
        """A municipality code, or "" for every municipality."""
        return str(self._qs.value("desk/municipality", ALL_MUNICIPALITIES))

    @municipality_code.setter
    def municipality_code(self, code: str | None) -> None:
        self._qs.setValue("desk/municipality", code or ALL_MUNICIPALITIES)

    @property
    def municipality_chosen_under(self) -> str | None:
        """This PC's municipality (first-run setup, "" before it) when she made her choice; None
        for a choice remembered before it was noted (kept, as it always was)."""
        value = self._qs.value("desk/municipality_under")
        return None if value is None else str(value)

    @municipality_chosen_under.setter
    def municipality_chosen_under(self, code: str) -> None:
        self._qs.setValue("desk/municipality_under", code)

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

    # -- shared mode ----------------------------------------------------------------------
    @property
    def desk_department(self) -> str:
        """The department (organization key) this PC receives referrals for; "" = not chosen."""
        return str(self._qs.value("shared/department", ""))

    @desk_department.setter
    def desk_department(self, key: str | None) -> None:
        self._qs.setValue("shared/department", key or "")

    # -- layout ---------------------------------------------------------------------------
    def layout(self, name: str) -> QByteArray | None:
        value = self._qs.value(f"layout/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_layout(self, name: str, state: QByteArray) -> None:
        self._qs.setValue(f"layout/{name}", state)
