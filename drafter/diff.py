"""Principle-aware, word-level differences between two drafts, as plain data.

Principles are aligned by id first, so a renumbered or moved principle is a move and
not a deletion plus an insertion; only then is each changed field diffed word by word
with diff-match-patch. Nothing here formats output: see ``drafter.diff_render``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from drafter.errors import DrafterError
from drafter.model import Draft, Principle

if TYPE_CHECKING:
    from diff_match_patch import diff_match_patch

    from drafter.workspace import Workspace

Piece = tuple[str, str]  # (op, text), op in {"equal", "insert", "delete"}

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
ADDED, REMOVED, MODIFIED, MOVED, UNCHANGED = "added", "removed", "modified", "moved", "unchanged"
WORKING = "working"

#: The fields compared for every principle, in the order they are reported.
PRINCIPLE_FIELDS: tuple[str, ...] = ("title", "status", "text", "items", "commentary", "tags")
TRANSLATED_FIELDS: tuple[str, ...] = ("title", "text", "items", "commentary")

# A word (letters, digits, combining accents), a run of whitespace, or one other character.
_TOKEN_RE = re.compile(r"(?:\w|[\u0300-\u036f])+|\s+|.", re.DOTALL)
_WORD_RE = re.compile(r"(?:\w|[\u0300-\u036f])+")

# Code points that stand for tokens: the private-use areas first (no character there has
# letter/space properties that diff-match-patch's semantic scoring would react to), then
# the rest of Unicode above Latin-1, never a surrogate (not encodable, split by some tools).
_CODE_RANGES: tuple[tuple[int, int], ...] = (
    (0xE000, 0xF8FF + 1),
    (0xF0000, 0xFFFFD + 1),
    (0x100000, 0x10FFFD + 1),
    (0x0100, 0xD800),
    (0xF900, 0xF0000),
)
_CODE_CAPACITY = sum(end - start for start, end in _CODE_RANGES)

_dmp: diff_match_patch | None = None


def _engine() -> diff_match_patch:
    """One diff-match-patch instance with no time limit.

    The default ``Diff_Timeout`` of 1 s silently returns a cut-short (coarser) diff on
    large inputs, which would make results depend on the machine's speed.
    """
    global _dmp
    if _dmp is None:
        from diff_match_patch import diff_match_patch

        _dmp = diff_match_patch()
        _dmp.Diff_Timeout = 0
    return _dmp


def _code_point(index: int) -> str:
    for start, end in _CODE_RANGES:
        if index < end - start:
            return chr(start + index)
        index -= end - start
    raise ValueError("too many distinct tokens")  # pragma: no cover - guarded by caller


def tokens(text: str) -> list[str]:
    """Words, whitespace runs and single punctuation marks; joined they give ``text`` back."""
    return _TOKEN_RE.findall(text)


def words(text: str) -> int:
    """How many words a text holds (for the inserted/deleted statistics)."""
    return len(_WORD_RE.findall(text))


def word_diff(old: str, new: str) -> list[Piece]:
    """The word-level difference from ``old`` to ``new``.

    Each token becomes one character (the "lines to chars" technique applied to words),
    so diff-match-patch compares words rather than letters: edits never start or end in
    the middle of a word, and semantic cleanup merges scattered small matches into
    readable replacements. Joining the equal and delete pieces gives ``old`` exactly;
    joining the equal and insert pieces gives ``new`` exactly.
    """
    if old == new:
        return [(EQUAL, old)] if old else []
    if not old:
        return [(INSERT, new)]
    if not new:
        return [(DELETE, old)]
    old_tokens, new_tokens = tokens(old), tokens(new)
    table: dict[str, str] = {}
    vocabulary: list[str] = []

    def encode(parts: list[str]) -> str:
        out = []
        for tok in parts:
            ch = table.get(tok)
            if ch is None:
                if len(vocabulary) >= _CODE_CAPACITY:  # pragma: no cover - > 1.1M distinct words
                    raise ValueError("text too large for a word diff")
                ch = _code_point(len(vocabulary))
                table[tok] = ch
                vocabulary.append(tok)
            out.append(ch)
        return "".join(out)

    a, b = encode(old_tokens), encode(new_tokens)
    dmp = _engine()
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    decode = {ch: tok for tok, ch in table.items()}
    names = {0: EQUAL, 1: INSERT, -1: DELETE}
    return _merge((names[op], "".join(decode[ch] for ch in chars)) for op, chars in diffs)


def _merge(pieces: Iterable[Piece]) -> list[Piece]:
    """Adjacent pieces of the same kind as one; empty pieces dropped.

    A replacement is always written deletion first, then insertion, whatever order the
    diff produced them in, so every reader shows "[-old-]{+new+}" the same way.
    """
    merged: list[Piece] = []
    for op, text in pieces:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    # Normalise runs of insert/delete between equal pieces to "delete then insert".
    result: list[Piece] = []
    run: dict[str, str] = {}
    for op, text in merged:
        if op == EQUAL:
            if run:
                result.extend((k, run[k]) for k in (DELETE, INSERT) if k in run)
                run = {}
            result.append((op, text))
        else:
            run[op] = run.get(op, "") + text
    result.extend((k, run[k]) for k in (DELETE, INSERT) if k in run)
    return result


def old_text(pieces: Iterable[Piece]) -> str:
    return "".join(text for op, text in pieces if op != INSERT)


def new_text(pieces: Iterable[Piece]) -> str:
    return "".join(text for op, text in pieces if op != DELETE)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class PrincipleChange:
    """One principle seen in both revisions (or in one of them), aligned by id.

    ``fields`` holds only the fields whose value differs; a list field is compared as its
    entries joined by newlines; a field that does not exist counts as "". ``old``/``new``
    may be None for an unchanged principle read from git, which is never parsed.
    """

    id: str
    change: str  # "added" | "removed" | "modified" | "moved" | "unchanged"
    number_from: int | None
    number_to: int | None
    title_from: str | None  # raw titles: cross-references not rendered
    title_to: str | None
    fields: dict[str, list[Piece]] = field(default_factory=dict)
    old: Principle | None = None
    new: Principle | None = None

    @property
    def renumbered(self) -> bool:
        return (
            self.number_from is not None
            and self.number_to is not None
            and self.number_from != self.number_to
        )

    @property
    def words_inserted(self) -> int:
        return sum(words(t) for pieces in self.fields.values() for op, t in pieces if op == INSERT)

    @property
    def words_deleted(self) -> int:
        return sum(words(t) for pieces in self.fields.values() for op, t in pieces if op == DELETE)


@dataclass(frozen=True)
class DiffStats:
    added: int
    removed: int
    modified: int
    moved: int
    words_inserted: int
    words_deleted: int


@dataclass(frozen=True)
class DraftDiff:
    """Everything that changed from one revision to another, in reading order.

    ``old``/``new`` carry the complete documents (order, preamble), so each side's
    cross-references can be numbered as in that side; their ``principles`` may hold only
    the principles that had to be parsed.
    """

    from_label: str
    to_label: str
    old: Draft
    new: Draft
    principles: list[PrincipleChange]
    stats: DiffStats
    preamble: list[Piece] | None = None

    @property
    def changed(self) -> list[PrincipleChange]:
        return [c for c in self.principles if c.change != UNCHANGED]

    def only(self, pid: str) -> DraftDiff:
        """The same comparison restricted to one principle (``--principle``)."""
        kept = [c for c in self.principles if c.id == pid]
        return DraftDiff(
            self.from_label, self.to_label, self.old, self.new, kept, _stats(kept), None
        )


# --------------------------------------------------------------------------- comparing


def principle_fields(old: Principle | None, new: Principle | None) -> dict[str, list[Piece]]:
    """Word diffs of every field that differs between two versions of a principle."""
    result: dict[str, list[Piece]] = {}
    for name in PRINCIPLE_FIELDS:
        a = _field(old, name)
        b = _field(new, name)
        if a != b:
            result[name] = word_diff(a, b)
    langs = sorted({*(old.translations if old else ()), *(new.translations if new else ())})
    for lang in langs:
        for name in TRANSLATED_FIELDS:
            a = _field(old, name, lang)
            b = _field(new, name, lang)
            if a != b:
                result[f"translations.{lang}.{name}"] = word_diff(a, b)
    return result


def _field(p: Principle | None, name: str, lang: str | None = None) -> str:
    if p is None:
        return ""
    if name == "status":
        return p.status
    if name == "tags":
        return "\n".join(p.tags)
    return p.field_text(name, lang)


def _classify(
    pid: str, number_from: int | None, number_to: int | None, fields: Mapping[str, object]
) -> str:
    if number_from is None and number_to is not None:
        return ADDED
    if number_to is None and number_from is not None:
        return REMOVED
    if fields:
        return MODIFIED
    if number_from != number_to:
        return MOVED
    return UNCHANGED


def reading_order(old_order: tuple[str, ...], new_order: tuple[str, ...]) -> list[str]:
    """Every id of both orders: the new order, each removed id placed where it stood.

    A removed principle follows the nearest principle before it in the old order that
    still exists (or opens the list), so a reader sees the gap where it was.
    """
    in_new = set(new_order)
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for pid in old_order:
        if pid in in_new:
            anchor = pid
        else:
            after.setdefault(anchor, []).append(pid)
    result = list(after.get(None, []))
    for pid in new_order:
        result.append(pid)
        result.extend(after.get(pid, []))
    return result


def _stats(changes: Iterable[PrincipleChange], preamble: list[Piece] | None = None) -> DiffStats:
    counts = {ADDED: 0, REMOVED: 0, MODIFIED: 0, MOVED: 0, UNCHANGED: 0}
    inserted = deleted = 0
    for c in changes:
        counts[c.change] += 1
        inserted += c.words_inserted
        deleted += c.words_deleted
    for op, text in preamble or ():
        if op == INSERT:
            inserted += words(text)
        elif op == DELETE:
            deleted += words(text)
    return DiffStats(
        added=counts[ADDED],
        removed=counts[REMOVED],
        modified=counts[MODIFIED],
        moved=counts[MOVED],
        words_inserted=inserted,
        words_deleted=deleted,
    )


def _ids(draft: Draft) -> tuple[str, ...]:
    """The order, then any principle missing from it (an invalid but readable workspace)."""
    order = draft.document.order
    listed = set(order)
    return order + tuple(sorted(p for p in draft.principles if p not in listed))


def compare_drafts(
    old: Draft, new: Draft, *, from_label: str = "", to_label: str = ""
) -> DraftDiff:
    """Compare two fully parsed drafts (every principle present in each)."""
    old_ids, new_ids = _ids(old), _ids(new)
    old_numbers = {pid: n for n, pid in enumerate(old.document.order, start=1)}
    new_numbers = {pid: n for n, pid in enumerate(new.document.order, start=1)}
    changes: list[PrincipleChange] = []
    for pid in reading_order(old_ids, new_ids):
        a = old.principles.get(pid)
        b = new.principles.get(pid)
        if a is None and b is None:
            continue
        changes.append(_change(pid, a, b, old_numbers.get(pid), new_numbers.get(pid)))
    return _finish(old, new, changes, from_label, to_label)


def _change(
    pid: str,
    a: Principle | None,
    b: Principle | None,
    number_from: int | None,
    number_to: int | None,
) -> PrincipleChange:
    fields = principle_fields(a, b) if a != b else {}
    if a is None:
        number_from = None
    if b is None:
        number_to = None
    return PrincipleChange(
        id=pid,
        change=_classify(pid, number_from, number_to, fields),
        number_from=number_from,
        number_to=number_to,
        title_from=a.title if a is not None else None,
        title_to=b.title if b is not None else None,
        fields=fields,
        old=a,
        new=b,
    )


def _finish(
    old: Draft, new: Draft, changes: list[PrincipleChange], from_label: str, to_label: str
) -> DraftDiff:
    preamble = None
    if old.document.preamble != new.document.preamble:
        preamble = word_diff(old.document.preamble, new.document.preamble)
    return DraftDiff(
        from_label=from_label,
        to_label=to_label,
        old=old,
        new=new,
        principles=changes,
        stats=_stats(changes, preamble),
        preamble=preamble,
    )


def compare_revisions(ws: Workspace, a: str | None = None, b: str | None = None) -> DraftDiff:
    """Compare two revisions of a workspace (defaults: last meeting tag -> working files).

    Placeholder implementation: reads both drafts whole. Superseded below.
    """
    if a is None:
        a = ws.last_meeting_rev()
        if a is None:
            raise DrafterError(
                "no meeting has been closed yet, so there is nothing to compare with by "
                "default: name a revision, e.g. drafter diff HEAD~1"
            )
    if b is None:
        b = WORKING
    return compare_drafts(ws.draft(a), ws.draft(b), from_label=a, to_label=b)


__all__ = [
    "DiffStats",
    "DraftDiff",
    "Piece",
    "PrincipleChange",
    "compare_drafts",
    "compare_revisions",
    "new_text",
    "old_text",
    "reading_order",
    "word_diff",
    "words",
]
