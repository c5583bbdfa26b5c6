"""`check --watch SECONDS`: the moment each failing check turns green, then the verdict now."""

from __future__ import annotations

import io
import json
import socket
import sys
import threading

import pytest
from helpers.site import loopback_site

from app.cli import Streams, main

pytestmark = pytest.mark.usefixtures("trust_test_ca")


class _Out(io.StringIO):
    """An output stream that tells another thread when `marker` has been written."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker, self.seen = marker, threading.Event()

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.marker in self.getvalue():
            self.seen.set()
        return written


def open_port_when_seen(out: _Out, port: int, sockets: list[socket.socket]) -> None:
    """Once the marker is printed, the refused port starts listening (IT fixed the rule)."""
    if out.seen.wait(20):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(16)
        sockets.append(sock)


def test_watch_reports_the_moment_a_port_turns_green(tls_ca, tmp_path) -> None:
    out, err = _Out("try 1: still failing: Ports"), io.StringIO()
    sockets: list[socket.socket] = []
    with loopback_site(tls_ca, vpn=("open", "closed")) as site:
        fixer = threading.Thread(target=open_port_when_seen, args=(out, site.vpn[1], sockets))
        fixer.start()
        code = main(
            [
                "check",
                *site.cli_args(),
                "--rules",
                str(site.rules_file(tmp_path)),
                "--lang",
                "en",
                "--watch",
                "1",
                "--watch-for",
                "30",
            ],
            Streams(out, err),
            adapters=site.adapters,
        )
        fixer.join()
    for sock in sockets:
        sock.close()
    text = out.getvalue()
    assert (code, err.getvalue()) == (0, "")
    assert "Retesting Ports every 1 s until they pass, for 30 s at most" in text
    lines = text.splitlines()
    green = next(line for line in lines if "Ports: now passes · PORTS_OK" in line)
    assert green[:8].count(":") == 2  # the time it was seen, HH:MM:SS
    assert "Every retested check passes now (after 2 tries)." in text
    assert text.index("Every retested check") < text.rindex("Verdict: ")
    assert "VERDICT_READY" in text[text.rindex("Verdict: ") :]


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="Windows retries a SYN answered "
    "with a reset for about 2 s before it reports the refusal: with the "
    "loopback site's 1 s time-out every round lasts that second, so "
    "fewer rounds fit the bound",
)
def test_watch_json_has_the_final_result_and_every_change(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site:
        out, err = io.StringIO(), io.StringIO()
        code = main(
            [
                "check",
                *site.cli_args(),
                "--rules",
                str(site.rules_file(tmp_path)),
                "--json",
                "--watch",
                "1",
                "--watch-for",
                "2.5",
            ],
            Streams(out, err),
            adapters=site.adapters,
        )
    document = json.loads(out.getvalue())
    assert code == 1 and document["exit_code"] == 1
    assert document["watch"]["ended"] == "time_up" and document["watch"]["rounds"] == 2
    assert document["watch"]["failing"] == ["ports"] and document["watch"]["interval_s"] == 1


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--watch", "0.5"], "--watch: expected seconds from 1 to 3600"),
        (["--watch-for", "60"], "--watch-for goes with --watch"),
        (["--watch", "5", "--watch-for", "0"], "--watch-for: expected seconds"),
    ],
)
def test_watch_usage_errors(argv, words) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--only", "firmware", *argv], Streams(out, err))
    assert code == 2 and words in err.getvalue() and err.getvalue().count("\n") == 1
