"""The wizard's language: its own Qt Linguist translation, Qt's own (stock buttons), and the
catalogue's words for codes, all switched together at runtime.
"""

from __future__ import annotations

from pathlib import Path

from app.core.messages import LANGUAGES, Words, system_language, words_for
from app.core.util.resources import resource_path
from app.gui.qt import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

_current = "en"


def current() -> str:
    """The language every widget renders the catalogue's words in."""
    return _current


def words() -> Words:
    """The catalogue's words in the current language: what every widget and writer is given
    (made once per language, so a language change gives new words at once)."""
    return words_for(_current)


def default_language(saved: str | None) -> str:
    if saved in LANGUAGES:
        return saved
    name = QLocale.system().name()
    return "fr" if name.lower().startswith("fr") else system_language()


def app_translation(lang: str) -> Path:
    return resource_path("translations", f"station_network_check_{lang}.qm")


def qt_translation_dirs() -> list[Path]:
    """Qt's own `qtbase_*.qm`: bundled beside our resources when frozen, else PySide6's."""
    return [
        resource_path("translations", "qt"),
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ]


class Translations(QObject):
    """Installs the translators of one language; Qt then tells every widget to retranslate."""

    language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._installed: list[QTranslator] = []

    def apply(self, lang: str) -> list[str]:
        """Switch to `lang`; returns the translation files that could not be loaded."""
        global _current
        app = QCoreApplication.instance()
        assert app is not None, "translations need the application"
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        missing = []
        if lang != "en":
            ours = QTranslator(self)
            if ours.load(str(app_translation(lang))):
                self._installed.append(ours)
            else:
                missing.append(str(app_translation(lang)))
            qt = QTranslator(self)
            if any(qt.load(f"qtbase_{lang}", str(folder)) for folder in qt_translation_dirs()):
                self._installed.append(qt)
            else:
                missing.append(f"qtbase_{lang}.qm")
        _current = lang
        for translator in self._installed:
            app.installTranslator(translator)
        self.language_changed.emit(lang)
        return missing
