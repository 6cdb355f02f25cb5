"""A returned copy becomes feedback records, each on a principle, a field and sent words.

Each paragraph of the returned file is first placed on a principle and field: by the
copy's bookmarks (``_dr{N}_{F}``) where a reviewer left them, otherwise by aligning its
text as sent (tracked insertions left out) with the paragraphs of the revision that was
sent. Then, field by field: tracked changes become insertions, deletions, replacements
(a deletion next to an insertion by the same author) and moves; whatever differs
between the sent text and the returned text with every tracked change rejected was
edited without Track Changes, and is found word by word; comments land where their
range starts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from drafter.docx_in import Change, Markup, Para
from drafter.feedback.records import Record, Reply
from drafter.model import CROSS_REF_RE, Draft, item_label

_HEADING_PREFIX = re.compile(r"^\S+\s\d+\s*[—–:.-]\s*")
_ITEM_PREFIX = re.compile(r"^\((?:[a-z]{1,3})\)\t?")
_BOOKMARK = re.compile(r"^_dr(\d+)_(t|x|c|p|i\d+)$")
_PAIRING_LIMIT = 40_000  # paragraph pairs compared by likeness in one unmatched stretch
_SEP = {"title": " ", "text": "\n\n", "items": "\n", "commentary": "\n\n", None: "\n\n"}
Key = tuple[str | None, str | None]  # (principle id, field)


@dataclass(frozen=True)
class SentPara:
    key: Key
    text: str  # as exported, label included
    prefix: int  # characters of label before the field's words (heading, item letter)


COMMENTARY_WORDS = {
    "Principle": "Commentary",
    "Principe": "Commentaire",
    "Principio": "Comentario",
    "Grundsatz": "Kommentar",
}
FRONT = ""  # principle key of the title page: kept for comments and tracked changes only


def render(text: str, draft: Draft, word: str = "Principle", space: str = " ") -> str:
    """References as the copy shows them: "Principle 4" (the exporter may join the two
    words with a no-break space, and writes the word in the document's language)."""
    if "[[" not in text:
        return text
    numbers = draft.numbers()

    def one(match: re.Match[str]) -> str:
        n = numbers.get(match.group(1))
        return f"{word}{space}{n}" if n is not None else f"{word}{space}[{match.group(1)}?]"

    return CROSS_REF_RE.sub(one, text)


def sent_paragraphs(draft: Draft, word: str = "Principle", space: str = " ") -> list[SentPara]:
    """The paragraphs a copy of ``draft`` holds, in order, each with its principle and field."""

    def r(text: str) -> str:
        return render(text, draft, word, space)

    out = [SentPara((None, None), t, 0) for t in _paras(r(draft.document.preamble))]
    for n, p in draft.ordered():
        head = f"{word}{space}{n} — "
        out.append(SentPara((p.id, "title"), head + r(p.title), len(head)))
        out += [SentPara((p.id, "text"), t, 0) for t in _paras(r(p.text))]
        for i, item in enumerate(p.items):
            label = item_label(i) + "\t"
            out.append(SentPara((p.id, "items"), label + r(item).strip(), len(label)))
        commentary = _paras(r(p.commentary))
        if commentary:
            label = COMMENTARY_WORDS.get(word, "Commentary")
            out.append(SentPara((p.id, "commentary"), label, len(label)))
        out += [SentPara((p.id, "commentary"), t, 0) for t in commentary]
    return out


def sent_field(draft: Draft, pid: str, name: str, word: str = "Principle", space: str = " ") -> str:
    """A field of the sent revision as a reader saw it (references numbered)."""
    p = draft.principles[pid]
    value = p.field_text(name)
    if name == "items":
        value = "\n".join(item.strip() for item in p.items)
    elif name in ("text", "commentary"):
        value = "\n\n".join(_paras(value))
    return render(value, draft, word, space)


def _paras(text: str) -> list[str]:
    return [t.strip("\n") for t in re.split(r"\n[ \t]*\n\s*", text) if t.strip()]


def _norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- placing paragraphs


def place(markup: Markup, sent: Sequence[SentPara], order: Sequence[str]) -> list[tuple[Key, int]]:
    """(principle, field) and label length for every paragraph of the returned file."""
    n = len(markup.paras)
    keys: list[Key | None] = [None] * n
    prefix = [0] * n
    active: dict[str, Key] = {}
    for i, para in enumerate(markup.paras):
        for _, what, name in para.anchors:
            m = _BOOKMARK.match(name)
            if m and what == "bookmark-start":
                pos, f = int(m.group(1)), m.group(2)
                if f == "p":
                    active[name] = (None, None)
                elif 0 < pos <= len(order):
                    fld = {"t": "title", "x": "text", "c": "commentary"}.get(f, "items")
                    active[name] = (order[pos - 1], fld)
        if active:
            keys[i] = next(reversed(active.values()))
        for _, what, name in para.anchors:
            if what == "bookmark-end":
                active.pop(name, None)
    bookmarked = any(k is not None for k in keys)
    # align what bookmarks did not place (with bookmarks, a new paragraph follows its neighbour)
    todo = [i for i in range(n) if keys[i] is None and markup.paras[i].rejected().strip()]
    if todo and not bookmarked:
        got = [_norm(markup.paras[i].rejected()) for i in todo]
        want = [_norm(s.text) for s in sent]
        matcher = SequenceMatcher(None, got, want, autojunk=False)
        pending: list[tuple[list[int], list[int]]] = []
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                for k in range(a2 - a1):
                    keys[todo[a1 + k]] = sent[b1 + k].key
            else:
                pending.append((list(range(a1, a2)), list(range(b1, b2))))
        for a_side, b_side in pending:  # edited without Track Changes: pair by likeness
            if len(a_side) * len(b_side) > _PAIRING_LIMIT:
                if len(a_side) == len(b_side):  # a stretch rewritten paragraph by paragraph
                    for a, b in zip(a_side, b_side, strict=True):
                        keys[todo[a]] = sent[b].key
                continue  # otherwise each follows the paragraph before it
            free = list(b_side)
            for a in a_side:
                best, score = None, 0.6
                for b in free:
                    ratio = SequenceMatcher(None, got[a], want[b], autojunk=False).quick_ratio()
                    if ratio > score:
                        ratio = SequenceMatcher(None, got[a], want[b], autojunk=False).ratio()
                        if ratio > score:
                            best, score = b, ratio
                if best is not None and score >= 0.6:
                    keys[todo[a]] = sent[best].key
                    free = [b for b in free if b > best]
    # a paragraph nobody could place belongs with the one before it; before the first
    # placed one lies the title page
    last: Key = (FRONT, None)
    out: list[tuple[Key, int]] = []
    for i, para in enumerate(markup.paras):
        found = keys[i]
        key: Key = found if found is not None else _follow(last, para)
        text = para.rejected()
        if key[1] == "commentary" and text.strip() in COMMENTARY_WORDS.values():
            prefix[i] = len(text)
        elif key[1] == "title":
            m = _HEADING_PREFIX.match(para.rejected())
            prefix[i] = m.end() if m else 0
        elif key[1] == "items":
            m = _ITEM_PREFIX.match(para.rejected())
            prefix[i] = m.end() if m else 0
        last = key
        out.append((key, prefix[i]))
    return out


def _follow(last: Key, para: Para) -> Key:
    pid, fld = last
    if pid and para.rejected().strip() in COMMENTARY_WORDS.values():
        return (pid, "commentary")
    if fld == "title":
        return (pid, "text")
    if pid is not None and fld == "text" and _ITEM_PREFIX.match(para.accepted()):
        return (pid, "items")
    return last


# --------------------------------------------------------------------------- fields


@dataclass
class _Piece:
    text: str
    change: Change | None


@dataclass
class FieldStream:
    """One field of the returned copy: its pieces, and where comments start in it."""

    pieces: list[_Piece] = field(default_factory=list)
    #: (comment id, offset in the rejected reading) where each comment's range starts
    comments: list[tuple[str, int]] = field(default_factory=list)
    r_len: int = 0

    def add(self, text: str, change: Change | None) -> None:
        if not text:
            return
        self.pieces.append(_Piece(text, change))
        if change is None or change.deleted:
            self.r_len += len(text)

    def rejected(self) -> str:
        return "".join(p.text for p in self.pieces if p.change is None or p.change.deleted)

    def accepted(self) -> str:
        return "".join(p.text for p in self.pieces if p.change is None or p.change.inserted)


def streams(markup: Markup, placed: Sequence[tuple[Key, int]]) -> dict[Key, FieldStream]:
    out: dict[Key, FieldStream] = {}
    pending_sep: dict[Key, Change | bool | None] = {}
    for para, (key, skip) in zip(markup.paras, placed, strict=True):
        stream = out.setdefault(key, FieldStream())
        if key in pending_sep:
            mark = pending_sep.pop(key)
            stream.add(_SEP[key[1]], mark if isinstance(mark, Change) else None)
        anchors = sorted(para.anchors, key=lambda a: a[0])
        a = 0
        before = len(stream.pieces)
        left = skip  # label characters still to drop (rejected reading)
        for index, token in enumerate(para.tokens):
            while a < len(anchors) and anchors[a][0] <= index:
                if anchors[a][1] in ("comment-start",):
                    stream.comments.append((anchors[a][2], stream.r_len))
                a += 1
            text = token.text
            if left > 0:
                if token.change is not None and token.change.inserted:
                    continue
                cut = min(left, len(text))
                text, left = text[cut:], left - cut
            stream.add(text, token.change)
        for rest in anchors[a:]:
            if rest[1] == "comment-start":
                stream.comments.append((rest[2], stream.r_len))
        contributed = len(stream.pieces) > before
        if contributed or para.mark is not None:
            pending_sep[key] = para.mark if para.mark is not None else True
    for stream in out.values():  # a trailing separator is not text
        while (
            stream.pieces
            and stream.pieces[-1].text in ("\n\n", "\n", " ")
            and stream.pieces[-1].change is None
        ):
            stream.pieces.pop()
    return out


# --------------------------------------------------------------------------- records


@dataclass
class Draftish:
    """A record before it has an id."""

    kind: str
    author: str
    date: str | None
    key: Key
    at: int | None
    quote: str | None
    proposed: str | None
    comment: str | None = None
    replies: tuple[Reply, ...] = ()
    resolved: bool = False
    move: str = ""  # the move's name, pairing where words left with where they arrived
    moved_to: Key | None = None
    moved_at: int | None = None  # where in moved_to's sent text they arrived


def tracked_records(key: Key, stream: FieldStream, to_sent: Callable[[int], int]) -> list[Draftish]:
    """Insertions, deletions, replacements and moves in one field, located in the sent text."""
    out: list[Draftish] = []
    r_pos = 0
    group: list[_Piece] = []
    start = 0

    def flush() -> None:
        if not group:
            return
        deleted = "".join(p.text for p in group if p.change and p.change.deleted)
        inserted = "".join(p.text for p in group if p.change and p.change.inserted)
        first = group[0].change
        assert first is not None
        kinds = {p.change.kind for p in group if p.change}
        if kinds == {"moveTo"}:  # where moved words arrived: joined to their move below
            if inserted.strip():
                out.append(
                    Draftish(
                        "arrival",
                        first.author,
                        first.date,
                        key,
                        to_sent(start),
                        None,
                        inserted,
                        move=first.move,
                    )
                )
            group.clear()
            return
        if "moveFrom" in kinds:
            kind = "move"
            inserted = deleted
        elif deleted and inserted:
            kind = "replacement"
        elif deleted:
            kind = "deletion"
        else:
            kind = "insertion"
        if deleted.strip() or inserted.strip():
            out.append(
                Draftish(
                    kind,
                    first.author,
                    first.date,
                    key,
                    to_sent(start),
                    deleted or None,
                    inserted or None,
                    move=first.move if kind == "move" else "",
                )
            )
        group.clear()

    for piece in stream.pieces:
        change = piece.change
        if change is None:
            flush()
            r_pos += len(piece.text)
            continue
        if group and group[-1].change and group[-1].change.author != change.author:
            flush()
        if not group:
            start = r_pos
        group.append(piece)
        if change.deleted:
            r_pos += len(piece.text)
    flush()
    return out


def plain_edits(
    key: Key, sent: str, returned: str, author: str, date: str | None
) -> tuple[list[Draftish], Callable[[int], int]]:
    """Edits made without Track Changes, and a map from returned offsets to sent ones."""
    from drafter.diff import word_diff

    records: list[Draftish] = []
    marks: list[tuple[int, int]] = []  # (returned offset, sent offset) at each equal stretch
    s_pos = r_pos = 0
    pending_del, pending_ins, start = "", "", 0
    for op, text in word_diff(sent, returned):
        if op == "equal":
            if pending_del.strip() or pending_ins.strip():
                records.append(
                    Draftish(
                        "edit", author, date, key, start, pending_del or None, pending_ins or None
                    )
                )
            pending_del = pending_ins = ""
            marks.append((r_pos, s_pos))
            s_pos += len(text)
            r_pos += len(text)
            continue
        if not pending_del and not pending_ins:
            start = s_pos
        if op == "delete":
            pending_del += text
            s_pos += len(text)
        else:
            pending_ins += text
            r_pos += len(text)
    if pending_del.strip() or pending_ins.strip():
        records.append(
            Draftish("edit", author, date, key, start, pending_del or None, pending_ins or None)
        )
    marks.append((r_pos, s_pos))

    def to_sent(offset: int) -> int:
        best = 0
        for r, s in marks:
            if r <= offset:
                best = s + (offset - r)
            else:
                break
        return min(best, len(sent))

    return records, to_sent


def _where(key: Key | None) -> str | None:
    """ "legal-parentage/text" for a destination; "" for outside any principle."""
    if key is None:
        return None
    pid, fld = key
    return f"{pid}/{fld}" if pid and fld else ""


def identify(round_id: str, source: str, drafts: list[Draftish]) -> list[Record]:
    """Stable ids: the same action in the same copy always gets the same id."""
    out: list[Record] = []
    seen: set[str] = set()
    for d in drafts:
        basis = "\x1f".join(
            str(x)
            for x in (
                round_id,
                source,
                d.kind,
                d.author,
                d.date,
                *d.key,
                d.at,
                d.quote,
                d.proposed,
                d.comment,
            )
        )
        digest = hashlib.sha1(basis.encode()).hexdigest()
        rid = digest[:10]
        n = 10
        while rid in seen:
            n += 1
            rid = digest[:n]
        seen.add(rid)
        out.append(
            Record(
                id=rid,
                kind=d.kind,
                author=d.author,
                date=d.date,
                principle=d.key[0] or None,
                field=d.key[1],
                at=d.at,
                quote=d.quote,
                proposed=d.proposed,
                comment=d.comment,
                replies=d.replies,
                resolved=d.resolved,
                moved_to=_where(d.moved_to),
                moved_at=d.moved_at if _where(d.moved_to) else None,
            )
        )
    return out


def read_records(
    markup: Markup,
    draft: Draft,
    *,
    round_id: str,
    source: str,
    editor: str,
    edited: str | None,
) -> list[Record]:
    """Every reviewer action in a returned copy of ``draft``."""
    order = markup.properties.get("drafter.principles", "").split() or list(draft.document.order)
    word, space = copy_wording(markup)
    sent = sent_paragraphs(draft, word, space)
    placed = place(markup, sent, order)
    fields = streams(markup, placed)
    quotes = markup.quotes()
    threads = {c.cid: (c, replies) for c, replies in markup.comment_threads()}
    drafts: list[Draftish] = []
    comment_at: dict[str, tuple[Key, int | None]] = {}
    for key, stream in fields.items():
        pid, fld = key
        if pid is not None and fld is not None and pid in draft.principles:
            sent_text = sent_field(draft, pid, fld, word, space)
        elif pid == FRONT:
            sent_text = stream.rejected()  # the title page: not compared, only marked up
        elif pid is None:
            sent_text = "\n\n".join(p.text for p in sent if p.key == (None, None))
        else:
            sent_text = stream.rejected()
        returned = stream.rejected()
        edits, to_sent = plain_edits(key, sent_text, returned, editor, edited)
        drafts += tracked_records(key, stream, to_sent)
        drafts += edits
        for cid, offset in stream.comments:
            comment_at.setdefault(cid, (key, to_sent(offset)))
    drafts = _pair_moves(drafts)
    for cid, (comment, replies) in threads.items():
        key, at = comment_at.get(cid, ((None, None), None))
        drafts.append(
            Draftish(
                "comment",
                comment.author,
                comment.date,
                key,
                at,
                quotes.get(cid) or None,
                None,
                comment=comment.text,
                replies=tuple(Reply(r.author, r.date, r.text) for r in replies),
                resolved=comment.done,
            )
        )
    drafts.sort(key=lambda d: (_rank(d.key, order), d.at if d.at is not None else -1))
    return identify(round_id, source, drafts)


def _pair_moves(drafts: list[Draftish]) -> list[Draftish]:
    """A move learns where its words went; words arriving from nowhere read is an insertion."""
    arrivals = {d.move: d for d in drafts if d.kind == "arrival" and d.move}
    paired: set[str] = set()
    out = []
    for d in drafts:
        if d.kind == "move" and d.move in arrivals:
            d.moved_to = arrivals[d.move].key
            d.moved_at = arrivals[d.move].at
            paired.add(d.move)
    for d in drafts:
        if d.kind == "arrival":
            if d.move in paired:
                continue
            d.kind = "insertion"
        out.append(d)
    return out


def _rank(key: Key, order: Sequence[str]) -> tuple[int, int]:
    pid, fld = key
    fields = ("title", "text", "items", "commentary")
    position = order.index(pid) + 1 if pid in order else (0 if pid is None else len(order) + 1)
    return position, fields.index(fld) if fld in fields else -1


WORDS = {"fr": "Principe", "es": "Principio", "de": "Grundsatz"}


def copy_wording(markup: Markup) -> tuple[str, str]:
    """The word for "Principle" in the copy's language, and the space after it."""
    word = WORDS.get(markup.properties.get("drafter.language", "en")[:2], "Principle")
    for para in markup.paras:
        text = para.rejected()
        if text.startswith(word + "\xa0"):
            return word, "\xa0"
        if text.startswith(word + " ") and para.style.startswith("heading"):
            return word, " "
    return word, " "
