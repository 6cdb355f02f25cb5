"""Per-language badges (current / stale / missing) for the list of principles: ``f✓e!``."""

from __future__ import annotations

from drafter.model import Draft, Principle
from drafter.translations import CURRENT, MISSING, STALE, translation_state

MARKS: dict[str, str] = {CURRENT: "✓", STALE: "!", MISSING: "–"}
"""A sign beside the language code, so the state does not rest on colour alone."""

STYLES: dict[str, str] = {
    CURRENT: "#ffffff on #2e8b57",
    STALE: "#1e1e1e on #e6b422",
    MISSING: "#ffffff on #8b2e2e",
}
WORDS: dict[str, str] = {
    CURRENT: "translation up to date",
    STALE: "the source changed since it was translated",
    MISSING: "not translated yet",
}


def short_labels(langs: tuple[str, ...]) -> dict[str, str]:
    """Each language by its first letter when those differ (the list is narrow), else its code."""
    initials = [lang[:1] for lang in langs]
    if len(set(initials)) == len(initials):
        return dict(zip(langs, initials, strict=True))
    return {lang: lang for lang in langs}


def translation_badges(draft: Draft, principle: Principle) -> list[tuple[str, str]]:
    """(text, style) of one badge per translation language (``f✓e!``), then a space."""
    langs = draft.document.translations
    if not langs:
        return []
    labels = short_labels(langs)
    badges = []
    for lang in langs:
        state = translation_state(principle, lang).state
        badges.append((f"{labels[lang]}{MARKS[state]}", STYLES[state]))
    return [*badges, (" ", "")]
