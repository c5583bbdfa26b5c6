"""The built executable in the site-network lab: `check --json` from the single file, in the
laptop namespace, against the lab's site. Runs when SNC_EXECUTABLE names the file (.ci/run
sets it after building); the same command line as the other scenarios, the program swapped.
A Windows `.exe` named on Linux (the Wine lane, .ci/windows-under-wine) is run by Wine, whose
server then lives in the laptop namespace and sees its adapters and routes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import faults
from .netns import command_env
from .network import CHECK_TIMEOUT, REPO, Lab, Report

EXECUTABLE = os.environ.get("SNC_EXECUTABLE", "")
NETWORK = ("adapter", "dns", "ports", "ntp", "tls")

pytestmark = pytest.mark.skipif(
    not EXECUTABLE, reason="SNC_EXECUTABLE does not name a built executable (.ci/run sets it)"
)


def _runner() -> list[str]:
    if sys.platform != "win32" and EXECUTABLE.lower().endswith(".exe"):
        return ["wine"]
    return []


def check_with_executable(lab: Lab, *args: str) -> Report:
    assert Path(EXECUTABLE).is_file(), f"SNC_EXECUTABLE={EXECUTABLE} is not a file"
    argv = lab.check_argv(*args)
    start = argv.index(sys.executable)
    assert argv[start : start + 3] == [sys.executable, "-m", "app"], argv
    argv[start : start + 3] = [*_runner(), str(Path(EXECUTABLE).resolve())]
    env = command_env({"SSL_CERT_FILE": str(lab.ca_file)})
    env.pop("PYTHONPATH", None)  # nothing of the source checkout may help the executable
    started = time.perf_counter()
    done = subprocess.run(
        argv,
        cwd=REPO.parent,
        stdin=subprocess.DEVNULL,  # never a regular file: Wine cannot start a program on one
        env=env,
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
        check=False,
    )
    wall = time.perf_counter() - started
    document = json.loads(done.stdout)
    assert document["exit_code"] == done.returncode
    return Report(document, wall, done.stderr)


@pytest.mark.lab
def test_executable_on_a_healthy_site(lab: Lab) -> None:
    report = check_with_executable(lab)
    assert {c: report.status(c) for c in NETWORK} == dict.fromkeys(NETWORK, "pass"), report
    assert report.verdict == "VERDICT_READY_FIRMWARE_UNCHECKED" and report.exit_code == 0


@pytest.mark.lab
def test_executable_behind_a_firewall_dropping_52007(lab: Lab) -> None:
    with faults.drop(lab, 52007):
        report = check_with_executable(lab, "--link", "up", "--vpn", "disconnected")
    assert report.code("ports") == "PORTS_BLOCKED", report
    assert report.evidence("ports")["blocked"] == {"filtered": ["52007/TCP"]}
    assert report.code("matrix") == "MATRIX_VPN_DOWN"
    assert report.verdict == "VERDICT_FIREWALL_BLOCKING" and report.exit_code == 1


@pytest.mark.lab
def test_executable_sees_a_second_adapter_holding_the_default_route(lab: Lab) -> None:
    # The route holder is decided by each platform's own reading (Windows: route metric plus
    # interface metric, from GetIpForwardTable2 and GetAdaptersAddresses), here in the bundle.
    with faults.second_adapter(lab) as other:
        report = check_with_executable(lab)
    assert report.code("adapter") == "ADAPTER_OTHER_ROUTE", report
    assert report.evidence("adapter")["default_route_adapter"] == other
    assert report.verdict == "VERDICT_READY_WITH_WARNINGS"
