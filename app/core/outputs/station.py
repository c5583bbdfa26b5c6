"""The station's own screens in words: where to tap to reach About (the firmware) or Network
signal (the readings), and the three readings as the station names them.

The wizard's drawings, the HTML report and the reference-code view all take their words from
here, so the technician on site and the agent on the phone say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.inputs import READINGS
from app.core.messages import Words

PAGES = ("about", "network")
"""The two pages of the station's menu the procedure reads: About and Network signal."""


@dataclass(frozen=True)
class Reading:
    """One line of the Network signal page: its label and the values the station can show."""

    name: str
    label: str
    values: tuple[str, ...]
    shown: str | None
    """The value read on site (one of `values`, in the station's words), None when unknown."""


def menu_item(page: str, words: Words) -> str:
    """`About` or `Network signal` (`À propos`, `Signal réseau`): the menu entry to tap."""
    return words.term(f"STATION_PAGE_{page.upper()}")


def tap_path(page: str, words: Words) -> tuple[str, ...]:
    """The taps, in order, from the station's home screen to `page`."""
    item = menu_item(page, words)
    return (
        words.term("STATION_TAP_HELP"),
        words.term("STATION_TAP_GEAR"),
        words.term("STATION_TAP_ITEM", {"item": item}),
    )


def tap_sentence(page: str, words: Words) -> str:
    """The taps as one sentence, for a report or a caption."""
    return words.term("STATION_PATH", {"item": menu_item(page, words)})


def readings(words: Words, shown: Mapping[str, str | None] | None = None) -> tuple[Reading, ...]:
    """The Network signal page's three lines, as the station names them, with what was read."""
    shown = shown or {}
    lines = []
    for name, values in READINGS.items():
        value = shown.get(name)
        lines.append(
            Reading(
                name,
                words.term(f"READING_{name.upper()}"),
                tuple(words.term(f"VALUE_{v.upper()}") for v in values),
                words.term(f"VALUE_{value.upper()}") if value in values else None,
            )
        )
    return tuple(lines)
