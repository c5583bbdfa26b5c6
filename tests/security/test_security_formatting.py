"""A sentence is filled from data, never formatted by it: a format spec or a name read from a
saved report is not a template."""

from __future__ import annotations

import tracemalloc

import pytest

from app.core.messages import NUMBER_FORMATS, words_for


@pytest.mark.parametrize("spec", [".999999999f", "999999999", "=^999999999", ".3e", "x", ""])
def test_a_format_spec_from_data_is_never_used(spec) -> None:
    params = {"offset": {"number": 1.5, "format": spec, "unit": "s"}}
    tracemalloc.start()
    try:
        text = words_for("en").text("NTP_OK", {"server": "ntp", **params, "rtt": "1 ms"})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "1.5 s" in text.explanation + text.title
    assert peak < 1_000_000


def test_the_formats_the_checks_use_are_kept() -> None:
    assert {"+.3f", ".0f", ".1f", "g"} <= NUMBER_FORMATS
    assert words_for("fr").number(0.25, "+.3f", "s") == "+0,250 s"


@pytest.mark.parametrize(
    "name", ["{0}", "{x.__class__}", "{name!r:>999999999}", "PORT_STATE_{0.__init__}"]
)
def test_a_term_name_from_data_is_never_a_template(name) -> None:
    assert words_for("en").term(name, {"x": 1}) == name


@pytest.mark.parametrize(
    "value",
    [{"number": 10**5000}, 10**5000, {"number": "1"}, {"number": True}, 1e999],
    ids=["huge-measure", "huge-integer", "text-measure", "bool-measure", "infinity"],
)
def test_numbers_too_large_or_of_the_wrong_type_still_fill_a_sentence(value) -> None:
    text = words_for("en").text("NTP_OK", {"server": "ntp", "offset": value, "rtt": "1 ms"})
    assert len(text.explanation) < 2000
