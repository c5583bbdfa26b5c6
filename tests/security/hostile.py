"""Hostile inputs, as a misleading network or a crafted file holds them.

`HOSTILE` packs what takes over a terminal or a page: a screen clear and a window title (ESC
sequences), a bell, a C1 CSI introducer, DEL, a bidirectional override, a carriage return and
a forged line, and markup with a script and an event attribute.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from app.core.util.resources import resource_path

HOSTILE = (
    "\x1b[2J\x1b[H\x1b]0;pwned\x07\x9b31m\u202eEvil CA"
    " <script>alert(1)</script><img src=x onerror=alert(1)>\x7f\x08\r\nPASS  VERDICT_READY"
)

RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x7f", "\x08", "\r")
"""Characters that must never reach a terminal as they are."""


def raw_in(text: str) -> list[str]:
    """The raw control characters of `RAW` found in `text` (none, for a safe output)."""
    return [repr(char) for char in RAW if char in text]


def sample_document() -> dict[str, Any]:
    """A real saved report (the lab's blocked site)."""
    return json.loads(resource_path("samples/blocked-site.json").read_text(encoding="utf-8"))


def hostile_document(text: str = HOSTILE) -> dict[str, Any]:
    """The sample with `text` wherever a saved report holds words from the network or a
    person: the certificate's issuer, DNS names, the adapter's name, the inputs, a code."""
    document = copy.deepcopy(sample_document())
    checks = {check["id"]: check for check in document["checks"]}
    checks["tls"]["params"]["issuer"] = text
    checks["dns"]["params"]["endpoint"] = text
    checks["dns"]["evidence"]["cname_chain"] = [text, text]
    checks["adapter"]["params"]["name"] = text
    checks["ntp"]["code"] = "NTP_" + text
    document["inputs"]["interface"] = text
    document["verdict"]["code"] = "VERDICT_" + text
    return document


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
