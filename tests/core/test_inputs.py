"""The rules about what a run may be asked, as the command line and the wizard both ask them."""

from __future__ import annotations

import pytest

from app.core.inputs import (
    PROBE_TIMEOUT_S,
    WATCH_BOUND_S,
    WATCH_INTERVAL_S,
    missing_readings,
    readings_incomplete,
)


@pytest.mark.parametrize(
    ("readings", "missing", "incomplete"),
    [
        ({}, ("link", "vpn"), False),  # none given: the matrix is left out, no mistake
        ({"link": None, "vpn": None, "cloud": None}, ("link", "vpn"), False),
        ({"link": "up"}, ("vpn",), True),
        ({"vpn": "connected"}, ("link",), True),
        ({"cloud": "connected"}, ("link", "vpn"), True),
        ({"link": "up", "vpn": "disconnected"}, (), False),
        ({"link": "up", "vpn": "connected", "cloud": "connected"}, (), False),
    ],
)
def test_readings_that_go_together(readings, missing, incomplete) -> None:
    assert missing_readings(readings) == missing
    assert readings_incomplete(readings) is incomplete


def test_the_limits_hold_their_ends_and_nothing_past_them() -> None:
    for bounds in (PROBE_TIMEOUT_S, WATCH_INTERVAL_S, WATCH_BOUND_S):
        assert bounds.holds(bounds.low) and bounds.holds(bounds.high)
        assert not bounds.holds(bounds.low - 0.01) and not bounds.holds(bounds.high + 0.01)
    # The watch's bound can always hold at least one interval.
    assert WATCH_BOUND_S.high >= WATCH_INTERVAL_S.high
