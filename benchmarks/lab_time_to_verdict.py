"""Time to verdict in the site-network lab: `check --json` against the manual procedure.

Run as root:  .venv/bin/python benchmarks/lab_time_to_verdict.py [--runs 5] [--timeout 3]

It builds its own lab (tests/lab, the same code as the end-to-end tests) with a 50 ms round
trip between the site and the Internet, then times, for a healthy site and for a site whose
firewall drops every port the station needs:

- the product: `check --json` in the laptop namespace; wall time of the whole command (Python
  start-up included) and the run's own `duration_ms` (first probe to verdict);
- the manual procedure on the same targets, one step after another as a technician types them:
  one DNS lookup, a TCP connect to 443, 52007 and 52017 in turn, then one NTP query, each with
  the same time-out the product gets.

Medians of `--runs` runs, and the ratio manual / product, are printed. Takes about 2 minutes.

`--baseline DIR` also times another checkout's `check` (say main before a change, from
`git archive`) in the same lab, each of its runs right after one of this checkout's, and
prints both with the ratio baseline / this checkout: above 1.0x this checkout is quicker.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO)]

from lab import faults  # noqa: E402 - the lab lives under tests/
from lab.netns import unavailable_reason  # noqa: E402
from lab.network import (  # noqa: E402
    ENDPOINT,
    GATEWAY,
    NTP_SERVERS,
    STATION_TCP_PORTS,
    TOOLS,
    Lab,
)
from lab.probes import manual_procedure  # noqa: E402

Fault = Callable[[Lab], AbstractContextManager[object]]


@dataclass
class Scenario:
    name: str
    fault: Fault
    verdict: str


SCENARIOS = (
    Scenario("healthy", lambda lab: nullcontext(), "VERDICT_READY_FIRMWARE_UNCHECKED"),
    Scenario("all dropped", faults.drop_every_station_port, "VERDICT_FIREWALL_BLOCKING"),
)


@dataclass
class Figures:
    scenario: str
    product_wall: float
    product_run: float
    manual: float
    baseline_wall: float | None = None
    baseline_run: float | None = None

    def row(self) -> str:
        return (
            f"{self.scenario:<12} {self.product_wall:>9.2f} {self.product_run:>9.2f} "
            f"{self.manual:>9.2f} {self.manual / self.product_wall:>8.1f}x "
            f"{self.manual / self.product_run:>8.1f}x"
        )

    def baseline_row(self) -> str:
        assert self.baseline_wall is not None and self.baseline_run is not None
        return (
            f"{self.scenario:<12} {self.baseline_wall:>9.2f} {self.baseline_run:>9.2f} "
            f"{self.product_wall:>9.2f} {self.product_run:>9.2f} "
            f"{self.baseline_wall / self.product_wall:>8.2f}x "
            f"{self.baseline_run / self.product_run:>8.2f}x"
        )


def measure(
    lab: Lab, scenario: Scenario, runs: int, timeout: float, baseline: Path | None = None
) -> Figures:
    walls, durations, manuals = [], [], []
    base_walls, base_durations = [], []

    def timed(source: Path | None) -> tuple[float, float]:
        report = lab.check(timeout=timeout, **({"source": source} if source else {}))
        if report.verdict != scenario.verdict:
            raise SystemExit(f"{scenario.name}: expected {scenario.verdict}, got {report!r}")
        return report.wall_s, report.duration_s

    with scenario.fault(lab):
        for _ in range(runs):
            wall, duration = timed(None)
            walls.append(wall)
            durations.append(duration)
            if baseline is not None:
                wall, duration = timed(baseline)
                base_walls.append(wall)
                base_durations.append(duration)
            manual = manual_procedure(
                lab.laptop, ENDPOINT, GATEWAY, STATION_TCP_PORTS, NTP_SERVERS[0], timeout
            )
            manuals.append(manual.seconds)
    return Figures(
        scenario.name,
        statistics.median(walls),
        statistics.median(durations),
        statistics.median(manuals),
        statistics.median(base_walls) if base_walls else None,
        statistics.median(base_durations) if base_durations else None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--timeout",
        type=float,
        default=3.0,
        help="every probe's time-out, both sides (default: the rules' 3 s)",
    )
    parser.add_argument("--rtt-ms", type=float, default=50.0)
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="another checkout whose check is timed beside this one's, run for run",
    )
    args = parser.parse_args(argv)
    if args.baseline is not None and not (args.baseline / "app" / "__main__.py").is_file():
        print(f"cannot run: {args.baseline} is not a checkout of this program", file=sys.stderr)
        return 2
    reason = unavailable_reason(TOOLS)
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    with (
        tempfile.TemporaryDirectory(prefix="snclab-bench-") as workdir,
        Lab(Path(workdir)) as lab,
        faults.wan_link(lab, rtt_ms=args.rtt_ms),
    ):
        figures = [measure(lab, s, args.runs, args.timeout, args.baseline) for s in SCENARIOS]
    print(
        f"time to verdict, {args.rtt_ms:g} ms RTT, time-out {args.timeout:g} s, "
        f"median of {args.runs} runs (seconds)"
    )
    print(f"{'scenario':<12} {'check':>9} {'check':>9} {'manual':>9} {'ratio':>9} {'ratio':>9}")
    print(f"{'':<12} {'(wall)':>9} {'(run)':>9} {'(seq.)':>9} {'(wall)':>9} {'(run)':>9}")
    for figure in figures:
        print(figure.row())
    if args.baseline is not None:
        print(f"\nbaseline {args.baseline} beside this checkout, run for run (seconds)")
        print(
            f"{'scenario':<12} {'baseline':>9} {'baseline':>9} {'this':>9} {'this':>9} "
            f"{'ratio':>9} {'ratio':>9}"
        )
        print(
            f"{'':<12} {'(wall)':>9} {'(run)':>9} {'(wall)':>9} {'(run)':>9} "
            f"{'(wall)':>9} {'(run)':>9}"
        )
        for figure in figures:
            print(figure.baseline_row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
