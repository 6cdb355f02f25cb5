"""What a comparison produces: changes per principle as plain dataclasses and enums.

Nothing here compares or formats; ``compare`` builds these and ``drafter.diff_render``
shows them. The enum values are the strings of the JSON contract (DESIGN §4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from drafter.diff.words import DELETE, EQUAL, INSERT, Piece, merge_pieces, words
from drafter.model import CROSS_REF_RE, Draft, Principle, render_references


class Change(StrEnum):
    """How one principle differs between two revisions."""

    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    MOVED = "moved"
    UNCHANGED = "unchanged"


ADDED, REMOVED, MODIFIED, MOVED, UNCHANGED = (
    Change.ADDED,
    Change.REMOVED,
    Change.MODIFIED,
    Change.MOVED,
    Change.UNCHANGED,
)

#: The fields compared for every principle, in the order they are reported.
PRINCIPLE_FIELDS: tuple[str, ...] = ("title", "status", "text", "items", "commentary", "tags")
TRANSLATED_FIELDS: tuple[str, ...] = ("title", "text", "items", "commentary")


@dataclass(frozen=True)
class PrincipleChange:
    """One principle seen in both revisions (or in one of them), aligned by id.

    ``fields`` holds only the fields whose value differs; a list field is compared as its
    entries joined by newlines; a field that does not exist counts as "". ``old``/``new``
    may be None for an unchanged principle read from git, which is never parsed.
    ``previous_id`` is the principle's id in the older revision when it was renamed.
    """

    id: str
    change: Change
    number_from: int | None
    number_to: int | None
    title_from: str | None  # raw titles: cross-references not rendered
    title_to: str | None
    fields: dict[str, list[Piece]] = field(default_factory=dict)
    old: Principle | None = None
    new: Principle | None = None
    previous_id: str | None = None

    @property
    def renumbered(self) -> bool:
        return (
            self.number_from is not None
            and self.number_to is not None
            and self.number_from != self.number_to
        )

    @property
    def renamed(self) -> bool:
        return self.previous_id is not None and self.previous_id != self.id

    @property
    def words_inserted(self) -> int:
        return self._count(INSERT)

    @property
    def words_deleted(self) -> int:
        return self._count(DELETE)

    def _count(self, kind: str) -> int:
        # One count over all pieces, a line break between two so no word spans them.
        return words(
            "\n".join(t for pieces in self.fields.values() for op, t in pieces if op == kind)
        )


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
        kept = [c for c in self.principles if pid in (c.id, c.previous_id)]
        return DraftDiff(
            self.from_label, self.to_label, self.old, self.new, kept, diff_stats(kept), None
        )


def diff_stats(
    changes: Iterable[PrincipleChange], preamble: list[Piece] | None = None
) -> DiffStats:
    """Counts per kind of change, and the words inserted and deleted everywhere."""
    counts = dict.fromkeys(Change, 0)
    inserted = deleted = 0
    for c in changes:
        counts[c.change] += 1
        if c.fields:
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


def with_references(
    pieces: Iterable[Piece], old_numbers: Mapping[str, int], new_numbers: Mapping[str, int]
) -> list[Piece]:
    """Pieces with ``[[principle:id]]`` shown as "Principle N", each side numbered as in
    its own revision: a reference kept while its target was renumbered reads
    "Principle 5" deleted, "Principle 6" inserted.
    """
    out: list[Piece] = []
    for op, text in pieces:
        if op == DELETE:
            out.append((op, render_references(text, old_numbers)))
        elif op == INSERT:
            out.append((op, render_references(text, new_numbers)))
        elif "[[" not in text:
            out.append((op, text))
        else:
            pos = 0
            for match in CROSS_REF_RE.finditer(text):
                out.append((EQUAL, text[pos : match.start()]))
                before = render_references(match.group(0), old_numbers)
                after = render_references(match.group(0), new_numbers)
                if before == after:
                    out.append((EQUAL, before))
                else:
                    out += [(DELETE, before), (INSERT, after)]
                pos = match.end()
            out.append((EQUAL, text[pos:]))
    return merge_pieces(out)
