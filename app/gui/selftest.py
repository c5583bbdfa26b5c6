"""`StationNetworkCheck --self-test`: is this copy whole? For CI and for support.

Goes through what a broken bundle would lose, in the order the program needs it: the rules,
the catalogue, the trusted certificates, the DNS library, Qt's platform plugin, the icon, the
main window shown and a page rendered, and the French translation (ours and Qt's). Prints one
line each and exits 0, or 1 naming what is missing. Sends nothing on the network and leaves
the user's settings alone. Runs wherever the wizard does, and offscreen
(`QT_QPA_PLATFORM=offscreen`) on a machine with no display.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from app import APP_NAME, __version__
from app.core.util.resources import resource_path, resources_dir
from app.gui.qt import (
    QCoreApplication,
    QEvent,
    QGuiApplication,
    QIcon,
    QImage,
    QLibraryInfo,
    QSettings,
    QTimer,
)


@dataclass(frozen=True)
class Outcome:
    item: str
    detail: str
    ok: bool


class SelfTest:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.outcomes: list[Outcome] = []

    def step(self, item: str, probe: Callable[[], str]) -> bool:
        """Runs one probe: it returns what it found, or raises with what is missing."""
        try:
            outcome = Outcome(item, probe(), True)
        except Exception as exc:  # a self-test reports every failure and goes on
            outcome = Outcome(item, str(exc) or type(exc).__name__, False)
        self.outcomes.append(outcome)
        print(
            f"{'ok  ' if outcome.ok else 'FAIL'} {item}: {outcome.detail}",
            file=self.out,
            flush=True,
        )
        return outcome.ok

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.ok]


def _resources() -> str:
    folder = resources_dir()
    if not (folder / "messages.toml").is_file():
        raise FileNotFoundError(f"no resources folder (looked for {folder})")
    return str(folder)


def _rules() -> str:
    from app.core.rules import load_rules

    rules = load_rules()
    return f"{resource_path('rules.toml')}, {len(rules.regions)} regions"


def _catalogue() -> str:
    from app.core.messages import LANGUAGES, catalogue

    catalogue()
    return f"{resource_path('messages.toml')}, languages {', '.join(LANGUAGES)}"


def _certificates() -> str:
    import ssl

    import certifi

    where = certifi.where()
    if not Path(where).is_file():
        raise FileNotFoundError(f"missing {where}")
    context = ssl.create_default_context(cafile=where)
    return f"{where}, {len(context.get_ca_certs())} roots"


def _dns_library() -> str:
    """Every record type the DNS probe reads parses: dnspython imports them on demand."""
    import dns.message
    import dns.rrset

    query = dns.message.make_query("vpn.example.test", "A")
    answer = dns.message.make_response(query)
    answer.answer.append(
        dns.rrset.from_text("vpn.example.test.", 60, "IN", "CNAME", "edge.example.test.")
    )
    answer.answer.append(dns.rrset.from_text("edge.example.test.", 60, "IN", "A", "192.0.2.1"))
    parsed = dns.message.from_wire(answer.to_wire())
    return f"dnspython, {len(parsed.answer)} records read back"


def platform_plugin() -> str:
    """The platform plugin Qt will load must be there: without it Qt aborts with no message
    a windowed program could show."""
    if sys.platform == "win32":
        default = "windows"
    elif sys.platform == "darwin":
        default = "cocoa"
    else:
        default = "xcb"
    name = (os.environ.get("QT_QPA_PLATFORM") or default).split(";")[0].split(":")[0]
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = sorted(folder.glob(f"*q{name}.*"))
    if not found:
        raise FileNotFoundError(f"no Qt platform plugin '{name}' in {folder}")
    if name == "xcb" and not os.environ.get("DISPLAY"):
        # The plugin is there but has no X server to talk to: Qt would abort.
        raise RuntimeError(
            "no display (DISPLAY is not set); on a machine without a screen, "
            "run with QT_QPA_PLATFORM=offscreen"
        )
    return str(found[0])


def run_self_test(out: TextIO | None = None) -> int:
    out = out or sys.stdout
    test = SelfTest(out)
    print(f"{APP_NAME} {__version__} self-test", file=out)
    test.step("resources", _resources)
    test.step("rules", _rules)
    test.step("catalogue", _catalogue)
    test.step("trusted certificates", _certificates)
    test.step("DNS library", _dns_library)
    if test.step("Qt platform plugin", platform_plugin):
        with tempfile.TemporaryDirectory() as scratch:
            _gui_steps(test, Path(scratch))
    if test.failed:
        print(
            f"self-test failed: {'; '.join(f'{o.item} ({o.detail})' for o in test.failed)}",
            file=sys.stderr if out is sys.stdout else out,
            flush=True,
        )
        return 1
    print("self-test passed", file=out)
    return 0


def _gui_steps(test: SelfTest, scratch: Path) -> None:
    from app.gui.app import application, build_window
    from app.gui.settings import Settings

    app = application()

    def icon() -> str:
        path = resource_path("icons", "app.png")
        if QIcon(str(path)).isNull():
            raise FileNotFoundError(f"cannot read {path}")
        return str(path)

    test.step("icon", icon)
    settings = Settings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
    settings.language = "en"
    window = None

    def main_window() -> str:
        nonlocal window
        window = build_window(app, settings)
        window.show()
        return f"shown on the '{QGuiApplication.platformName()}' platform"

    if not test.step("main window", main_window) or window is None:
        return
    shown = window

    def render_page() -> str:
        page = shown.pages.currentWidget()
        if page is None:
            raise RuntimeError("the window has no page")
        image = page.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        if image.isNull() or image.width() == 0:
            raise RuntimeError("the page rendered to an empty image")
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        if len(colours) < 3:
            raise RuntimeError("the page rendered blank")
        return f"{type(page).__name__}, {image.width()}x{image.height()}, {len(colours)} colours"

    def french() -> str:
        english = shown.run_all_button.text()
        missing = shown.translations.apply("fr")
        if missing:
            raise FileNotFoundError(f"missing {', '.join(missing)}")
        # Qt posts LanguageChange to the application, which posts it on to every widget.
        for _ in range(2):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        if shown.run_all_button.text() == english:
            raise RuntimeError(f"loaded, but '{english}' stayed in English")
        return f"'{english}' → '{shown.run_all_button.text()}'"

    def on_shown() -> None:
        test.step("page rendered", render_page)
        test.step("French translation", french)
        shown.translations.apply("en")
        shown.close()
        app.exit(0)

    # The page is rendered once the event loop runs, as it is for the technician.
    QTimer.singleShot(0, on_shown)
    app.exec()
