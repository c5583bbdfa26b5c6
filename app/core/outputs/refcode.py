"""The reference code: a whole run, next steps included, in letters a caller can read out
on the phone.

Written form: groups of four, `XXXX-XXXX-XXXX-XXXX-XX`. The last character is a check
character; the others carry the data.

Alphabet: the 31 characters `0123456789ABCDEFGHJKMNPQRSTVWXY`, Crockford's base 32 without
`Z` (it reads like `2`); `I`, `L`, `O` and `U` are never written. Reading back is lenient:
lower case, spaces and dashes are ignored, and `O` is read as `0`, `I` and `L` as `1`, the
way Crockford's decoding does. Any other character is refused.

Check character: positions are weighted 1, 2, 3… and the weighted sum of the symbol values
is 0 modulo 31. Because 31 is prime and every weight is below it (a code has at most 30
characters), changing any one character changes the sum, and so does swapping two different
neighbours (their weights differ by one): every single substitution and every adjacent
transposition is detected.

Layout 1 (written by this version; 14 to 30 characters), fields from the least significant
bit of the data up:

    layout 2 · region 3 · version major 3, minor 5, patch 5 · cancelled 1 ·
    checks 4, then that many × 5 · next steps 4, then that many × 6

The checks are `CODE_TABLE`'s, in its order; a code holds as many as its version knew, so a
new check is appended to the table and older codes read it as not run. The next steps are
the verdict's, in the order the site host's window numbers them, each by its number in
`STEP_TABLE`. The length follows from the two counts, so a dropped or added character is
caught too.

Layout 0 (the first, 12 characters; still read, never written): 54 bits, most significant
first: layout 2 · region 3 · version 13 · cancelled 1 · 7 checks × 5. It carries no next
steps.

Each check's result is its number in `CODE_TABLE`. The numbers are stable forever: a new code
takes a free number, a retired one keeps its number unused. 0 means the check was not run,
1 skipped, 2 crashed, 3 to 26 the check's own codes, 27 to 31 a code this table does not list
(a changed rules file's matrix row), by status, so the verdict can still be worked out.

The numbers of `REGIONS` and `STEP_TABLE` are stable the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from app import __version__
from app.core.messages import Words
from app.core.model import (
    CHECK_IDS,
    CheckResult,
    NextStep,
    RunInputs,
    RunReport,
    Status,
    Verdict,
)
from app.core.verdict import decide

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"
BASE = len(ALPHABET)  # 31, a prime
DATA_LENGTH = 11
"""Data characters of a layout 0 code."""
LENGTH = DATA_LENGTH + 1
"""Characters of a layout 0 code, the first layout's."""
LONGEST = BASE - 1
"""The most characters a code can have: the check catches every typo while each position's
weight is below 31."""
GROUP = 4
REFERENCE_SCHEMA = "station-network-check/reference/1"
LAYOUT = 1
"""The payload layout written by this version; a later layout takes the next number."""
COUNT_BITS = 4
STEP_BITS = 6
MAX_STEPS = 10
"""The most next steps a code carries; a longer list carries its first ten and says so."""

_ALIASES = {"O": "0", "I": "1", "L": "1"}
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
_IGNORED = re.compile(r"[\s\-‐‑‒–—_.]+")

NOT_RUN, SKIPPED, CRASHED = 0, 1, 2
FIRST_OWN = 3
UNLISTED: dict[Status, int] = {
    Status.PASS: 27,
    Status.WARN: 28,
    Status.FAIL: 29,
    Status.SKIP: 30,
    Status.ERROR: 31,
}
CHECK_BITS = 5

REGIONS: tuple[str, ...] = ("us", "ca")
"""Region numbers: never reorder, only append."""

CODE_TABLE: dict[str, tuple[tuple[str, Status], ...]] = {
    # Numbers 3, 4, 5… in this order. Never reorder, never remove: append only.
    "adapter": (
        ("ADAPTER_OK", Status.PASS),
        ("ADAPTER_NOT_FOUND", Status.FAIL),
        ("ADAPTER_NO_LINK", Status.FAIL),
        ("ADAPTER_NO_IPV4", Status.FAIL),
        ("ADAPTER_SELF_ASSIGNED", Status.FAIL),
        ("ADAPTER_NO_GATEWAY", Status.FAIL),
        ("ADAPTER_OTHER_ROUTE", Status.WARN),
        ("ADAPTER_LINK_DEGRADED", Status.WARN),
        ("ADAPTER_UNSUPPORTED_PLATFORM", Status.FAIL),
        ("ADAPTER_INTERFACE_NOT_FOUND", Status.FAIL),
        ("ADAPTER_UNCONFIRMED", Status.WARN),
    ),
    "dns": (
        ("DNS_OK", Status.PASS),
        ("DNS_NXDOMAIN", Status.FAIL),
        ("DNS_TIMEOUT", Status.FAIL),
        ("DNS_UNREACHABLE", Status.FAIL),
        ("DNS_SERVERS_DISAGREE", Status.WARN),
        ("DNS_SERVFAIL", Status.FAIL),
        ("DNS_NO_ANSWER", Status.FAIL),
        ("DNS_NO_SERVERS", Status.FAIL),
        ("DNS_SUSPICIOUS_ANSWER", Status.WARN),
    ),
    "ports": (
        ("PORTS_OK", Status.PASS),
        ("PORTS_BLOCKED", Status.FAIL),
        ("PORTS_BLOCKED_SOME", Status.FAIL),
        ("PORTS_INTERCEPTED", Status.WARN),
    ),
    "ntp": (
        ("NTP_OK", Status.PASS),
        ("NTP_BLOCKED", Status.FAIL),
        ("NTP_SERVER_UNUSABLE", Status.WARN),
        ("NTP_CLOCK_SKEW", Status.WARN),
    ),
    "tls": (
        ("TLS_OK", Status.PASS),
        ("TLS_INTERCEPTED", Status.FAIL),
        ("TLS_FAILED", Status.FAIL),
        ("TLS_STALLED", Status.FAIL),
        ("TLS_PATH_MTU", Status.FAIL),
    ),
    "firmware": (
        ("FIRMWARE_OK", Status.PASS),
        ("FIRMWARE_TOO_OLD", Status.FAIL),
        ("FIRMWARE_INVALID", Status.FAIL),
        ("FIRMWARE_UNKNOWN_MODEL", Status.FAIL),
    ),
    "matrix": (
        ("MATRIX_LINK_DOWN", Status.FAIL),
        ("MATRIX_VPN_DOWN", Status.FAIL),
        ("MATRIX_CLOUD_DOWN", Status.FAIL),
        ("MATRIX_CONNECTED", Status.PASS),
        ("MATRIX_INCONSISTENT", Status.FAIL),
    ),
    # Appended after the first seven: a code made before it reads it as not run.
    "laptop": (
        ("LAPTOP_OK", Status.PASS),
        ("LAPTOP_PROXY", Status.WARN),
        ("LAPTOP_VPN", Status.WARN),
    ),
}

STEP_TABLE: tuple[str, ...] = (
    # Numbers 1, 2, 3… in this order (0: a step this table does not list). Never reorder,
    # never remove: append only.
    "STEP_PICK_ANOTHER_ADAPTER",
    "STEP_READ_FIRMWARE",
    "STEP_USE_SUPPORTED_LAPTOP",
    "STEP_CONNECT_WIRED_ADAPTER",
    "STEP_PLUG_CABLE",
    "STEP_ASK_DHCP",
    "STEP_ASK_GATEWAY",
    "STEP_TESTS_NOT_TIED",
    "STEP_DISABLE_OTHER_ADAPTERS",
    "STEP_CHECK_CABLE_QUALITY",
    "STEP_ASK_DNS_ADMIN",
    "STEP_CHECK_DNS_REWRITE",
    "STEP_ALLOW_BY_NAME",
    "STEP_ASK_FIREWALL_RULES",
    "STEP_ASK_PUBLIC_ROUTE",
    "STEP_ASK_TLS_INSPECTION_BYPASS",
    "STEP_CHECK_TRUST_STORE",
    "STEP_ASK_HTTPS_FILTER",
    "STEP_SET_LAPTOP_CLOCK",
    "STEP_CONTACT_CHARGEPOINT_FIRMWARE",
    "STEP_ENTER_FIRMWARE_AGAIN",
    "STEP_CHOOSE_MODEL",
    "STEP_CHECK_CABLING",
    "STEP_RESTART_BREAKER",
    "STEP_REPEAT_TROUBLESHOOTING",
    "STEP_FIX_LAPTOP_DNS",
    "STEP_REREAD_NETWORK_SIGNAL",
    "STEP_CONTACT_CHARGEPOINT_WITH_CODE",
    "STEP_CONTACT_CHARGEPOINT",
    "STEP_CONTACT_CHARGEPOINT_IF_ISSUES",
    "STEP_RECHECK_READINGS",
    "STEP_SEND_REPORT",
    "STEP_RUN_AGAIN",
    "STEP_CONFIRM_ADAPTER",
    "STEP_ASK_NO_INTERCEPTION",
    "STEP_FIX_PATH_MTU",
    "STEP_LAPTOP_PROXY",
    "STEP_LAPTOP_VPN",
)
UNLISTED_STEP = 0
UNLISTED_STEP_CODE = "STEP_UNLISTED"
"""What a step this table does not list reads back as (the catalogue says it is unknown)."""

CHECK_ORDER: tuple[str, ...] = tuple(CODE_TABLE)
"""The order the checks' numbers are packed in: `CODE_TABLE`'s, which only grows (a new
check is appended; a code says how many it holds). What is read back is shown in the
procedure's order (`CHECK_IDS`)."""

_VERSION_BITS = (3, 5, 5)
_LAYOUT0_CHECKS = tuple(CODE_TABLE)[:7]
"""The checks a layout 0 code holds, in its order: the table's first seven (it only grows)."""


_SHOWN = tuple(check_id for check_id in CHECK_IDS if check_id in CODE_TABLE)
"""The checks a code holds, in the procedure's order."""


class RefCodeError(ValueError):
    """A code that cannot be read back. `reason` is stable (`length`, `character`, `check`,
    `unknown` for a newer version's code, `invalid`); `detail` holds the values the
    catalogue's `REFCODE_<REASON>` sentence uses."""

    def __init__(self, reason: str, message: str, **detail: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.detail = dict(detail)


@dataclass(frozen=True)
class DecodedCheck:
    """One check as the code tells it; `code` is None for a code the table does not list."""

    id: str
    number: int
    code: str | None
    status: Status


@dataclass(frozen=True)
class DecodedStep:
    """One next step as the code tells it; `code` is None for a step the table does not
    list (a newer version's, from a changed rules file)."""

    number: int
    code: str | None


@dataclass(frozen=True)
class Reference:
    """Everything a reference code holds, read back."""

    code: str
    """The code in its written form, `XXXX-XXXX-XXXX-…`."""
    layout: int
    region: str
    version: str
    cancelled: bool
    checks: tuple[DecodedCheck, ...]
    """The checks that ran (number ≠ 0), in the procedure's order."""
    verdict: Verdict
    """The verdict the run's results add up to, worked out again from the codes; its next
    steps are the ones the code carries (none for a layout 0 code)."""
    steps: tuple[DecodedStep, ...] | None = None
    """The verdict's next steps in the site host's order; None: the code's layout carries
    none (they are then unavailable, never guessed)."""
    more_steps: bool = False
    """The run had more next steps than a code carries (`MAX_STEPS`): the first are here."""


# -- numbers for codes ----------------------------------------------------------------------


def check_number(check_id: str, code: str, status: Status) -> int:
    """The stable number of `code` for `check_id`: skipped, crashed, a listed code with its
    listed status, or else an unlisted code of that status."""
    if code == f"{check_id.upper()}_SKIPPED":
        return SKIPPED
    if code == "CHECK_CRASHED":
        return CRASHED
    for offset, (listed, listed_status) in enumerate(CODE_TABLE[check_id]):
        # A changed rules file can give a matrix code another status: the status wins, since
        # the verdict read back from the code depends on it.
        if listed == code and listed_status == status:
            return FIRST_OWN + offset
    return UNLISTED[status]


def number_meaning(check_id: str, number: int) -> tuple[str | None, Status]:
    """The code and status a number stands for; raises KeyError for a free number."""
    if number == SKIPPED:
        return f"{check_id.upper()}_SKIPPED", Status.SKIP
    if number == CRASHED:
        return "CHECK_CRASHED", Status.ERROR
    for status, unlisted in UNLISTED.items():
        if number == unlisted:
            return None, status
    table = CODE_TABLE[check_id]
    if FIRST_OWN <= number < FIRST_OWN + len(table):
        return table[number - FIRST_OWN]
    raise KeyError(number)


def step_number(code: str) -> int:
    """The stable number of a next step's code (0: a step the table does not list)."""
    try:
        return STEP_TABLE.index(code) + 1
    except ValueError:
        return UNLISTED_STEP


FIRST_VERSION = "0.1.0"
"""The first release to write reference codes: a code from an earlier version is misheard."""


def _version_parts(version: str) -> tuple[int, int, int]:
    """`major.minor.patch`, each part capped at what its bits hold (the last value then
    reads "this or later")."""
    numbers = [
        int(m.group()) if (m := re.match(r"\d+", part)) else 0 for part in version.split(".")[:3]
    ]
    numbers += [0] * (3 - len(numbers))
    capped = [min(n, (1 << bits) - 1) for n, bits in zip(numbers, _VERSION_BITS, strict=True)]
    return capped[0], capped[1], capped[2]


# -- symbols and the check character ----------------------------------------------------------


def _weighted_sum(values: Sequence[int]) -> int:
    return sum((i + 1) * v for i, v in enumerate(values)) % BASE


def _check_symbol(values: Sequence[int]) -> int:
    """The value that makes Σ (position × value) ≡ 0 (mod 31), positions from 1."""
    weight = len(values) + 1
    return (-_weighted_sum(values) * pow(weight, -1, BASE)) % BASE


def format_code(symbols: str) -> str:
    """`XXXXXXXXXXXXXXXXXX` → `XXXX-XXXX-XXXX-XXXX-XX`."""
    return "-".join(symbols[i : i + GROUP] for i in range(0, len(symbols), GROUP))


def normalize(text: str) -> str:
    """The code's symbols as typed, without spaces and dashes, upper case, O→0, I/L→1.

    Raises RefCodeError (`character`) on anything outside the alphabet and (`length`) when
    the number of symbols is fewer than 12 or more than 30."""
    symbols = _IGNORED.sub("", text).upper()
    symbols = "".join(_ALIASES.get(c, c) for c in symbols)
    wrong = [c for c in symbols if c not in _VALUES]
    if wrong:
        raise RefCodeError(
            "character", f"not a reference code character: {wrong[0]!r}", character=wrong[0]
        )
    if not LENGTH <= len(symbols) <= LONGEST:
        raise RefCodeError(
            "length",
            f"a reference code has {LENGTH} to {LONGEST} characters, this one has {len(symbols)}",
            count=len(symbols),
            shortest=LENGTH,
            longest=LONGEST,
        )
    return symbols


# -- encoding ---------------------------------------------------------------------------------


def _symbols(value: int, length: int) -> str:
    """`value` in `length` data symbols, most significant first, and the check character."""
    values = []
    for _ in range(length):
        value, digit = divmod(value, BASE)
        values.append(digit)
    if value:
        raise ValueError("payload does not fit")
    values.reverse()
    values.append(_check_symbol(values))
    return format_code("".join(ALPHABET[v] for v in values))


def _data_length(check_count: int, step_count: int) -> int:
    """A layout 1 code's data symbols: the fewest that hold its bits. It follows from the two
    counts alone, so the reader knows how long the code must be."""
    bits = 2 + 3 + sum(_VERSION_BITS) + 1
    bits += COUNT_BITS + CHECK_BITS * check_count + COUNT_BITS + STEP_BITS * step_count
    length = 1
    while BASE**length < 1 << bits:
        length += 1
    return length


def encode_fields(
    region: str,
    version: str,
    cancelled: bool,
    numbers: Mapping[str, int],
    steps: Sequence[int] = (),
    check_count: int | None = None,
) -> str:
    """The written code for these fields; `numbers` maps check ids to their numbers
    (missing ids: not run), `steps` are the next steps' numbers in order (beyond
    `MAX_STEPS`, the first are carried and the code says there were more). `check_count`:
    the checks the run's version had, the first of `CHECK_ORDER` (by default all)."""
    order = CHECK_ORDER[: len(CHECK_ORDER) if check_count is None else check_count]
    if set(numbers) - set(order):
        raise ValueError(f"no field for {sorted(set(numbers) - set(order))}")
    fields: list[tuple[int, int]] = [(LAYOUT, 2), (REGIONS.index(region), 3)]
    fields += list(zip(_version_parts(version), _VERSION_BITS, strict=True))
    fields.append((int(cancelled), 1))
    fields.append((len(order), COUNT_BITS))
    for check_id in order:
        number = numbers.get(check_id, NOT_RUN)
        if not 0 <= number < 1 << CHECK_BITS:
            raise ValueError(f"{check_id}: number {number} out of range")
        fields.append((number, CHECK_BITS))
    carried = list(steps[:MAX_STEPS])
    fields.append((len(carried) + (len(steps) > MAX_STEPS), COUNT_BITS))
    for number in carried:
        if not 0 <= number < 1 << STEP_BITS:
            raise ValueError(f"step number {number} out of range")
        fields.append((number, STEP_BITS))
    value, shift = 0, 0
    for field_value, bits in fields:
        value |= field_value << shift
        shift += bits
    return _symbols(value, _data_length(len(order), len(carried)))


def encode_layout0(region: str, version: str, cancelled: bool, numbers: Mapping[str, int]) -> str:
    """A code of the first layout (12 characters, no next steps): what version 0.1.0 wrote
    until codes carried the next steps. A saved run of that time keeps it."""
    value = 0
    value = (value << 3) | REGIONS.index(region)
    for part, bits in zip(_version_parts(version), _VERSION_BITS, strict=True):
        value = (value << bits) | part
    value = (value << 1) | int(cancelled)
    for check_id in _LAYOUT0_CHECKS:
        number = numbers.get(check_id, NOT_RUN)
        if not 0 <= number < 1 << CHECK_BITS:
            raise ValueError(f"{check_id}: number {number} out of range")
        value = (value << CHECK_BITS) | number
    return _symbols(value, DATA_LENGTH)


def encode(report: RunReport, version: str | None = None) -> str:
    """The reference code of a run: `XXXX-XXXX-XXXX`.

    Raises ValueError for a region `REGIONS` does not list (a changed rules file can add
    one): no number would tell it truly. Callers that must not fail use `reference_or_none`.
    """
    if report.reference is not None and version is None:
        return report.reference  # the code as read out that day (see RunReport.reference)
    numbers = _numbers(report)
    # A run read back from a file keeps the code its own version gave on the day.
    version = version or report.made_by or __version__
    steps = [step_number(s.code) for s in report.verdict.next_steps]
    # A saved run keeps the checks of its day: one made before a check existed (the laptop
    # check) has no field for it, so its code and its verdict read back as they were.
    count = None
    if report.made_by is not None:
        count = max((CHECK_ORDER.index(n) + 1 for n in numbers), default=0)
        count = max(count, len(_LAYOUT0_CHECKS))
    return encode_fields(report.inputs.region, version, report.cancelled, numbers, steps, count)


def _numbers(report: RunReport) -> dict[str, int]:
    return {
        r.id: check_number(r.id, r.code, r.status) for r in report.results if r.id in CODE_TABLE
    }


def kept_reference(report: RunReport, written: str | None) -> str | None:
    """The code a saved document carries, when it is the one this run gave on the day in
    an earlier layout (a first-layout code, shown before codes carried the next steps): the
    file then still says what was read out on the phone. None otherwise (the code is worked
    out again)."""
    if not written:
        return None
    try:
        symbols = normalize(written)
    except RefCodeError:
        return None
    if len(symbols) != LENGTH or report.made_by is None:
        return None
    try:
        again = encode_layout0(
            report.inputs.region, report.made_by, report.cancelled, _numbers(report)
        )
    except ValueError:
        return None
    return again if again.replace("-", "") == symbols else None


def reference_or_none(report: RunReport, version: str | None = None) -> str | None:
    """`encode`, or None when the run cannot be told by a code (a region not in `REGIONS`)."""
    try:
        return encode(report, version)
    except ValueError:
        return None


# -- decoding ---------------------------------------------------------------------------------


def decode(text: str) -> Reference:
    """Read a code back, as typed. A mistyped code raises RefCodeError, never a wrong result:
    the check character catches every single wrong character and every swap of neighbours,
    the length must be the one the code's own counts call for, and every field must hold a
    number this version knows."""
    symbols = normalize(text)
    values = [_VALUES[c] for c in symbols]
    if _weighted_sum(values):
        raise RefCodeError(
            "check",
            "the check character does not match: a character was mistyped or two were swapped",
        )
    value = 0
    for digit in values[:-1]:
        value = value * BASE + digit
    if len(symbols) == LENGTH:
        return _decode_layout0(symbols, value)
    return _decode_layout1(symbols, value)


class _Bits:
    """Fields read off an integer, least significant first."""

    def __init__(self, value: int) -> None:
        self.value = value

    def take(self, bits: int) -> int:
        field = self.value & ((1 << bits) - 1)
        self.value >>= bits
        return field


def _unknown(what: str, version: str) -> RefCodeError:
    # A later version may have numbers this one lacks; from this version or an earlier one,
    # an unknown number means a code no version writes (two typos that add up).
    newer = _version_parts(version) > _version_parts(__version__)
    return RefCodeError(
        "unknown" if newer else "invalid",
        f"{what} unknown to this version ({__version__}); the code says "
        f"it was made by version {version}",
        version=version,
        current=__version__,
        field=what,
    )


def _decoded_checks(
    order: Sequence[str], numbers: Sequence[int], version: str
) -> tuple[DecodedCheck, ...]:
    checks = []
    for check_id, number in zip(order, numbers, strict=True):
        if number == NOT_RUN:
            continue
        try:
            code, status = number_meaning(check_id, number)
        except KeyError:
            raise _unknown(f"{check_id} result {number}", version) from None
        checks.append(DecodedCheck(check_id, number, code, status))
    checks.sort(key=lambda check: _SHOWN.index(check.id))
    return tuple(checks)


def _reference(
    symbols: str,
    layout: int,
    region: str,
    version: str,
    cancelled: bool,
    checks: tuple[DecodedCheck, ...],
    steps: tuple[DecodedStep, ...] | None,
    more_steps: bool = False,
    known: Sequence[str] = CHECK_ORDER,
) -> Reference:
    if _version_parts(version) < _version_parts(FIRST_VERSION):
        raise _unknown(f"version {version}", version)  # older than any release: no program wrote it
    results = tuple(CheckResult(c.id, c.status, c.code or "CHECK_UNLISTED") for c in checks)
    # A check the code's version did not have is not "left out": the verdict is the one that
    # version gave.
    verdict = decide(results, cancelled=cancelled, checks=known)
    # The steps are the site host's, as carried; a code without them shows none.
    carried = tuple(NextStep(step.code or UNLISTED_STEP_CODE) for step in steps or ())
    verdict = replace(verdict, next_steps=carried)
    return Reference(
        format_code(symbols), layout, region, version, cancelled, checks, verdict, steps, more_steps
    )


def _decode_layout0(symbols: str, value: int) -> Reference:
    numbers = []
    for _ in _LAYOUT0_CHECKS:
        numbers.append(value & ((1 << CHECK_BITS) - 1))
        value >>= CHECK_BITS
    numbers.reverse()
    cancelled = bool(value & 1)
    value >>= 1
    parts = []
    for bits in reversed(_VERSION_BITS):
        parts.append(value & ((1 << bits) - 1))
        value >>= bits
    version = ".".join(str(p) for p in reversed(parts))
    region_number = value & 0b111
    layout = value >> 3
    if layout != 0:
        raise _unknown(f"layout {layout}", version)
    if region_number >= len(REGIONS):
        raise _unknown(f"region {region_number}", version)
    checks = _decoded_checks(_LAYOUT0_CHECKS, numbers, version)
    return _reference(
        symbols,
        0,
        REGIONS[region_number],
        version,
        cancelled,
        checks,
        None,
        known=_LAYOUT0_CHECKS,
    )


def _decode_layout1(symbols: str, value: int) -> Reference:
    bits = _Bits(value)
    layout = bits.take(2)
    region_number = bits.take(3)
    version = ".".join(str(bits.take(n)) for n in _VERSION_BITS)
    cancelled = bool(bits.take(1))
    if layout != LAYOUT:
        raise _unknown(f"layout {layout}", version)
    if region_number >= len(REGIONS):
        raise _unknown(f"region {region_number}", version)
    check_count = bits.take(COUNT_BITS)
    if check_count > len(CHECK_ORDER):
        raise _unknown(f"{check_count} checks", version)
    numbers = [bits.take(CHECK_BITS) for _ in range(check_count)]
    step_count = bits.take(COUNT_BITS)
    if step_count > MAX_STEPS + 1:
        raise _unknown(f"{step_count} steps", version)
    more_steps = step_count > MAX_STEPS
    carried = min(step_count, MAX_STEPS)
    step_numbers = [bits.take(STEP_BITS) for _ in range(carried)]
    if bits.value or len(symbols) - 1 != _data_length(check_count, carried):
        # The counts call for another length: a character was dropped, added or misheard.
        raise _unknown("the code's length", version)
    steps = []
    for number in step_numbers:
        if number == UNLISTED_STEP:
            steps.append(DecodedStep(number, None))
        elif number <= len(STEP_TABLE):
            steps.append(DecodedStep(number, STEP_TABLE[number - 1]))
        else:
            raise _unknown(f"step {number}", version)
    checks = _decoded_checks(CHECK_ORDER[:check_count], numbers, version)
    return _reference(
        symbols,
        layout,
        REGIONS[region_number],
        version,
        cancelled,
        checks,
        tuple(steps),
        more_steps,
        known=CHECK_ORDER[:check_count],
    )


def reference_report(reference: Reference, read_at: str) -> RunReport:
    """The run a code tells, as a report the wizard can show read-only: each check's status
    and code, the verdict and its next steps (as carried), and nothing the code cannot carry
    (no evidence, no values in the sentences: those are in the site host's saved report).
    `read_at` is when the code was read out (ISO 8601), the only time there is."""
    results = tuple(
        CheckResult(c.id, c.status, c.code or "CHECK_UNLISTED") for c in reference.checks
    )
    return RunReport(
        inputs=RunInputs(region=reference.region),
        started_at=read_at,
        finished_at=read_at,
        duration_ms=0,
        results=results,
        verdict=reference.verdict,
        cancelled=reference.cancelled,
        made_by=reference.version,
        reference=reference.code,  # the code read out, whatever its layout: never another
        endpoint=None,  # a code carries the region only
    )


# -- words ------------------------------------------------------------------------------------


def step_words(step: NextStep, words: Words) -> tuple[str, str | None]:
    """A next step's title and instruction; the instruction is None when it needs values a
    reference code does not carry (a host name, a port): the title alone is then true."""
    text = words.text(step.code, step.params)
    return text.title, text.instruction if words.has_values(step.code, step.params) else None


def _steps_document(reference: Reference, words: Words) -> list[dict[str, Any]]:
    rows = []
    for index, (step, carried) in enumerate(
        zip(reference.verdict.next_steps, reference.steps or (), strict=True), 1
    ):
        title, instruction = step_words(step, words)
        rows.append(
            {
                "position": index,
                "number": carried.number,
                "code": carried.code,
                "title": title,
                "instruction": instruction,
            }
        )
    return rows


def reference_document(reference: Reference, words: Words) -> dict[str, Any]:
    """A decoded code as JSON (`decode --json`): ids, numbers, codes and statuses are stable,
    titles are in the language of `words`. Checks that did not run are listed with `status`
    null; `next_steps` is null for a code of a layout that carries none."""
    ran = {check.id: check for check in reference.checks}
    checks = []
    for check_id in _SHOWN:
        found = ran.get(check_id)
        code = (found.code or "CHECK_UNLISTED") if found else None
        checks.append(
            {
                "id": check_id,
                "name": words.check_name(check_id),
                "number": found.number if found else NOT_RUN,
                "status": found.status.value if found else None,
                "code": found.code if found else None,
                "title": words.title(code) if code else words.term("LABEL_NOT_RUN"),
            }
        )
    verdict = words.text(reference.verdict.code, reference.verdict.params)
    return {
        "schema": REFERENCE_SCHEMA,
        "reference": reference.code,
        "language": words.lang,
        "layout": reference.layout,
        "region": reference.region,
        "version": reference.version,
        "cancelled": reference.cancelled,
        "checks": checks,
        "verdict": {
            "status": reference.verdict.status.value,
            "code": reference.verdict.code,
            "title": verdict.title,
            "summary": verdict.explanation,
        },
        "next_steps": None if reference.steps is None else _steps_document(reference, words),
        "more_steps": reference.more_steps,
        "not_carried": not_carried(reference, words),
    }


def not_carried(reference: Reference, words: Words) -> str:
    """What the code cannot tell, said once: the details, and for a first-layout code the
    next steps too."""
    text = words.term("REFCODE_NOT_CARRIED")
    if reference.steps is None:
        text += " " + words.term("REFCODE_NO_STEPS")
    elif reference.more_steps:
        text += " " + words.term("REFCODE_MORE_STEPS", {"count": MAX_STEPS})
    return text


def reference_text(reference: Reference, words: Words) -> str:
    """A decoded code as lines for people: every check with its status, code and title,
    then the verdict and the numbered next steps, as the caller's screen showed them."""

    def label(name: str) -> str:
        return words.label(words.term(name))

    marks = {status: words.term(f"STATUS_{status.name}").upper() for status in Status}
    width = max(len(mark) for mark in marks.values())
    region = words.term(f"REGION_{reference.region.upper()}")
    lines = [
        f"{label('LABEL_REFERENCE')} {reference.code}",
        f"{label('LABEL_REGION')} {region} · {label('LABEL_APP_VERSION')} {reference.version}",
        "",
    ]
    if reference.cancelled:
        lines[-1:] = [words.term("LABEL_RUN_STOPPED"), ""]
    ran = {check.id: check for check in reference.checks}
    for check_id in _SHOWN:
        name = words.check_name(check_id)
        found = ran.get(check_id)
        if found is None:
            lines.append(
                f"{'-':<{width}} {name:<22} {'':<24} {words.term('LABEL_NOT_RUN')}".rstrip()
            )
            continue
        code = found.code or "CHECK_UNLISTED"
        lines.append(f"{marks[found.status]:<{width}} {name:<22} {code:<24} {words.title(code)}")
    verdict = words.text(reference.verdict.code, reference.verdict.params)
    lines += [
        "",
        f"{label('LABEL_VERDICT')} {verdict.title} ({reference.verdict.code})",
        verdict.explanation,
    ]
    if reference.verdict.next_steps:
        lines += ["", label("LABEL_NEXT_STEPS")]
        for number, step in enumerate(reference.verdict.next_steps, 1):
            title, instruction = step_words(step, words)
            lines.append(f"{number:>2}. {title}")
            if instruction:
                lines.append(f"    {instruction}")
    lines += ["", not_carried(reference, words)]
    return "\n".join(lines) + "\n"
