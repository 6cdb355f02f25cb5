"""The table of contents written as Word would after "Update Field": entries already there.

A TOC field whose result is a placeholder reads as an empty contents page wherever
fields are not updated (LibreOffice, PDF converters, Word's Protected View), and forcing
an update on open makes Word ask every recipient about fields that "may refer to other
files". So the result holds one entry per heading, each a hyperlink to the heading's
bookmark. Page numbers depend on a layout only the reader's program makes (LibreOffice
keeps a TOC field's stored result as it is, page references included), so an entry
carries a PAGEREF field only when its page is known; Word's "Update Table" adds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from drafter.export import _xml as X

TOC_INSTRUCTION = 'TOC \\o "1-1" \\h \\z \\u'


@dataclass(frozen=True)
class Entry:
    """One heading listed in the contents: the bookmark it links to and its text."""

    anchor: str
    text: str
    page: str = ""  # the page number when known; "" writes no number and no dot leader


def _pageref(anchor: str, page: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {X.attr(anchor)} \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{X.run_content(page)}</w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


_BEGIN = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    f'<w:r><w:instrText xml:space="preserve"> {X.esc(TOC_INSTRUCTION)} </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
)
_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def toc_paragraphs(entries: Sequence[Entry], style_id: str, tab_twips: int) -> list[str]:
    """The TOC field as paragraphs: begin in the first entry, end after the last one.

    The last paragraph also carries the page break that starts the body on a new page.
    """
    ppr = (
        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{tab_twips}"/></w:tabs>'
        if tab_twips > 0
        else ""
    )
    paras: list[str] = []
    for n, entry in enumerate(entries):
        content = _BEGIN if n == 0 else ""
        content += (
            f'<w:hyperlink w:anchor="{X.attr(entry.anchor)}" w:history="1">'
            f"<w:r>{X.run_content(entry.text)}</w:r>"
            + (f"<w:r><w:tab/></w:r>{_pageref(entry.anchor, entry.page)}" if entry.page else "")
            + "</w:hyperlink>"
        )
        if n == len(entries) - 1:
            content += _END + X.PAGE_BREAK
        paras.append(X.paragraph(style_id, content, suppress_line_numbers=True, extra_ppr=ppr))
    if not paras:
        paras.append(
            X.paragraph(style_id, _BEGIN + _END + X.PAGE_BREAK, suppress_line_numbers=True)
        )
    return paras
