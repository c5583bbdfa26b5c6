"""The list of Wine-only failures stays true: each entry names tests that exist, each probe can
tell the gap from its absence, and under Wine each listed gap is still there."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import wine_gaps

ROOT = Path(__file__).resolve().parents[1]


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


@pytest.mark.parametrize("gap", wine_gaps.GAPS, ids=lambda gap: gap.name)
def test_each_listed_test_exists(gap: wine_gaps.WineGap) -> None:
    assert gap.reason and gap.tests
    for test in gap.tests:
        path, _, name = test.partition("::")
        assert "[" not in test and name, f"{test}: a node id without parameters"
        assert name in _test_functions(ROOT / path), f"{test} is no test of {path}"


@pytest.mark.parametrize("gap", wine_gaps.GAPS, ids=lambda gap: gap.name)
def test_the_probe_finds_the_gap_under_wine_only(gap: wine_gaps.WineGap) -> None:
    """Off Wine the behaviour is there (Linux here; Windows in windows.yml): the probe says so.
    Under Wine it must still find the gap, or the entry has outlived it."""
    assert gap.probe() is wine_gaps.UNDER_WINE, (
        f"{gap.name}: {'no longer' if wine_gaps.UNDER_WINE else 'also'} seen here: {gap.reason}"
    )


def test_no_test_is_listed_twice() -> None:
    listed = [test for gap in wine_gaps.GAPS for test in gap.tests]
    assert len(listed) == len(set(listed))
