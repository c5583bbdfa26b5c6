"""The reference code: its numbers never change, every result reads back, no typo slips by."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import __version__
from app.core.messages import catalogue, words_for
from app.core.model import CHECK_IDS, CheckResult, NextStep, RunInputs, RunReport, Status
from app.core.outputs import refcode
from app.core.outputs.refcode import (
    ALPHABET,
    CHECK_ORDER,
    CODE_TABLE,
    REGIONS,
    RefCodeError,
    decode,
    encode,
    encode_fields,
    number_meaning,
)
from app.core.rules import load_rules
from app.core.verdict import decide

P, W, F = Status.PASS, Status.WARN, Status.FAIL

# The published numbers. A code read out on the phone today must mean the same thing to
# every later version: this copy fails the moment anyone reorders, renumbers or removes.
PINNED = {
    "adapter": (
        "ADAPTER_OK",
        "ADAPTER_NOT_FOUND",
        "ADAPTER_NO_LINK",
        "ADAPTER_NO_IPV4",
        "ADAPTER_SELF_ASSIGNED",
        "ADAPTER_NO_GATEWAY",
        "ADAPTER_OTHER_ROUTE",
        "ADAPTER_LINK_DEGRADED",
        "ADAPTER_UNSUPPORTED_PLATFORM",
        "ADAPTER_INTERFACE_NOT_FOUND",
        "ADAPTER_UNCONFIRMED",
    ),
    "dns": (
        "DNS_OK",
        "DNS_NXDOMAIN",
        "DNS_TIMEOUT",
        "DNS_UNREACHABLE",
        "DNS_SERVERS_DISAGREE",
        "DNS_SERVFAIL",
        "DNS_NO_ANSWER",
        "DNS_NO_SERVERS",
        "DNS_SUSPICIOUS_ANSWER",
    ),
    "ports": ("PORTS_OK", "PORTS_BLOCKED", "PORTS_BLOCKED_SOME", "PORTS_INTERCEPTED"),
    "ntp": ("NTP_OK", "NTP_BLOCKED", "NTP_SERVER_UNUSABLE", "NTP_CLOCK_SKEW"),
    "tls": ("TLS_OK", "TLS_INTERCEPTED", "TLS_FAILED", "TLS_STALLED", "TLS_PATH_MTU"),
    "firmware": ("FIRMWARE_OK", "FIRMWARE_TOO_OLD", "FIRMWARE_INVALID", "FIRMWARE_UNKNOWN_MODEL"),
    "matrix": (
        "MATRIX_LINK_DOWN",
        "MATRIX_VPN_DOWN",
        "MATRIX_CLOUD_DOWN",
        "MATRIX_CONNECTED",
        "MATRIX_INCONSISTENT",
    ),
    "laptop": ("LAPTOP_OK", "LAPTOP_PROXY", "LAPTOP_VPN"),
}
PINNED_STEPS = (
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
KNOWN_CODE = "0N3Q-M476-8B3B-HW8F-PM"
"""The lab's blocked site in today's layout, recorded before the laptop check (not run)."""
SAMPLE_CODE = "1E0B-681G-9S0B-3XKJ-A8WX"
"""The same site with every check of today: resources/samples/blocked-site.json's code."""
CHECKS_DIR = Path(__file__).resolve().parents[2] / "app" / "core" / "checks"


def test_the_numbers_are_pinned() -> None:
    for check_id, codes in PINNED.items():
        listed = CODE_TABLE[check_id][: len(codes)]
        assert tuple(code for code, _ in listed) == codes, f"{check_id}: renumbered"
        for number, code in enumerate(codes, refcode.FIRST_OWN):
            assert number_meaning(check_id, number)[0] == code
    assert REGIONS[:2] == ("us", "ca")
    assert CHECK_ORDER[:7] == ("adapter", "dns", "ports", "ntp", "tls", "firmware", "matrix")
    assert (refcode.NOT_RUN, refcode.SKIPPED, refcode.CRASHED, refcode.FIRST_OWN) == (0, 1, 2, 3)
    assert [refcode.UNLISTED[s] for s in (P, W, F, Status.SKIP, Status.ERROR)] == [
        27,
        28,
        29,
        30,
        31,
    ]
    assert ALPHABET == "0123456789ABCDEFGHJKMNPQRSTVWXY" and refcode.LAYOUT == 1
    assert refcode.STEP_TABLE[: len(PINNED_STEPS)] == PINNED_STEPS, "steps renumbered"
    assert refcode.UNLISTED_STEP == 0 and refcode.step_number("STEP_READ_FIRMWARE") == 2
    # A known code keeps its meaning: a healthy full run of version 0.1.0, United States,
    # in the first layout (no next steps), and one of today's layout with its steps.
    old = decode("002J-1FR5-8HTS")
    assert old.checks[6].code == "MATRIX_CONNECTED" and old.layout == 0 and old.steps is None
    assert old.verdict.next_steps == ()
    new = decode(KNOWN_CODE)
    assert new.layout == 1 and [c.code for c in new.checks][2] == "PORTS_BLOCKED"
    assert [s.code for s in new.steps] == [
        "STEP_ASK_FIREWALL_RULES",
        "STEP_ASK_PUBLIC_ROUTE",
        "STEP_FIX_LAPTOP_DNS",
    ]
    assert "laptop" not in {c.id for c in new.checks}
    sample = decode(SAMPLE_CODE)
    codes = {c.id: c.code for c in sample.checks}
    assert codes["laptop"] == "LAPTOP_OK" and codes["ports"] == "PORTS_BLOCKED"
    assert sample.verdict.code == "VERDICT_FIREWALL_BLOCKING"
    assert [s.code for s in sample.steps] == [
        "STEP_ASK_FIREWALL_RULES",
        "STEP_ALLOW_BY_NAME",
        "STEP_ASK_PUBLIC_ROUTE",
        "STEP_FIX_LAPTOP_DNS",
    ]


def test_the_sample_carries_the_code_pinned_for_it() -> None:
    from app.core.util.resources import resource_path

    document = json.loads(resource_path("samples/blocked-site.json").read_text("utf-8"))
    assert document["reference"] == SAMPLE_CODE


def test_every_code_a_check_returns_has_a_number() -> None:
    """A new result code without a number would be told as "unlisted": give it one."""
    prefix = {
        "adapter": "ADAPTER",
        "dns": "DNS",
        "ports": "PORTS",
        "ntp": "NTP",
        "tls": "TLS",
        "firmware": "FIRMWARE",
        "matrix": "MATRIX",
        "laptop": "LAPTOP",
    }
    for check_id in CHECK_IDS:
        source = (CHECKS_DIR / f"{check_id}.py").read_text(encoding="utf-8")
        found = set(re.findall(rf'"({prefix[check_id]}_[A-Z0-9_]*[A-Z0-9])"', source))
        if check_id == "matrix":
            found |= {row.code for row in load_rules().matrix_rows}
        listed = {code for code, _ in CODE_TABLE[check_id]}
        assert found and found <= listed, f"{check_id}: no number for {found - listed}"
    assert set(CHECK_ORDER) == set(CHECK_IDS)


def test_every_listed_code_has_words() -> None:
    words = catalogue()
    for codes in CODE_TABLE.values():
        for code, _ in codes:
            assert words.has(code), code


def test_matrix_statuses_match_the_rules() -> None:
    statuses = dict(CODE_TABLE["matrix"])
    for row in load_rules().matrix_rows:
        assert statuses[row.code] == row.status, row.code


def numbers_of(check_id: str) -> list[int]:
    valid = []
    for number in range(1, 32):
        try:
            number_meaning(check_id, number)
        except KeyError:
            continue
        valid.append(number)
    return valid


def report_of(
    numbers: dict[str, int],
    region: str = "us",
    cancelled: bool = False,
    steps: tuple[str, ...] = (),
) -> RunReport:
    results = []
    for check_id in CHECK_IDS:  # a run's order, not the code's
        number = numbers.get(check_id, 0)
        if number:
            code, status = number_meaning(check_id, number)
            results.append(CheckResult(check_id, status, code or f"{check_id.upper()}_NEW"))
    results_t = tuple(results)
    return RunReport(
        RunInputs(region=region),
        "2026-01-01T00:00:00+00:00",
        "2026-01-01T00:00:01+00:00",
        1000,
        results_t,
        dataclasses.replace(
            decide(results_t, cancelled), next_steps=tuple(NextStep(s) for s in steps)
        ),
        cancelled,
        endpoint=None,
    )


ANY_STEPS = st.lists(st.sampled_from(refcode.STEP_TABLE), max_size=refcode.MAX_STEPS).map(tuple)


def assert_round_trip(report: RunReport) -> None:
    code = encode(report)
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Y]{4}-){3,7}[0-9A-HJKMNP-TV-Y]{1,4}", code), code
    assert len(code.replace("-", "")) <= refcode.LONGEST
    back = decode(code)
    assert back.region == report.inputs.region and back.version == __version__
    assert back.cancelled == report.cancelled
    expected = [
        (
            r.id,
            r.code
            if refcode.check_number(r.id, r.code, r.status) not in refcode.UNLISTED.values()
            else None,
            r.status,
        )
        for r in report.results
    ]
    assert [(c.id, c.code, c.status) for c in back.checks] == expected
    assert (back.verdict.code, back.verdict.status) == (report.verdict.code, report.verdict.status)
    assert back.verdict.next_steps == report.verdict.next_steps, "the same steps, in order"
    assert back.steps is not None and not back.more_steps


@pytest.mark.parametrize("check_id", CHECK_ORDER)
def test_every_code_of_each_check_in_every_region_round_trips(check_id: str) -> None:
    """Exhaustive per check: each of its numbers (not run, skipped, crashed, each listed code,
    each unlisted status) × each region × stopped or not, the other checks drawn at random."""
    rng = random.Random(check_id)
    for number in [0, *numbers_of(check_id)]:
        for region in REGIONS:
            for cancelled in (False, True):
                for _ in range(3):
                    others = {c: rng.choice([0, *numbers_of(c)]) for c in CHECK_ORDER}
                    assert_round_trip(report_of({**others, check_id: number}, region, cancelled))


def test_every_pair_of_network_codes_round_trips() -> None:
    """Exhaustive over the results that decide each other's verdict: every combination of
    adapter, DNS, ports and TLS numbers (the rest fixed)."""
    for a in numbers_of("adapter"):
        for d in numbers_of("dns"):
            for p in numbers_of("ports"):
                for t in numbers_of("tls"):
                    assert_round_trip(
                        report_of({"adapter": a, "dns": d, "ports": p, "tls": t, "ntp": 3})
                    )


@settings(max_examples=500, deadline=None)
@given(
    st.fixed_dictionaries({c: st.sampled_from([0, *numbers_of(c)]) for c in CHECK_ORDER}),
    st.sampled_from(REGIONS),
    st.booleans(),
    ANY_STEPS,
)
def test_any_combination_round_trips(
    numbers: dict[str, int], region: str, cancelled: bool, steps: tuple[str, ...]
) -> None:
    assert_round_trip(report_of(numbers, region, cancelled, steps))


def sample_codes() -> list[str]:
    rng = random.Random(6)
    codes = [
        encode(
            report_of(
                {c: rng.choice([0, *numbers_of(c)]) for c in CHECK_ORDER},
                rng.choice(REGIONS),
                rng.random() < 0.2,
                tuple(rng.sample(refcode.STEP_TABLE, rng.randint(0, refcode.MAX_STEPS))),
            )
        )
        for _ in range(60)
    ]
    return ["002J-1FR5-8HTS", KNOWN_CODE, SAMPLE_CODE, *codes]


def test_every_single_substitution_is_detected() -> None:
    for code in sample_codes():
        symbols = code.replace("-", "")
        for position in range(len(symbols)):
            for other in ALPHABET:
                if other == symbols[position]:
                    continue
                typo = symbols[:position] + other + symbols[position + 1 :]
                with pytest.raises(RefCodeError) as caught:
                    decode(typo)
                assert caught.value.reason in ("check", "unknown", "invalid"), typo


def test_every_adjacent_transposition_is_detected() -> None:
    for code in sample_codes():
        symbols = code.replace("-", "")
        for position in range(len(symbols) - 1):
            a, b = symbols[position], symbols[position + 1]
            if a == b:
                continue
            typo = symbols[:position] + b + a + symbols[position + 2 :]
            with pytest.raises(RefCodeError) as caught:
                decode(typo)
            assert caught.value.reason in ("check", "unknown", "invalid"), typo


def test_reading_is_lenient_with_case_spaces_dashes_and_look_alikes() -> None:
    code = "002J-1FR5-8HTS"
    for typed in (
        "002j1fr58hts",
        " 002J 1FR5 8HTS ",
        "OO2J-IFR5-8HTS",
        "o02j-lfr5-8hts",
        "002J–1FR5–8HTS",
    ):
        assert decode(typed).code == code


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("002J-1FR5-8HT", "length"),
        ("0N3Q-M476-8B3B-HW8F-PM00-0000-0000-000", "length"),
        ("", "length"),
        ("002J-1FR5-8HTU", "character"),
        ("002J-1FR5-8HTZ", "character"),
        ("002J-1FR5-8H?S", "character"),
    ],
)
def test_bad_codes_say_why(typed: str, reason: str) -> None:
    with pytest.raises(RefCodeError) as caught:
        decode(typed)
    assert caught.value.reason == reason
    for lang in ("en", "fr"):
        sentence = words_for(lang).term(f"REFCODE_{reason.upper()}", caught.value.detail)
        assert "{" not in sentence and sentence != f"REFCODE_{reason.upper()}"


def test_a_number_from_a_newer_version_is_refused_not_guessed() -> None:
    newer = encode_fields("us", "0.9.0", False, {"dns": 20})
    with pytest.raises(RefCodeError) as caught:
        decode(newer)
    assert caught.value.reason == "unknown" and caught.value.detail["version"] == "0.9.0"
    with pytest.raises(RefCodeError, match="region") as caught:
        decode(encode_fields_raw(region=5))
    assert caught.value.reason == "invalid"  # the code claims version 0.0.0: no typo fix


def test_a_number_no_version_wrote_is_refused_as_invalid() -> None:
    with pytest.raises(RefCodeError) as caught:
        decode(encode_fields("us", __version__, False, {"ports": 20}))
    assert caught.value.reason == "invalid"
    for lang in ("en", "fr"):
        sentence = words_for(lang).term("REFCODE_INVALID", caught.value.detail)
        assert "{" not in sentence and "REFCODE" not in sentence


def test_a_version_older_than_any_release_is_refused_as_invalid() -> None:
    """All zeros reads as a well-formed code, but no program ever wrote version 0.0.0."""
    for typed in ("0000-0000-0000", encode_fields("us", "0.0.9", False, {"ports": 1})):
        with pytest.raises(RefCodeError) as caught:
            decode(typed)
        assert caught.value.reason == "invalid", typed


def encode_fields_raw(region: int) -> str:
    """A well-formed first-layout code whose region number no version lists (yet)."""
    value = region << (13 + 1 + 35)
    values = []
    for _ in range(refcode.DATA_LENGTH):
        value, digit = divmod(value, refcode.BASE)
        values.append(digit)
    values.reverse()
    values.append(refcode._check_symbol(values))
    return "".join(ALPHABET[v] for v in values)


def test_version_parts_beyond_their_bits_read_as_the_largest() -> None:
    back = decode(encode_fields("ca", "2.40.3rc1", False, {}))
    assert (back.version, back.region, back.checks) == ("2.31.3", "ca", ())
    assert back.verdict.code == "VERDICT_NOTHING_CHECKED"


def test_a_region_with_no_number_gives_no_code() -> None:
    report = report_of({"adapter": 3}, region="eu")
    with pytest.raises(ValueError):
        encode(report)
    assert refcode.reference_or_none(report) is None


def test_words_in_both_languages() -> None:
    reference = decode(
        encode(report_of({"adapter": 3, "dns": 4, "ports": 1, "firmware": 29}, cancelled=True))
    )
    en = refcode.reference_text(reference, words_for("en"))
    fr = refcode.reference_text(reference, words_for("fr"))
    assert "DNS_NXDOMAIN" in en and "The run was stopped" in en and "not run" in en
    assert "CHECK_UNLISTED" in en and "VERDICT_CANCELLED" in en
    assert "Les vérifications ont été arrêtées avant la fin\n" in fr and "non exécutée" in fr
    assert "Région" in fr and "The run was stopped" not in fr
    document = refcode.reference_document(reference, words_for("fr"))
    assert document["schema"] == "station-network-check/reference/1"
    assert [c["number"] for c in document["checks"]] == [3, 0, 4, 1, 0, 0, 29, 0]
    assert document["checks"][6]["code"] is None and document["checks"][4]["status"] is None


def test_a_listed_code_with_another_status_keeps_its_status() -> None:
    """A changed rules file may call MATRIX_CONNECTED a failure: the code read back must not
    say it passed."""
    report = report_of({"matrix": 6})
    changed = CheckResult("matrix", Status.FAIL, "MATRIX_CONNECTED")
    results = (changed,)
    report = RunReport(
        report.inputs,
        report.started_at,
        report.finished_at,
        0,
        results,
        decide(results),
        endpoint=None,
    )
    back = decode(encode(report))
    assert [(c.code, c.status) for c in back.checks] == [(None, Status.FAIL)]
    assert back.verdict.code == report.verdict.code


def test_the_check_catches_every_substitution_and_swap_in_any_code() -> None:
    """The property behind the samples above, for every code at once: a substitution at any
    position changes the weighted sum by weight × difference, a swap of neighbours by the
    difference alone; modulo the prime 31 neither is ever 0."""
    weights = range(1, refcode.LONGEST + 1)
    for weight in weights:
        for a in range(refcode.BASE):
            for b in range(refcode.BASE):
                if a != b:
                    assert weight * (b - a) % refcode.BASE != 0
    for left, right in zip(weights, list(weights)[1:], strict=False):
        for a in range(refcode.BASE):
            for b in range(refcode.BASE):
                if a != b:
                    assert (left * b + right * a - left * a - right * b) % refcode.BASE != 0


def test_a_saved_run_keeps_the_code_its_own_version_gave(monkeypatch) -> None:
    """Support reads a code on the phone, then opens the file: both must say the same, even
    when a later version opens it."""
    from app.core.outputs.document import from_document, to_document
    from app.core.util.resources import resource_path

    document = json.loads(resource_path("samples/blocked-site.json").read_text("utf-8"))
    saved = refcode.encode(from_document(document))  # what the recording program showed
    monkeypatch.setattr(refcode, "__version__", "0.2.0")  # a later program reads it
    report = from_document(document)
    assert report.made_by == document["tool"]["version"]
    assert refcode.reference_or_none(report) == saved
    again = to_document(report, words_for("en"))
    assert again["reference"] == saved
    assert again["tool"]["version"] == document["tool"]["version"]


def test_every_step_the_catalogue_has_a_number() -> None:
    """A new next step without a number would be read back as "unlisted": give it one."""
    words = catalogue()
    steps = {code for code in words.codes if code.startswith("STEP_")}
    steps.discard(refcode.UNLISTED_STEP_CODE)  # what a number 0 reads back as
    assert steps <= set(refcode.STEP_TABLE), f"no number for {steps - set(refcode.STEP_TABLE)}"
    assert len(set(refcode.STEP_TABLE)) == len(refcode.STEP_TABLE)
    assert len(refcode.STEP_TABLE) < 1 << refcode.STEP_BITS


def test_a_dropped_or_added_character_is_refused() -> None:
    """The code's own counts say how long it is: a character lost or added on the phone is
    caught, not read as another run."""
    for code in sample_codes()[1:]:
        symbols = code.replace("-", "")
        for position in range(len(symbols)):
            for typo in (
                symbols[:position] + symbols[position + 1 :],
                symbols[:position] + "7" + symbols[position:],
            ):
                if len(typo) == refcode.LENGTH:
                    continue  # read as a first-layout code: the check character decides
                with pytest.raises(RefCodeError):
                    decode(typo)


def test_a_step_a_newer_version_lists_is_refused_and_an_unlisted_one_said_so() -> None:
    newer = encode_fields("us", "0.9.0", False, {"dns": 3}, [len(refcode.STEP_TABLE) + 1])
    with pytest.raises(RefCodeError) as caught:
        decode(newer)
    assert caught.value.reason == "unknown"
    back = decode(encode_fields("us", __version__, False, {"dns": 3}, [0, 2]))
    assert [s.code for s in back.steps] == [None, "STEP_READ_FIRMWARE"]
    assert back.verdict.next_steps[0].code == refcode.UNLISTED_STEP_CODE


def test_more_steps_than_a_code_holds_keeps_the_first_and_says_so() -> None:
    steps = refcode.STEP_TABLE[: refcode.MAX_STEPS + 3]
    back = decode(encode(report_of({"ports": 4}, steps=steps)))
    assert [s.code for s in back.steps] == list(steps[: refcode.MAX_STEPS]) and back.more_steps
    for lang in ("en", "fr"):
        said = refcode.not_carried(back, words_for(lang))
        assert words_for(lang).term("REFCODE_MORE_STEPS", {"count": refcode.MAX_STEPS}) in said


def test_a_new_check_appended_to_the_table_reads_older_codes_as_not_run(monkeypatch) -> None:
    """Codes of this layout carry how many checks they hold: a check appended later leaves
    today's codes readable, the new check not run."""
    today = encode(report_of({"adapter": 3, "ports": 4}, steps=("STEP_ASK_FIREWALL_RULES",)))
    table = {**CODE_TABLE, "laptop": (("LAPTOP_OK", P),)}
    monkeypatch.setattr(refcode, "CODE_TABLE", table)
    monkeypatch.setattr(refcode, "CHECK_ORDER", tuple(table))
    back = decode(today)
    assert [c.id for c in back.checks] == ["adapter", "ports"]
    assert [s.code for s in back.steps] == ["STEP_ASK_FIREWALL_RULES"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_decode_numbers_the_steps_and_says_what_a_first_layout_code_lacks(lang) -> None:
    new = refcode.reference_text(decode(KNOWN_CODE), words_for(lang))
    first = words_for(lang).title("STEP_ASK_FIREWALL_RULES")
    assert f" 1. {first}\n" in new and f" 3. {words_for(lang).title('STEP_FIX_LAPTOP_DNS')}" in new
    assert words_for(lang).term("REFCODE_NO_STEPS") not in new
    # An instruction that needs values the code lacks (the ports) is left out, not holed.
    assert words_for(lang).text("STEP_ASK_FIREWALL_RULES").instruction not in new
    old = refcode.reference_text(decode("002J-1FR5-8HTS"), words_for(lang))
    assert words_for(lang).term("REFCODE_NO_STEPS") in old
    assert words_for(lang).term("LABEL_NEXT_STEPS") not in old
    document = refcode.reference_document(decode(KNOWN_CODE), words_for(lang))
    assert [s["code"] for s in document["next_steps"]][0] == "STEP_ASK_FIREWALL_RULES"
    assert document["next_steps"][0]["instruction"] is None
    assert (
        refcode.reference_document(decode("002J-1FR5-8HTS"), words_for(lang))["next_steps"] is None
    )


def test_a_code_made_before_the_laptop_check_keeps_its_verdict() -> None:
    """A healthy run of 0.1.0 (the first layout, no laptop check then): still ready, not
    "not fully tested" for a check its version did not have."""
    old = decode("002J-1FR5-8HTS")
    assert "laptop" not in {c.id for c in old.checks}
    assert old.verdict.code == "VERDICT_READY"


@pytest.mark.parametrize(
    ("code", "status"), [("LAPTOP_OK", P), ("LAPTOP_PROXY", W), ("LAPTOP_VPN", W)]
)
def test_the_laptop_check_travels_in_the_code(code: str, status: Status) -> None:
    numbers = {c: 3 for c in CHECK_ORDER if c not in ("firmware", "matrix", "laptop")}
    report = report_of({**numbers, "laptop": refcode.check_number("laptop", code, status)})
    back = decode(encode(report))
    (laptop,) = [c for c in back.checks if c.id == "laptop"]
    assert (laptop.code, laptop.status) == (code, status)
    assert back.verdict.code == report.verdict.code
