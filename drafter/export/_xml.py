"""WordprocessingML written as strings: paragraphs, runs, tracked changes and fields.

The body of a large document is built as one string and parsed once; that keeps the
cost linear (python-docx's ``add_paragraph`` rescans the body on every call) and is
several times faster than creating elements one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from itertools import count

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_DECL = f'xmlns:w="{W_NS}"'

Piece = tuple[str, str]  # (op, text), op in {"equal", "insert", "delete"}
Stamp = tuple[str, datetime]  # (author, date) of one change
# A piece, optionally with the stamp of the revision that made that change.
StampedPiece = tuple[str, str] | tuple[str, str, Stamp | None]
_SHIFT = timedelta(minutes=2)

# XML 1.0 cannot hold these at all (tab, newline and carriage return are allowed).
INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile(r"([\t\n])")

# Children of w:sectPr in schema order; a new child goes before the first later one.
SECT_PR_ORDER = (
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)

# Children of w:settings that may follow w:trackRevisions / w:updateFields.
SETTINGS_AFTER_TRACK_REVISIONS = (
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def w(tag: str) -> str:
    """Clark notation for a w: tag, for lxml."""
    return f"{{{W_NS}}}{tag}"


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    return esc(text).replace('"', "&quot;")


class Revisions:
    """Author, date and the running id every w:ins / w:del needs (ids must be unique).

    A piece may name its own stamp (who made that change, when); otherwise the default
    one is used. LibreOffice merges neighbouring changes of one author whose dates lie
    within a minute, even across a paragraph mark that is not tracked, and its Reject
    All then joins the two paragraphs. So the builder calls ``next_paragraph`` for each
    paragraph, and every other paragraph's changes are dated two minutes earlier:
    neighbours never share an identity, whatever the revisions' own dates.
    """

    def __init__(self, author: str, when: datetime) -> None:
        self.default = (author, when)
        self._ids = count(1)
        self._odd = False
        self._cache: dict[tuple[str, datetime, bool], str] = {}

    def next_paragraph(self) -> None:
        self._odd = not self._odd

    def _attrs(self, who: Stamp | None) -> str:
        author, when = who or self.default
        key = (author, when, self._odd)
        found = self._cache.get(key)
        if found is None:
            if when.tzinfo is None:
                when = when.astimezone()
            if self._odd:
                when -= _SHIFT
            iso = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            found = self._cache[key] = f'w:author="{attr(author)}" w:date="{iso}"'
        return found

    def open(self, kind: str, who: Stamp | None = None) -> str:
        return f'<w:{kind} w:id="{next(self._ids)}" {self._attrs(who)}>'

    def mark(self, kind: str, who: Stamp | None = None) -> str:
        return f'<w:{kind} w:id="{next(self._ids)}" {self._attrs(who)}/>'

    def range_start(self, kind: str, name: str, who: Stamp | None = None) -> tuple[int, str]:
        """(id, w:moveFromRangeStart / w:moveToRangeStart) naming the move ``name``."""
        ident = next(self._ids)
        return ident, (
            f'<w:{kind}RangeStart w:id="{ident}" {self._attrs(who)} w:name="{attr(name)}"/>'
        )


def run_content(text: str, deleted: bool = False) -> str:
    """The inside of a w:r: text, with newlines as line breaks and tabs as tabs."""
    tag = "w:delText" if deleted else "w:t"
    out: list[str] = []
    for part in _SPECIAL.split(text) if ("\n" in text or "\t" in text) else (text,):
        if part == "\n":
            out.append("<w:br/>")
        elif part == "\t":
            out.append("<w:tab/>")
        elif part:
            out.append(f'<{tag} xml:space="preserve">{esc(part)}</{tag}>')
    return "".join(out)


def runs(
    pieces: Sequence[StampedPiece],
    revisions: Revisions | None,
    moved: str = "",
    lang: str = "",
    mover: Stamp | None = None,
) -> str:
    """Runs for a paragraph's pieces; insertions and deletions become tracked changes.

    ``moved`` ("moveFrom" / "moveTo") wraps the unchanged text of a moved principle in
    Word's move markup; its insertions and deletions stay ordinary tracked changes.
    ``lang`` (a Word language tag such as en-GB) marks text in another language than
    the document's, for spelling and hyphenation.
    """
    r = f'<w:r><w:rPr><w:lang w:val="{attr(lang)}"/></w:rPr>' if lang else "<w:r>"
    out: list[str] = []
    for piece in pieces:
        op, text = piece[0], piece[1]
        if not text:
            continue
        who = piece[2] if len(piece) > 2 else None
        if op == "equal" and moved and revisions is not None:
            out.append(f"{revisions.open(moved, mover)}{r}{run_content(text)}</w:r></w:{moved}>")
        elif op == "equal" or revisions is None:
            out.append(f"{r}{run_content(text)}</w:r>")
        elif op == "insert":
            out.append(f"{revisions.open('ins', who)}{r}{run_content(text)}</w:r></w:ins>")
        elif op == "delete":
            out.append(f"{revisions.open('del', who)}{r}{run_content(text, True)}</w:r></w:del>")
        else:  # pragma: no cover - a programming error, not a user's
            raise ValueError(f"unknown diff op {op!r}")
    return "".join(out)


def paragraph(
    style_id: str | None,
    content: str,
    *,
    mark: str = "equal",
    revisions: Revisions | None = None,
    suppress_line_numbers: bool = False,
    extra_ppr: str = "",
    who: Stamp | None = None,
) -> str:
    """A w:p; ``mark`` "insert"/"delete" tracks the paragraph mark itself.

    Tracking the mark is what makes a wholly inserted or deleted paragraph disappear
    cleanly on reject or accept, instead of leaving an empty paragraph behind.
    """
    ppr: list[str] = []
    if style_id:
        ppr.append(f'<w:pStyle w:val="{attr(style_id)}"/>')
    if suppress_line_numbers:
        ppr.append("<w:suppressLineNumbers/>")
    if extra_ppr:
        ppr.append(extra_ppr)
    if mark != "equal" and revisions is not None:
        tag = {"insert": "ins", "delete": "del"}.get(mark, mark)  # or moveFrom / moveTo
        ppr.append(f"<w:rPr>{revisions.mark(tag, who)}</w:rPr>")
    ppr_xml = f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else ""
    return f"<w:p>{ppr_xml}{content}</w:p>"


def field(instruction: str, placeholder: str) -> str:
    """A complex field (begin / instruction / separate / result / end)."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {esc(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{run_content(placeholder)}</w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>'


def parse_fragment(chunks: Iterable[str]) -> etree._Element:
    """Parse body content given as strings into a w:body element (one parse for all)."""
    from docx.oxml import parse_xml

    return parse_xml(f"<w:body {W_DECL}>{''.join(chunks)}</w:body>")


def insert_in_order(parent: etree._Element, child: etree._Element, later: Sequence[str]) -> None:
    """Insert ``child`` before the first existing sibling whose tag is in ``later``."""
    later_tags = {w(t) for t in later}
    for existing in parent:
        if existing.tag in later_tags:
            existing.addprevious(child)
            return
    parent.append(child)


def set_sect_child(sect_pr: etree._Element, child: etree._Element) -> None:
    """Replace or add one w:sectPr child, keeping schema order."""
    name = etree.QName(child).localname
    for old in sect_pr.findall(w(name)):
        sect_pr.remove(old)
    later = SECT_PR_ORDER[SECT_PR_ORDER.index(name) + 1 :]
    insert_in_order(sect_pr, child, later)
