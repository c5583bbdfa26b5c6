"""Firmware version numbers: one parser for the station's screen and for the rules file.

The rules loader and the firmware check must agree on what a version is, or a rules file could
hold a minimum the check cannot read; both import this module, which imports nothing of ours.
"""

from __future__ import annotations

import re

EXPECTED_FORM = "2024.03.00.428"
_VERSION = re.compile(r"\d{1,9}(\.\d{1,9}){1,5}")


def parse_version(text: str) -> tuple[int, ...] | None:
    """`2024.03.00.428`, ` v2024.3.0.500 `, `V 2024 . 03 . 00 . 428` → numbers; else None."""
    cleaned = "".join(text.split())
    if cleaned[:1] in ("v", "V"):
        cleaned = cleaned[1:]
    if not _VERSION.fullmatch(cleaned):
        return None
    return tuple(int(part) for part in cleaned.split("."))


def compare_versions(left: tuple[int, ...], right: tuple[int, ...]) -> int:
    """-1, 0 or 1, part by part; missing parts count as zero (2024.3 == 2024.3.0.0)."""
    width = max(len(left), len(right))
    a = left + (0,) * (width - len(left))
    b = right + (0,) * (width - len(right))
    return (a > b) - (a < b)
