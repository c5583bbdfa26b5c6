"""The site-network lab, built once per test session, torn down whatever happens.

Skips with one reason where it cannot run (not root, no network namespaces, a tool missing),
and the terminal summary says how many lab scenarios ran.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator

import pytest

from .netns import unavailable_reason
from .network import TOOLS, Lab

_counts = {"ran": 0, "skipped": 0}


@pytest.hookimpl(trylast=True)  # after `-m` has deselected what will not run
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Where the lab cannot run, every lab test is skipped with the same, single reason."""
    lab_items = [item for item in items if item.get_closest_marker("lab")]
    reason = unavailable_reason(TOOLS) if lab_items else None
    for item in lab_items if reason else []:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.when == "setup" and report.skipped and item.get_closest_marker("lab"):
        # pytest folds mark-skips into one summary line only for tests without their own
        # `pytestmark`; each lab test has its @pytest.mark.lab, so say the skip is the lab's.
        report.keywords.pop("pytestmark", None)
    return report


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    site = Lab(tmp_path_factory.mktemp("lab"))
    # atexit covers an interrupted run whose fixture teardown does not happen; a SIGKILLed
    # run's daemons die with it and its namespaces are removed at the next start.
    atexit.register(site.close)
    site.start()
    try:
        yield site
    finally:
        site.close()
        atexit.unregister(site.close)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "lab" not in report.keywords:
        return
    if report.when == "call":
        _counts["ran"] += 1
    elif report.when == "setup" and report.skipped:
        _counts["skipped"] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if any(_counts.values()):
        terminalreporter.write_line(
            f"lab: {_counts['ran']} scenarios ran, {_counts['skipped']} skipped"
        )
