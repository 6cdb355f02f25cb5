"""Word documents from drafts: the consolidated text and the redline with tracked changes.

Pure: takes Draft objects and writes a file; knows nothing of git, terminals or Textual.
Only Word's built-in styles (Title, Subtitle, Heading 1, List, Header, Footer, TOC
Heading) plus two named ones (Commentary, Commentary Heading) are used, so a user's
template restyles everything.

A redline is the newer draft's document in which every difference from the older one
is a native tracked change: word-level inside a paragraph kept on both sides, and
whole paragraphs (paragraph mark included) where a paragraph exists on one side only.
"Accept all" then gives exactly the newer text and "Reject all" exactly the older one.
Principles that moved relative to the others are shown deleted where they stood and
inserted where they now stand, because that is the only way rejecting restores the
old order; principles that were merely renumbered stay in place with the number in
their heading tracked.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import ExportError
from drafter.export import _xml as X
from drafter.model import CROSS_REF_RE, Draft, Principle, format_date, item_label

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

Progress = Callable[[int, int], None]
Piece = tuple[str, str]

DOCUMENT_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACRO_CTS = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)

# Logical paragraph kinds -> the style (by name) each is written in.
STYLE_NAMES: dict[str, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "toc_heading": "TOC Heading",
    "heading": "Heading 1",
    "preamble": "Normal",
    "text": "Normal",
    "item": "List",
    "clabel": "Commentary Heading",
    "commentary": "Commentary",
    "header": "Header",
    "footer": "Footer",
}
COMMENTARY = "Commentary"
COMMENTARY_HEADING = "Commentary Heading"

# The order of a principle's paragraph kinds; the redline aligns paragraphs kind by kind.
PRINCIPLE_KINDS = ("heading", "text", "item", "clabel", "commentary")
_PARA_SPLIT = re.compile(r"\n[ \t]*\n\s*")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Vocabulary:
    """The few words the exporter writes itself, in the language being exported."""

    principle: str
    commentary: str
    contents: str
    toc_hint: str
    page: str
    of: str
    changes_from: str
    changes_to: str


VOCABULARIES: dict[str, Vocabulary] = {
    "en": Vocabulary(
        "Principle",
        "Commentary",
        "Contents",
        "Right-click here and choose Update Field to show the table of contents.",
        "Page",
        "of",
        "Tracked changes from",
        "to",
    ),
    "fr": Vocabulary(
        "Principe",
        "Commentaire",
        "Table des matières",
        "Cliquez ici avec le bouton droit et choisissez Mettre à jour les champs "
        "pour afficher la table des matières.",
        "Page",
        "sur",
        "Modifications suivies de",
        "à",
    ),
    "es": Vocabulary(
        "Principio",
        "Comentario",
        "Índice",
        "Haga clic aquí con el botón derecho y elija Actualizar campos para mostrar el índice.",
        "Página",
        "de",
        "Cambios registrados desde",
        "hasta",
    ),
    "de": Vocabulary(
        "Grundsatz",
        "Kommentar",
        "Inhalt",
        "Klicken Sie hier mit der rechten Maustaste und wählen Sie Feld aktualisieren, "
        "um das Inhaltsverzeichnis anzuzeigen.",
        "Seite",
        "von",
        "Nachverfolgte Änderungen von",
        "bis",
    ),
}
_WORD_LANGUAGE = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "de": "de-DE", "it": "it-IT"}


@dataclass(frozen=True)
class ExportOptions:
    """What the user chose: language, template, line numbers, table of contents."""

    lang: str | None = None
    template: Path | None = None
    line_numbers: bool = False
    toc: bool = True


@dataclass(frozen=True)
class TitleInfo:
    """How a revision is named on the title page and in the header."""

    label: str  # "Draft agreed at ..." / "Working draft, 3 May 2024"
    day: date | None = None  # shown on its own line unless the label already says it
    note: str = ""  # a smaller line: when and from what the file was made


@dataclass(frozen=True)
class ChangeStamp:
    """Who made the tracked changes, and when (Word shows both on every change)."""

    author: str
    when: datetime

    def iso(self) -> str:
        when = self.when if self.when.tzinfo else self.when.astimezone()
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- public API


def check_language(draft: Draft, lang: str | None) -> str | None:
    """The translation to export (None: the source text); an unknown one is an error."""
    if not lang or lang == draft.document.language:
        return None
    available = set(draft.document.translations)
    for p in draft.principles.values():
        available.update(p.translations)
    if lang not in available:
        have = [f"{draft.document.language} (source)", *sorted(available)]
        raise ExportError(f"no {lang!r} translation in this document; available: {', '.join(have)}")
    return lang


def write_consolidated(
    draft: Draft,
    path: Path,
    *,
    title: TitleInfo,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """Write the document as it stands in ``draft``; returns warnings for the user."""
    options = options or ExportOptions()
    lang = check_language(draft, options.lang)
    builder = _Builder(options, _vocabulary(lang or draft.document.language), revisions=None)
    renderer = _Renderer(draft, lang, builder.vocab, builder.cleaner)
    builder.title_page([("equal", draft.document.title)], title, compared=None)
    builder.contents()
    for para in renderer.preamble():
        builder.add(para.kind, [("equal", para.text)])
    ordered = list(draft.ordered())
    total = len(ordered) + 1
    tick = _ticker(progress, total)
    for done, (number, principle) in enumerate(ordered, start=1):
        for para in renderer.principle(number, principle):
            builder.add(para.kind, [("equal", para.text)])
        tick(done)
    builder.finish(
        path,
        header=[title.label],
        doc_title=draft.document.title,
        subject=title.label,
        language=lang or draft.document.language,
    )
    tick(total)
    return builder.cleaner.warnings()


def write_redline(
    old: Draft,
    new: Draft,
    path: Path,
    *,
    old_title: TitleInfo,
    new_title: TitleInfo,
    stamp: ChangeStamp,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """Write ``new`` with every change from ``old`` as a Word tracked change."""
    from drafter.diff import compare_drafts, word_diff

    options = options or ExportOptions()
    lang = check_language(new, options.lang)
    old_lang = lang if lang in _languages(old) else None
    revisions = X.Revisions(stamp.author, stamp.iso())
    builder = _Builder(options, _vocabulary(lang or new.document.language), revisions=revisions)
    cleaner = builder.cleaner
    old_r = _Renderer(old, old_lang, builder.vocab, cleaner)
    new_r = _Renderer(new, lang, builder.vocab, cleaner)

    stats = compare_drafts(old, new).stats
    summary = _summary(stats)
    title_pieces = word_diff(
        cleaner.clean(old.document.title, "the title"), cleaner.clean(new.document.title, "")
    )
    builder.title_page(
        title_pieces,
        new_title,
        compared=(old_title.label, new_title.label, summary),
    )
    builder.contents()
    for kind, pieces, mark in _align(old_r.preamble(), new_r.preamble(), word_diff):
        builder.add(kind, pieces, mark)

    old_ids = [pid for pid in old.document.order if pid in old.principles]
    new_ids = [pid for pid in new.document.order if pid in new.principles]
    old_num = {pid: n for n, pid in enumerate(old.document.order, start=1)}
    new_num = {pid: n for n, pid in enumerate(new.document.order, start=1)}
    steps = _merge_order(old_ids, new_ids)
    total = len(steps) + 1
    tick = _ticker(progress, total)
    for done, (a, b) in enumerate(steps, start=1):
        old_paras = old_r.principle(old_num[a], old.principles[a]) if a else []
        new_paras = new_r.principle(new_num[b], new.principles[b]) if b else []
        if old_paras == new_paras:
            for para in new_paras:
                builder.add(para.kind, [("equal", para.text)])
        else:
            for kind, pieces, mark in _align(old_paras, new_paras, word_diff):
                builder.add(kind, pieces, mark)
        tick(done)
    header = [new_title.label, f"{builder.vocab.changes_from}: {old_title.label}"]
    builder.finish(
        path,
        header=header,
        doc_title=new.document.title,
        subject=f"{builder.vocab.changes_from} {old_title.label} {builder.vocab.changes_to} "
        f"{new_title.label}",
        language=lang or new.document.language,
        track_revisions=True,
        author=stamp.author,
    )
    tick(total)
    return cleaner.warnings()


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class _Para:
    kind: str
    text: str


class _Cleaner:
    """Drops what XML cannot hold, remembering where, so the user is told once per place."""

    def __init__(self) -> None:
        self._dropped: dict[str, int] = {}

    def clean(self, text: str, where: str) -> str:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if X.INVALID_XML_CHARS.search(text) is None:
            return text
        cleaned, n = X.INVALID_XML_CHARS.subn("", text)
        if where:
            self._dropped[where] = self._dropped.get(where, 0) + n
        return cleaned

    def warnings(self) -> list[str]:
        return [
            f"{where}: dropped {n} control character{'s' if n != 1 else ''} "
            "that a Word file cannot hold"
            for where, n in self._dropped.items()
        ]


class _Renderer:
    """One draft's paragraphs as a reader sees them: references numbered, items lettered."""

    def __init__(
        self, draft: Draft, lang: str | None, vocab: Vocabulary, cleaner: _Cleaner
    ) -> None:
        self.draft = draft
        self.lang = lang
        self.vocab = vocab
        self.cleaner = cleaner
        self.numbers = draft.numbers()

    def render(self, text: str, where: str) -> str:
        if "[[" in text:
            word, numbers = self.vocab.principle, self.numbers

            def one(match: re.Match[str]) -> str:
                n = numbers.get(match.group(1))
                return f"{word} {n}" if n is not None else f"{word} [{match.group(1)}?]"

            text = CROSS_REF_RE.sub(one, text)
        return self.cleaner.clean(text, where)

    def preamble(self) -> list[_Para]:
        return [
            _Para("preamble", para)
            for para in _paragraphs(self.render(self.draft.document.preamble, "the preamble"))
        ]

    def principle(self, number: int, principle: Principle) -> list[_Para]:
        p = principle.localized(self.lang)
        where = f"{self.vocab.principle} {number} ({p.id})"
        title = self.render(p.title, where)
        heading = f"{self.vocab.principle} {number}" + (f" — {title}" if title else "")
        paras = [_Para("heading", heading)]
        paras += [_Para("text", t) for t in _paragraphs(self.render(p.text, where))]
        paras += [
            _Para("item", f"{item_label(i)}\t{self.render(item, where).strip()}")
            for i, item in enumerate(p.items)
        ]
        commentary = _paragraphs(self.render(p.commentary, where))
        if commentary:
            paras.append(_Para("clabel", self.vocab.commentary))
            paras += [_Para("commentary", t) for t in commentary]
        return paras


def _paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; single newlines stay as line breaks."""
    if not text.strip():
        return []
    return [p.strip() for p in _PARA_SPLIT.split(text.strip()) if p.strip()]


def _languages(draft: Draft) -> set[str]:
    langs = set(draft.document.translations)
    for p in draft.principles.values():
        langs.update(p.translations)
    return langs


def _vocabulary(lang: str) -> Vocabulary:
    return VOCABULARIES.get(lang.split("-")[0], VOCABULARIES["en"])


def _summary(stats: object) -> str:
    """'2 principles added, 1 removed, 5 amended, 3 renumbered or moved; 120 words inserted …'."""
    parts = []
    for attr_name, word in (
        ("added", "added"),
        ("removed", "removed"),
        ("modified", "amended"),
        ("moved", "moved or renumbered only"),
    ):
        n = getattr(stats, attr_name, 0)
        if n:
            parts.append(f"{n} {word}")
    if not parts:
        return "No principle changed."
    text = "Principles: " + ", ".join(parts) + "."
    ins, dele = getattr(stats, "words_inserted", 0), getattr(stats, "words_deleted", 0)
    if ins or dele:
        text += f" Words inserted: {ins}; deleted: {dele}."
    return text


def _ticker(progress: Progress | None, total: int) -> Callable[[int], None]:
    """Calls ``progress`` about a hundred times at most, whatever the size."""
    if progress is None:
        return lambda done: None
    step = max(1, total // 100)

    def tick(done: int) -> None:
        if done % step == 0 or done >= total:
            progress(done, total)

    return tick


# --------------------------------------------------------------------------- redline alignment


def _merge_order(old_ids: Sequence[str], new_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs (old id or "", new id or "") in the order the redline shows them.

    Ids kept in the same relative order are paired; an id that moved past others is
    shown removed where it stood and added where it now stands.
    """
    steps: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, list(old_ids), list(new_ids), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            steps += [
                (old_ids[i], new_ids[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
        else:
            steps += [(old_ids[i], "") for i in range(i1, i2)]
            steps += [("", new_ids[j]) for j in range(j1, j2)]
    return steps


def _align(
    old: Sequence[_Para], new: Sequence[_Para], word_diff: Callable[[str, str], list[Piece]]
) -> Iterator[tuple[str, list[Piece], str]]:
    """(kind, pieces, paragraph mark op) for two versions of one block of paragraphs."""
    kinds = [k for k in PRINCIPLE_KINDS if any(p.kind == k for p in (*old, *new))]
    kinds += sorted({p.kind for p in (*old, *new)} - set(kinds))
    for kind in kinds:
        a = [p.text for p in old if p.kind == kind]
        b = [p.text for p in new if p.kind == kind]
        for i, j in _pair(a, b, by_position=kind in ("heading", "clabel")):
            if i is not None and j is not None:
                pieces = [("equal", a[i])] if a[i] == b[j] else word_diff(a[i], b[j])
                yield kind, pieces, "equal"
            elif i is not None:
                yield kind, [("delete", a[i])], "delete"
            elif j is not None:
                yield kind, [("insert", b[j])], "insert"


def _pair(
    a: Sequence[str], b: Sequence[str], *, by_position: bool
) -> list[tuple[int | None, int | None]]:
    """Which paragraph of the old list became which of the new one.

    Paragraphs are paired when similar enough to read well as a word-level change;
    the rest are whole-paragraph deletions and insertions. Deletions come first in
    each gap, the order Word users expect.
    """
    n, m = len(a), len(b)
    if by_position or (n == m and all(x == y for x, y in zip(a, b, strict=True))):
        k = min(n, m)
        return (
            [(i, i) for i in range(k)]
            + [(i, None) for i in range(k, n)]
            + [(None, j) for j in range(k, m)]
        )
    if n * m > 40_000:  # very long principles: exact matches only, in order
        pairs: list[tuple[int, int]] = []
        sm = SequenceMatcher(None, list(a), list(b), autojunk=False)
        for block in sm.get_matching_blocks():
            pairs += [(block.a + t, block.b + t) for t in range(block.size)]
    else:
        pairs = _best_pairs(a, b)
    result: list[tuple[int | None, int | None]] = []
    i = j = 0
    for pi, pj in [*pairs, (n, m)]:
        result += [(x, None) for x in range(i, pi)]
        result += [(None, y) for y in range(j, pj)]
        if pi < n and pj < m:
            result.append((pi, pj))
        i, j = pi + 1, pj + 1
    return result


def _best_pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Order-preserving pairing that maximises total similarity (a small DP)."""
    n, m = len(a), len(b)
    wa = [set(_WORD.findall(t.lower())) for t in a]
    wb = [set(_WORD.findall(t.lower())) for t in b]

    def sim(i: int, j: int) -> float:
        if a[i] == b[j]:
            return 2.0
        union = wa[i] | wb[j]
        if not union:
            return 0.0
        score = len(wa[i] & wb[j]) / len(union)
        return score if score >= 0.3 else 0.0

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = sim(i, j)
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + s if s else 0.0)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = sim(i, j)
        if s and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


# --------------------------------------------------------------------------- the document


class _Builder:
    """Collects the body as WordprocessingML strings, then assembles and saves the file."""

    def __init__(
        self, options: ExportOptions, vocab: Vocabulary, *, revisions: X.Revisions | None
    ) -> None:
        self.options = options
        self.vocab = vocab
        self.revisions = revisions
        self.cleaner = _Cleaner()
        self.doc = _open_document(options.template)
        self.styles = _prepare_styles(self.doc, house_style=options.template is None)
        self.chunks: list[str] = []
        self._last_mark = "equal"

    def add(self, kind: str, pieces: Sequence[Piece], mark: str = "equal") -> None:
        self.chunks.append(
            X.paragraph(
                self.styles[kind],
                X.runs(pieces, self.revisions),
                mark=mark,
                revisions=self.revisions,
            )
        )
        self._last_mark = mark

    def title_page(
        self,
        title: Sequence[Piece],
        info: TitleInfo,
        *,
        compared: tuple[str, str, str] | None,
    ) -> None:
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
        if info.day is not None and format_date(info.day) not in info.label:
            lines.append(("subtitle", format_date(info.day)))
        if compared is not None:
            old_label, new_label, summary = compared
            lines += [
                ("text", f"{self.vocab.changes_from}: {old_label}"),
                ("text", f"{self.vocab.changes_to.capitalize()}: {new_label}"),
                ("text", summary),
            ]
        if info.note:
            lines.append(("text", info.note))
        for n, (kind, line) in enumerate(lines):
            content = X.runs([("equal", self.cleaner.clean(line, ""))], None)
            if n == len(lines) - 1:
                content += X.PAGE_BREAK
            self.chunks.append(
                X.paragraph(
                    self.styles[kind],
                    content,
                    suppress_line_numbers=True,
                    extra_ppr='<w:jc w:val="left"/>',
                )
            )

    def contents(self) -> None:
        if not self.options.toc:
            return
        self.chunks.append(
            X.paragraph(
                self.styles["toc_heading"],
                X.runs([("equal", self.vocab.contents)], None),
                suppress_line_numbers=True,
            )
        )
        self.chunks.append(
            X.paragraph(
                None,
                X.field('TOC \\o "1-1" \\h \\z \\u', self.vocab.toc_hint) + X.PAGE_BREAK,
                suppress_line_numbers=True,
            )
        )

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
    ) -> None:
        if self._last_mark != "equal":
            # Word cannot track the document's final paragraph mark: end on a plain one.
            self.chunks.append(X.paragraph(self.styles["text"], ""))
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
        _set_language(self.doc, language)
        props = self.doc.core_properties
        props.title = self.cleaner.clean(doc_title, "")
        props.subject = self.cleaner.clean(subject, "")
        props.author = author
        props.last_modified_by = author
        props.comments = "Written by drafter"
        props.keywords = ""
        props.revision = 1
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now
        _save(self.doc, path)

    def _page_furniture(self, header_lines: Sequence[str]) -> None:
        section = self.doc.sections[-1]
        if self.options.template is None:
            _house_page(section)
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
        _fill(section.header, header_xml)
        _fill(section.footer, footer_xml)
        _fill(section.first_page_header, X.paragraph(self.styles["header"], ""))
        _fill(section.first_page_footer, footer_xml)
        if section.even_page_header.is_linked_to_previous is False:
            _fill(section.even_page_header, header_xml)
            _fill(section.even_page_footer, footer_xml)
        if self.options.line_numbers:
            from docx.oxml import parse_xml

            line_numbers = parse_xml(
                f'<w:lnNumType {X.W_DECL} w:countBy="1" w:distance="360" w:restart="newPage"/>'
            )
            X.set_sect_child(section._sectPr, line_numbers)

    def _settings(self, track_revisions: bool) -> None:
        from docx.oxml import parse_xml

        settings = self.doc.settings.element
        wanted = [("updateFields", self.options.toc), ("trackRevisions", track_revisions)]
        for name, on in wanted:
            for old in settings.findall(X.w(name)):
                settings.remove(old)
            if not on:
                continue
            element = parse_xml(f'<w:{name} {X.W_DECL} w:val="true"/>')
            order = X.SETTINGS_AFTER_TRACK_REVISIONS
            later = order[order.index(name) + 1 :] if name in order else order
            X.insert_in_order(settings, element, later)


# --------------------------------------------------------------------------- python-docx glue


def _open_document(template: Path | None) -> DocxDocument:
    """A new document: python-docx's default, or the user's .docx/.dotx emptied of content."""
    import docx

    if template is None:
        doc = docx.Document()
    else:
        doc = docx.Document(io.BytesIO(_template_bytes(template)))
    body = doc.element.body
    for child in list(body):
        if child.tag != X.w("sectPr"):
            body.remove(child)
    return doc


def _template_bytes(template: Path) -> bytes:
    """The template's bytes, as a .docx: a .dotx only differs by its main content type."""
    try:
        data = Path(template).read_bytes()
    except IsADirectoryError:
        raise ExportError(f"template {template}: is a folder, not a Word file") from None
    except OSError as exc:
        raise ExportError(f"template {template}: {exc.strerror or exc}") from None
    not_word = f"template {template} is not a Word document or template (.docx or .dotx)"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExportError(not_word)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            types = zin.read("[Content_Types].xml").decode("utf-8")
            if DOCUMENT_CT in types:
                return data
            if any(ct in types for ct in _MACRO_CTS):
                raise ExportError(
                    f"template {template} contains macros (.docm/.dotm); "
                    "save it as a plain Word template (.dotx) first"
                )
            if TEMPLATE_CT not in types:
                raise ExportError(not_word)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    content = zin.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        content = types.replace(TEMPLATE_CT, DOCUMENT_CT).encode("utf-8")
                    zout.writestr(item, content)
            return out.getvalue()
    except (KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        raise ExportError(not_word) from None


def _prepare_styles(doc: DocxDocument, *, house_style: bool) -> dict[str, str]:
    """Style ids for every paragraph kind, creating any style the template lacks."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt, RGBColor

    styles = doc.styles

    def get(name: str):  # type: ignore[no-untyped-def]
        # By name only, as Word does (case-insensitively for built-ins): python-docx's
        # ``styles[name]`` falls back to style ids, which differ between templates.
        wanted = name.lower()
        for style in styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and (style.name or "").lower() == wanted:
                return style
        return None

    if get("Normal") is None:
        styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    normal = get("Normal")
    for name in ("Title", "Subtitle", "Heading 1", "TOC Heading", "List", "Header", "Footer"):
        if get(name) is None:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=True)
            if normal is not None:
                style.base_style = normal
            if name == "Heading 1":
                style.font.bold = True
                style.font.size = Pt(14)
                style.paragraph_format.keep_with_next = True
                style.paragraph_format.space_before = Pt(18)
                _outline_level(style, 0)
            elif name == "Title":
                style.font.size = Pt(26)
            elif name in ("Subtitle", "TOC Heading"):
                style.font.size = Pt(14)
            elif name == "List":
                style.paragraph_format.left_indent = Cm(1)
                style.paragraph_format.first_line_indent = Cm(-1)
    if get(COMMENTARY) is None:
        style = styles.add_style(_free_id(styles, COMMENTARY), WD_STYLE_TYPE.PARAGRAPH)
        style.name = COMMENTARY
        if normal is not None:
            style.base_style = normal
        style.font.italic = True
        style.paragraph_format.left_indent = Cm(1)
        if house_style:
            style.font.size = Pt(10)
            style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    if get(COMMENTARY_HEADING) is None:
        style = styles.add_style(_free_id(styles, COMMENTARY_HEADING), WD_STYLE_TYPE.PARAGRAPH)
        style.name = COMMENTARY_HEADING
        style.base_style = get(COMMENTARY)
        style.font.bold = True
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(6)
    if house_style:
        _house_styles(doc)
    return {kind: get(name).style_id for kind, name in STYLE_NAMES.items()}


def _free_id(styles: object, name: str) -> str:
    """A name whose derived style id no existing style uses (python-docx derives one)."""
    taken = {style.style_id for style in styles}  # type: ignore[attr-defined]
    candidate, n = name, 2
    while candidate.replace(" ", "") in taken:
        candidate = f"{name} {n}"
        n += 1
    return candidate


def _outline_level(style: object, level: int) -> None:
    from docx.oxml import parse_xml

    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    for old in ppr.findall(X.w("outlineLvl")):
        ppr.remove(old)
    ppr.append(parse_xml(f'<w:outlineLvl {X.W_DECL} w:val="{level}"/>'))


def _house_styles(doc: DocxDocument) -> None:
    """A sober look for documents exported without a template."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Cambria"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    navy = RGBColor(0x1F, 0x3A, 0x5F)
    for name, size in (("Title", 24), ("Subtitle", 13), ("Heading 1", 13), ("TOC Heading", 14)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = navy
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    styles["Heading 1"].paragraph_format.space_before = Pt(16)
    styles["Heading 1"].paragraph_format.space_after = Pt(6)
    styles["Subtitle"].paragraph_format.space_after = Pt(6)
    lst = styles["List"].paragraph_format
    lst.left_indent = Cm(1)
    lst.first_line_indent = Cm(-1)
    lst.tab_stops.add_tab_stop(Cm(1))
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9)
        styles[name].font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _house_page(section: object) -> None:
    """A4 with 2.5 cm margins: the international default for the expert group."""
    from docx.shared import Cm

    section.page_width = Cm(21)  # type: ignore[attr-defined]
    section.page_height = Cm(29.7)  # type: ignore[attr-defined]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = Cm(1.25)  # type: ignore[attr-defined]
    section.footer_distance = Cm(1.25)  # type: ignore[attr-defined]


def _fill(part: object, xml: str) -> None:
    """Replace a header's or footer's paragraphs with ``xml``."""
    part.is_linked_to_previous = False  # type: ignore[attr-defined]
    element = part._element  # type: ignore[attr-defined]
    for child in list(element):
        element.remove(child)
    for child in list(X.parse_fragment([xml])):
        element.append(child)


def _set_language(doc: DocxDocument, lang: str) -> None:
    """Tell Word which language the text is in, for its spelling and hyphenation."""
    from docx.oxml import parse_xml

    styles = doc.styles.element
    defaults = styles.find(X.w("docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(X.w("rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {X.W_DECL}/>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(X.w("rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {X.W_DECL}/>")
        rpr_default.append(rpr)
    lang_el = rpr.find(X.w("lang"))
    if lang_el is None:
        lang_el = parse_xml(f"<w:lang {X.W_DECL}/>")
        X.insert_in_order(rpr, lang_el, ("eastAsianLayout", "specVanish", "oMath"))
    lang_el.set(X.w("val"), _WORD_LANGUAGE.get(lang, lang))


def _save(doc: DocxDocument, path: Path) -> None:
    """Save through a temporary file and a rename: never a half-written document."""
    from drafter import store

    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {path.parent} does not exist")
    buffer = io.BytesIO()
    doc.save(buffer)
    try:
        store.atomic_write(path, buffer.getvalue())
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
