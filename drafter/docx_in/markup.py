"""Reviewers' markup in a .docx: paragraphs with tracked changes, comments and bookmarks.

The body is read once into plain data: paragraphs of tokens, each token a piece of text
that is unchanged, inserted, deleted or moved (with author and date), plus the state of
the paragraph mark itself (a tracked paragraph mark joins or splits paragraphs). From
that, the accepted reading (every change accepted) and the rejected reading (the text
as it was sent) follow without touching the XML again. Formatting-only changes are
counted and otherwise ignored: a consultation is about words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from drafter.docx_in.parts import (
    core_properties,
    custom_properties,
    default_language,
    styles_of,
)
from drafter.docx_in.safe import DocxPackage

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_W = "{" + W + "}"

INSERTED = ("ins", "moveTo")
DELETED = ("del", "moveFrom")
_CHANGE_TAGS = {_W + name: name for name in ("ins", "del", "moveFrom", "moveTo")}
_CONTAINERS = {
    _W + name
    for name in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo", "sdtContent")
}
_SKIPPED_RUN_CHILDREN = {_W + name for name in ("instrText", "delInstrText", "rPr")}
FORMAT_CHANGES = (
    "pPrChange",
    "rPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "tblGridChange",
    "tblPrExChange",
    "numberingChange",
)


@dataclass(frozen=True)
class Change:
    """Who changed a piece of text, and how (ins, del, moveFrom, moveTo)."""

    kind: str
    author: str
    date: str | None
    rid: str
    move: str = ""  # the move's name, pairing a moveFrom with its moveTo

    @property
    def inserted(self) -> bool:
        return self.kind in INSERTED

    @property
    def deleted(self) -> bool:
        return self.kind in DELETED


@dataclass(frozen=True)
class Token:
    """A piece of text as it stands in the returned file."""

    text: str
    change: Change | None = None

    def in_accepted(self) -> bool:
        return self.change is None or self.change.inserted

    def in_rejected(self) -> bool:
        return self.change is None or self.change.deleted


@dataclass
class Para:
    """One paragraph: tokens, the paragraph mark's change, style and anchors.

    ``anchors`` holds (token index, what, name): bookmark or comment range starts and
    ends and comment references placed before the token at that index.
    """

    tokens: list[Token] = field(default_factory=list)
    mark: Change | None = None
    style: str = ""  # the style's name ("heading 1", "Title", "Commentary"), lower case
    numbered: bool = False
    level: int = 0
    in_table: bool = False
    page_break: bool = False  # ends a page (a title page ends so)
    toc: bool = False  # holds a table-of-contents field
    anchors: list[tuple[int, str, str]] = field(default_factory=list)

    def accepted(self) -> str:
        return "".join(t.text for t in self.tokens if t.in_accepted())

    def rejected(self) -> str:
        return "".join(t.text for t in self.tokens if t.in_rejected())

    def add(self, text: str, change: Change | None) -> None:
        if not text:
            return
        if self.tokens and self.tokens[-1].change == change:
            last = self.tokens[-1]
            self.tokens[-1] = Token(last.text + text, change)
        else:
            self.tokens.append(Token(text, change))

    def anchor(self, what: str, name: str) -> None:
        self.anchors.append((len(self.tokens), what, name))
        # a token added later must not merge across the anchor
        if self.tokens:
            self.tokens.append(Token("", self.tokens[-1].change))


@dataclass(frozen=True)
class Reply:
    author: str
    date: str | None
    text: str


@dataclass
class Comment:
    cid: str
    author: str
    date: str | None
    text: str
    para_id: str = ""
    parent: str | None = None  # the comment this one replies to
    done: bool = False


@dataclass
class Counts:
    """What a returned file holds, element by element (formatting changes included)."""

    ins: int = 0
    dels: int = 0
    move_from: int = 0
    move_to: int = 0
    para_mark_ins: int = 0
    para_mark_del: int = 0
    formatting: dict[str, int] = field(default_factory=dict)
    comments: int = 0
    replies: int = 0
    resolved: int = 0

    @property
    def formatting_total(self) -> int:
        return sum(self.formatting.values())


@dataclass
class Markup:
    """Everything read from one returned file."""

    paras: list[Para]
    comments: dict[str, Comment]
    counts: Counts
    properties: dict[str, str]  # custom document properties (drafter.revision, ...)
    core: dict[str, str]  # title, creator, lastModifiedBy, modified
    styles: dict[str, str]  # style id -> name
    language: str = ""  # the default language of the text ("fr"), "" when unsaid

    def reading(self, accept: bool) -> list[str]:
        """The paragraphs with every change accepted (or rejected); empty ones kept."""
        return [text for text, _ in self.reading_with_paras(accept)]

    def reading_with_paras(self, accept: bool) -> Iterator[tuple[str, list[int]]]:
        """(paragraph text, indexes of the source paragraphs joined into it)."""
        current: list[str] = []
        joined: list[int] = []
        for index, para in enumerate(self.paras):
            keep = para.accepted() if accept else para.rejected()
            current.append(keep)
            joined.append(index)
            mark = para.mark
            if mark is not None and (mark.deleted if accept else mark.inserted):
                continue  # the paragraph mark is gone in this reading: join with the next
            yield _join(current), joined
            current, joined = [], []
        if joined:
            yield _join(current), joined

    def comment_threads(self) -> list[tuple[Comment, list[Comment]]]:
        """Top-level comments with their replies (replies to replies flattened), in order."""
        roots: dict[str, list[Comment]] = {}
        order: list[Comment] = []
        by_id = self.comments
        for comment in by_id.values():
            root = comment
            seen = {root.cid}
            while root.parent and root.parent in by_id and root.parent not in seen:
                root = by_id[root.parent]
                seen.add(root.cid)
            if root is comment:
                order.append(comment)
                roots.setdefault(comment.cid, [])
            else:
                roots.setdefault(root.cid, []).append(comment)
        return [(c, roots.get(c.cid, [])) for c in order]

    def quotes(self) -> dict[str, str]:
        """Comment id -> the words it is anchored on, as sent (tracked insertions left out)."""
        open_ranges: dict[str, list[str]] = {}
        quotes: dict[str, str] = {}
        for para in self.paras:
            anchors = sorted(para.anchors, key=lambda a: a[0])
            a = 0
            for index, token in enumerate([*para.tokens, None]):
                while a < len(anchors) and anchors[a][0] <= index:
                    _, what, name = anchors[a]
                    if what == "comment-start":
                        open_ranges[name] = []
                    elif what == "comment-end" and name in open_ranges:
                        quotes[name] = "".join(open_ranges.pop(name)).strip()
                    a += 1
                if token is not None and token.in_rejected():
                    for parts in open_ranges.values():
                        parts.append(token.text)
            if para.mark is None or not para.mark.inserted:
                for parts in open_ranges.values():
                    parts.append("\n")
        for name, parts in open_ranges.items():  # a range never closed runs to the end
            quotes[name] = "".join(parts).strip()
        return quotes

    @property
    def tracked(self) -> int:
        """Tracked changes to words and paragraphs (not formatting)."""
        c = self.counts
        return c.ins + c.dels + c.move_from + c.move_to


def _join(pieces: list[str]) -> str:
    """Paragraphs whose mark was removed, joined as one; a space where words would touch.

    Word glues the words together ("splitParagraph."); a reviewer who joins two
    paragraphs means one sentence to run on, so drafter (like pandoc) keeps a space.
    """
    if len(pieces) == 1:
        return pieces[0]
    out = pieces[0]
    for piece in pieces[1:]:
        if out and piece and not out[-1].isspace() and not piece[0].isspace():
            out += " "
        out += piece
    return out


def read_markup(package: DocxPackage) -> Markup:
    """Read the body, comments and properties of a checked package."""
    styles, style_numbered = styles_of(package)
    reader = _BodyReader(styles, style_numbered)
    document = package.xml("word/document.xml")
    body = document.find(_W + "body")
    if body is None:
        from drafter.docx_in.safe import WordFileError

        raise WordFileError(f"{package.name}: word/document.xml has no body")
    reader.block(body)
    counts = _count(document)
    comments = _comments(package, counts)
    return Markup(
        paras=reader.paras,
        comments=comments,
        counts=counts,
        properties=custom_properties(package),
        core=core_properties(package),
        styles=styles,
        language=default_language(package),
    )


# --------------------------------------------------------------------------- body


class _BodyReader:
    def __init__(self, styles: dict[str, str], style_numbered: set[str]) -> None:
        self.styles = styles
        self.style_numbered = style_numbered
        self.paras: list[Para] = []
        self.pending: list[tuple[str, str]] = []  # body-level anchors before the next paragraph
        self.bookmarks: dict[str, str] = {}  # bookmark id -> name
        self.move_name = ""

    def block(self, element: Any, change: Change | None = None, in_table: bool = False) -> None:
        for child in element:
            tag = child.tag
            if tag == _W + "p":
                self.paragraph(child, change, in_table)
            elif tag == _W + "tbl":
                for row in child.iter(_W + "tr"):
                    row_change = _row_change(row, self) or change
                    for cell in row.findall(_W + "tc"):
                        self.block(cell, row_change, True)
            elif tag == _W + "sdt":
                content = child.find(_W + "sdtContent")
                if content is not None:
                    self.block(content, change, in_table)
            elif tag in _CHANGE_TAGS or tag in _CONTAINERS:
                self.block(child, self.change(child) if tag in _CHANGE_TAGS else change, in_table)
            else:
                self.anchor_outside(child)

    def anchor_outside(self, child: Any) -> None:
        what = _anchor_kind(child)
        if what is None:
            self.track_move(child)
            return
        name = self.anchor_name(child, what)
        if what.endswith("end") and self.paras:
            self.paras[-1].anchor(what, name)
        else:
            self.pending.append((what, name))

    def anchor_name(self, child: Any, what: str) -> str:
        cid = str(child.get(_W + "id", ""))
        if what == "bookmark-start":
            name = str(child.get(_W + "name", ""))
            self.bookmarks[cid] = name
            return name
        if what == "bookmark-end":
            return self.bookmarks.get(cid, "")
        return cid

    def track_move(self, child: Any) -> None:
        tag = child.tag
        if tag in (_W + "moveFromRangeStart", _W + "moveToRangeStart"):
            self.move_name = child.get(_W + "name", "")
        elif tag in (_W + "moveFromRangeEnd", _W + "moveToRangeEnd"):
            self.move_name = ""

    def change(self, element: Any) -> Change:
        kind = _CHANGE_TAGS[element.tag]
        return Change(
            kind=kind,
            author=element.get(_W + "author", "") or "",
            date=element.get(_W + "date") or None,
            rid=element.get(_W + "id", ""),
            move=self.move_name if kind.startswith("move") else "",
        )

    def paragraph(self, p: Any, change: Change | None, in_table: bool) -> None:
        para = Para(in_table=in_table)
        for what, name in self.pending:
            para.anchors.append((0, what, name))
        self.pending = []
        ppr = p.find(_W + "pPr")
        if ppr is not None:
            self.properties(para, ppr)
        if para.mark is None and change is not None:
            para.mark = change
        self.paras.append(para)
        self.inline(p, para, change)

    def properties(self, para: Para, ppr: Any) -> None:
        style = ppr.find(_W + "pStyle")
        style_id = style.get(_W + "val", "") if style is not None else ""
        para.style = self.styles.get(style_id, style_id).lower()
        numpr = ppr.find(_W + "numPr")
        if numpr is not None:
            num = numpr.find(_W + "numId")
            para.numbered = num is None or num.get(_W + "val", "0") != "0"
            ilvl = numpr.find(_W + "ilvl")
            if ilvl is not None and (ilvl.get(_W + "val") or "0").isdigit():
                para.level = int(ilvl.get(_W + "val") or 0)
        elif style_id in self.style_numbered:
            para.numbered = True
        rpr = ppr.find(_W + "rPr")
        if rpr is not None:
            for child in rpr:
                if child.tag in _CHANGE_TAGS:
                    para.mark = self.change(child)

    def inline(self, element: Any, para: Para, change: Change | None) -> None:
        for child in element:
            tag = child.tag
            if tag == _W + "r":
                self.run(child, para, change)
            elif tag in _CHANGE_TAGS:
                self.inline(child, para, self.change(child))
            elif tag in _CONTAINERS:
                if "TOC" in str(child.get(_W + "instr", "")).split():
                    para.toc = True
                self.inline(child, para, change)
            elif tag == _W + "sdt":
                content = child.find(_W + "sdtContent")
                if content is not None:
                    self.inline(content, para, change)

            elif tag == _W + "pPr":
                continue
            else:
                what = _anchor_kind(child)
                if what is None:
                    self.track_move(child)
                else:
                    para.anchor(what, self.anchor_name(child, what))

    def run(self, r: Any, para: Para, change: Change | None) -> None:
        for child in r:
            tag = child.tag
            if tag in (_W + "t", _W + "delText"):
                para.add(child.text or "", change)
            elif tag == _W + "tab" or tag == _W + "ptab":
                para.add("\t", change)
            elif tag == _W + "br":
                if child.get(_W + "type") in (None, "textWrapping"):
                    para.add("\n", change)
                elif child.get(_W + "type") == "page":
                    para.page_break = True
            elif tag == _W + "lastRenderedPageBreak":
                continue
            elif tag == _W + "instrText":
                if "TOC" in (child.text or "").split():
                    para.toc = True
            elif tag == _W + "cr":
                para.add("\n", change)
            elif tag == _W + "noBreakHyphen":
                para.add("-", change)
            elif tag == _W + "commentReference":
                para.anchor("comment-ref", child.get(_W + "id", ""))
            elif tag in _CHANGE_TAGS:  # Google Docs nests changes inside runs
                self.run(child, para, self.change(child))


def _anchor_kind(child: Any) -> str | None:
    return {
        _W + "bookmarkStart": "bookmark-start",
        _W + "bookmarkEnd": "bookmark-end",
        _W + "commentRangeStart": "comment-start",
        _W + "commentRangeEnd": "comment-end",
    }.get(child.tag)


def _row_change(row: Any, reader: _BodyReader) -> Change | None:
    trpr = row.find(_W + "trPr")
    if trpr is None:
        return None
    for child in trpr:
        if child.tag in (_W + "ins", _W + "del"):
            return reader.change(child)
    return None


# --------------------------------------------------------------------------- counting


def _count(document: Any) -> Counts:
    counts = Counts()
    for element in document.iter(
        _W + "ins", _W + "del", _W + "moveFrom", _W + "moveTo", *(_W + n for n in FORMAT_CHANGES)
    ):
        name = element.tag[len(_W) :]
        parent = element.getparent()
        on_mark = (
            parent is not None
            and parent.tag == _W + "rPr"
            and parent.getparent() is not None
            and parent.getparent().tag == _W + "pPr"
        )
        if name == "ins":
            counts.ins += 1
            counts.para_mark_ins += on_mark
        elif name == "del":
            counts.dels += 1
            counts.para_mark_del += on_mark
        elif name == "moveFrom":
            counts.move_from += 1
        elif name == "moveTo":
            counts.move_to += 1
        else:
            counts.formatting[name] = counts.formatting.get(name, 0) + 1
    return counts


# --------------------------------------------------------------------------- comments


def _comments(package: DocxPackage, counts: Counts) -> dict[str, Comment]:
    root = package.xml("word/comments.xml")
    if root is None:
        return {}
    styles, numbered = styles_of(package)
    comments: dict[str, Comment] = {}
    by_para: dict[str, str] = {}
    for element in root.findall(_W + "comment"):
        reader = _BodyReader(styles, numbered)
        reader.block(element)
        text = "\n".join(p.accepted() for p in reader.paras).strip()
        paras = element.findall(_W + "p")
        para_id = paras[-1].get("{" + W14 + "}paraId", "") if paras else ""
        cid = element.get(_W + "id", "")
        comments[cid] = Comment(
            cid=cid,
            author=element.get(_W + "author", "") or "",
            date=element.get(_W + "date") or None,
            text=text,
            para_id=para_id,
        )
        if para_id:
            by_para[para_id] = cid
    counts.comments = len(comments)
    extended = package.xml("word/commentsExtended.xml")
    if extended is not None:
        for entry in extended.iter("{" + W15 + "}commentEx"):
            cid = by_para.get(entry.get("{" + W15 + "}paraId", ""))
            if cid is None:
                continue
            parent = entry.get("{" + W15 + "}paraIdParent")
            if parent:
                comments[cid].parent = by_para.get(parent)
                counts.replies += 1
            if entry.get("{" + W15 + "}done") in ("1", "true"):
                comments[cid].done = True
                counts.resolved += 1
    _utc_dates(package, comments, by_para)
    return comments


def _attr(element: Any, local: str) -> str:
    """An attribute by its local name, whatever the namespace's version."""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == local:
            return str(value)
    return ""


def _utc_dates(package: DocxPackage, comments: dict[str, Comment], by_para: dict[str, str]) -> None:
    """Word 2019+ writes a comment's w:date in local time marked "Z"; the true UTC time
    is in commentsExtensible (dateUtc), reached through commentsIds (paraId -> durableId)."""
    ids = package.xml("word/commentsIds.xml")
    extensible = package.xml("word/commentsExtensible.xml")
    if ids is None or extensible is None:
        return
    durable = {_attr(e, "durableId"): by_para.get(_attr(e, "paraId")) for e in ids}
    for entry in extensible:
        cid = durable.get(_attr(entry, "durableId"))
        utc = _attr(entry, "dateUtc")
        if cid is not None and utc and cid in comments:
            comments[cid].date = utc
