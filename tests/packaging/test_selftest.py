"""`--self-test` from source, offscreen: it passes on a whole copy, and on a copy with a part
missing it fails naming that part."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def self_test(cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess[str]:
    # UTF-8 both ways: on Windows a pipe gets the ANSI code page (cp1252), where the report's
    # "→" would be written as "?" and the assertions below could not find it.
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8", **env}
    return subprocess.run(
        [sys.executable, "-m", "app", "--self-test"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A source copy of the program (app/ and resources/) to break; `python -m app` run from
    it imports this copy, which finds its own resources/."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "app", tmp_path / "app", ignore=ignore)
    shutil.copytree(REPO / "resources", tmp_path / "resources", ignore=ignore)
    return tmp_path


@pytest.mark.gui
def test_a_whole_copy_passes() -> None:
    done = self_test()
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    checked = [line.split(":")[0] for line in lines[1:-1]]
    assert checked == [
        "ok   resources",
        "ok   rules",
        "ok   catalogue",
        "ok   trusted certificates",
        "ok   DNS library",
        "ok   Qt platform plugin",
        "ok   icon",
        "ok   main window",
        "ok   page rendered",
        "ok   French translation",
    ]
    assert "'offscreen' platform" in done.stdout
    english, french = re.search(r"French translation: '(.+)' → '(.+)'", done.stdout).groups()
    assert english != french


@pytest.mark.gui
def test_the_copy_under_test_is_the_one_checked(copy: Path) -> None:
    done = self_test(copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"resources: {copy / 'resources'}" in done.stdout


@pytest.mark.gui
def test_a_missing_translation_is_named(copy: Path) -> None:
    (copy / "resources" / "translations" / "station_network_check_fr.qm").unlink()
    done = self_test(copy)
    assert done.returncode == 1
    assert "FAIL French translation" in done.stdout
    assert done.stderr.startswith("self-test failed: French translation (missing ")
    assert "station_network_check_fr.qm" in done.stderr


@pytest.mark.gui
def test_missing_rules_are_named(copy: Path) -> None:
    (copy / "resources" / "rules.toml").unlink()
    done = self_test(copy)
    assert done.returncode == 1
    assert "FAIL rules" in done.stdout and "rules.toml" in done.stderr


@pytest.mark.gui
def test_a_missing_icon_is_named(copy: Path) -> None:
    (copy / "resources" / "icons" / "app.png").unlink()
    done = self_test(copy)
    assert done.returncode == 1
    assert "self-test failed: icon (cannot read " in done.stderr and "app.png" in done.stderr


def test_a_missing_platform_plugin_is_named_before_qt_aborts() -> None:
    done = self_test(QT_QPA_PLATFORM="nosuchplatform")
    assert done.returncode == 1
    assert (
        "self-test failed: Qt platform plugin (no Qt platform plugin 'nosuchplatform' in "
        in done.stderr
    )
    assert "main window" not in done.stdout


@pytest.mark.gui
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays are Linux's")
def test_no_display_is_named_before_qt_aborts() -> None:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "app", "--self-test"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "self-test failed: Qt platform plugin (no display" in done.stderr
