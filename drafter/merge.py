"""Three-way merge of two drafts that share a base: principle by principle, field by field.

Git merges lines; a group's members edit principles. Merging the *format* means a
principle edited on one side only is simply taken, different fields of one principle
combine, and the same text field edited on both sides combines when the two edits touch
different words. Only when both sides changed the same words (or set a status to two
different values) is there a :class:`Clash`: the merged draft then keeps *our* value, so
the files stay valid YAML without conflict markers, and the clash carries base, ours and
theirs so the user can choose. Nothing here touches git or a screen.

Text merge: the word engine (:mod:`drafter.diff.words`) diffs base->ours and
base->theirs at word level, with no cleanup, so each edit is as small as it can be.
Each diff becomes a list of edits anchored on base word positions; the other side's
edits are applied to ours by exact position, not by dmp's fuzzy ``patch_apply``, whose
approximate matching can place a patch on the wrong one of two similar sentences in
repetitive legal prose. Overlapping edits are a clash, never a guess. Principles renamed
on one side are matched to the other side's by :func:`drafter.diff.find_renames`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from drafter.diff.compare import find_renames, moved
from drafter.diff.words import DELETE, EQUAL, ITEM_SEP, diff_tokens, tokens
from drafter.merge_translations import merge_document_texts, merge_source_records
from drafter.model import (
    CROSS_REF_RE,
    Document,
    Draft,
    Meeting,
    Principle,
    Translation,
)
from drafter.store import DOCUMENT_FILE, meeting_path, principle_path

Value = str | tuple[str, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class Clash:
    """Both sides changed the same field in incompatible ways; ``ours`` was kept.

    ``field`` is a dotted name: ``text``, ``status``, ``items``,
    ``translations.fr.text`` for a principle, ``preamble`` for the document,
    ``notes`` for a meeting. List fields carry tuples.
    """

    path: str
    field: str
    base: Value
    ours: Value
    theirs: Value
    principle: str | None = None

    @property
    def target(self) -> str:
        """What the user types to name it: the principle id, or the file's path."""
        return self.principle or self.path


@dataclass
class MergeResult:
    draft: Draft
    clashes: list[Clash] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- text


def tokenize(text: str) -> list[str]:
    """Words, runs of spaces, punctuation marks: the units a clash is judged by."""
    return tokens(text)


@dataclass(frozen=True)
class _Edit:
    """Replace base tokens [start, end) by ``tokens`` (an insertion when start == end)."""

    start: int
    end: int
    tokens: tuple[str, ...]


def _edits(base: list[str], other: list[str]) -> list[_Edit]:
    """The smallest edits from ``base`` to ``other``, by base token position."""
    edits: list[_Edit] = []
    pos_base = pos_other = 0
    start: int | None = None
    ins: list[str] = []
    for op, n in diff_tokens(base, other):
        if op == EQUAL:
            if start is not None:
                edits.append(_Edit(start, pos_base, tuple(ins)))
                start, ins = None, []
            pos_base += n
            pos_other += n
        else:
            if start is None:
                start = pos_base
            if op == DELETE:
                pos_base += n
            else:
                ins.extend(other[pos_other : pos_other + n])
                pos_other += n
    if start is not None:
        edits.append(_Edit(start, pos_base, tuple(ins)))
    return edits


def word_changes(base: str, other: str) -> list[tuple[int, str]]:
    """(op, text) pieces from ``base`` to ``other`` at word level: -1 deleted, 0 kept, 1 added.

    For showing a clash: joining the 0 and -1 pieces gives ``base``, the 0 and 1 pieces
    ``other``.
    """
    base_t, other_t = tokenize(base), tokenize(other)
    pieces: list[tuple[int, str]] = []
    pos = 0
    for edit in _edits(base_t, other_t):
        if edit.start > pos:
            pieces.append((0, "".join(base_t[pos : edit.start])))
        if edit.end > edit.start:
            pieces.append((-1, "".join(base_t[edit.start : edit.end])))
        if edit.tokens:
            pieces.append((1, "".join(edit.tokens)))
        pos = edit.end
    if pos < len(base_t):
        pieces.append((0, "".join(base_t[pos:])))
    return pieces


def _conflict(a: _Edit, b: _Edit) -> bool:
    """Edits that overlap or touch: their combined result would be a guess."""
    if a.start == a.end and b.start == b.end:  # two insertions
        return a.start == b.start
    return a.start <= b.end and b.start <= a.end


def merge_text(base: str, ours: str, theirs: str, *, block: str = "\n\n") -> str | None:
    """Both sides' edits combined, or None when they touch the same words.

    Two insertions at the same place are kept one after the other (ours first) when
    both add whole blocks: paragraphs (``block``) or list entries.
    """
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    base_t, ours_t, theirs_t = tokenize(base), tokenize(ours), tokenize(theirs)
    mine = _edits(base_t, ours_t)
    other = _edits(base_t, theirs_t)
    same = set(mine)
    other = [e for e in other if e not in same]  # the same edit made on both sides
    # Our edits are in base order and never overlap, so their ends rise too: the ones an
    # edit of theirs can touch are found by bisection, not by trying them all.
    ends = [m.end for m in mine]
    combined: list[tuple[_Edit, int]] = []
    for edit in other:
        k = bisect_left(ends, edit.start)
        while k < len(mine) and mine[k].start <= edit.end:
            m = mine[k]
            if _conflict(m, edit) and not (_whole_blocks(m, block) and _whole_blocks(edit, block)):
                return None
            k += 1
        combined.append((edit, 1))
    combined.extend((m, 0) for m in mine)
    # Ours before theirs at the same insertion point; insertions before replacements.
    combined.sort(key=lambda pair: (pair[0].start, pair[0].end != pair[0].start, pair[1]))
    out: list[str] = []
    pos = 0
    for edit, _side in combined:
        out.extend(base_t[pos : edit.start])
        out.extend(edit.tokens)
        pos = max(pos, edit.end)
    out.extend(base_t[pos:])
    return "".join(out)


def _whole_blocks(edit: _Edit, block: str) -> bool:
    """A pure insertion that adds whole paragraphs or list entries."""
    if edit.start != edit.end or not edit.tokens:
        return False
    text = "".join(edit.tokens)
    seps = (block, ITEM_SEP)
    return any(text.startswith(s) or text.endswith(s) for s in seps)


def merge_list_text(
    base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...]
) -> tuple[str, ...] | None:
    """Lettered items merged as one text whose entries are joined by a separator."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    if any(ITEM_SEP in entry for entry in (*base, *ours, *theirs)):
        return None
    merged = merge_text(ITEM_SEP.join(base), ITEM_SEP.join(ours), ITEM_SEP.join(theirs))
    if merged is None:
        return None
    return tuple(merged.split(ITEM_SEP)) if merged else ()


def merge_set(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> tuple[str, ...]:
    """Tags and similar: ours in its order, plus what they added, minus what they removed."""
    removed = set(base) - set(theirs)
    result = [t for t in ours if t not in removed]
    result += [t for t in theirs if t not in base and t not in result]
    return tuple(result)


# --------------------------------------------------------------------------- order


def merge_order(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str], present: Iterable[str]
) -> tuple[list[str], list[str]]:
    """Document order for the ids in ``present``, and the ids moved differently on both sides.

    Our layout is the starting point. Principles they moved (and we did not) follow them,
    as do principles only they added: each goes right after the principle that precedes
    it on their side. A principle both sides moved stays where we put it.
    """
    keep = set(present)
    moved_theirs = moved(base, theirs)
    moved_ours = moved(base, ours)
    result = [pid for pid in ours if pid in keep]
    both_moved: list[str] = []
    for i, pid in enumerate(theirs):
        if pid not in keep:
            continue
        placed = pid in result
        if placed and pid in moved_theirs and pid in moved_ours:
            both_moved.append(pid)
            continue
        if placed and pid not in moved_theirs:
            continue
        if placed:
            result.remove(pid)
            # Anchor a move on principles we left in place, so our own moves stay ours.
            anchors = [p for p in theirs[:i] if p not in moved_ours]
            _insert_after_predecessor(result, pid, anchors)
        else:
            _insert_after_predecessor(result, pid, theirs[:i])
    for i, pid in enumerate(base):  # kept although both sides dropped it from the order
        if pid in keep and pid not in result:
            _insert_after_predecessor(result, pid, base[:i])
    for pid in sorted(keep - set(result)):
        result.append(pid)
    return result, both_moved


def _insert_after_predecessor(result: list[str], pid: str, before: Sequence[str]) -> None:
    for prev in reversed(before):
        if prev in result:
            result.insert(result.index(prev) + 1, pid)
            return
    result.insert(0, pid)


# --------------------------------------------------------------------------- records


class _FieldMerger:
    """Merges one record's fields, collecting clashes (which keep our value)."""

    def __init__(self, path: str, principle: str | None, clashes: list[Clash], prefix: str = ""):
        self.path = path
        self.principle = principle
        self.clashes = clashes
        self.prefix = prefix

    def text(self, name: str, base: str, ours: str, theirs: str) -> str:
        merged = merge_text(base, ours, theirs)
        if merged is None:
            self._clash(name, base, ours, theirs)
            return ours
        return merged

    def items(
        self, name: str, base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...]
    ) -> tuple[str, ...]:
        merged = merge_list_text(base, ours, theirs)
        if merged is None:
            self._clash(name, base, ours, theirs)
            return ours
        return merged

    def scalar(self, name: str, base: T, ours: T, theirs: T) -> T:
        if ours == theirs or theirs == base:
            return ours
        if ours == base:
            return theirs
        self._clash(name, _shown(base), _shown(ours), _shown(theirs))
        return ours

    def _clash(self, name: str, base: Value, ours: Value, theirs: Value) -> None:
        self.clashes.append(
            Clash(self.path, self.prefix + name, base, ours, theirs, principle=self.principle)
        )


def _shown(value: object) -> str:
    return "" if value is None else str(value)


_NO_TRANSLATION = Translation()


def merge_principle(
    base: Principle | None, ours: Principle, theirs: Principle, clashes: list[Clash]
) -> Principle:
    """One principle changed on both sides (``base`` None: added on both with one id)."""
    if ours == theirs:
        return ours
    b = base or Principle(id=ours.id, title="", status="")
    if theirs == b:
        return ours
    if ours == b:
        return theirs
    f = _FieldMerger(principle_path(ours.id), ours.id, clashes)
    translations: dict[str, Translation] = {}
    langs = list(ours.translations) + [
        lang for lang in theirs.translations if lang not in ours.translations
    ]
    for lang in langs:
        tb, to, tt = (
            b.translations.get(lang),
            ours.translations.get(lang),
            theirs.translations.get(lang),
        )
        if to is None or tt is None:  # present on one side only
            kept = to if to is not None else tt
            if kept is not None and kept != tb:  # added, or edited while the other removed it
                translations[lang] = kept
            continue
        tb = tb or _NO_TRANSLATION
        ft = _FieldMerger(f.path, ours.id, clashes, prefix=f"translations.{lang}.")
        translations[lang] = Translation(
            title=ft.text("title", tb.title, to.title, tt.title),
            text=ft.text("text", tb.text, to.text, tt.text),
            items=ft.items("items", tb.items, to.items, tt.items),
            commentary=ft.text("commentary", tb.commentary, to.commentary, tt.commentary),
            source=merge_source_records(tb.source, to.source, tt.source),
        )
    return Principle(
        id=ours.id,
        title=f.text("title", b.title, ours.title, theirs.title),
        status=f.scalar("status", b.status, ours.status, theirs.status),
        text=f.text("text", b.text, ours.text, theirs.text),
        items=f.items("items", b.items, ours.items, theirs.items),
        commentary=f.text("commentary", b.commentary, ours.commentary, theirs.commentary),
        tags=merge_set(b.tags, ours.tags, theirs.tags),
        translations=translations,
    )


def merge_meeting(
    base: Meeting | None, ours: Meeting, theirs: Meeting, clashes: list[Clash]
) -> Meeting:
    if ours == theirs:
        return ours
    b = base or Meeting(id=ours.id, name="")
    if theirs == b:
        return ours
    if ours == b:
        return theirs
    f = _FieldMerger(meeting_path(ours.id), None, clashes)
    return Meeting(
        id=ours.id,
        name=f.scalar("name", b.name, ours.name, theirs.name),
        place=f.scalar("place", b.place, ours.place, theirs.place),
        start=f.scalar("start", b.start, ours.start, theirs.start),
        end=f.scalar("end", b.end, ours.end, theirs.end),
        participants=merge_set(b.participants, ours.participants, theirs.participants),
        notes=f.text("notes", b.notes, ours.notes, theirs.notes),
    )


def _merge_records(
    base: Mapping[str, T],
    ours: Mapping[str, T],
    theirs: Mapping[str, T],
    merge_one: Callable[[T | None, T, T, list[Clash]], T],
    clashes: list[Clash],
    notices: list[str],
    describe: Callable[[str], str],
) -> dict[str, T]:
    """Records by id: one-sided changes taken, deletions honoured unless the other side edited."""
    merged: dict[str, T] = {}
    for rid in [*ours, *(r for r in theirs if r not in ours)]:
        o, t, b = ours.get(rid), theirs.get(rid), base.get(rid)
        if o is not None and t is not None:
            merged[rid] = merge_one(b, o, t, clashes)
        elif o is not None:  # absent on their side
            if b is None:
                merged[rid] = o  # we added it
            elif o != b:
                merged[rid] = o
                notices.append(
                    f"{describe(rid)} was deleted on the other side but edited here: kept"
                )
        elif t is not None:  # absent on our side
            if b is None:
                merged[rid] = t  # they added it
            elif t != b:
                merged[rid] = t
                notices.append(
                    f"{describe(rid)} was deleted here but edited on the other side: kept"
                )
    return merged


# --------------------------------------------------------------------------- renames


def _follow_renames(
    base: Draft, ours: Draft, theirs: Draft, notices: list[str]
) -> tuple[Draft, Draft, Draft]:
    """The three drafts with each principle renamed on one side under its new id everywhere.

    A principle renamed on one side (``drafter rename``, F2, or by hand) and edited on the
    other is one principle: the merge keeps the new id and both sides' edits, and
    references to the old id (in texts the other side wrote) follow. Renames are found
    as the diff finds them, by content (:func:`drafter.diff.find_renames`). Renamed to
    two different ids on both sides, our id is kept.
    """
    ours_renames = _renames(base, ours)
    theirs_renames = _renames(base, theirs)
    if not ours_renames and not theirs_renames:
        return base, ours, theirs
    mapping = dict(theirs_renames)
    mapping.update(ours_renames)
    their_ids: dict[str, str] = {}
    for old, new in ours_renames.items():
        other = theirs_renames.get(old)
        if other is not None and other != new:
            their_ids[other] = new
            notices.append(
                f"Principle {old!r} was renamed on both sides ({new!r} here, {other!r} on "
                "the other side): kept this copy's id"
            )
    return (
        _renamed(base, mapping),
        _renamed(ours, mapping),
        _renamed(theirs, {**mapping, **their_ids}),
    )


def _renames(base: Draft, side: Draft) -> dict[str, str]:
    removed = {p: v for p, v in base.principles.items() if p not in side.principles}
    added = {p: v for p, v in side.principles.items() if p not in base.principles}
    return find_renames(removed, added)


def _renamed(draft: Draft, mapping: Mapping[str, str]) -> Draft:
    """``draft`` with principles and references renamed by ``mapping`` (old id -> new)."""
    mapping = {old: new for old, new in mapping.items() if old != new}

    def swap(text: str) -> str:
        if "[[" not in text:
            return text
        return CROSS_REF_RE.sub(
            lambda m: f"[[principle:{mapping[m.group(1)]}]]" if m.group(1) in mapping else m[0],
            text,
        )

    applied = {
        old: new
        for old, new in mapping.items()
        if old in draft.principles and new not in draft.principles  # never overwrite one
    }
    principles = {
        applied.get(pid, pid): _texts_mapped(replace(p, id=applied.get(pid, pid)), swap)
        for pid, p in draft.principles.items()
    }
    document = replace(
        draft.document,
        order=tuple(applied.get(pid, pid) for pid in draft.document.order),
        preamble=swap(draft.document.preamble),
    )
    return replace(draft, document=document, principles=principles)


def _texts_mapped(p: Principle, f: Callable[[str], str]) -> Principle:
    """The same principle with ``f`` applied to every text field, translations included."""
    translations = {
        lang: Translation(
            title=f(tr.title),
            text=f(tr.text),
            items=tuple(f(i) for i in tr.items),
            commentary=f(tr.commentary),
        )
        for lang, tr in p.translations.items()
    }
    mapped = replace(
        p,
        title=f(p.title),
        text=f(p.text),
        items=tuple(f(i) for i in p.items),
        commentary=f(p.commentary),
        translations=translations,
    )
    return p if mapped == p else mapped


# --------------------------------------------------------------------------- drafts


def merge_drafts(base: Draft | None, ours: Draft, theirs: Draft) -> MergeResult:
    """The merged draft, its clashes (our value kept) and notices worth telling the user."""
    clashes: list[Clash] = []
    notices: list[str] = []
    empty = Draft(document=Document(title="", order=()), principles={})
    b = base or empty
    if base is not None:
        b, ours, theirs = _follow_renames(b, ours, theirs, notices)

    def principle_name(pid: str) -> str:
        p = ours.principles.get(pid) or theirs.principles.get(pid)
        title = f" — {p.title}" if p and p.title else ""
        return f"Principle {pid!r}{title}"

    principles = _merge_records(
        b.principles,
        ours.principles,
        theirs.principles,
        merge_principle,
        clashes,
        notices,
        principle_name,
    )
    meetings = _merge_records(
        b.meetings,
        ours.meetings,
        theirs.meetings,
        merge_meeting,
        clashes,
        notices,
        lambda mid: f"Meeting {mid!r}",
    )
    order, both_moved = merge_order(
        b.document.order, ours.document.order, theirs.document.order, principles
    )
    for pid in both_moved:
        notices.append(f"{principle_name(pid)} was moved on both sides: kept this copy's place")
    bd, od, td = b.document, ours.document, theirs.document
    if base is None:
        bd = od if od == td else Document(title="", language="", order=())
    f = _FieldMerger(DOCUMENT_FILE, None, clashes)
    current = f.scalar(
        "current_meeting", bd.current_meeting, od.current_meeting, td.current_meeting
    )
    if current is not None and current not in meetings:
        current = od.current_meeting if od.current_meeting in meetings else None
    document = replace(
        od,
        title=f.text("title", bd.title, od.title, td.title),
        language=f.scalar("language", bd.language, od.language, td.language),
        translations=merge_set(bd.translations, od.translations, td.translations),
        preamble=f.text("preamble", bd.preamble, od.preamble, td.preamble),
        translated=merge_document_texts(f.text, bd, od, td),
        order=tuple(order),
        current_meeting=current,
    )
    # Clashes in the order they appear in the document, so reports read top to bottom.
    position = {principle_path(pid): i for i, pid in enumerate(order)}
    clashes.sort(key=lambda c: position.get(c.path, -1 if c.path == DOCUMENT_FILE else 10**9))
    return MergeResult(
        Draft(document=document, principles=principles, meetings=meetings), clashes, notices
    )
