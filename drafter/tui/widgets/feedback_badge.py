"""The count of open feedback shown beside a principle in the list."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

OPEN: dict[str, int] = {}
"""Principle id -> open feedback records; refreshed each time the draft is read."""


def refresh(root: Path) -> None:
    """Count the open records (cheap: parsed feedback files are cached)."""
    from drafter.layout import FEEDBACK_DIR

    if not (root / FEEDBACK_DIR).is_dir():  # no consultation yet: nothing to load
        OPEN.clear()
        return
    from drafter.feedback.records import list_records

    counts: dict[str, int] = {}
    try:
        pairs = list_records(root, status="open")
    except Exception:  # a broken feedback file must never stop the list from showing
        pairs = []
    for _ff, record in pairs:
        if record.principle:
            counts[record.principle] = counts.get(record.principle, 0) + 1
    OPEN.clear()
    OPEN.update(counts)


def badge(pid: str) -> Content:
    """ " 3 " on a blue ground after the title, or nothing when none is open."""
    n = OPEN.get(pid, 0)
    return Content.styled(f" {n} ", "#ffffff on #1f6feb") if n else Content("")
