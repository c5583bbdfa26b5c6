"""Results are data: the GUI, the command line and the report all read these objects."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

NETWORK_CHECKS = ("adapter", "dns", "ports", "ntp", "tls")
"""The checks that send something on the network from the laptop; the others read input."""


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"

    @property
    def severity(self) -> int:
        """Order used to pick the worst status of a run (skip counts as neutral)."""
        return _SEVERITY[self]


_SEVERITY = {Status.PASS: 0, Status.SKIP: 0, Status.WARN: 1, Status.FAIL: 2, Status.ERROR: 3}

Params = dict[str, Any]


@dataclass(frozen=True)
class NextStep:
    """An action for a person, named by a stable code; the words come from the catalogue."""

    code: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    id: str
    status: Status
    code: str
    evidence: Params = field(default_factory=dict)
    next_steps: tuple[NextStep, ...] = ()
    duration_ms: int = 0
    params: Params = field(default_factory=dict)
    """Values the catalogue's sentences for `code` are filled with."""

    @property
    def failed(self) -> bool:
        return self.status in (Status.FAIL, Status.ERROR)


@dataclass(frozen=True)
class Probe:
    """One live row of progress: a port, a DNS server, an NTP server, filled in as it ends."""

    check_id: str
    key: str
    state: str
    detail: Params = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    status: Status
    code: str
    next_steps: tuple[NextStep, ...]
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class RunInputs:
    """Everything a run was asked to do; recorded as is in the report."""

    region: str = "us"
    interface: str | None = None
    endpoint: str | None = None
    ntp_servers: tuple[str, ...] = ()
    dns_servers: tuple[str, ...] = ()
    timeout: float | None = None
    model: str | None = None
    firmware: str | None = None
    link: str | None = None
    vpn: str | None = None
    cloud: str | None = None
    only: tuple[str, ...] = ()
    rules_file: str | None = None

    def as_dict(self) -> Params:
        return {
            "region": self.region,
            "interface": self.interface,
            "endpoint": self.endpoint,
            "ntp_servers": list(self.ntp_servers),
            "dns_servers": list(self.dns_servers),
            "timeout": self.timeout,
            "model": self.model,
            "firmware": self.firmware,
            "link": self.link,
            "vpn": self.vpn,
            "cloud": self.cloud,
            "only": list(self.only),
            "rules_file": self.rules_file,
        }


@dataclass(frozen=True)
class RunReport:
    inputs: RunInputs
    started_at: str
    finished_at: str
    duration_ms: int
    results: tuple[CheckResult, ...]
    verdict: Verdict
    cancelled: bool = False
    made_by: str | None = None
    """The version of the program that ran it, for a run read back from a saved document
    (None: this program). Its reference code is the one that version gave."""

    def result(self, check_id: str) -> CheckResult | None:
        return next((r for r in self.results if r.id == check_id), None)
