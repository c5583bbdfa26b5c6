"""What the wizard remembers between runs: language, region, last model, window geometry."""

from __future__ import annotations

from app import APP_NAME
from app.gui.qt import QSettings


class Settings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME
        )

    def _text(self, key: str) -> str | None:
        value = self.store.value(key)
        return str(value) if value not in (None, "") else None

    def _set(self, key: str, value: object) -> None:
        """Written at once (a crash loses nothing), and only when it changed: the inputs are
        remembered as they are typed."""
        if self.store.value(key) == value:
            return
        self.store.setValue(key, value)
        self.store.sync()

    @property
    def language(self) -> str | None:
        return self._text("language")

    @language.setter
    def language(self, value: str) -> None:
        self._set("language", value)

    @property
    def region(self) -> str | None:
        return self._text("region")

    @region.setter
    def region(self, value: str) -> None:
        self._set("region", value)

    @property
    def model(self) -> str | None:
        return self._text("model")

    @model.setter
    def model(self, value: str) -> None:
        self._set("model", value)

    @property
    def geometry(self) -> bytes | None:
        value = self.store.value("window/geometry")
        return bytes(value) if value else None

    @geometry.setter
    def geometry(self, value: bytes) -> None:
        self._set("window/geometry", value)
