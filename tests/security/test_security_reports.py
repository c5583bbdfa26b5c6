"""A damaged or hostile saved report is one "not a report" error, never a crash, a hang or a
gigabyte: hypothesis makes the documents, the reader reads them."""

from __future__ import annotations

import copy
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from hostile import sample_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.messages import catalogue
from app.core.model import RunReport
from app.core.outputs.compare import REPORT_NESTING_LIMIT, ReportFileError, load_report

SAMPLE = sample_document()

hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**4000, -(10**400), 2**64, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, 1e-308]),
    st.text(max_size=20),
    st.sampled_from(
        [
            ".999999999f",
            "{0}",
            "{x.__class__}",
            "\x1b[2J\x9b\u202e",
            "<script>alert(1)</script>",
            "9" * 5000,
            "2026-13-45T99:99:99",
            "",
        ]
    ),
)
json_values = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def paths(document: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in `document` a value can be put: dict keys and list indices."""
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += paths(value, (*prefix, index))
    return found


PATHS = paths(SAMPLE)
FIELDS = [where for where in PATHS if len(where) <= 3]
"""The document's own fields, a check's and the verdict's: where a wrong type hurts most."""


def damaged(document: Any, where: tuple, value: Any) -> Any:
    if not where:
        return value
    document = copy.deepcopy(document)
    holder = document
    for step in where[:-1]:
        holder = holder[step]
    holder[where[-1]] = value
    return document


@st.composite
def documents(draw: st.DrawFn) -> Any:
    document = SAMPLE
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(FIELDS) | st.sampled_from(PATHS))
        try:
            document = damaged(document, where, draw(json_values))
        except (KeyError, IndexError, TypeError):
            continue  # the place went away with an earlier change
    return document


def read(path: Path) -> None:
    """What `compare` and the wizard's Report > Open do first with a file: a report, or the
    one error that says it is not one."""
    try:
        report = load_report(path)
    except ReportFileError as exc:
        assert exc.text(catalogue(), "en")
        return
    assert isinstance(report, RunReport)


@settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=documents())
def test_a_damaged_report_is_read_or_refused_in_bounded_time_and_memory(document, tmp_path) -> None:
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    tracemalloc.start()
    try:
        read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "[" * (REPORT_NESTING_LIMIT + 1) + "]" * (REPORT_NESTING_LIMIT + 1),
        '{"a":' * 5000 + "1" + "}" * 5000,
    ],
    ids=["unclosed", "past-the-limit", "deep-object"],
)
def test_a_report_nested_too_deeply_is_not_a_report(text, tmp_path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReportFileError):
        load_report(path)
    code, out, err = cli("compare", str(path), str(path))
    assert (code, out) == (2, "") and err.count("\n") == 1, err


@pytest.mark.parametrize(
    "change",
    [
        {"duration_ms": 1e999},
        {"duration_ms": "FIVE-THOUSAND-DIGITS"},
        {"started_at": 5},
        {"checks": {"id": "adapter"}},
        {"verdict": []},
        {"inputs": {"region": ["us"]}},
    ],
    ids=[
        "infinite-duration",
        "huge-duration",
        "number-time",
        "checks-object",
        "verdict-list",
        "region-list",
    ],
)
def test_the_issues_damaged_reports_are_exit_2_not_3(change, tmp_path) -> None:
    document = {**copy.deepcopy(SAMPLE), **change}
    text = json.dumps(document).replace('"duration_ms": Infinity', '"duration_ms": 1e999')
    text = text.replace('"FIVE-THOUSAND-DIGITS"', "9" * 5000)
    path = tmp_path / "damaged.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli("compare", str(path), str(path))
    assert code in (0, 2), err
    assert "internal error" not in err
