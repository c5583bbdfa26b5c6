"""Smoke test of the built single-file executable: `.ci/run` and the Windows workflow point
SNC_EXECUTABLE at the file they built and run this; skipped when it is not set.

Each test runs the file itself, from an empty folder and with nothing of the checkout on the
path, as a technician would: what the bundle lacks shows here and nowhere else.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers.program import OFFLINE_CHECK, SOURCE, run_program, without_streams

import app

REPO = Path(__file__).resolve().parents[2]
EXECUTABLE = os.environ.get("SNC_EXECUTABLE", "")

pytestmark = pytest.mark.skipif(
    not EXECUTABLE, reason="SNC_EXECUTABLE does not name a built executable (.ci/run sets it)"
)


@pytest.fixture(scope="module")
def executable() -> Path:
    path = Path(EXECUTABLE).resolve()
    assert path.is_file(), f"SNC_EXECUTABLE={EXECUTABLE} is not a file"
    return path


def run(executable: Path, *args: str, cwd: Path, **options: Any) -> subprocess.CompletedProcess:
    return run_program(executable, *args, cwd=cwd, **options)


def test_version(executable: Path, tmp_path: Path) -> None:
    done = run(executable, "--version", cwd=tmp_path, capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (
        0,
        f"{app.APP_NAME} {app.__version__}",
        "",
    )


def test_check_json_offline(executable: Path, tmp_path: Path) -> None:
    done = run(executable, *OFFLINE_CHECK, cwd=tmp_path, capture_output=True, encoding="utf-8")
    document = json.loads(done.stdout)
    assert document["schema"] == "station-network-check/report/1"
    assert document["tool"]["version"] == app.__version__
    assert {c["id"]: c["code"] for c in document["checks"]} == {
        "firmware": "FIRMWARE_OK",
        "matrix": "MATRIX_VPN_DOWN",
    }
    assert document["exit_code"] == done.returncode == 1
    # The same verdict as from source: the executable runs the same core on the same rules.
    source = json.loads(
        run_program(SOURCE, *OFFLINE_CHECK, cwd=REPO, capture_output=True, encoding="utf-8").stdout
    )
    assert document["verdict"]["code"] == source["verdict"]["code"]


def test_check_json_in_french(executable: Path, tmp_path: Path) -> None:
    english = json.loads(
        run(
            executable,
            *OFFLINE_CHECK,
            "--lang",
            "en",
            cwd=tmp_path,
            capture_output=True,
            encoding="utf-8",
        ).stdout
    )
    french = json.loads(
        run(
            executable,
            *OFFLINE_CHECK,
            "--lang",
            "fr",
            cwd=tmp_path,
            capture_output=True,
            encoding="utf-8",
        ).stdout
    )
    assert french["language"] == "fr"
    assert french["verdict"]["code"] == english["verdict"]["code"]
    assert french["verdict"]["title"] != english["verdict"]["title"]


def test_usage_error(executable: Path, tmp_path: Path) -> None:
    done = run(
        executable, "check", "--only", "nonsense", cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 2 and "nonsense" in done.stderr


def test_self_test_offscreen(executable: Path, tmp_path: Path) -> None:
    done = run(
        executable,
        "--self-test",
        cwd=tmp_path,
        capture_output=True,
        encoding="utf-8",
        env={"QT_QPA_PLATFORM": "offscreen"},
    )
    print(done.stdout, done.stderr)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "self-test passed"
    assert "FAIL" not in done.stdout


@pytest.mark.parametrize(
    ("args", "exit_code"), [(["--version"], 0), (OFFLINE_CHECK, 1)], ids=["version", "check"]
)
def test_with_no_console_the_exit_code_still_tells(
    executable: Path, tmp_path: Path, args: list[str], exit_code: int
) -> None:
    # No console to attach to and no standard handles: started from Explorer.
    assert run(executable, *args, cwd=tmp_path, **without_streams()).returncode == exit_code
