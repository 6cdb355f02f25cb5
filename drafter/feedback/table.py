"""The comments table sent back to a consultation: per principle and paragraph, who said
or proposed what, and what the group decided — as CSV and as a landscape Word table."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.feedback.records import FeedbackFile, Record

if TYPE_CHECKING:
    from drafter.model import Draft

HEADERS = ("Principle", "Part", "Reviewer", "Source", "Comment or proposal", "Decision", "Response")
DECISIONS = {
    "open": "Open",
    "accepted": "Accepted",
    "rejected": "Not accepted",
    "answered": "Answered",
}
PARTS = {"title": "Title", "text": "Text", "items": "Items", "commentary": "Commentary", None: "—"}


def what(record: Record, destination: str = "") -> str:
    """What the reviewer said or proposed, in words a reader of the table follows."""
    quote = (record.quote or "").strip()
    proposed = (record.proposed or "").strip()
    parts = []
    if record.kind == "comment":
        if quote:
            parts.append(f"On “{quote}”: ")
        parts.append(record.comment or "")
        for reply in record.replies:
            parts.append(f"\n— {reply.author}: {reply.text}")
    elif record.kind == "deletion":
        parts.append(f"Delete “{quote}”")
    elif record.kind == "insertion":
        parts.append(f"Insert “{proposed}”")
    elif record.kind == "move":
        parts.append(f"Move “{quote}”" + (f" to {destination}" if destination else ""))
    else:
        if quote and proposed:
            parts.append(f"Replace “{quote}” with “{proposed}”")
        elif quote:
            parts.append(f"Delete “{quote}”")
        else:
            parts.append(f"Insert “{proposed}”")
    return "".join(parts)


def part(record: Record, sent: Draft | None) -> str:
    """ "Text, paragraph 2", "Item (b)", "Title": where in the principle, as sent."""
    name = PARTS.get(record.field, "—")
    if sent is None or record.at is None or not record.principle or not record.field:
        return name
    if record.principle not in sent.principles or record.field == "title":
        return name
    from drafter.feedback.reader import sent_field
    from drafter.model import item_label

    before = sent_field(sent, record.principle, record.field)[: record.at]
    if record.field == "items":
        return f"Item {item_label(before.count(chr(10)))}"
    return f"{name}, paragraph {before.count(chr(10) * 2) + 1}"


def rows(
    draft: Draft,
    records: Sequence[tuple[FeedbackFile, Record]],
    sent: Callable[[str], Draft | None] | None = None,
) -> list[tuple[str, ...]]:
    """One row per record, by principle, part and place; ``sent`` gives a copy's revision."""
    numbers = draft.numbers()

    def rank(pair: tuple[FeedbackFile, Record]) -> tuple[int, int, int]:
        r = pair[1]
        number = numbers.get(r.principle or "", 0 if r.principle is None else 10**6)
        part = list(PARTS).index(r.field) if r.field in PARTS else 0
        return number, part, r.at if r.at is not None else -1

    out: list[tuple[str, ...]] = []
    for ff, r in sorted(records, key=rank):
        if r.principle is None:
            label = "General"
        else:
            n = numbers.get(r.principle)
            p = draft.principles.get(r.principle)
            label = f"Principle {n} — {p.title}" if n and p else r.principle
        out.append(
            (
                label,
                part(r, sent(ff.against) if sent else None),
                r.author or "(unknown)",
                ff.file or ff.source,
                what(r, _destination(draft, r.moved_to)),
                DECISIONS[r.status],
                r.response or "",
            )
        )
    return out


def _destination(draft: Draft, moved_to: str | None) -> str:
    """ "Principle 5 (text)" for a move's "legal-parentage/text"."""
    if not moved_to:
        return "outside the principles" if moved_to == "" else ""
    pid, _, fld = moved_to.partition("/")
    n = draft.number_of(pid)
    where = f"Principle {n}" if n else pid
    return f"{where} ({PARTS.get(fld, fld).lower()})"


def to_csv(table: Sequence[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(table)
    return buffer.getvalue()


def to_docx(table: Sequence[tuple[str, ...]], path: Path, title: str) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    from drafter.export._xml import INVALID_XML_CHARS

    def clean(text: str) -> str:
        return INVALID_XML_CHARS.sub("", text)

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_heading(clean(title), level=1)
    grid = document.add_table(rows=1, cols=len(HEADERS))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, HEADERS, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in table:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = clean(text)
    for row in grid.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)
    from drafter.store import atomic_write

    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write(path, buffer.getvalue())
