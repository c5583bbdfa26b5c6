"""Where bundled files live: in the single-file executable, in a source checkout, or installed.

This is the only module that knows the difference. The layout keeps `resources/` at the top of
the repository; `pip install .` ships it inside the package as `app/resources` (pyproject.toml
maps the package `app.resources` to that folder), so an installed copy finds it there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import app

# A folder is ours only if it holds the catalogue: a stray `resources/` beside site-packages
# must not be taken for it.
_MARKER = "messages.toml"


def candidates() -> list[Path]:
    """Frozen (`sys._MEIPASS/resources`), source checkout, installed package: in that order."""
    found = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.append(Path(frozen_root) / "resources")
    found.append(Path(__file__).resolve().parents[3] / "resources")
    found.append(Path(app.__file__).resolve().parent / "resources")
    return found


def resources_dir() -> Path:
    options = candidates()
    return next((folder for folder in options if (folder / _MARKER).is_file()), options[0])


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
