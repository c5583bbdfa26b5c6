"""A damaged or hostile saved report is one "not a report" error, never a crash, a hang or a
gigabyte: hypothesis makes the documents, the reader reads them, and whatever it accepts is
compared and written out in every form a saved report takes (the command line's text, the HTML
page, the JSON document read back again, the letter for IT, the firewall rules) without an
error of any other kind."""

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

from app.core.messages import words_for
from app.core.model import RunReport
from app.core.outputs.compare import (
    REPORT_NESTING_LIMIT,
    ReportFileError,
    compare_reports,
    comparison_document,
    comparison_text,
    load_report,
)
from app.core.outputs.document import from_document, to_document
from app.core.outputs.firewall import FORMATS, firewall_plan
from app.core.outputs.firewall import render as render_firewall
from app.core.outputs.it_request import build_it_request
from app.core.outputs.privacy import Privacy
from app.core.outputs.report_html import render_html
from app.core.outputs.text import details, summary_text
from app.core.rules import load_rules

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
hostile_texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "{0}",
            "{x.__class__}",
            "{port:.999999999f}",
            "\x1b[2J\x9b\u202e",
            '<script>alert(1)</script>"><img onerror=x>',
            "9" * 5000,
            "2026-13-45T99:99:99",
            "::1",
            "256.1.1.1",
            "fe80::1%eth0",
            "a..b",
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


def value_at(document: Any, where: tuple) -> Any:
    for step in where:
        document = document[step]
    return document


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


SAMPLE_REPORT = from_document(copy.deepcopy(SAMPLE))
NO_NAMES = Privacy()
"""No user or computer name to hide: the round trip compares the document with itself."""


TEXT_PATHS = [where for where in PATHS if isinstance(value_at(SAMPLE, where), str)]
"""Every text of the sample: a hostile text there keeps the document a report more often, so
that what reads it next (compare, the text, the page, the letter) meets it."""


@st.composite
def documents_with_hostile_texts(draw: st.DrawFn) -> Any:
    document = SAMPLE
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(TEXT_PATHS))
        document = damaged(document, where, draw(hostile_texts))
    return document


def read(path: Path) -> RunReport | None:
    """What `compare` and the wizard's Report > Open do first with a file: a report, or the
    one error that says it is not one."""
    try:
        report = load_report(path)
    except ReportFileError as exc:
        assert exc.text(words_for("en"))
        return None
    assert isinstance(report, RunReport)
    return report


def render_every_way(report: RunReport) -> None:
    """What a report read back becomes, in both languages: any exception fails the test."""
    rules = load_rules()
    for lang in ("en", "fr"):
        text = summary_text(report, words_for(lang))
        text += "".join(details(result, words_for(lang)) for result in report.results)
        assert isinstance(text, str)
        assert "<html" in render_html(report, words_for(lang), privacy=NO_NAMES).lower()
        written = to_document(report, words_for(lang), privacy=NO_NAMES)
        again = to_document(
            from_document(json.loads(json.dumps(written))), words_for(lang), privacy=NO_NAMES
        )
        assert json.dumps(again) == json.dumps(written), "read back, it writes the same document"
        build_it_request(report, words_for(lang), rules)
        plan = firewall_plan(report, rules)
        for fmt in FORMATS:
            render_firewall(plan, words_for(lang), fmt)
        for before, after in ((SAMPLE_REPORT, report), (report, SAMPLE_REPORT)):
            comparison = compare_reports(before, after)
            comparison_text(comparison, words_for(lang), ("a.json", "b.json"))
            json.dumps(comparison_document(comparison, words_for(lang), ("a.json", "b.json")))


@settings(
    max_examples=200,
    deadline=10_000,  # per example; a generous bound, so several suites at once do not fail it
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=documents() | documents_with_hostile_texts())
def test_a_damaged_report_is_read_or_refused_and_rendered_in_bounded_time_and_memory(
    document, tmp_path
) -> None:
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    tracemalloc.start()
    try:
        report = read(path)
        if report is not None:
            render_every_way(report)
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
