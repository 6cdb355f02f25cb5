"""Principle-aware, word-level differences between two drafts, as plain data.

Principles are aligned by id first (and renamed ids recognised by their content), so a
renumbered, moved or renamed principle is not a deletion plus an insertion; only then is
each changed field diffed word by word by the one engine in :mod:`drafter.diff.words`.
Nothing here formats output: see ``drafter.diff_render``.

Modules: ``words`` (tokens and the bounded word engine), ``model`` (the result as
dataclasses and enums), ``compare`` (alignment, moves, renames), ``revisions`` (fast
reading of two revisions of a workspace).
"""

from __future__ import annotations

from drafter.diff.compare import (
    compare_drafts,
    find_renames,
    layout_steps,
    moved,
    principle_fields,
    reading_order,
    similarity,
)
from drafter.diff.model import (
    ADDED,
    MODIFIED,
    MOVED,
    PRINCIPLE_FIELDS,
    REMOVED,
    TRANSLATED_FIELDS,
    UNCHANGED,
    Change,
    DiffStats,
    DraftDiff,
    PrincipleChange,
    with_references,
)
from drafter.diff.revisions import ObjectReader, compare_revisions, compare_with, peek_title
from drafter.diff.words import (
    DELETE,
    EQUAL,
    INSERT,
    Op,
    Piece,
    diff_tokens,
    merge_pieces,
    new_text,
    old_text,
    tokens,
    word_diff,
    words,
)

__all__ = [
    "ADDED",
    "DELETE",
    "EQUAL",
    "INSERT",
    "MODIFIED",
    "MOVED",
    "PRINCIPLE_FIELDS",
    "REMOVED",
    "TRANSLATED_FIELDS",
    "UNCHANGED",
    "Change",
    "DiffStats",
    "DraftDiff",
    "ObjectReader",
    "Op",
    "Piece",
    "PrincipleChange",
    "compare_drafts",
    "compare_revisions",
    "compare_with",
    "diff_tokens",
    "find_renames",
    "layout_steps",
    "merge_pieces",
    "moved",
    "new_text",
    "old_text",
    "peek_title",
    "principle_fields",
    "reading_order",
    "similarity",
    "tokens",
    "with_references",
    "word_diff",
    "words",
]
