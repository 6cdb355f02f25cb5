"""Text from files, commits and remotes made safe to print or draw.

Anything that arrives from a shared remote or a returned Word file may hold terminal
control sequences (``ESC ] 2 ; ... BEL`` retitles the window, ``ESC [ 2 J`` clears the
screen) or bidirectional overrides that make a line read differently from its bytes.
Before such text reaches a terminal, every C0/C1 control character other than tab and
newline, DEL, and every bidi override or isolate is replaced by a visible mark.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _mark(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with control characters and bidi overrides shown as visible marks."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(_mark, text)


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None
