"""Small tables on the title page (meetings, changes by principle), as WordprocessingML."""

from __future__ import annotations

from collections.abc import Sequence

from drafter.export import _xml as X

_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
    for side in ("top", "bottom", "insideH")
)


def table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    shares: Sequence[int],
    width: int,
    style_id: str,
) -> str:
    """A bold caption, then a table with a repeated header row and light rules.

    ``shares`` are the columns' percentages of ``width`` (twips; 0: a sensible default).
    Text must already be cleaned of what XML cannot hold.
    """
    width = width or 9000
    cols = [width * share // 100 for share in shares]
    cols[-1] = width - sum(cols[:-1])

    def row(cells: Sequence[str], bold: bool) -> str:
        out = "<w:tr>" + ("<w:trPr><w:tblHeader/></w:trPr>" if bold else "")
        for cell, w in zip(cells, cols, strict=True):
            rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
            out += (
                f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                + X.paragraph(
                    style_id,
                    f"<w:r>{rpr}{X.run_content(cell)}</w:r>",
                    suppress_line_numbers=True,
                    extra_ppr='<w:spacing w:after="0"/><w:jc w:val="left"/>',
                )
                + "</w:tc>"
            )
        return out + "</w:tr>"

    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in cols)
    return (
        X.paragraph(
            style_id,
            f"<w:r><w:rPr><w:b/></w:rPr>{X.run_content(caption)}</w:r>",
            suppress_line_numbers=True,
            extra_ppr='<w:spacing w:before="480"/>',
        )
        + f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/>'
        f"<w:tblBorders>{_BORDERS}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        + row(header, True)
        + "".join(row(r, False) for r in rows)
        + "</w:tbl>"
    )
