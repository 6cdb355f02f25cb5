"""Comparing two drafts: principles aligned by id, renames recognised, moves decided once.

This is the one answer to "what moved" (:func:`moved`, :func:`reading_order`,
:func:`layout_steps`) and to "what was renamed" (:func:`find_renames`); the diff, the
merge and the redline all ask here, so they never disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from drafter.diff.model import (
    ADDED,
    MODIFIED,
    MOVED,
    PRINCIPLE_FIELDS,
    REMOVED,
    TRANSLATED_FIELDS,
    UNCHANGED,
    Change,
    DraftDiff,
    PrincipleChange,
    diff_stats,
)
from drafter.diff.words import Piece, word_diff, word_list
from drafter.model import CROSS_REF_RE, Draft, Principle
from drafter.sequence import longest_increasing

# --------------------------------------------------------------------------- moves


def moved(old_order: Sequence[str], new_order: Sequence[str]) -> set[str]:
    """Ids in both orders that moved past others.

    The ids kept in their relative order form a longest increasing chain; every other id
    found in both orders moved. Renumbering alone (an insertion or deletion before a
    principle) is not a move.
    """
    index = {pid: i for i, pid in enumerate(old_order)}
    common = [pid for pid in new_order if pid in index]
    kept = {common[i] for i in longest_increasing([index[pid] for pid in common])}
    return set(common) - kept


def reading_order(old_order: Sequence[str], new_order: Sequence[str]) -> list[str]:
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


def layout_steps(
    old_order: Sequence[str], new_order: Sequence[str]
) -> list[tuple[str | None, str | None]]:
    """(old id, new id) pairs in the order a redline shows them.

    A principle that stayed in line is one step (id, id); one that :func:`moved` is shown
    twice: (id, None) where it stood and (None, id) where it now stands. Removed ids are
    (id, None) where they stood, added ids (None, id). Ids must already be the same
    across a rename (see :func:`find_renames`).
    """
    jumped = moved(old_order, new_order)
    in_new = set(new_order)
    old_pos = {pid: i for i, pid in enumerate(old_order)}
    gone = [pid for pid in old_order if pid not in in_new or pid in jumped]
    steps: list[tuple[str | None, str | None]] = []
    k = 0
    for pid in new_order:
        if pid not in old_pos or pid in jumped:
            steps.append((None, pid))
            continue
        while k < len(gone) and old_pos[gone[k]] < old_pos[pid]:
            steps.append((gone[k], None))
            k += 1
        steps.append((pid, pid))
    steps += [(pid, None) for pid in gone[k:]]
    return steps


# --------------------------------------------------------------------------- renames

#: How much of a removed principle's title and text an added one must share to be the
#: same principle under a new id (as a share of words, 0 to 1). Above what an even split
#: of one principle in two gives (2/3), so a split stays a removal and two additions.
RENAME_SIMILARITY = 0.7


def _bag(p: Principle, ids: Collection[str]) -> Counter[str]:
    """The words of a principle's title and text; references among ``ids`` neutralised.

    A rename rewrites references to the renamed principle, including its own.
    """
    text = f"{p.title}\n{p.text}"
    if "[[" in text:
        text = CROSS_REF_RE.sub(
            lambda m: "[[principle:]]" if m.group(1) in ids else m.group(0), text
        )
    return Counter(word_list(text))


def _dice(x: Counter[str], y: Counter[str]) -> float:
    total = x.total() + y.total()
    return 1.0 if total == 0 else 2 * (x & y).total() / total


def similarity(a: Principle, b: Principle) -> float:
    """Shared words of title and text, from 0 (nothing) to 1 (the same words)."""
    ids = {a.id, b.id}
    return _dice(_bag(a, ids), _bag(b, ids))


def find_renames(
    removed: Mapping[str, Principle], added: Mapping[str, Principle]
) -> dict[str, str]:
    """{old id: new id} for principles that disappeared under one id and came back under
    another with the same or similar title and text.

    Recognises ``drafter rename`` and renames made by hand alike, from the content alone.
    Each removed principle pairs with at most one added one, best matches first.
    """
    if not removed or not added:
        return {}
    ids = set(removed) | set(added)
    old_bags = {pid: _bag(p, ids) for pid, p in removed.items()}
    new_bags = {pid: _bag(p, ids) for pid, p in added.items()}
    # Two bags can only be similar enough when their sizes are close: skip the rest.
    ratio = RENAME_SIMILARITY / (2 - RENAME_SIMILARITY)
    scored: list[tuple[float, str, str]] = []
    for old_id, x in old_bags.items():
        size_x = x.total()
        for new_id, y in new_bags.items():
            size_y = y.total()
            if min(size_x, size_y) < ratio * max(size_x, size_y):
                continue
            score = _dice(x, y)
            if score >= RENAME_SIMILARITY:
                scored.append((-score, old_id, new_id))
    renames: dict[str, str] = {}
    taken: set[str] = set()
    for _score, old_id, new_id in sorted(scored):
        if old_id in renames or new_id in taken:
            continue
        renames[old_id] = new_id
        taken.add(new_id)
    return renames


# --------------------------------------------------------------------------- principles


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


def classify(
    number_from: int | None, number_to: int | None, fields: Mapping[str, object], renamed: bool
) -> Change:
    if number_from is None and number_to is not None:
        return ADDED
    if number_to is None and number_from is not None:
        return REMOVED
    if fields or renamed:
        return MODIFIED
    if number_from != number_to:
        return MOVED
    return UNCHANGED


def principle_change(
    pid: str,
    a: Principle | None,
    b: Principle | None,
    number_from: int | None,
    number_to: int | None,
    previous_id: str | None = None,
) -> PrincipleChange:
    """One principle's change; ``previous_id`` when ``a`` had another id (a rename)."""
    same = a == b if previous_id is None else (a is not None and b == _renamed(a, pid))
    fields = {} if same else principle_fields(a, b)
    if a is None:
        number_from = None
    if b is None:
        number_to = None
    return PrincipleChange(
        id=pid,
        change=classify(number_from, number_to, fields, previous_id is not None),
        number_from=number_from,
        number_to=number_to,
        title_from=a.title if a is not None else None,
        title_to=b.title if b is not None else None,
        fields=fields,
        old=a,
        new=b,
        previous_id=previous_id,
    )


def _renamed(p: Principle, new_id: str) -> Principle:
    return replace(p, id=new_id)


def draft_ids(draft: Draft) -> tuple[str, ...]:
    """The order, then any principle missing from it (an invalid but readable workspace)."""
    order = draft.document.order
    listed = set(order)
    return order + tuple(sorted(p for p in draft.principles if p not in listed))


def compare_drafts(
    old: Draft, new: Draft, *, from_label: str = "", to_label: str = ""
) -> DraftDiff:
    """Compare two fully parsed drafts (every principle present in each)."""
    old_ids, new_ids = draft_ids(old), draft_ids(new)
    renames = find_renames(
        {p: old.principles[p] for p in old_ids if p not in new.principles and p in old.principles},
        {p: new.principles[p] for p in new_ids if p not in old.principles and p in new.principles},
    )
    previous = {n: o for o, n in renames.items()}
    old_numbers = {pid: n for n, pid in enumerate(old.document.order, start=1)}
    new_numbers = {pid: n for n, pid in enumerate(new.document.order, start=1)}
    changes: list[PrincipleChange] = []
    for pid in reading_order([renames.get(p, p) for p in old_ids], new_ids):
        was = previous.get(pid, pid)
        a = old.principles.get(was)
        b = new.principles.get(pid)
        if a is None and b is None:
            continue
        changes.append(
            principle_change(
                pid, a, b, old_numbers.get(was), new_numbers.get(pid), previous.get(pid)
            )
        )
    return finish(old, new, changes, from_label, to_label)


def finish(
    old: Draft, new: Draft, changes: list[PrincipleChange], from_label: str, to_label: str
) -> DraftDiff:
    """The comparison with the preamble's changes and the statistics."""
    preamble = None
    if old.document.preamble != new.document.preamble:
        preamble = word_diff(old.document.preamble, new.document.preamble)
    return DraftDiff(
        from_label=from_label,
        to_label=to_label,
        old=old,
        new=new,
        principles=changes,
        stats=diff_stats(changes, preamble),
        preamble=preamble,
    )
