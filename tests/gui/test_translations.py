"""The French translation is complete, built, and Qt's own translation is found."""

from __future__ import annotations

import subprocess
import sysconfig
import xml.etree.ElementTree as ET

import pytest

from app.core.util.resources import resource_path
from app.gui import i18n

pytestmark = pytest.mark.gui
TS = resource_path("translations", "station_network_check_fr.ts")
# The interpreter's scripts folder: .venv/bin on Linux, .venv\Scripts (with .exe) on Windows,
# where CI runs .venv\Scripts\python without putting that folder on PATH; python\Scripts
# beside a Windows interpreter that is no venv (the Wine lane's).
SCRIPTS = sysconfig.get_path("scripts")


def test_every_source_text_is_translated() -> None:
    messages = list(ET.parse(TS).getroot().iter("message"))
    assert len(messages) > 50
    unfinished = [
        m.find("source").text
        for m in messages
        if m.find("translation").get("type") in ("unfinished", "obsolete")
        or not (m.find("translation").text or "").strip()
    ]
    assert unfinished == []


def test_placeholders_survive_translation() -> None:
    import re

    for message in ET.parse(TS).getroot().iter("message"):
        source, translation = message.find("source").text, message.find("translation").text
        assert set(re.findall(r"{\w+}", source)) == set(re.findall(r"{\w+}", translation)), source


def test_built_translation_matches_its_source(tmp_path) -> None:
    import shutil

    lrelease = shutil.which("pyside6-lrelease") or shutil.which("pyside6-lrelease", path=SCRIPTS)
    assert lrelease, f"pyside6-lrelease is neither on PATH nor in {SCRIPTS}"
    built = tmp_path / "fr.qm"
    done = subprocess.run(
        [lrelease, str(TS), "-qm", str(built)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"{lrelease}: {done.stderr or done.stdout}"
    assert built.read_bytes() == i18n.app_translation("fr").read_bytes(), (
        "run pyside6-lrelease on the .ts file and commit the .qm"
    )


def test_qt_french_translation_is_available() -> None:
    assert any((folder / "qtbase_fr.qm").exists() for folder in i18n.qt_translation_dirs())
