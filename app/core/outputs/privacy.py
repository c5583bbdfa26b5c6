"""What must not leave the laptop in a report: the user's name, the computer's name, the home
folder. The HTML report and the JSON document saved beside it both pass through here."""

from __future__ import annotations

import getpass
import os
import re
import socket
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Privacy:
    """Words that must not reach a report: the user's name, the computer's name, the home
    folder. The home folder becomes `~` (in any case), any `Users/<name>` or `home/<name>`
    folder loses its name, and the two names (four characters or more) are replaced wherever
    they appear as whole words."""

    home: str | None = None
    names: tuple[str, ...] = ()
    replacements: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_this_machine(cls) -> Privacy:
        names = []
        for read in (getpass.getuser, socket.gethostname):
            try:
                names.append(read())
            except Exception:  # noqa: BLE001 - no name known is nothing to hide
                continue
        return cls(home=os.path.expanduser("~"), names=tuple(n for n in names if n))

    def clean(self, text: str) -> str:
        if self.home and len(self.home) > 1:
            # In any case: Windows paths ignore it, and one typed or read back may differ.
            text = re.sub(re.escape(self.home), "~", text, flags=re.IGNORECASE)
        text = _USER_FOLDER.sub(r"\1…", text)
        for name in self.names:
            # Whole words only, and not a name so short or so generic (`root`) that it is
            # also an ordinary word and identifies nobody.
            if len(name) >= 4 and name.lower() not in _GENERIC_NAMES:
                text = re.sub(
                    rf"(?<![\w-]){re.escape(name)}(?![\w-])", "…", text, flags=re.IGNORECASE
                )
        return text


_GENERIC_NAMES = {"root", "admin", "administrator", "user", "guest", "localhost", "default"}
_USER_FOLDER = re.compile(
    r"((?:^|[\\/])(?:Users|home|Documents and Settings)[\\/])"
    r"[^\\/\s\"'<>]+",
    re.IGNORECASE,
)


def cleaned(document: Any, privacy: Privacy) -> Any:
    """A JSON-like document with every string passed through `privacy`."""
    if isinstance(document, str):
        return privacy.clean(document)
    if isinstance(document, dict):
        return {key: cleaned(value, privacy) for key, value in document.items()}
    if isinstance(document, list | tuple):
        return [cleaned(value, privacy) for value in document]
    return document
