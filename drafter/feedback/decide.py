"""The core group's decisions: accept (rebased onto the working text), reject, answer.

A proposal was made against the revision that was sent; the group has usually written
more since. Accepting replays the proposal on the sent text and merges that with the
working text word by word (``drafter.merge.merge_text``): both survive when they touch
different words; when the proposal's words have since changed, nothing is applied and
the clash is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from drafter.feedback.records import FeedbackError, Record, find, update
from drafter.model import CROSS_REF_RE, Draft, Principle

if TYPE_CHECKING:
    from drafter.workspace import Workspace

_WORDED_REF = re.compile(r"\b(?:Principle|Principe|Principio|Grundsatz)\s(\d+)\b")


@dataclass(frozen=True)
class Accepted:
    record: Record
    applied: bool  # False: nothing to apply (a comment, a move) — the decision is recorded


def reject(ws: Workspace, record_id: str, reason: str | None = None) -> Record:
    ff, record = find(ws.root, record_id)
    return update(ws.root, ff, record, status="rejected", response=reason or record.response)


def answer(ws: Workspace, record_id: str, text: str) -> Record:
    if not text.strip():
        raise FeedbackError("an answer needs a text: -m TEXT")
    ff, record = find(ws.root, record_id)
    return update(ws.root, ff, record, status="answered", response=text)


def accept(ws: Workspace, record_id: str, response: str | None = None) -> Accepted:
    ff, record = find(ws.root, record_id)
    edits = _edits(record)
    if not edits:
        new = update(ws.root, ff, record, status="accepted", response=response or record.response)
        return Accepted(new, False)
    sent = ws.draft(ff.against)
    working = ws.draft()
    changed: dict[str, Principle] = {}
    for (pid, name), field_edits in edits.items():
        if pid not in sent.principles:
            raise FeedbackError(
                f"feedback {record.id}: principle {pid!r} is not in the revision sent"
            )
        if pid not in working.principles:
            raise FeedbackError(
                f"feedback {record.id}: principle {pid!r} is no longer in the working files"
            )
        base = _raw_field(sent, pid, name)
        theirs = _replay(sent, base, field_edits)
        principle = changed.get(pid, working.principles[pid])
        changed[pid] = _merged(principle, name, base, theirs, record)
    for principle in changed.values():  # written only once every field merged
        ws.write_principle(principle)
    new = update(ws.root, ff, record, status="accepted", response=response or record.response)
    return Accepted(new, True)


def _edits(record: Record) -> dict[tuple[str, str], list[Record]]:
    """The edits accepting ``record`` makes, by principle and field; none for a comment.

    A move is two: its words deleted where they were, inserted where they arrived (a move
    read before drafter kept the arrival's place, or out of the principles, is recorded
    only).
    """
    if record.kind == "comment" or (record.proposed is None and record.quote is None):
        return {}
    if record.kind == "move":
        pid, _, name = (record.moved_to or "").partition("/")
        if not (pid and name and record.moved_at is not None and record.principle):
            return {}
        gone = replace(record, kind="deletion", proposed="")
        arrived = replace(
            record, kind="insertion", principle=pid, field=name, at=record.moved_at,
            quote="", proposed=record.quote,
        )  # fmt: skip
        edits: dict[tuple[str, str], list[Record]] = {}
        for edit in (gone, arrived):
            edits.setdefault((edit.principle or "", edit.field or ""), []).append(edit)
        return edits
    if record.principle is None or record.field is None:
        raise FeedbackError(
            f"feedback {record.id} is outside any principle: apply it by hand, then "
            f"record it with: drafter feedback answer {record.id} -m TEXT"
        )
    return {(record.principle, record.field): [record]}


def _merged(principle: Principle, name: str, base: str, theirs: str, record: Record) -> Principle:
    """``principle`` with the proposal's change to field ``name`` merged in, word by word."""
    from drafter.merge import merge_list_text, merge_text

    if name == "items":
        merged_items = merge_list_text(
            tuple(base.split("\n")) if base else (),
            principle.items,
            tuple(theirs.split("\n")) if theirs else (),
        )
        if merged_items is None:
            raise _clash(record)
        return replace(principle, items=tuple(i for i in merged_items if i.strip()))
    ours = _raw_field_of(principle, name)
    merged = merge_text(base, ours, theirs, block="\n\n")
    if merged is None:
        raise _clash(record)
    return _with_field(principle, name, merged)


def _with_field(principle: Principle, name: str, value: str) -> Principle:
    if name == "title":
        return replace(principle, title=value)
    if name == "commentary":
        return replace(principle, commentary=value)
    return replace(principle, text=value)


def _clash(record: Record) -> FeedbackError:
    return FeedbackError(
        f"feedback {record.id} clashes with the working text: the words it changes "
        f"({(record.quote or '').strip()[:60]!r}) have been changed since it was sent; nothing "
        "applied: edit by hand, then drafter feedback answer or reject it"
    )


def _raw_field(draft: Draft, pid: str, name: str) -> str:
    return _raw_field_of(draft.principles[pid], name)


def _raw_field_of(p: Principle, name: str) -> str:
    if name == "items":
        return "\n".join(item.strip() for item in p.items)
    return str(getattr(p, name))


def _replay(sent: Draft, base: str, records: list[Record]) -> str:
    """The sent field with the proposals applied, references kept as references.

    Each is placed on the sent text first, then applied from the last to the first, so
    one does not shift the place of another (a move within one field).
    """
    spans = sorted((_raw_edit(sent, base, record) for record in records), reverse=True)
    text = base
    for start, end, proposed in spans:
        text = text[:start] + proposed + text[end:]
    return text


def _raw_edit(sent: Draft, base: str, record: Record) -> tuple[int, int, str]:
    """Where in the stored sent field ``record`` applies, and its words as stored."""
    from drafter.feedback.reader import WORDS, sent_field

    word = WORDS.get(sent.document.language[:2], "Principle")
    quote = record.quote or ""
    at = record.at if record.at is not None else -1
    shown, space = "", " "
    for space in (" ", "\xa0"):  # the copy may join "Principle" and its number unbreakably
        shown = sent_field(sent, record.principle or "", record.field or "", word, space)
        if 0 <= at <= len(shown) and shown[at : at + len(quote)] == quote:
            break
    else:
        at = _nearest(shown, quote, at)
    raw_start, raw_end = _raw_span(sent, base, shown, at, at + len(quote), f"{word}{space}")
    return raw_start, raw_end, _unrender(sent, record.proposed or "")


def _nearest(shown: str, quote: str, at: int) -> int:
    if not quote:
        raise FeedbackError("the proposal's place in the sent text is unknown")
    hits = [m.start() for m in re.finditer(re.escape(quote), shown)]
    if not hits:
        raise FeedbackError(f"the sent text does not hold the quoted words {quote[:60]!r}")
    return min(hits, key=lambda h: abs(h - at))


def _raw_span(
    sent: Draft, base: str, shown: str, start: int, end: int, word: str
) -> tuple[int, int]:
    """Map a span of the shown text (references numbered) back onto the stored text.

    The stored text of ``text`` and ``commentary`` may separate paragraphs with more than
    one blank line; the shown text always uses one. Both are walked together.
    """
    numbers = sent.numbers()
    mapping: list[int] = []  # shown offset -> raw offset
    raw = 0
    pieces: list[tuple[str, int, int]] = []
    for m in CROSS_REF_RE.finditer(base):
        pieces.append(("text", raw, m.start()))
        pieces.append(("ref", m.start(), m.end()))
        raw = m.end()
    pieces.append(("text", raw, len(base)))
    for kind, a, b in pieces:
        if kind == "ref":
            ref = CROSS_REF_RE.match(base, a)
            n = numbers.get(ref.group(1)) if ref else None
            label = f"{word}{n}" if n is not None else "x"
            mapping.extend([a] * len(label))
        else:
            mapping.extend(range(a, b))
    mapping.append(len(base))
    if len(mapping) != len(shown) + 1:  # paragraphs spaced differently: fall back on search
        quote = shown[start:end]
        pos = base.find(quote)
        if pos < 0:
            raise FeedbackError("the sent text and the stored text differ; apply by hand")
        return pos, pos + len(quote)
    return mapping[start], mapping[end] if end < len(mapping) else len(base)


def _unrender(sent: Draft, text: str) -> str:
    order = sent.document.order

    def one(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"[[principle:{order[n - 1]}]]" if 0 < n <= len(order) else m.group(0)

    return _WORDED_REF.sub(one, text)
