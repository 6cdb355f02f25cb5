"""Find principles by words in their titles and texts, ignoring case and accents."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from drafter.model import Draft

SNIPPET_WIDTH = 70
_FIELD_LABELS = {"title": "title", "text": "text", "items": "items", "commentary": "commentary"}


@dataclass(frozen=True)
class SearchHit:
    """One principle that matches, with the first place it matched."""

    id: str
    number: int
    title: str
    field: str
    snippet: str


def fold(text: str) -> str:
    """Lower case without accents, so "enfant" finds "Enfant" and "ecole" finds "école".

    Each character folds to exactly one character, so positions in the folded text are
    positions in the original (needed to cut the snippet from the original).
    """
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)[:1] or char
        lowered = base.casefold()
        out.append(lowered if len(lowered) == 1 else base.lower()[:1] or char)
    return "".join(out)


def search_draft(draft: Draft, query: str, *, limit: int = 200) -> list[SearchHit]:
    """Principles in document order whose title, text, items or commentary contain ``query``."""
    needle = fold(query.strip())
    if not needle:
        return []
    hits: list[SearchHit] = []
    for number, principle in draft.ordered():
        for field in _FIELD_LABELS:
            value = draft.render(principle.field_text(field))
            at = fold(value).find(needle)
            if at < 0:
                continue
            hits.append(
                SearchHit(
                    id=principle.id,
                    number=number,
                    title=draft.render(principle.title),
                    field=field,
                    snippet=_snippet(value, at, len(needle)),
                )
            )
            break
        if len(hits) >= limit:
            break
    return hits


def _snippet(value: str, at: int, length: int) -> str:
    """The match with some words either side, on one line, cut between words."""
    flat = value.replace("\n", " ")
    start = max(0, at - (SNIPPET_WIDTH - length) // 2)
    end = min(len(flat), start + SNIPPET_WIDTH)
    start = max(0, min(start, end - SNIPPET_WIDTH))
    if start > 0 and not flat[start - 1].isspace():
        space = flat.find(" ", start, at)  # the first whole word before the match
        start = space + 1 if space >= 0 else start
    if end < len(flat) and not flat[end].isspace():
        space = flat.rfind(" ", at + length, end)  # the last whole word after it
        end = space if space >= 0 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    return prefix + flat[start:end].strip() + suffix
