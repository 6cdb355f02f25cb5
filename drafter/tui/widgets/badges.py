"""Coloured status badges and the words that go with them, shared by every screen."""

from __future__ import annotations

from textual.content import Content

STATUS_LABELS: dict[str, str] = {
    "draft": "Draft",
    "under-discussion": "Under discussion",
    "bracketed": "Bracketed",
    "agreed": "Agreed",
}
"""What each status is called on screen."""

_SHORT: dict[str, str] = {
    "draft": "draft ",
    "under-discussion": "discuss",
    "bracketed": "bracket",
    "agreed": "agreed",
}
_STYLE: dict[str, str] = {
    "draft": "#1e1e1e on #a8a8a8",
    "under-discussion": "#1e1e1e on #e6b422",
    "bracketed": "#ffffff on #9b4dca",
    "agreed": "#ffffff on #2e8b57",
}


def status_badge(status: str, *, short: bool = False) -> Content:
    """A status as a coloured label; ``short`` keeps every badge the same width for lists."""
    text = _SHORT.get(status, status[:7]).center(7) if short else STATUS_LABELS.get(status, status)
    return Content.styled(f" {text} ", _STYLE.get(status, "reverse"))
