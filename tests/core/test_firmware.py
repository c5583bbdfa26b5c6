"""The version read on the station's screen, compared part by part with the model's minimum."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.checks.firmware import compare_versions, parse_version
from app.core.model import RunInputs, Status
from app.core.run import run_checks

parts = st.lists(st.integers(min_value=0, max_value=99999), min_size=2, max_size=6)


@st.composite
def written(draw: st.DrawFn, numbers: list[int]) -> str:
    """How a person might type a version: zero-padded parts, a leading v, stray spaces."""
    text = ".".join(str(n).zfill(draw(st.integers(0, 3))) for n in numbers)
    if draw(st.booleans()):
        text = draw(st.sampled_from(["v", "V", "v "])) + text
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", " ", "\t"]))


@given(st.data(), parts)
def test_any_way_of_writing_a_version_reads_the_same_numbers(data, numbers: list[int]) -> None:
    assert parse_version(data.draw(written(numbers))) == tuple(numbers)


@given(parts, parts)
def test_comparison_is_numeric_part_by_part(a: list[int], b: list[int]) -> None:
    width = max(len(a), len(b))
    padded_a, padded_b = a + [0] * (width - len(a)), b + [0] * (width - len(b))
    expected = (padded_a > padded_b) - (padded_a < padded_b)
    assert compare_versions(tuple(a), tuple(b)) == expected
    assert compare_versions(tuple(b), tuple(a)) == -expected


@given(st.text(alphabet="0123456789.vV -x,_", max_size=20))
def test_parser_never_crashes_and_only_accepts_dotted_numbers(text: str) -> None:
    version = parse_version(text)
    if version is not None:
        assert all(isinstance(part, int) for part in version) and len(version) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2024",
        "2024.03.x.428",
        "2024..03",
        "2024.03.",
        ".2024",
        "2024-03-00-428",
        "vv2024.3",
        "2024.03.00.428.1.2.3",
    ],
)
def test_malformed_versions_are_refused(text: str) -> None:
    assert parse_version(text) is None


def test_newer_with_fewer_zeros_is_newer() -> None:
    assert compare_versions(parse_version("2024.3.0.500"), parse_version("2024.03.00.428")) == 1
    assert compare_versions(parse_version("2024.03.00.428"), parse_version("v2024.3.0.428")) == 0


def _firmware(model: str | None, version: str | None):
    report = run_checks(RunInputs(model=model, firmware=version, only=("firmware",)))
    return report.result("firmware")


@pytest.mark.parametrize(
    ("model", "version", "status", "code"),
    [
        ("cp6000", "2024.03.00.428", Status.PASS, "FIRMWARE_OK"),
        ("CP6000", "v2024.3.0.500", Status.PASS, "FIRMWARE_OK"),
        ("cp6000", "2024.03.00.427", Status.FAIL, "FIRMWARE_TOO_OLD"),
        ("express-plus", "2024.03.00.428", Status.FAIL, "FIRMWARE_TOO_OLD"),
        ("express-power-link", "2024.05.00.475", Status.PASS, "FIRMWARE_OK"),
        ("Express Plus", "2025.1", Status.PASS, "FIRMWARE_OK"),
        ("cp6000", "2024.03.OO.428", Status.FAIL, "FIRMWARE_INVALID"),
        ("cp4000", "2024.03.00.428", Status.FAIL, "FIRMWARE_UNKNOWN_MODEL"),
        (None, None, Status.SKIP, "FIRMWARE_SKIPPED"),
        ("cp6000", None, Status.SKIP, "FIRMWARE_SKIPPED"),
    ],
)
def test_firmware_check(model, version, status, code) -> None:
    result = _firmware(model, version)
    assert (result.status, result.code) == (status, code)


def test_too_old_says_what_to_do() -> None:
    result = _firmware("cp6000", "2023.12.01.1")
    assert [s.code for s in result.next_steps] == ["STEP_CONTACT_CHARGEPOINT_FIRMWARE"]
    assert result.params["minimum"] == "2024.03.00.428"
