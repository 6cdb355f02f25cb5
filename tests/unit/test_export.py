"""The Word exporter on drafts built in memory: structure, styles, page furniture, redlines."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.errors import ExportError
from drafter.export import (
    ChangeStamp,
    ExportOptions,
    TitleInfo,
    short_name,
    write_consolidated,
    write_redline,
)
from drafter.model import Document, Draft, Principle, Translation
from tests.unit.export_reading import (
    W,
    body_after_contents,
    contents_entries,
    expected_text,
    normalise,
    paragraphs,
    part,
)

LABEL = "Draft agreed at Experts' Group meeting, Verona, Italy, 20 May 2017"
TITLE = TitleInfo(LABEL, date(2017, 5, 20))
STAMP = ChangeStamp("Ana Ruiz", datetime(2017, 10, 13, 15, 50, tzinfo=UTC))


def make_draft() -> Draft:
    principles = {
        "best-interests": Principle(
            id="best-interests",
            title="Best interests of the child",
            text="In all actions the best interests of the child shall be primary.\n\n"
            "This applies with [[principle:identity]].",
            items=("the assessment shall be individual;", "it shall be documented."),
            commentary="This restates Article 3.\n\nIt applies at every stage.",
            translations={
                "fr": Translation(
                    title="Intérêt supérieur de l'enfant",
                    text="Dans toutes les décisions, l'intérêt supérieur de l'enfant prime.",
                )
            },
        ),
        "identity": Principle(
            id="identity", title="Right to identity", text="Every child has a name."
        ),
        "hearing": Principle(
            id="hearing", title="Right to be heard", text="Line one\nline two of the same."
        ),
    }
    document = Document(
        title="Principles on surrogacy",
        preamble="These principles set out safeguards.\n\nThey are to be read as a whole.",
        order=("best-interests", "identity", "hearing"),
        translations=("fr",),
    )
    return Draft(document=document, principles=principles)


def export(tmp_path: Path, draft: Draft | None = None, **options: object) -> Path:
    path = tmp_path / "out.docx"
    write_consolidated(draft or make_draft(), path, title=TITLE, options=ExportOptions(**options))
    return path


# --------------------------------------------------------------------------- consolidated


def test_consolidated_has_every_part_in_reading_order_with_builtin_styles(tmp_path: Path) -> None:
    paras = paragraphs(export(tmp_path))
    assert paras[0] == ("Title", "Principles on surrogacy")
    assert ("Subtitle", LABEL) in paras[:3]
    body = body_after_contents(paras)
    # "Principle N" never breaks across lines: a no-break space, in headings and references
    raw = body_after_contents(paragraphs(export(tmp_path), nbsp=True))
    assert raw[2][1].startswith("Principle\u00a01 — ")
    assert raw[4][1] == "This applies with Principle\u00a02."
    assert body == [
        ("Normal", "These principles set out safeguards."),
        ("Normal", "They are to be read as a whole."),
        ("Heading 1", "Principle 1 — Best interests of the child"),
        ("Normal", "In all actions the best interests of the child shall be primary."),
        ("Normal", "This applies with Principle 2."),
        ("List", "(a)\tthe assessment shall be individual;"),
        ("List", "(b)\tit shall be documented."),
        ("Commentary Heading", "Commentary"),
        ("Commentary", "This restates Article 3."),
        ("Commentary", "It applies at every stage."),
        ("Heading 1", "Principle 2 — Right to identity"),
        ("Normal", "Every child has a name."),
        ("Heading 1", "Principle 3 — Right to be heard"),
        ("Normal", "Line one\nline two of the same."),
    ]


def test_header_carries_the_label_and_footer_page_x_of_y(tmp_path: Path) -> None:
    path = export(tmp_path)
    doc = docx.Document(str(path))
    section = doc.sections[0]
    assert section.different_first_page_header_footer  # the title page has no header
    assert LABEL in section.header._element.xml
    assert LABEL not in section.first_page_header._element.xml
    footer = section.footer._element
    instructions = [t.text.strip() for t in footer.iter(W + "instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    words = "".join(t.text for t in footer.iter(W + "t"))
    assert words.startswith("Page ") and " of " in words


def test_table_of_contents_written_out_without_forced_update(tmp_path: Path) -> None:
    """Every heading is in the TOC field's result, linked to its bookmark; no update asked."""
    path = export(tmp_path)
    document = part(path, "word/document.xml")
    instructions = [t.text.strip() for t in document.iter(W + "instrText")]
    assert instructions == ['TOC \\o "1-1" \\h \\z \\u']
    settings_el = part(path, "word/settings.xml")
    assert settings_el.find(W + "updateFields") is None
    headings = [t for s, t in paragraphs(path) if s == "Heading 1"]
    entries = contents_entries(path)
    assert [text.replace("\u00a0", " ") for text, _a in entries] == headings
    starts = {b.get(W + "name"): b for b in document.iter(W + "bookmarkStart")}
    for _text, anchor in entries:
        heading_para = starts[anchor].getparent()
        assert "".join(t.text for t in heading_para.iter(W + "t")) == _text

    (tmp_path / "b").mkdir()
    no_toc = export(tmp_path / "b", toc=False)
    assert not list(part(no_toc, "word/document.xml").iter(W + "instrText"))
    assert part(no_toc, "word/settings.xml").find(W + "updateFields") is None


def test_line_numbers_only_when_asked_and_in_schema_order(tmp_path: Path) -> None:
    plain = export(tmp_path)
    sect = part(plain, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert sect.find(W + "lnNumType") is None

    numbered = export(tmp_path, line_numbers=True)
    sect = part(numbered, "word/document.xml").find(f"{W}body/{W}sectPr")
    tags = [el.tag.removeprefix(W) for el in sect]
    assert "lnNumType" in tags
    assert tags.index("pgMar") < tags.index("lnNumType") < tags.index("cols")
    assert sect.find(W + "lnNumType").get(W + "restart") == "newPage"
    # the title page is not numbered
    first = part(numbered, "word/document.xml").find(f"{W}body/{W}p")
    assert first.find(f"{W}pPr/{W}suppressLineNumbers") is not None


def test_default_page_is_a4(tmp_path: Path) -> None:
    section = docx.Document(str(export(tmp_path))).sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7


def test_translation_is_exported_with_fallback_to_the_source(tmp_path: Path) -> None:
    body = body_after_contents(paragraphs(export(tmp_path, lang="fr")))
    texts = [t for _s, t in body]
    assert "Principe 1 — Intérêt supérieur de l'enfant" in texts
    assert "Dans toutes les décisions, l'intérêt supérieur de l'enfant prime." in texts
    assert "Principe 2 — Right to identity" in texts  # not translated: the source text
    # said so below its heading, in French, and its English marked as English for Word
    assert texts[texts.index("Principe 2 — Right to identity") + 1] == "[Traduction en attente]"
    # principle 1 is translated but for its items: those stay English, and it says so too
    assert texts[texts.index("Principe 1 — Intérêt supérieur de l'enfant") + 1] == (
        "[Traduction en attente]"
    )
    path = export(tmp_path, lang="fr")
    styles = part(path, "word/styles.xml")
    assert styles.find(f".//{W}docDefaults//{W}lang").get(W + "val") == "fr-FR"
    langs = {}
    for p in part(path, "word/document.xml").iter(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        marks = {el.get(W + "val") for el in p.iter(W + "lang")}
        langs[text] = marks
    assert langs["Every child has a name."] == {"en-GB"}
    assert langs["Dans toutes les décisions, l'intérêt supérieur de l'enfant prime."] == set()
    assert langs["(a)the assessment shall be individual;"] == {"en-GB"}


def test_unknown_language_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"no 'de' translation.*en \(source\), fr"):
        export(tmp_path, lang="de")
    assert not (tmp_path / "out.docx").exists()


def test_control_characters_are_dropped_with_a_warning_naming_the_principle(
    tmp_path: Path,
) -> None:
    draft = make_draft()
    bad = replace(draft.principles["identity"], text="Every\x01 child\x0b has a name.\x1f")
    draft = replace(draft, principles={**draft.principles, "identity": bad})
    path = tmp_path / "out.docx"
    warnings = write_consolidated(draft, path, title=TITLE)
    assert warnings == [
        "Principle 2 (identity): dropped 3 control characters that a Word file cannot hold"
    ]
    assert ("Normal", "Every child has a name.") in paragraphs(path)


def test_nothing_is_left_half_written_when_saving_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.docx"
    path.write_bytes(b"previous export")

    def broken(self: object, target: object) -> None:
        if isinstance(target, io.BytesIO):
            target.write(b"PK half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", broken)
    with pytest.raises(OSError):
        write_consolidated(make_draft(), path, title=TITLE)
    assert path.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_a_failed_disk_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    path = tmp_path / "out.docx"
    path.write_bytes(b"previous export")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ExportError, match="No space left on device"):
        write_consolidated(make_draft(), path, title=TITLE)
    assert path.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_missing_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_consolidated(make_draft(), tmp_path / "nope" / "x.docx", title=TITLE)


def test_progress_reports_up_to_the_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_consolidated(
        make_draft(), tmp_path / "x.docx", title=TITLE, progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (4, 4)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)


# --------------------------------------------------------------------------- templates


def _template(tmp_path: Path, *, commentary: bool = False) -> Path:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    tpl = docx.Document()
    heading = tpl.styles["Heading 1"]
    heading.font.name = "Garamond"
    heading.font.size = Pt(20)
    if commentary:
        style = tpl.styles.add_style("Commentary", WD_STYLE_TYPE.PARAGRAPH)
        style.font.size = Pt(7)
    tpl.add_paragraph("TEMPLATE BODY TEXT")
    tpl.sections[0].header.paragraphs[0].text = "ACME HEADER"
    tpl.sections[0].page_width = docx.shared.Cm(18)
    path = tmp_path / "house.docx"
    tpl.save(str(path))
    return path


def test_template_restyles_the_document_and_its_body_is_replaced(tmp_path: Path) -> None:
    out = export(tmp_path, template=_template(tmp_path))
    doc = docx.Document(str(out))
    assert doc.styles["Heading 1"].font.name == "Garamond"
    assert doc.styles["Heading 1"].font.size.pt == 20
    assert round(doc.sections[0].page_width.cm) == 18  # the template's page, not A4
    texts = [t for _s, t in paragraphs(out)]
    assert "TEMPLATE BODY TEXT" not in texts
    assert "Principle 1 — Best interests of the child" in texts
    assert doc.styles["Commentary"].font.italic  # created because the template lacks it
    header = doc.sections[0].header._element.xml
    # the template's own header stays (letterhead), drafter's label follows it
    assert "ACME HEADER" in header and LABEL in header
    assert header.index("ACME HEADER") < header.index(LABEL)


def test_template_commentary_style_is_kept(tmp_path: Path) -> None:
    out = export(tmp_path, template=_template(tmp_path, commentary=True))
    style = docx.Document(str(out)).styles["Commentary"]
    assert style.font.size.pt == 7
    assert not style.font.italic


def test_dotx_template_is_accepted_and_output_is_a_document(tmp_path: Path) -> None:
    docx_path = _template(tmp_path)
    dotx = tmp_path / "house.dotx"
    with zipfile.ZipFile(docx_path) as zin, zipfile.ZipFile(dotx, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            zout.writestr(item, data)
    out = export(tmp_path, template=dotx)
    with zipfile.ZipFile(out) as z:
        types = z.read("[Content_Types].xml").decode()
    assert "wordprocessingml.document.main+xml" in types
    assert "template.main+xml" not in types
    assert docx.Document(str(out)).styles["Heading 1"].font.name == "Garamond"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text\n", "is not a Word document or template"),
        (None, "is not a Word document or template"),  # a zip without Word parts
        ("missing", "No such file"),
    ],
)
def test_template_that_is_not_a_word_file_is_a_clear_error(
    tmp_path: Path, content: bytes | str | None, message: str
) -> None:
    tpl = tmp_path / "house.docx"
    if content is None:
        with zipfile.ZipFile(tpl, "w") as z:
            z.writestr("hello.txt", "hi")
    elif isinstance(content, bytes):
        tpl.write_bytes(content)
    with pytest.raises(ExportError, match=message):
        export(tmp_path, template=tpl)


def test_macro_template_is_refused(tmp_path: Path) -> None:
    tpl = _template(tmp_path)
    macro = tmp_path / "house.dotm"
    with zipfile.ZipFile(tpl) as zin, zipfile.ZipFile(macro, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
                )
            zout.writestr(item, data)
    with pytest.raises(ExportError, match="macros"):
        export(tmp_path, template=macro)


# --------------------------------------------------------------------------- redline


def _edited(draft: Draft) -> Draft:
    """Principle added first, one edited, one removed: everything else renumbers."""
    old = draft.principles
    principles = {
        "new-first": Principle(id="new-first", title="Definitions", text="In these principles."),
        "best-interests": replace(
            old["best-interests"],
            text="In all actions the best interests of the child shall be the primary concern."
            "\n\nThis applies with [[principle:identity]].",
        ),
        "identity": old["identity"],
    }
    order = ("new-first", "best-interests", "identity")
    return replace(draft, principles=principles, document=replace(draft.document, order=order))


def redline(tmp_path: Path, old: Draft, new: Draft, **options: object) -> Path:
    path = tmp_path / "redline.docx"
    write_redline(
        old,
        new,
        path,
        old_title=TitleInfo("Draft agreed at London"),
        new_title=TitleInfo("Draft agreed at Verona"),
        stamp=STAMP,
        options=ExportOptions(**options),
    )
    return path


def _body(path: Path, mode: str) -> list[str]:
    return [normalise(t) for _s, t in body_after_contents(paragraphs(path, mode)) if t.strip()]


def test_redline_accept_gives_the_new_text_and_reject_the_old(tmp_path: Path) -> None:
    old = make_draft()
    new = _edited(old)
    path = redline(tmp_path, old, new)
    assert _body(path, "accept") == expected_text(new)
    assert _body(path, "reject") == expected_text(old)


def test_redline_changes_carry_author_and_date_and_are_word_level(tmp_path: Path) -> None:
    path = redline(tmp_path, make_draft(), _edited(make_draft()))
    root = part(path, "word/document.xml")
    changes = [*root.iter(W + "ins"), *root.iter(W + "del")]
    assert changes
    assert {c.get(W + "author") for c in changes} == {"Ana Ruiz"}
    # the revision's date, and two minutes earlier on every other paragraph, so that
    # LibreOffice never merges the changes of neighbouring paragraphs into one
    assert {c.get(W + "date") for c in changes} == {"2017-10-13T15:50:00Z", "2017-10-13T15:48:00Z"}
    dates = []
    for p in root.iter(W + "p"):
        found = {c.get(W + "date") for c in p.iter(W + "ins", W + "del")}
        assert len(found) <= 1
        dates.append(found.pop() if found else None)
    assert all(a != b for a, b in itertools.pairwise(dates) if a and b)
    ids = [c.get(W + "id") for c in changes]
    assert len(ids) == len(set(ids))
    inserted = ["".join(t.text for t in i.iter(W + "t")) for i in root.iter(W + "ins")]
    assert "the primary concern" in inserted  # a phrase, not the whole paragraph
    assert part(path, "word/settings.xml").find(W + "trackRevisions") is not None


def test_redline_tracks_paragraph_marks_of_added_and_removed_principles(tmp_path: Path) -> None:
    path = redline(tmp_path, make_draft(), _edited(make_draft()))
    body = part(path, "word/document.xml").find(W + "body")
    by_text: dict[str, str] = {}
    for p in body.findall(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t", W + "delText"))
        text = text.replace("\u00a0", " ")
        mark = p.find(f"{W}pPr/{W}rPr")
        if mark is not None and len(mark):
            by_text[text] = mark[0].tag.removeprefix(W)
    assert by_text["Principle 1 — Definitions"] == "ins"
    assert by_text["In these principles."] == "ins"
    assert by_text["Principle 3 — Right to be heard"] == "del"
    assert by_text["Line oneline two of the same."] == "del"  # the w:br joins them here


def test_redline_tracks_a_changed_number_in_a_heading(tmp_path: Path) -> None:
    path = redline(tmp_path, make_draft(), _edited(make_draft()))
    body = part(path, "word/document.xml").find(W + "body")
    for p in body.findall(W + "p"):
        deleted = "".join(t.text for t in p.iter(W + "delText"))
        inserted = "".join(t.text for i in p.iter(W + "ins") for t in i.iter(W + "t"))
        plain = "".join(t.text for t in p.iter(W + "t"))
        if "Right to identity" in plain and p.find(W + "hyperlink") is None:
            assert (deleted, inserted) == ("2", "3")
            break
    else:
        raise AssertionError("heading of 'identity' not found")
    # and the cross-reference to it, rendered with each side's number
    accept = _body(path, "accept")
    assert "This applies with Principle 3." in accept
    assert "This applies with Principle 2." in _body(path, "reject")


def test_redline_moved_principle_restores_the_old_order_on_reject(tmp_path: Path) -> None:
    old = make_draft()
    order = ("hearing", "best-interests", "identity")
    new = replace(old, document=replace(old.document, order=order))
    path = redline(tmp_path, old, new)
    assert _body(path, "accept") == expected_text(new)
    assert _body(path, "reject") == expected_text(old)


def test_a_moved_principle_is_word_move_markup_with_its_word_changes_tracked(
    tmp_path: Path,
) -> None:
    old = make_draft()
    moved = replace(old.principles["hearing"], text="Line one\nline two of the same, in person.")
    new = replace(
        old,
        document=replace(old.document, order=("hearing", "best-interests", "identity")),
        principles={**old.principles, "hearing": moved},
    )
    path = redline(tmp_path, old, new)
    assert _body(path, "accept") == expected_text(new)
    assert _body(path, "reject") == expected_text(old)
    root = part(path, "word/document.xml")
    starts = {
        kind: [(e.get(W + "id"), e.get(W + "name")) for e in root.iter(W + f"{kind}RangeStart")]
        for kind in ("moveFrom", "moveTo")
    }
    assert len(starts["moveFrom"]) == len(starts["moveTo"]) == 1
    assert starts["moveFrom"][0][1] == starts["moveTo"][0][1]  # one move, paired by name
    for kind in ("moveFrom", "moveTo"):
        ends = [e.get(W + "id") for e in root.iter(W + f"{kind}RangeEnd")]
        assert ends == [starts[kind][0][0]]
    body = root.find(W + "body")
    paras = body.findall(W + "p")

    def in_range(kind: str) -> list[object]:
        first = paras.index(next(root.iter(W + f"{kind}RangeStart")).getparent())
        last = paras.index(next(root.iter(W + f"{kind}RangeEnd")).getparent())
        return paras[first : last + 1]

    to_paras, from_paras = in_range("moveTo"), in_range("moveFrom")
    assert paras.index(to_paras[0]) < paras.index(from_paras[0])  # now first, was last

    def text(p: object, tag: str) -> str:
        return "".join(t.text for c in p.iter(W + tag) for t in c.iter(W + "t", W + "delText"))

    # where it stands now: the new words as insertions; where it stood: the old as deletions
    assert text(to_paras[1], "ins") == ", in person"  # a word change, not the paragraph
    assert text(to_paras[1], "moveTo") == "Line oneline two of the same."
    assert not any(text(p, "del") for p in to_paras)
    assert text(from_paras[1], "del") == ""  # nothing of the old text was deleted...
    assert text(from_paras[1], "moveFrom") == "Line oneline two of the same."  # ...it moved
    assert text(from_paras[0], "del") == "3" and text(to_paras[0], "ins") == "1"  # numbers


def test_redline_title_page_says_what_is_compared(tmp_path: Path) -> None:
    old = make_draft()
    new = replace(_edited(old), document=replace(_edited(old).document, title="New title"))
    path = redline(tmp_path, old, new)
    accept = paragraphs(path, "accept")
    texts = [t for _s, t in accept]
    assert accept[0] == ("Title", "New title")
    assert paragraphs(path, "reject")[0] == ("Title", "Principles on surrogacy")
    assert "Tracked changes from: Draft agreed at London" in texts
    assert "To: Draft agreed at Verona" in texts
    assert any(t.startswith("Principles: 1 added, 1 removed, 1 amended") for t in texts)


def test_redline_of_identical_drafts_has_no_tracked_change(tmp_path: Path) -> None:
    path = redline(tmp_path, make_draft(), make_draft())
    root = part(path, "word/document.xml")
    assert not list(root.iter(W + "ins")) and not list(root.iter(W + "del"))


# A property: whatever the edits, accept gives the new draft and reject the old one.

_WORDS = st.sampled_from(
    [
        "the",
        "child",
        "shall",
        "have",
        "right",
        "to",
        "a",
        "name",
        "and",
        "nationality",
        "State",
        "parents",
        "care",
        "best",
        "interests",
        "of",
        "in",
        "all",
        "actions,",
        ";",
        ":",
        "(",
        ")",
        "—",
        "«»",
        "2017",
    ]
)
_REF = re.compile(r"\[\[principle:([^\]]+)\]\]")
_PARA = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)
_TEXT = st.lists(_PARA, max_size=3).map("\n\n".join)


@st.composite
def _principle(draw: st.DrawFn, pid: str, ids: list[str]) -> Principle:
    text = draw(_TEXT)
    if ids and draw(st.booleans()):
        text += f" See [[principle:{draw(st.sampled_from(ids))}]]."
    return Principle(
        id=pid,
        title=draw(_PARA),
        text=text.strip(),
        items=tuple(draw(st.lists(_PARA, max_size=3))),
        commentary=draw(_TEXT),
    )


@st.composite
def _draft_pair(draw: st.DrawFn) -> tuple[Draft, Draft]:
    pool = [f"p{n}" for n in range(6)]
    old_ids = draw(st.lists(st.sampled_from(pool), unique=True, max_size=5))
    old_ps = {pid: draw(_principle(pid, old_ids)) for pid in old_ids}
    new_ids = draw(st.permutations(pool)).copy()
    new_ids = [p for p in new_ids if p in old_ids or draw(st.booleans())][: draw(st.integers(0, 6))]
    new_ps: dict[str, Principle] = {}
    for pid in new_ids:
        if pid in old_ps and draw(st.booleans()):
            p = old_ps[pid]
            paras = p.text.split("\n\n") if p.text else []
            if paras and draw(st.booleans()):
                paras[draw(st.integers(0, len(paras) - 1))] += " " + draw(_PARA)
            items = list(p.items)
            if items and draw(st.booleans()):
                items.pop(draw(st.integers(0, len(items) - 1)))
            new_ps[pid] = replace(p, text="\n\n".join(paras), items=tuple(items))
        else:
            new_ps[pid] = draw(_principle(pid, new_ids))
    # a reference may only name principles that exist on its side
    for pid, p in list(new_ps.items()):
        new_ps[pid] = replace(p, text=_REF.sub(lambda m: m[0] if m[1] in new_ps else "", p.text))
    old_doc = Document(title=draw(_PARA), preamble=draw(_TEXT), order=tuple(old_ids))
    new_doc = Document(title=draw(_PARA), preamble=draw(_TEXT), order=tuple(new_ids))
    return Draft(old_doc, old_ps), Draft(new_doc, new_ps)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_draft_pair())
def test_redline_accept_and_reject_round_trip_for_any_edits(
    tmp_path: Path, pair: tuple[Draft, Draft]
) -> None:
    old, new = pair
    path = redline(tmp_path, old, new)
    assert _body(path, "accept") == expected_text(new)
    assert _body(path, "reject") == expected_text(old)
    assert paragraphs(path, "accept")[0][1] == new.document.title
    assert paragraphs(path, "reject")[0][1] == old.document.title


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("title", "name"),
    [
        (
            "Principles for the protection of the rights of children born through surrogacy",
            "principles-protection-rights-children",
        ),
        ("Code civil", "code-civil"),
        ("Déclaration des droits de l'homme", "declaration-droits-l-homme"),
        ("!!!", "document"),
    ],
)
def test_short_name_from_the_title(title: str, name: str) -> None:
    assert short_name(title) == name


def test_status_is_shown_unless_asked_not_to(tmp_path: Path) -> None:
    draft = make_draft()
    principles = dict(draft.principles)
    principles["identity"] = replace(principles["identity"], status="bracketed")
    principles["hearing"] = replace(principles["hearing"], status="under-discussion")
    principles["best-interests"] = replace(principles["best-interests"], status="bracketed")
    draft = replace(draft, principles=principles)
    body = body_after_contents(paragraphs(export(tmp_path, draft)))
    texts = [t for _s, t in body]
    # one pair of brackets around a bracketed principle's text and items
    assert "[Every child has a name.]" in texts
    assert "[In all actions the best interests of the child shall be primary." in texts
    assert "(b)\tit shall be documented.]" in texts
    assert ("Principle Status", "Under discussion") in body
    assert texts[texts.index("Principle 3 — Right to be heard") + 1] == "Under discussion"
    assert [normalise(t) for t in texts] == expected_text(draft)
    (tmp_path / "plain").mkdir()
    plain = body_after_contents(paragraphs(export(tmp_path / "plain", draft, status=False)))
    assert [normalise(t) for _s, t in plain] == expected_text(draft, status=False)
    assert "Under discussion" not in [t for _s, t in plain]


def test_a_renamed_principle_is_one_principle_in_the_redline(tmp_path: Path) -> None:
    old = make_draft()
    renamed = replace(
        old.principles["identity"], id="name-and-identity", text="Every child has a name at birth."
    )
    principles = {k: v for k, v in old.principles.items() if k != "identity"}
    principles["name-and-identity"] = renamed
    # references follow the rename, as drafter rename does
    best = principles["best-interests"]
    principles["best-interests"] = replace(
        best, text=best.text.replace("[[principle:identity]]", "[[principle:name-and-identity]]")
    )
    order = ("best-interests", "name-and-identity", "hearing")
    new = replace(old, document=replace(old.document, order=order), principles=principles)
    path = redline(tmp_path, old, new)
    assert _body(path, "accept") == expected_text(new)
    assert _body(path, "reject") == expected_text(old)
    root = part(path, "word/document.xml")
    marks = [p.find(f"{W}pPr/{W}rPr") for p in root.iter(W + "p")]
    assert not any(m is not None and len(m) for m in marks)  # no paragraph added or removed
    inserted = ["".join(t.text for t in i.iter(W + "t")) for i in root.iter(W + "ins")]
    assert inserted == [" at birth"]
