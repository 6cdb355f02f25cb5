"""The document being written: body paragraphs as XML strings, title page, furniture, save."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from drafter.export import _xml as X
from drafter.export._common import WORD_LANGUAGE, ExportOptions, Piece, TitleInfo, Vocabulary
from drafter.export._contents import Entry, toc_paragraphs
from drafter.export._marks import Marking
from drafter.export._render import Cleaner
from drafter.export._tables import table
from drafter.export._template import (
    fill,
    house_page,
    open_document,
    own_content,
    prepare_styles,
    save,
    set_language,
)
from drafter.model import format_date

BOOKMARK_IDS = 1_000_000  # bookmark ids start above any tracked change's id


class Builder:
    """Collects the body as WordprocessingML strings, then assembles and saves the file."""

    def __init__(
        self, options: ExportOptions, vocab: Vocabulary, *, revisions: X.Revisions | None
    ) -> None:
        self.options = options
        self.vocab = vocab
        self.revisions = revisions
        self.cleaner = Cleaner()
        self.doc = open_document(options.template)
        self.styles = prepare_styles(self.doc, house_style=options.template is None)
        self.chunks: list[str] = []
        self._last_mark = "equal"
        self._toc_at: int | None = None  # where the contents entries go, once known
        self._changes_at: int | None = None  # where the redline's changes table goes
        self.headings: list[Entry] = []
        self.bookmarks: list[str] = []  # every bookmark written, in order
        self._open: tuple[str, int, int] | None = None  # (name, id, chunk of its last para)
        self._move_start = ""  # a move range opening in the next paragraph
        self._move_id = 0
        self._move_kind = ""
        self._move_who: X.Stamp | None = None

    def add(
        self,
        kind: str,
        pieces: Sequence[X.StampedPiece],
        mark: str = "equal",
        bookmark: str = "",
        moved: str = "",
        lang: str = "",
    ) -> None:
        """One body paragraph; ``bookmark`` names the field it belongs to (see ``_marks``).

        Consecutive paragraphs of one field share one bookmark. A paragraph that exists
        only in the older draft (``mark`` "delete") neither opens nor closes one.
        """
        if self.revisions is not None:
            self.revisions.next_paragraph()
        start = ""
        if mark not in ("delete", "moveFrom"):
            start = self._bookmark(bookmark)
            if kind == "heading" and bookmark:
                text = "".join(piece[1] for piece in pieces if piece[0] != "delete")
                self.headings.append(Entry(bookmark, text))
        self.chunks.append(
            X.paragraph(
                self.styles[kind],
                start
                + self._move_start
                + X.runs(
                    pieces,
                    self.revisions,
                    moved,
                    WORD_LANGUAGE.get(lang, lang),
                    self._move_who if moved else None,
                ),
                mark=mark,
                revisions=self.revisions,
                who=self._move_who if mark in ("moveFrom", "moveTo") else _mark_stamp(pieces),
            )
        )
        self._move_start = ""
        if self._open is not None and mark not in ("delete", "moveFrom"):
            self._open = (self._open[0], self._open[1], len(self.chunks) - 1)
        self._last_mark = mark

    def begin_move(self, kind: str, name: str, who: X.Stamp | None = None) -> None:
        """Open a move range (``kind`` "moveFrom" or "moveTo") before the next paragraph.

        ``who`` made the move (None: the default stamp).
        """
        assert self.revisions is not None
        self._move_id, self._move_start = self.revisions.range_start(kind, name, who)
        self._move_kind = kind
        self._move_who = who

    def end_move(self) -> None:
        """Close the move range after the last run of the paragraph just added."""
        end = f'<w:{self._move_kind}RangeEnd w:id="{self._move_id}"/>'
        self.chunks[-1] = self.chunks[-1][: -len("</w:p>")] + end + "</w:p>"

    def _bookmark(self, name: str) -> str:
        """Close the open bookmark unless ``name`` continues it; the start of a new one."""
        if self._open is not None and self._open[0] == name:
            return ""
        self.close_bookmark()
        if not name:
            return ""
        # bookmarks and tracked changes are both annotations: keep their ids apart
        ident = BOOKMARK_IDS + len(self.bookmarks) + 1
        self.bookmarks.append(name)
        self._open = (name, ident, -1)
        return f'<w:bookmarkStart w:id="{ident}" w:name="{X.attr(name)}"/>'

    def close_bookmark(self) -> None:
        """End the open bookmark after the last run of the last paragraph it covers."""
        if self._open is None:
            return
        _name, ident, at = self._open
        self._open = None
        chunk = self.chunks[at]
        self.chunks[at] = chunk[: -len("</w:p>")] + f'<w:bookmarkEnd w:id="{ident}"/></w:p>'

    def title_page(
        self,
        title: Sequence[Piece],
        info: TitleInfo,
        *,
        compared: tuple[str, str, str] | None,
        meetings: Sequence[tuple[str, str, str]] = (),
        corner: Sequence[str] = (),
        changes_table: bool = False,
    ) -> None:
        """The title page; ``corner`` lines (document symbol, "Original: English") go
        at its top right, as intergovernmental documents carry them."""
        for line in corner:
            self.chunks.append(
                X.paragraph(
                    self.styles["text"],
                    X.runs([("equal", self.cleaner.clean(line, ""))], None),
                    suppress_line_numbers=True,
                    extra_ppr='<w:spacing w:after="0"/><w:jc w:val="right"/>',
                )
            )
        top = '<w:spacing w:before="2400"/>' if self.options.template is None else ""
        self.chunks.append(
            X.paragraph(
                self.styles["title"],
                X.runs(title, self.revisions),
                suppress_line_numbers=True,
                extra_ppr=top,
            )
        )
        lines = [("subtitle", info.label)]
        day = format_date(info.day, self.vocab.code) if info.day is not None else ""
        if day and day not in info.label and not info.label.endswith(day.split(" ")[-1]):
            lines.append(("subtitle", day))
        if compared is not None:
            old_label, new_label, summary = compared
            colon = " : " if self.vocab.code == "fr" else ": "  # French typography
            lines += [
                ("text", f"{self.vocab.changes_from}{colon}{old_label}"),
                ("text", f"{self.vocab.changes_to.capitalize()}{colon}{new_label}"),
                ("text", summary),
            ]
        if info.note:
            lines.append(("text", info.note))
        for n, (kind, line) in enumerate(lines):
            content = X.runs([("equal", self.cleaner.clean(line, ""))], None)
            if n == len(lines) - 1 and not meetings and not changes_table:
                content += X.PAGE_BREAK
            self.chunks.append(
                X.paragraph(
                    self.styles[kind],
                    content,
                    suppress_line_numbers=True,
                    extra_ppr='<w:jc w:val="left"/>',
                )
            )
        if meetings:
            self._meetings_table(meetings)
        elif changes_table:
            self._changes_at = len(self.chunks)
            self.chunks.append("")  # filled in by changes_table once the changes are known
            self.chunks.append(X.paragraph(None, X.PAGE_BREAK, suppress_line_numbers=True))

    def _meetings_table(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """The meetings the draft went through (name, dates, place), on the title page."""
        v = self.vocab
        self.chunks.append(
            table(
                v.versions,
                (v.meeting, v.dates, v.place),
                rows,
                (36, 32, 32),
                self._text_width(),
                self.styles["text"],
            )
        )
        self.chunks.append(X.paragraph(None, X.PAGE_BREAK, suppress_line_numbers=True))

    def changes_table(self, rows: Sequence[tuple[str, str]]) -> None:
        """Fill the redline title page's table of what changed per principle, and by whom."""
        if self._changes_at is None:
            return
        v = self.vocab
        self.chunks[self._changes_at] = (
            table(
                v.changes_by_principle,
                (v.principle, v.changed_by),
                rows,
                (60, 40),
                self._text_width(),
                self.styles["text"],
            )
            if rows
            else ""
        )

    def contents(self) -> None:
        """The contents heading; its entries are written by ``finish``, once all are known."""
        if not self.options.toc:
            return
        self.chunks.append(
            X.paragraph(
                self.styles["toc_heading"],
                X.runs([("equal", self.vocab.contents)], None),
                suppress_line_numbers=True,
            )
        )
        self._toc_at = len(self.chunks)
        self.chunks.append("")

    def finish(
        self,
        path: Path,
        *,
        header: Sequence[str],
        doc_title: str,
        subject: str,
        language: str,
        track_revisions: bool = False,
        author: str = "drafter",
        marking: Marking | None = None,
    ) -> None:
        self.close_bookmark()
        if self._last_mark != "equal":
            # Word cannot track the document's final paragraph mark: end on a plain one.
            self.chunks.append(X.paragraph(self.styles["text"], ""))
        if self._toc_at is not None:
            self.chunks[self._toc_at] = "".join(
                toc_paragraphs(self.headings, self.styles["toc"], self._text_width())
            )
        body = self.doc.element.body
        sect_pr = body.find(X.w("sectPr"))
        fragment = X.parse_fragment(self.chunks)
        self.chunks = []
        if sect_pr is None:
            body.extend(list(fragment))
        else:
            for child in list(fragment):
                sect_pr.addprevious(child)
        self._page_furniture(header)
        self._settings(track_revisions)
        set_language(self.doc, language)
        props = self.doc.core_properties
        props.title = self.cleaner.clean(doc_title, "")
        props.subject = self.cleaner.clean(subject, "")
        props.author = self.cleaner.clean(author, "")
        props.last_modified_by = self.cleaner.clean(author, "")
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now
        save(self.doc, path, marking.properties() if marking is not None else ())

    def text_width(self) -> int:
        """The width between the margins, in twentieths of a point (0 when unknown)."""
        return self._text_width()

    def _text_width(self) -> int:
        """The width between the margins, in twentieths of a point (0 when unknown)."""
        section = self.doc.sections[-1]
        if self.options.template is None:
            house_page(section)
        width, left, right = section.page_width, section.left_margin, section.right_margin
        if width is None or left is None or right is None:
            return 0
        return max(0, int((width - left - right) / 635))

    def _page_furniture(self, header_lines: Sequence[str]) -> None:
        from docx.shared import Cm

        section = self.doc.sections[-1]
        if self.options.template is None:
            house_page(section)
        had_title_page = section.different_first_page_header_footer
        even_pages = section.even_page_header.is_linked_to_previous is False
        own = {
            "header": own_content(section.header),
            "footer": own_content(section.footer),
            "even_header": own_content(section.even_page_header) if even_pages else [],
            "even_footer": own_content(section.even_page_footer) if even_pages else [],
        }
        section.different_first_page_header_footer = True
        header_xml = "".join(
            X.paragraph(
                self.styles["header"],
                X.runs([("equal", self.cleaner.clean(line, ""))], None),
                extra_ppr='<w:jc w:val="right"/>',
            )
            for line in header_lines
        )
        footer_xml = X.paragraph(
            self.styles["footer"],
            X.runs([("equal", f"{self.vocab.page} ")], None)
            + X.field("PAGE", "1")
            + X.runs([("equal", f" {self.vocab.of} ")], None)
            + X.field("NUMPAGES", "1"),
            extra_ppr='<w:jc w:val="center"/>',
        )
        if self.options.template is None:
            fill(section.header, header_xml)
            fill(section.footer, footer_xml)
            fill(section.first_page_header, "")
            fill(section.first_page_footer, "")
        else:
            # a house template's letterhead stays: drafter's label and page numbers go
            # after what its headers and footers hold; its title page keeps its own
            fill(section.header, header_xml, own["header"])
            fill(section.footer, footer_xml, own["footer"])
            if not had_title_page:
                fill(section.first_page_header, "", own["header"])
                fill(section.first_page_footer, "", own["footer"])
            elif section.first_page_header.is_linked_to_previous:
                fill(section.first_page_header, "")
                fill(section.first_page_footer, "")
        if even_pages:
            fill(section.even_page_header, header_xml, own["even_header"])
            fill(section.even_page_footer, footer_xml, own["even_footer"])
        for side in ("header_distance", "footer_distance"):
            if not getattr(section, side):  # a template made without headers says 0
                setattr(section, side, Cm(1.25))
        if self.options.line_numbers:
            from docx.oxml import parse_xml

            line_numbers = parse_xml(
                f'<w:lnNumType {X.W_DECL} w:countBy="1" w:distance="360" w:restart="newPage"/>'
            )
            X.set_sect_child(section._sectPr, line_numbers)

    def _settings(self, track_revisions: bool) -> None:
        from docx.oxml import parse_xml

        settings = self.doc.settings.element
        # a current Word file (not "compatibility mode"), spelling not marked as checked
        for proof in settings.findall(X.w("proofState")):
            settings.remove(proof)
        for compat in settings.iter(X.w("compatSetting")):
            if compat.get(X.w("name")) == "compatibilityMode":
                compat.set(X.w("val"), "15")
        # No updateFields: the contents are written out, and forcing an update makes Word
        # ask every recipient about fields that "may refer to other files".
        wanted = [("updateFields", False), ("trackRevisions", track_revisions)]
        for name, on in wanted:
            for old in settings.findall(X.w(name)):
                settings.remove(old)
            if not on:
                continue
            element = parse_xml(f'<w:{name} {X.W_DECL} w:val="true"/>')
            order = X.SETTINGS_AFTER_TRACK_REVISIONS
            later = order[order.index(name) + 1 :] if name in order else order
            X.insert_in_order(settings, element, later)


def _mark_stamp(pieces: Sequence[X.StampedPiece]) -> X.Stamp | None:
    """Who added or removed a whole paragraph: the stamp of its first stamped piece."""
    for piece in pieces:
        if len(piece) > 2 and piece[2] is not None:
            return piece[2]
    return None
