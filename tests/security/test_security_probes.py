"""Probes against servers that mislead or stall: every DNS path ends on time and on Cancel,
an NTP reply is read in the era nearest the laptop's clock and not believed without its
times."""

from __future__ import annotations

import threading
import time

import pytest
from helpers.site import EDGE, ENDPOINT, loopback_site
from hostile import CraftedSntp, TruncatingSilentDns, raw_in

from app.core.probes.dns import DnsOutcome, query_a
from app.core.probes.ntp import NTP_EPOCH_OFFSET, NtpOutcome, from_ntp, query

pytestmark = pytest.mark.usefixtures("trust_test_ca")

YEAR = 365.25 * 86400


def test_the_dns_tcp_fallback_ends_at_the_time_out() -> None:
    with TruncatingSilentDns() as server:
        start = time.monotonic()
        answer = query_a(ENDPOINT, "127.0.0.1", server.port, timeout=1.0)
        took = time.monotonic() - start
    assert answer.outcome == DnsOutcome.TIMEOUT, answer
    assert took < 1.5


def test_the_dns_tcp_fallback_stops_on_cancel() -> None:
    cancel = threading.Event()
    with TruncatingSilentDns() as server:
        timer = threading.Timer(0.3, cancel.set)
        timer.start()
        start = time.monotonic()
        answer = query_a(ENDPOINT, "127.0.0.1", server.port, timeout=5.0, cancel=cancel)
        took = time.monotonic() - start
        timer.cancel()
    assert answer.outcome == DnsOutcome.CANCELLED, answer
    assert took < 1.0


def test_a_dns_server_answering_names_with_escapes_cannot_reach_the_terminal(
    tls_ca, tmp_path
) -> None:
    from helpers.cli import cli

    hostile = "\\027[2J\\155.test.example"  # ESC [2J and CSI, as dnspython writes bytes
    zone = {ENDPOINT: [("CNAME", hostile + ".")], hostile: [("A", "127.0.0.1")], EDGE: []}
    with loopback_site(tls_ca, zone=zone) as site:
        code, out, err = cli(
            "check",
            *site.cli_args(),
            "--rules",
            str(site.rules_file(tmp_path)),
            "--only",
            "adapter,dns",
            adapters=site.adapters,
        )
    assert "DNS_" in out and raw_in(out + err) == []


def test_an_ntp_timestamp_is_read_in_the_era_nearest_the_laptops_clock() -> None:
    after_2036 = 2_200_000_000.0  # 2039-09-18, in NTP era 1
    wrapped = int((after_2036 + NTP_EPOCH_OFFSET) * 2**32) % 2**64
    assert from_ntp(wrapped, near=after_2036 + 5) == pytest.approx(after_2036, abs=1e-3)
    before = 2_000_000_000.0  # 2033, era 0, seen from a clock in era 1
    stamp = int((before + NTP_EPOCH_OFFSET) * 2**32)
    assert from_ntp(stamp, near=after_2036) == pytest.approx(before, abs=1e-3)
    assert from_ntp(stamp, near=before) == pytest.approx(before, abs=1e-3)


def test_a_server_in_the_next_era_is_read_as_it_is() -> None:
    fourteen_years = 14 * YEAR  # from today, past 2036-02-07
    with CraftedSntp(seconds=fourteen_years) as server:
        reply = query("127.0.0.1", server.port, timeout=2.0)
    assert reply.outcome == NtpOutcome.ANSWER, reply
    assert reply.offset_s == pytest.approx(fourteen_years, abs=60)


def test_a_reply_without_a_receive_time_is_not_believed() -> None:
    with CraftedSntp(receive_zero=True) as server:
        reply = query("127.0.0.1", server.port, timeout=2.0)
    assert reply.outcome == NtpOutcome.UNUSABLE, reply
