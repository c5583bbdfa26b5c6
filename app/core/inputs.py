"""What a run and a watch may be asked, said once: the command line refuses anything else with
one line, the wizard's fields offer nothing else, and the checks read the same rules.

Facts about the station's network (endpoints, ports, servers) are in the rules file; these are
rules about the questions, the same whatever the rules file says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Bounds:
    """A closed range of seconds a value must fall in."""

    low: float
    high: float

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high


PROBE_TIMEOUT_S = Bounds(0.1, 60.0)
"""`--timeout`: shorter cannot tell a slow answer from none, longer leaves a technician
waiting on one silent probe."""

WATCH_INTERVAL_S = Bounds(1.0, 3600.0)
"""Retest until fixed: seconds between rounds. Below a second a round would start before
the last one's probes had time to see a change; up to an hour for an unattended watch."""

WATCH_BOUND_S = Bounds(1.0, 86400.0)
"""Retest until fixed: how long to go on, at most a day."""

DEFAULT_WATCH_INTERVAL_S = 5.0
DEFAULT_WATCH_BOUND_S = 600.0

READINGS: dict[str, tuple[str, ...]] = {
    "link": ("up", "down"),
    "vpn": ("connected", "disconnected"),
    "cloud": ("connected", "disconnected"),
}
"""The station's Network-signal readings and the values its page shows."""

REQUIRED_READINGS = ("link", "vpn")
"""The readings the guide's matrix cannot go without; the connection state may be missing
(some firmware does not show it)."""


def missing_readings(readings: Mapping[str, str | None]) -> tuple[str, ...]:
    """The readings the matrix needs that `readings` lacks, in the page's order."""
    return tuple(name for name in REQUIRED_READINGS if not readings.get(name))


def readings_incomplete(readings: Mapping[str, str | None]) -> bool:
    """Some readings given, but not all the matrix needs: a mistake to point out, where
    giving none at all just leaves the matrix out."""
    return any(readings.get(name) for name in READINGS) and bool(missing_readings(readings))
