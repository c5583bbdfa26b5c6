"""Retest until fixed, end to end: `check --watch` runs in the laptop namespace while the site's
firewall rule is removed mid-watch, as IT would, and reports the moment each check turns green.

The watch runs on a clock the test moves (`watch_driver.py`): each interval between two rounds
ends when the test says so, after it has changed the site, so no scenario waits real seconds
for an interval or races the next round.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import faults
from .netns import command_env
from .network import CHECK_TIMEOUT, ENDPOINT, LAPTOP_IF, NTP_SERVERS, REPO, Lab

DRIVER = Path(__file__).with_name("watch_driver.py")
_CLOCK = re.compile(r"^(\d\d:\d\d:\d\d) UTC  ")


def watch_argv(lab: Lab, *args: str, bound: float = 60) -> list[str]:
    """The real command line in the laptop namespace, in words (the watch's live output)."""
    argv = [
        sys.executable,
        str(DRIVER),
        "check",
        "--lang",
        "en",
        "--interface",
        LAPTOP_IF,
        "--endpoint",
        ENDPOINT,
        "--timeout",
        "2",
        "--watch",
        "1",
        "--watch-for",
        f"{bound:g}",
    ]
    for server in NTP_SERVERS:
        argv += ["--ntp-server", server]
    return lab.laptop.exec_argv(*argv, *args)


@contextlib.contextmanager
def running(lab: Lab, *args: str, bound: float = 60) -> Iterator[subprocess.Popen[str]]:
    env = command_env({"SSL_CERT_FILE": str(lab.ca_file), "PYTHONPATH": str(REPO)})
    process = subprocess.Popen(
        watch_argv(lab, *args, bound=bound),
        cwd=REPO,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def read_until(process: subprocess.Popen[str], marker: str, seen: list[str]) -> None:
    """Collect output lines until one holds `marker` (the watch's first failed retry)."""
    assert process.stdout is not None
    for line in process.stdout:
        seen.append(line.rstrip("\n"))
        if marker in line:
            return
    raise AssertionError(f"never printed {marker!r}: {seen}")


def step(process: subprocess.Popen[str]) -> None:
    """Let the interval the watch waits on pass: its next round starts."""
    assert process.stdin is not None
    process.stdin.write("\n")
    process.stdin.flush()


def finish(process: subprocess.Popen[str], seen: list[str], steps: int = 0) -> tuple[int, str]:
    """Let `steps` more intervals pass, then read the watch to its end (it must end by itself:
    at the end of the steps its input ends, which would stop it as cancelled)."""
    out, err = process.communicate("\n" * steps, timeout=CHECK_TIMEOUT * max(steps, 1))
    seen += out.splitlines()
    return process.returncode, err


@pytest.mark.lab
def test_removing_a_drop_rule_mid_watch_turns_the_ports_green(lab: Lab) -> None:
    seen: list[str] = []
    with running(lab) as process:
        with faults.drop(lab, 52007):
            read_until(process, "Retesting Ports every 1 s", seen)
            step(process)
            read_until(process, "try 1: still failing: Ports", seen)
        # The rule is gone (the fault's exit deleted its table and saw the site healthy).
        code, err = finish(process, seen, steps=1)
    assert (code, err) == (0, ""), seen
    assert any("FAIL" in line and "PORTS_BLOCKED" in line for line in seen), seen
    assert any("Retesting Ports every 1 s" in line for line in seen), seen
    green = [line for line in seen if "Ports: now passes · PORTS_OK" in line]
    assert len(green) == 1 and _CLOCK.match(green[0]), seen
    failed_try = next(line for line in seen if "try 1: still failing: Ports" in line)
    assert _CLOCK.match(failed_try)[1] <= _CLOCK.match(green[0])[1]
    assert any(line.startswith("Every retested check passes now") for line in seen), seen
    tail = seen[seen.index(next(line for line in seen if line.startswith("Every retested"))) :]
    assert any("VERDICT_READY" in line for line in tail), seen


@pytest.mark.lab
def test_dns_coming_back_turns_dns_and_the_checks_it_held_back_green(lab: Lab) -> None:
    seen: list[str] = []
    with running(lab) as process:
        with faults.dns_not_answering(lab):
            read_until(process, "Retesting", seen)
            step(process)
            read_until(process, "try 1: still failing: DNS, Ports, HTTPS (TLS)", seen)
        code, err = finish(process, seen, steps=1)
    assert (code, err) == (0, ""), seen
    for check, code_ in (("DNS", "DNS_OK"), ("Ports", "PORTS_OK"), ("HTTPS (TLS)", "TLS_OK")):
        assert any(f"{check}: now passes · {code_}" in line for line in seen), (check, seen)
    assert any(line.startswith("Every retested check passes now") for line in seen), seen


@pytest.mark.lab
def test_a_rule_left_in_place_ends_the_watch_at_its_bound(lab: Lab) -> None:
    seen: list[str] = []
    with faults.drop(lab, 52017), running(lab, "--json", bound=4) as process:
        code, err = finish(process, seen, steps=4)
    document = json.loads("\n".join(seen))
    assert code == 1 and err == ""
    assert document["watch"]["ended"] == "time_up" and document["watch"]["failing"] == ["ports"]
    # Four intervals of 1 s fill the 4 s bound: three rounds ran, none after it.
    assert document["watch"]["rounds"] == 3 and document["watch"]["transitions"] == []
    assert document["verdict"]["code"] == "VERDICT_FIREWALL_BLOCKING"
