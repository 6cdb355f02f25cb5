"""Cross-references as the editor shows them: "Principle 6", never ``[[principle:id]]``.

In the editor a live reference is the words "Principle N" joined by a NO-BREAK SPACE
(U+00A0) instead of a space. That tells a live reference from the same words typed as
plain text; it looks the same in every terminal (a zero-width mark did not: terminals
disagree on its width), it keeps "Principle" and its number on one line, and it
survives undo and redo because it is part of the text. The number turns back into the
principle's id through the draft's order when the text is read. A reference to a
principle that no longer exists shows as "Principle (missing: id)".
Nothing here imports Textual: the conversions are tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from drafter.model import CROSS_REF_RE

MARK = "\u00a0"
"""NO-BREAK SPACE: joins "Principle" and its number in every live reference."""

SHOWN_RE = re.compile(r"Principle\u00a0(?:(\d+)|\(missing: ([^)\s]*)\))")
PLAIN_RE = re.compile(r"(?<!\w)Principle (\d+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """One reference shown on a line: columns [start, end) and what it points to."""

    start: int
    end: int
    number: int | None
    """The principle's number; None for a reference to a principle that no longer exists."""
    missing: str = ""
    """The id that names no principle (only for a broken reference)."""


def to_display(text: str, numbers: Mapping[str, int]) -> str:
    """``[[principle:id]]`` as the editor shows it (numbers from the draft's order)."""
    if "[[" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        number = numbers.get(match.group(1))
        if number is None:
            return f"Principle{MARK}(missing: {match.group(1)})"
        return f"Principle{MARK}{number}"

    return CROSS_REF_RE.sub(one, text)


def to_storage(text: str, order: Sequence[str]) -> str:
    """The editor's text as it is written to the file: live references back to ids."""
    if MARK not in text:
        return text

    def one(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            index = int(match.group(1)) - 1
            if 0 <= index < len(order):
                return f"[[principle:{order[index]}]]"
            return f"Principle {match.group(1)}"  # cannot happen: the number came from order
        return f"[[principle:{match.group(2)}]]"

    return SHOWN_RE.sub(one, text)


def spans(line: str) -> list[Span]:
    """The references on one line of the editor."""
    if MARK not in line:
        return []
    return [
        Span(
            m.start(),
            m.end(),
            int(m.group(1)) if m.group(1) is not None else None,
            m.group(2) or "",
        )
        for m in SHOWN_RE.finditer(line)
    ]


def shown(number: int) -> str:
    """What the editor inserts for a live reference to Principle ``number``."""
    return f"Principle{MARK}{number}"


def plain_reference(line: str, column: int, count: int) -> tuple[int, int, int] | None:
    """A plain "Principle N" just before ``column`` (N a real number): (start, end, N).

    "Just before" allows the punctuation or space typed right after it, so the offer
    still shows once the writer has moved on by a character.
    """
    head = line[:column]
    for match in PLAIN_RE.finditer(head):
        tail = head[match.end() :]
        if len(tail) <= 2 and not any(ch.isalnum() for ch in tail):
            number = int(match.group(1))
            if 1 <= number <= count:
                return match.start(), match.end(), number
    return None
