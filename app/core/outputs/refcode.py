"""The reference code: a whole run in twelve characters a caller can read out on the phone.

Written form: three groups of four, `XXXX-XXXX-XXXX` (14 characters with the two dashes, 12
without). Eleven characters carry the data and the twelfth is a check character.

Alphabet: the 31 characters `0123456789ABCDEFGHJKMNPQRSTVWXY`, Crockford's base 32 without
`Z` (it reads like `2`); `I`, `L`, `O` and `U` are never written. Reading back is lenient:
lower case, spaces and dashes are ignored, and `O` is read as `0`, `I` and `L` as `1`, the
way Crockford's decoding does. Any other character is refused.

Check character: positions are weighted 1 to 12 and the weighted sum of the symbol values is
0 modulo 31. Because 31 is prime and every weight is below it, changing any one character
changes the sum, and so does swapping two different neighbours (their weights differ by one):
every single substitution and every adjacent transposition is detected.

Payload (54 bits, most significant first):

    layout 2 · region 3 · version major 3, minor 5, patch 5 · cancelled 1 · 7 checks × 5

Each check's result is its number in `CODE_TABLE`. The numbers are stable forever: a new code
takes a free number, a retired one keeps its number unused. 0 means the check was not run,
1 skipped, 2 crashed, 3 to 26 the check's own codes, 27 to 31 a code this table does not list
(a changed rules file's matrix row), by status, so the verdict can still be worked out.

The numbers of `REGIONS` are stable the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app import __version__
from app.core.messages import Catalogue
from app.core.model import CHECK_IDS, CheckResult, RunInputs, RunReport, Status, Verdict
from app.core.verdict import decide

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"
BASE = len(ALPHABET)  # 31, a prime
DATA_LENGTH = 11
LENGTH = DATA_LENGTH + 1
GROUP = 4
REFERENCE_SCHEMA = "station-network-check/reference/1"
LAYOUT = 0
"""The payload layout written by this version; a later layout takes the next number."""

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
}

CHECK_ORDER: tuple[str, ...] = tuple(CODE_TABLE)
"""The order the checks' numbers are packed in: `CODE_TABLE`'s, which only grows (a new
check needs a new layout, since the payload has no free bits). What is read back is shown
in the procedure's order (`CHECK_IDS`)."""

_VERSION_BITS = (3, 5, 5)


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
class Reference:
    """Everything a reference code holds, read back."""

    code: str
    """The code in its written form, `XXXX-XXXX-XXXX`."""
    layout: int
    region: str
    version: str
    cancelled: bool
    checks: tuple[DecodedCheck, ...]
    """The checks that ran (number ≠ 0), in the procedure's order."""
    verdict: Verdict
    """The verdict the run's results add up to, worked out again from the codes."""


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
    """`XXXXXXXXXXXX` → `XXXX-XXXX-XXXX`."""
    return "-".join(symbols[i : i + GROUP] for i in range(0, len(symbols), GROUP))


def normalize(text: str) -> str:
    """The code's symbols as typed, without spaces and dashes, upper case, O→0, I/L→1.

    Raises RefCodeError (`character`) on anything outside the alphabet and (`length`) when
    the number of symbols is not 12."""
    symbols = _IGNORED.sub("", text).upper()
    symbols = "".join(_ALIASES.get(c, c) for c in symbols)
    wrong = [c for c in symbols if c not in _VALUES]
    if wrong:
        raise RefCodeError(
            "character", f"not a reference code character: {wrong[0]!r}", character=wrong[0]
        )
    if len(symbols) != LENGTH:
        raise RefCodeError(
            "length",
            f"a reference code has {LENGTH} characters, this one has {len(symbols)}",
            count=len(symbols),
            expected=LENGTH,
        )
    return symbols


# -- encoding ---------------------------------------------------------------------------------


def encode_fields(region: str, version: str, cancelled: bool, numbers: Mapping[str, int]) -> str:
    """The written code for these fields; `numbers` maps check ids to their numbers
    (missing ids: not run)."""
    value = LAYOUT
    value = (value << 3) | REGIONS.index(region)
    for part, bits in zip(_version_parts(version), _VERSION_BITS, strict=True):
        value = (value << bits) | part
    value = (value << 1) | int(cancelled)
    for check_id in CHECK_ORDER:
        number = numbers.get(check_id, NOT_RUN)
        if not 0 <= number < 1 << CHECK_BITS:
            raise ValueError(f"{check_id}: number {number} out of range")
        value = (value << CHECK_BITS) | number
    values = []
    for _ in range(DATA_LENGTH):
        value, digit = divmod(value, BASE)
        values.append(digit)
    if value:
        raise ValueError("payload does not fit")
    values.reverse()
    values.append(_check_symbol(values))
    return format_code("".join(ALPHABET[v] for v in values))


def encode(report: RunReport, version: str | None = None) -> str:
    """The reference code of a run: `XXXX-XXXX-XXXX`.

    Raises ValueError for a region `REGIONS` does not list (a changed rules file can add
    one): no number would tell it truly. Callers that must not fail use `reference_or_none`.
    """
    numbers = {
        r.id: check_number(r.id, r.code, r.status) for r in report.results if r.id in CODE_TABLE
    }
    # A run read back from a file keeps the code its own version gave on the day.
    version = version or report.made_by or __version__
    return encode_fields(report.inputs.region, version, report.cancelled, numbers)


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
    and every field must hold a number this version knows."""
    symbols = normalize(text)
    values = [_VALUES[c] for c in symbols]
    if _weighted_sum(values):
        raise RefCodeError(
            "check",
            "the check character does not match: a character was mistyped or two were swapped",
        )
    value = 0
    for digit in values[:DATA_LENGTH]:
        value = value * BASE + digit
    numbers = []
    for _ in CHECK_ORDER:
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

    def unknown(what: str) -> RefCodeError:
        # A later version may have numbers this one lacks; from this version or an earlier
        # one, an unknown number means a code no version writes (two typos that add up).
        newer = _version_parts(version) > _version_parts(__version__)
        return RefCodeError(
            "unknown" if newer else "invalid",
            f"{what} unknown to this version ({__version__}); the code says "
            f"it was made by version {version}",
            version=version,
            current=__version__,
            field=what,
        )

    if layout != LAYOUT:
        raise unknown(f"layout {layout}")
    if region_number >= len(REGIONS):
        raise unknown(f"region {region_number}")
    checks = []
    for check_id, number in zip(CHECK_ORDER, numbers, strict=True):
        if number == NOT_RUN:
            continue
        try:
            code, status = number_meaning(check_id, number)
        except KeyError:
            raise unknown(f"{check_id} result {number}") from None
        checks.append(DecodedCheck(check_id, number, code, status))
    checks.sort(key=lambda check: _SHOWN.index(check.id))
    if _version_parts(version) < _version_parts(FIRST_VERSION):
        raise unknown(f"version {version}")  # older than any release: no program wrote it
    results = tuple(CheckResult(c.id, c.status, c.code or "CHECK_UNLISTED") for c in checks)
    return Reference(
        format_code(symbols),
        layout,
        REGIONS[region_number],
        version,
        cancelled,
        tuple(checks),
        decide(results, cancelled=cancelled),
    )


def reference_report(reference: Reference, read_at: str) -> RunReport:
    """The run a code tells, as a report the wizard can show read-only: each check's status
    and code and the verdict, and nothing the code cannot carry (no evidence, no values in
    the sentences, no next steps: those are in the site host's saved report). `read_at` is
    when the code was read out (ISO 8601), the only time there is."""
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
    )


# -- words ------------------------------------------------------------------------------------


def reference_document(reference: Reference, lang: str, words: Catalogue) -> dict[str, Any]:
    """A decoded code as JSON (`decode --json`): ids, numbers, codes and statuses are stable,
    titles are in `lang`. Checks that did not run are listed with `status` null."""
    ran = {check.id: check for check in reference.checks}
    checks = []
    for check_id in _SHOWN:
        found = ran.get(check_id)
        code = (found.code or "CHECK_UNLISTED") if found else None
        checks.append(
            {
                "id": check_id,
                "name": words.check_name(check_id, lang),
                "number": found.number if found else NOT_RUN,
                "status": found.status.value if found else None,
                "code": found.code if found else None,
                "title": words.title(code, lang) if code else words.term("LABEL_NOT_RUN", lang),
            }
        )
    verdict = words.text(reference.verdict.code, lang, reference.verdict.params)
    return {
        "schema": REFERENCE_SCHEMA,
        "reference": reference.code,
        "language": lang,
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
        "not_carried": words.term("REFCODE_NOT_CARRIED", lang),
    }


def reference_text(reference: Reference, lang: str, words: Catalogue) -> str:
    """A decoded code as lines for people: every check with its status, code and title,
    then the verdict, as the caller's screen showed them."""

    def label(name: str) -> str:
        return words.label(words.term(name, lang), lang)

    marks = {status: words.term(f"STATUS_{status.name}", lang).upper() for status in Status}
    width = max(len(mark) for mark in marks.values())
    region = words.term(f"REGION_{reference.region.upper()}", lang)
    lines = [
        f"{label('LABEL_REFERENCE')} {reference.code}",
        f"{label('LABEL_REGION')} {region} · {label('LABEL_APP_VERSION')} {reference.version}",
        "",
    ]
    if reference.cancelled:
        lines[-1:] = [words.term("LABEL_RUN_STOPPED", lang), ""]
    ran = {check.id: check for check in reference.checks}
    for check_id in _SHOWN:
        name = words.check_name(check_id, lang)
        found = ran.get(check_id)
        if found is None:
            lines.append(
                f"{'-':<{width}} {name:<22} {'':<24} {words.term('LABEL_NOT_RUN', lang)}".rstrip()
            )
            continue
        code = found.code or "CHECK_UNLISTED"
        lines.append(
            f"{marks[found.status]:<{width}} {name:<22} {code:<24} {words.title(code, lang)}"
        )
    verdict = words.text(reference.verdict.code, lang, reference.verdict.params)
    lines += [
        "",
        f"{label('LABEL_VERDICT')} {verdict.title} ({reference.verdict.code})",
        verdict.explanation,
        "",
        words.term("REFCODE_NOT_CARRIED", lang),
    ]
    return "\n".join(lines) + "\n"
