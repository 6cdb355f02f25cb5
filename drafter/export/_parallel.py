"""The parallel edition: two languages side by side, one two-column table per principle.

Negotiators compare the language versions paragraph by paragraph; a borderless table
keeps each principle's two versions level with each other on the page. The left column
is the first language: the contents, the heading bookmarks and the field bookmarks of
the marking scheme refer to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from drafter.export import _xml as X
from drafter.export._builder import BOOKMARK_IDS, Builder
from drafter.export._common import WORD_LANGUAGE
from drafter.export._contents import Entry
from drafter.export._marks import bookmark_name
from drafter.export._render import Para


def _cell(
    builder: Builder, paras: Sequence[Para], width: int, position: int | None, lang: str
) -> str:
    """One table cell: its paragraphs, each field of the left column bookmarked."""
    out: list[str] = []
    open_name, open_id = "", 0
    for para in paras:
        name = bookmark_name(position, para.field) if position is not None else ""
        start = ""
        if name != open_name:
            if open_name:
                out[-1] = out[-1][: -len("</w:p>")] + f'<w:bookmarkEnd w:id="{open_id}"/></w:p>'
            open_name = name
            if name:
                builder.bookmarks.append(name)
                open_id = BOOKMARK_IDS + len(builder.bookmarks)
                start = f'<w:bookmarkStart w:id="{open_id}" w:name="{X.attr(name)}"/>'
        if para.kind == "heading" and name:
            builder.headings.append(Entry(name, para.text))
        tag = WORD_LANGUAGE.get(para.lang or lang, para.lang or lang)
        out.append(
            X.paragraph(
                builder.styles[para.kind],
                start + X.runs([("equal", para.text)], None, lang=tag),
                extra_ppr='<w:jc w:val="left"/>',  # justified half-width columns gape
            )
        )
    if open_name:
        out[-1] = out[-1][: -len("</w:p>")] + f'<w:bookmarkEnd w:id="{open_id}"/></w:p>'
    body = "".join(out) or "<w:p/>"
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{body}</w:tc>'


def side_by_side(
    builder: Builder,
    left: Sequence[Para],
    right: Sequence[Para],
    position: int | None,
    langs: tuple[str, str],
) -> None:
    """A principle (or the preamble) as one table row: first language left, second right."""
    if not left and not right:
        return
    width = builder.text_width() or 9000
    half = width // 2
    gap = 240  # twips between the columns
    builder.chunks.append(
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="{gap}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
        f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{width - half}"/></w:tblGrid>'
        '<w:tr><w:trPr><w:cantSplit w:val="false"/></w:trPr>'
        + _cell(builder, left, half, position, langs[0])
        + _cell(builder, right, width - half, None, langs[1])
        + "</w:tr></w:tbl>"
    )
    # a paragraph between tables, or Word joins consecutive tables into one
    builder.chunks.append(X.paragraph(builder.styles["text"], "", suppress_line_numbers=True))
