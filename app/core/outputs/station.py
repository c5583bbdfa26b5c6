"""The station's own screens in words: where to tap to reach About (the firmware) or Network
signal (the readings), and the three readings as the station names them.

The wizard's drawings, the HTML report and the reference-code view all take their words from
here, so the technician on site and the agent on the phone say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.inputs import READINGS
from app.core.messages import Catalogue, catalogue

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


def menu_item(page: str, lang: str, words: Catalogue | None = None) -> str:
    """`About` or `Network signal` (`À propos`, `Signal réseau`): the menu entry to tap."""
    return (words or catalogue()).term(f"STATION_PAGE_{page.upper()}", lang)


def tap_path(page: str, lang: str, words: Catalogue | None = None) -> tuple[str, ...]:
    """The taps, in order, from the station's home screen to `page`."""
    words = words or catalogue()
    item = menu_item(page, lang, words)
    return (
        words.term("STATION_TAP_HELP", lang),
        words.term("STATION_TAP_GEAR", lang),
        words.term("STATION_TAP_ITEM", lang, {"item": item}),
    )


def tap_sentence(page: str, lang: str, words: Catalogue | None = None) -> str:
    """The taps as one sentence, for a report or a caption."""
    words = words or catalogue()
    return words.term("STATION_PATH", lang, {"item": menu_item(page, lang, words)})


def readings(
    lang: str, shown: Mapping[str, str | None] | None = None, words: Catalogue | None = None
) -> tuple[Reading, ...]:
    """The Network signal page's three lines, as the station names them, with what was read."""
    words = words or catalogue()
    shown = shown or {}
    lines = []
    for name, values in READINGS.items():
        value = shown.get(name)
        lines.append(
            Reading(
                name,
                words.term(f"READING_{name.upper()}", lang),
                tuple(words.term(f"VALUE_{v.upper()}", lang) for v in values),
                words.term(f"VALUE_{value.upper()}", lang) if value in values else None,
            )
        )
    return tuple(lines)
