"""WordprocessingML written as strings: paragraphs, runs, tracked changes and fields.

The body of a large document is built as one string and parsed once; that keeps the
cost linear (python-docx's ``add_paragraph`` rescans the body on every call) and is
several times faster than creating elements one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import count

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_DECL = f'xmlns:w="{W_NS}"'

Piece = tuple[str, str]  # (op, text), op in {"equal", "insert", "delete"}

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
    """Author, date and the running id every w:ins / w:del needs (ids must be unique)."""

    def __init__(self, author: str, date_iso: str) -> None:
        self._attrs = f'w:author="{attr(author)}" w:date="{attr(date_iso)}"'
        self._ids = count(1)

    def open(self, kind: str) -> str:
        return f'<w:{kind} w:id="{next(self._ids)}" {self._attrs}>'

    def mark(self, kind: str) -> str:
        return f'<w:{kind} w:id="{next(self._ids)}" {self._attrs}/>'


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


def runs(pieces: Sequence[Piece], revisions: Revisions | None) -> str:
    """Runs for a paragraph's pieces; insertions and deletions become tracked changes."""
    out: list[str] = []
    for op, text in pieces:
        if not text:
            continue
        if op == "equal" or revisions is None:
            out.append(f"<w:r>{run_content(text)}</w:r>")
        elif op == "insert":
            out.append(f"{revisions.open('ins')}<w:r>{run_content(text)}</w:r></w:ins>")
        elif op == "delete":
            out.append(f"{revisions.open('del')}<w:r>{run_content(text, True)}</w:r></w:del>")
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
        ppr.append(f"<w:rPr>{revisions.mark('ins' if mark == 'insert' else 'del')}</w:rPr>")
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
