"""drafter import: Word drafts become workspaces, or working files of an existing one."""

from __future__ import annotations

import json
from pathlib import Path

import docx

from drafter.workspace import Workspace
from tests.conftest import git, run_cli
from tests.feedback.copies import mark_as_sent, strip_marks, track


def _marked(demo: Path, exported: Path) -> Path:
    ws = Workspace.open(demo)
    return mark_as_sent(
        exported,
        ws,
    )


def test_a_drafter_export_imports_back_exactly(demo: Path, exported: Path, tmp_path: Path) -> None:
    _marked(demo, exported)
    target = tmp_path / "imported"
    result = run_cli("import", str(exported), str(target))
    assert result.returncode == 0, result.stderr
    assert "4 principles" in result.stdout
    before, after = Workspace.open(demo).draft(), Workspace.open(target).draft()
    assert after.document.title == before.document.title
    assert after.document.preamble == before.document.preamble
    assert after.document.order == before.document.order
    for pid in before.document.order:
        old, new = before.principles[pid], after.principles[pid]
        assert (new.title, new.text, new.items, new.commentary) == (
            old.title,
            old.text,
            old.items,
            old.commentary,
        ), pid
    assert any("[[principle:" in p.text + "".join(p.items) for p in after.principles.values())
    assert git(target, "log", "--format=%s").split("\n")[0] == "Import copy.docx"
    assert git(target, "status", "--porcelain") == ""
    assert git(target, "fsck", "--strict", "--full") == ""
    saved = run_cli("-C", str(target), "save")
    assert "Nothing to save" in saved.stdout


def test_an_unmarked_export_keeps_structure_and_references(
    demo: Path, exported: Path, tmp_path: Path
) -> None:
    target = tmp_path / "imported"
    assert run_cli("import", str(strip_marks(exported)), str(target)).returncode == 0
    before, after = Workspace.open(demo).draft(), Workspace.open(target).draft()
    olds = [before.principles[p] for p in before.document.order]
    news = [after.principles[p] for p in after.document.order]
    assert [p.title for p in news] == [p.title for p in olds]
    # ids come from the titles; references follow them and render the same numbers
    assert news[0].id == "best-interests-of-the-child"
    for old, new in zip(olds, news, strict=True):
        assert after.render(new.text) == before.render(old.text)
        assert [after.render(i) for i in new.items] == [before.render(i) for i in old.items]
        assert after.render(new.commentary) == before.render(old.commentary)


def _word_draft(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Guidelines on child participation", style="Title")
    document.add_paragraph("These guidelines were prepared by the secretariat.")
    document.add_paragraph("Article 1 – Scope")
    document.add_paragraph("These guidelines apply to every child.")
    document.add_paragraph("(a) in courts;")
    document.add_paragraph("(b) in schools.")
    document.add_paragraph("Article 2: Right to be heard", style="Heading 2")
    document.add_paragraph("(a) a list that text follows stays in the text;")
    document.add_paragraph("Every child has the right to be heard, as Article 1 says.")
    document.add_paragraph("Commentary")
    document.add_paragraph("Drawn from Article 12 of the Convention.")
    document.add_paragraph("3. Remedies", style="Heading 1")
    document.add_paragraph("States shall provide effective remedies.")
    document.save(str(path))
    return path


def test_a_word_draft_with_headings_items_and_commentary(tmp_path: Path) -> None:
    source = _word_draft(tmp_path / "guidelines.docx")
    track(source, "effective remedies", "effective and accessible remedies", "Reviewer")
    result = run_cli("-C", str(tmp_path), "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "Accepted 2 tracked changes" in result.stdout
    draft = Workspace.open(tmp_path / "guidelines").draft()
    assert draft.document.title == "Guidelines on child participation"
    assert draft.document.preamble == "These guidelines were prepared by the secretariat."
    assert draft.document.order == ("scope", "right-to-be-heard", "remedies")
    scope, heard, remedies = (draft.principles[p] for p in draft.document.order)
    assert scope.text == "These guidelines apply to every child."
    assert scope.items == ("in courts;", "in schools.")
    assert heard.text.startswith("(a) a list that text follows")
    assert heard.items == ()
    assert heard.commentary == "Drawn from Article 12 of the Convention."
    assert remedies.text == "States shall provide effective and accessible remedies."


def test_numbered_heading_styles_are_principles(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for title, body in (("Best interests", "First text."), ("Identity", "Second text.")):
        heading = document.add_paragraph(title, style="Heading 1")
        numpr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            numpr.append(child)
        heading._p.get_or_add_pPr().append(numpr)
        document.add_paragraph(body)
    source = tmp_path / "numbered.docx"
    document.save(str(source))
    assert run_cli("import", str(source), str(tmp_path / "ws")).returncode == 0
    draft = Workspace.open(tmp_path / "ws").draft()
    assert [(p.title, p.text) for _, p in draft.ordered()] == [
        ("Best interests", "First text."),
        ("Identity", "Second text."),
    ]


def test_a_non_empty_target_is_refused_and_a_failed_import_leaves_nothing(
    tmp_path: Path,
) -> None:
    source = _word_draft(tmp_path / "g.docx")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    result = run_cli("import", str(source), str(busy))
    assert result.returncode == 1 and "not empty" in result.stderr
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    bad = tmp_path / "bad.docx"
    bad.write_text("not a word file")
    result = run_cli("import", str(bad), str(tmp_path / "new"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "bad.docx" in result.stderr
    assert not (tmp_path / "new").exists()
    empty = docx.Document()
    empty.add_paragraph("No headings at all here.")
    empty.save(str(tmp_path / "plain.docx"))
    result = run_cli("import", str(tmp_path / "plain.docx"), str(tmp_path / "new"))
    assert result.returncode == 1 and "no principles found" in result.stderr
    assert not (tmp_path / "new").exists()


def test_a_word_version_comes_into_a_workspace_as_working_files(demo: Path, exported: Path) -> None:
    _marked(demo, exported)
    track(exported, "competent authority independent", "impartial authority independent", "R")
    result = run_cli("-C", str(demo), "import", str(exported))
    assert result.returncode == 0, result.stderr
    assert "1 changed, 3 unchanged, 0 added" in result.stdout
    diff = json.loads(
        run_cli("-C", str(demo), "diff", "HEAD", "working", "--format", "json").stdout
    )
    changed = [p["id"] for p in diff["principles"] if p["change"] != "unchanged"]
    assert changed == ["best-interests"]
    assert "impartial" in Workspace.open(demo).draft().principles["best-interests"].items[0]


def test_matching_by_title_and_text_when_ids_differ(demo: Path, exported: Path) -> None:
    # today's export carries no ids: principles are matched by title, then text
    ws = Workspace.open(demo)
    ws.rename_principle("surrogate-consent", "consent")
    ws.add_principle("A principle only the workspace has", pid="only-here")
    result = run_cli("-C", str(demo), "import", str(exported))
    assert result.returncode == 0, result.stderr
    assert "0 added" in result.stdout
    assert "not in the Word file (kept as it was): only-here" in result.stdout
    draft = Workspace.open(demo).draft()
    assert "consent" in draft.document.order
    assert draft.document.order[-1] == "only-here"


def test_the_readers_never_load_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import drafter.importer, drafter.docx_in, drafter.feedback, "
        "drafter.feedback.reader, drafter.feedback.table, drafter.cli.feedback, drafter.cli.word_import; "
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_language_comes_from_the_document(tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    document = docx.Document()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    lang.set(qn("w:val"), "es-ES")
    document.add_paragraph("Principio 1 — Interés superior del niño", style="Heading 1")
    document.add_paragraph("El interés superior del niño será una consideración primordial.")
    document.add_paragraph("Comentario")
    document.add_paragraph("Véase el Principio 1.")
    source = tmp_path / "borrador.docx"
    document.save(str(source))
    assert run_cli("import", str(source), str(tmp_path / "ws")).returncode == 0
    draft = Workspace.open(tmp_path / "ws").draft()
    assert draft.document.language == "es"
    (principle,) = draft.principles.values()
    assert principle.id == "interes-superior-del-nino"
    assert principle.commentary == "Véase el [[principle:interes-superior-del-nino]]."
