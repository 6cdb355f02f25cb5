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

_STYLE: dict[str, str] = {
    "draft": "#1e1e1e on #a8a8a8",
    "under-discussion": "#1e1e1e on #e6b422",
    "bracketed": "#ffffff on #9b4dca",
    "agreed": "#ffffff on #2e8b57",
}


def status_badge(status: str, *, short: bool = False) -> Content:
    """A status in full words on its colour; ``short`` is the list's lower-case form.

    Never abbreviated ("discuss", "bracket" puzzled readers) nor padded to the longest
    word ("under discussion"): at 80 columns that left titles five letters.
    """
    return Content.styled(*status_words(status, short=short))


def status_words(status: str, *, short: bool = False) -> tuple[str, str]:
    """The badge's text and style, for a row built in one piece (the list's 2,800)."""
    text = STATUS_LABELS.get(status, status)
    if short:  # in the list: lower case, as wide as the word (the title gets the rest)
        text = text.lower()
    return f" {text} ", _STYLE.get(status, "reverse")
