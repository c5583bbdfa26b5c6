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
    folder loses its name, and the two names are replaced where they stand as names: a
    folder of a path, `DOMAIN\\user`, `\\\\HOST\\share`. Never inside ordinary words nor inside a
    host name: with the computer named `laptop` a report still says "the laptop", with the user
    `test` the endpoint is still `vpn.test.example`. A name that cannot be an ordinary word
    (`DESKTOP-4F2K9QX`, `jdoe7`: a digit, `-` or `_` in it) goes wherever it appears as a
    whole word, as system messages name the computer in passing."""

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
            if len(name) < 2 or name.lower() in _GENERIC_NAMES:
                # So generic (`root`, `admin`) that it identifies nobody.
                continue
            quoted = re.escape(name)
            # A folder of a path, a UNC host, the user of DOMAIN\user: after a separator.
            text = re.sub(rf"(?<=[\\/]){quoted}(?![\w.-])", "…", text, flags=re.IGNORECASE)
            # The DOMAIN (or computer) of DOMAIN\user.
            text = re.sub(rf"(?<![\w.-]){quoted}(?=\\[\w.-])", "…", text, flags=re.IGNORECASE)
            if _distinctive(name):
                text = re.sub(rf"(?<![\w-]){quoted}(?![\w-])", "…", text, flags=re.IGNORECASE)
        return text


def _distinctive(name: str) -> bool:
    """A name no sentence or other host name holds by chance: one with a digit, `-` or `_`."""
    return any(char.isdigit() or char in "-_" for char in name)


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
