"""Control characters made visible: text from the network, a file or the system, on its way to
a terminal, a sentence or a JSON document.

A terminal obeys what it is sent: ESC and CSI sequences clear the screen, move the cursor,
retitle the window; a carriage return or a backspace overwrites what was printed; a
bidirectional override makes a line read in another order than it is. A certificate, a DNS
server, an adapter's name or a saved report can hold any of them. Here they become their
escaped spelling (`\\x1b`, `\\x9b`, `\\u202e`): visible, and inert.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls but tab and line feed, DEL, C1 controls; the Unicode bidirectional marks,
# embeddings, overrides and isolates; the line and paragraph separators that some terminals
# and viewers break lines at.
_BUT_LINES = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_ANY = re.compile(f"[\t\n{_BUT_LINES}]")
_LINES_KEPT = re.compile(f"[{_BUT_LINES}]")
# In a JSON document the C0 controls are escaped by `json` itself; the rest are not.
_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _spelled(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """`text` with every control character spelled out (`\\x1b`), so none acts.

    `lines=True` keeps line feeds and tabs, for a whole page of output whose lines are the
    program's own; a value inside a sentence (a name, an issuer) keeps no line break.
    """
    if lines:
        return _LINES_KEPT.sub(_spelled, text)
    return _ANY.sub(_spelled, text)


def json_text(document: Any, indent: int | None = 2) -> str:
    """`document` as JSON text that is safe on a terminal: non-ASCII letters stay as they are
    (French reads as French), while C1 controls, DEL and bidirectional marks are escaped
    (`\\u009b`, `\\u202e`) like the C0 controls `json` escapes already."""
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    return _IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
