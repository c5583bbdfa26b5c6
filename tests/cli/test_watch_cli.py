"""`check --watch SECONDS`: the moment each failing check turns green, then the verdict now."""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Callable
from contextlib import ExitStack

import pytest
from helpers.clock import FakeClock
from helpers.site import loopback_site

from app.cli import Streams, main

pytestmark = pytest.mark.usefixtures("trust_test_ca")


class _Out(io.StringIO):
    """An output stream that calls `on_seen` once, as soon as `marker` has been written."""

    def __init__(self, marker: str, on_seen: Callable[[], None]) -> None:
        super().__init__()
        self.marker, self.on_seen, self.seen = marker, on_seen, False

    def write(self, text: str) -> int:
        written = super().write(text)
        if not self.seen and self.marker in self.getvalue():
            self.seen = True
            self.on_seen()
        return written


def test_watch_reports_the_moment_a_port_turns_green(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site, ExitStack() as stack:

        def fix_the_firewall() -> None:
            """The refused port starts listening (IT fixed the rule) after the first retry."""
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", site.vpn[1]))
            sock.listen(16)

        out, err = _Out("try 1: still failing: Ports", fix_the_firewall), io.StringIO()
        clock = FakeClock()
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
            clock=clock,
        )
    text = out.getvalue()
    assert (code, err.getvalue()) == (0, "")
    assert clock.waits == [1, 1]
    assert "Retesting Ports every 1 s until they pass, for 30 s at most" in text
    lines = text.splitlines()
    green = next(line for line in lines if "Ports: now passes · PORTS_OK" in line)
    assert green[:8].count(":") == 2  # the time it was seen, HH:MM:SS
    assert "Every retested check passes now, at try 2." in text
    assert text.index("Every retested check") < text.rindex("Verdict: ")
    assert "VERDICT_READY" in text[text.rindex("Verdict: ") :]


def test_watch_json_has_the_final_result_and_every_change(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site:
        out, err = io.StringIO(), io.StringIO()
        clock = FakeClock()
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
            clock=clock,
        )
    document = json.loads(out.getvalue())
    assert code == 1 and document["exit_code"] == 1
    assert document["watch"]["ended"] == "time_up" and document["watch"]["rounds"] == 2
    assert document["watch"]["failing"] == ["ports"] and document["watch"]["interval_s"] == 1
    assert clock.waits == [1, 1, 0.5]


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
