"""Results are data: the GUI, the command line and the report all read these objects."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

NETWORK = "network"
"""A check of the laptop's side of the site network: it sends something from the laptop, or
reads the laptop's own network settings (the `laptop` check)."""
TYPED = "typed"
"""A check that judges what the technician typed from the station's screen; it sends nothing
and is judged again as it is typed."""


@dataclass(frozen=True)
class CheckSpec:
    """What the rest of the program knows of a check without running it."""

    id: str
    step: str
    """The procedure's step that shows it (the wizard's page, the summary's number)."""
    reads: str
    """What it reads: `NETWORK` or `TYPED`."""


CHECK_SPECS: tuple[CheckSpec, ...] = (
    CheckSpec("adapter", "adapter", NETWORK),
    CheckSpec("laptop", "adapter", NETWORK),
    CheckSpec("dns", "dns", NETWORK),
    CheckSpec("ports", "ports", NETWORK),
    CheckSpec("ntp", "ports", NETWORK),
    CheckSpec("tls", "ports", NETWORK),
    CheckSpec("firmware", "firmware", TYPED),
    CheckSpec("matrix", "matrix", TYPED),
)
"""Every check, in the procedure's order. Every other list of checks derives from this one:
the runner's, the rules', the reference code's, the document's, the wizard's steps and
pages; `tests/core/test_check_list.py` fails when a check is missing from one of them."""

CHECK_IDS: tuple[str, ...] = tuple(spec.id for spec in CHECK_SPECS)
NETWORK_CHECKS: tuple[str, ...] = tuple(spec.id for spec in CHECK_SPECS if spec.reads == NETWORK)
"""The checks that send something on the network from the laptop."""
TYPED_CHECKS: tuple[str, ...] = tuple(spec.id for spec in CHECK_SPECS if spec.reads == TYPED)
"""The checks judged from what was typed: they send nothing and run as the user types."""
STEP_IDS: tuple[str, ...] = tuple(dict.fromkeys(spec.step for spec in CHECK_SPECS))
"""The procedure's steps, in order: adapter, DNS, ports, firmware, the station's readings."""


def step_checks(step_id: str) -> tuple[str, ...]:
    """The checks a step shows, in the procedure's order."""
    return tuple(spec.id for spec in CHECK_SPECS if spec.step == step_id)


def step_of_check(check_id: str) -> str:
    """The step that shows `check_id`."""
    return next(spec.step for spec in CHECK_SPECS if spec.id == check_id)


class Status(enum.StrEnum):
    """A result's status. The three orderings of statuses the program needs are here, each
    named for the question it answers; nothing else ranks statuses."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"

    @property
    def severity(self) -> int:
        """What a group of results (a step) shows: the most severe. A skip outweighs a pass,
        so a step left unfinished (a check skipped beside passed ones) never reads as
        passed; a warning or a failure says more than a skip."""
        return _SEVERITY[self]

    @property
    def standing(self) -> int:
        """How good a result is for the station, for "better" and "worse" between two runs
        (compare): a check that ran and warned stands above one that could not run; a
        failure and a crash stand equally low."""
        return _STANDING[self]

    @property
    def urgency(self) -> int:
        """Whose next steps come first (lower first): failures and crashes, then warnings,
        then passes' advice; skipped checks' last."""
        return _URGENCY[self]


_SEVERITY = {Status.PASS: 0, Status.SKIP: 1, Status.WARN: 2, Status.FAIL: 3, Status.ERROR: 4}
_STANDING = {Status.PASS: 0, Status.WARN: 1, Status.SKIP: 2, Status.FAIL: 3, Status.ERROR: 3}
_URGENCY = {Status.ERROR: 0, Status.FAIL: 0, Status.WARN: 1, Status.PASS: 2, Status.SKIP: 3}


def worst(statuses: Iterable[Status]) -> Status | None:
    """The status a group of results shows (see `Status.severity`); None for no result."""
    return max(statuses, key=lambda status: status.severity, default=None)


Params = dict[str, Any]


class Evidence:
    """What a check found: one typed record per check, in `app/core/evidence.py`."""

    check_id: ClassVar[str]

    def to_json(self) -> dict[str, Any]:
        """The `evidence` object of the JSON document."""
        raise NotImplementedError


E = TypeVar("E", bound=Evidence)


class LiveRow(Protocol):
    """A row of live progress (a port on an address, a DNS or NTP server): its `key` tells
    its row apart in the table, `state` is `running` until it ends."""

    @property
    def key(self) -> str: ...

    @property
    def state(self) -> str: ...


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
    evidence: Evidence | None = None
    next_steps: tuple[NextStep, ...] = ()
    duration_ms: int = 0
    params: Params = field(default_factory=dict)
    """Values the catalogue's sentences for `code` are filled with."""

    @property
    def failed(self) -> bool:
        return self.status in (Status.FAIL, Status.ERROR)

    def evidence_as(self, kind: type[E]) -> E | None:
        """The evidence when it is of `kind` (a skipped or crashed check has other or none)."""
        return self.evidence if isinstance(self.evidence, kind) else None


@dataclass(frozen=True)
class Probe:
    """One live row of progress: a port, a DNS server, an NTP server, filled in as it ends."""

    check_id: str
    row: LiveRow

    @property
    def key(self) -> str:
        return self.row.key

    @property
    def state(self) -> str:
        return self.row.state


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
    reference: str | None = None
    """The code as it was read out: the one a saved document carried, kept when it is the one
    that run gave on the day in an earlier layout of the code, or the code a run read back
    from a reference code was decoded from (None: worked out from the results)."""
    endpoint: str | None = field(kw_only=True)
    """The VPN endpoint the run tested: the one asked for, else its region's in the rules the
    run used. Set once where the run is made (the runner, a saved document read back) and read
    by every output; None where no run asked for one (a reference code carries none)."""

    def result(self, check_id: str) -> CheckResult | None:
        return next((r for r in self.results if r.id == check_id), None)
