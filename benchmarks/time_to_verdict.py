"""Time-to-verdict of `check` against the manual procedure's one-probe-after-another, on loopback.

Both sides run in this process against the same loopback site (tests/helpers): a DNS server
answering after a delay, the endpoint's three TCP ports, and an SNTP server. The baseline is
the manual procedure: one DNS lookup, then one TCP connect after another, then the NTP query,
with the same probes and time-outs. Scenarios: a healthy site, and a site whose firewall drops
the VPN ports and NTP. Prints the median of several runs of each and their ratio.

    python benchmarks/time_to_verdict.py [--runs 5] [--timeout 1.0] [--dns-delay 0.05]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import trustme  # noqa: E402
from helpers.site import ENDPOINT, LoopbackSite, loopback_site  # noqa: E402

from app.core.probes import ntp  # noqa: E402
from app.core.probes.dns import parse_server, query_a  # noqa: E402
from app.core.probes.sockets import probe_port  # noqa: E402
from app.core.run import run_checks  # noqa: E402

SCENARIOS = {
    "healthy": {},
    "firewall drops VPN ports and NTP": {"vpn": ("dropped", "dropped"), "sntp": {"drop": True}},
}


def concurrent(site: LoopbackSite, timeout: float) -> None:
    run_checks(
        site.inputs(timeout=timeout, only=("dns", "ports", "ntp")),
        site.rules,
        adapters=site.adapters,
    )


def sequential(site: LoopbackSite, timeout: float) -> None:
    host, port = parse_server(site.adapters()[0].dns_servers[0])
    answer = query_a(ENDPOINT, host, port, timeout)
    for rule in site.rules.tcp_ports():
        probe_port(answer.addresses[0], rule.port, timeout)
    ntp.query("127.0.0.1", site.sntp.port, timeout)


def median_seconds(work: Callable[[], None], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--dns-delay", type=float, default=0.05)
    args = parser.parse_args()
    ca = trustme.CA()
    with tempfile.TemporaryDirectory() as folder:
        bundle = Path(folder) / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        os.environ["SSL_CERT_FILE"] = str(bundle)
        print(f"runs={args.runs} timeout={args.timeout:g}s dns_delay={args.dns_delay:g}s")
        print(f"{'scenario':<36} {'check (s)':>10} {'sequential (s)':>15} {'ratio':>7}")
        for name, site_options in SCENARIOS.items():
            with loopback_site(ca, **site_options) as site:
                site.dns.delay = args.dns_delay
                ours = median_seconds(lambda: concurrent(site, args.timeout), args.runs)
                baseline = median_seconds(lambda: sequential(site, args.timeout), args.runs)
            print(f"{name:<36} {ours:>10.3f} {baseline:>15.3f} {baseline / ours:>6.1f}x")


if __name__ == "__main__":
    main()
