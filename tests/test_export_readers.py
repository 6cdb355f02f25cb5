"""Exported Word files read by independent readers: pandoc (text, order, tracked changes)
and LibreOffice (rendering to PDF: header, page numbers, line numbers).

The expected texts are rendered in the test from the drafts themselves; pandoc's
``--track-changes=accept`` must give the newer draft and ``reject`` the older one, on
the demo's meetings and on real documents from ../shared/corpus.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.workspace import Workspace
from tests.conftest import git, module_demo, run_cli
from tests.unit.export_reading import W, contents_entries, expected_text, normalise, part

MEETINGS = ["2017-03-london", "2017-05-verona", "2017-10-geneva", "2018-02-zurich"]


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed")


def pandoc(path: Path, mode: str, to: str = "plain") -> str:
    need("pandoc")
    result = subprocess.run(
        ["pandoc", str(path), "-t", to, "--wrap=none", f"--track-changes={mode}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def pandoc_body(path: Path, mode: str) -> tuple[list[str], list[str]]:
    """(title-page and contents paragraphs, body paragraphs) as pandoc reads them."""
    paras = [normalise(p) for p in re.split(r"\n\s*\n", pandoc(path, mode)) if p.strip()]
    cut = paras.index("Contents") + 1 + len(contents_entries(path))
    return paras[:cut], paras[cut:]


def export(ws: Path, *args: str) -> Path:
    result = run_cli("-C", str(ws), "export", *args)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled demo (four meetings), built once for this module's tests."""
    yield from module_demo(tmp_path_factory)


# --------------------------------------------------------------------------- pandoc


@pytest.mark.pandoc
@pytest.mark.parametrize("rev", [*MEETINGS, "working"])
def test_consolidated_text_and_order_through_pandoc(demo: Path, rev: str) -> None:
    path = export(demo, rev)
    head, body = pandoc_body(path, "accept")
    expected = expected_text(Workspace.open(demo).draft(rev))
    assert body == expected
    # the contents are written out: every heading, as a reader sees it before any update
    contents = head[head.index("Contents") + 1 :]
    assert contents == [p for p in expected if re.match(r"Principle \d+( — |$)", p)]


@pytest.mark.pandoc
@pytest.mark.parametrize(
    ("a", "b"),
    [*itertools.pairwise(MEETINGS), (MEETINGS[0], MEETINGS[-1])],
)
def test_demo_redline_accept_gives_newer_and_reject_older(demo: Path, a: str, b: str) -> None:
    path = export(demo, b, "--redline-from", a)
    ws = Workspace.open(demo)
    head, accepted = pandoc_body(path, "accept")
    _head, rejected = pandoc_body(path, "reject")
    assert accepted == expected_text(ws.draft(b))
    assert rejected == expected_text(ws.draft(a))
    place_a = ws.draft(a).meetings[a].place.split(",")[0]
    place_b = ws.draft(b).meetings[b].place.split(",")[0]
    compared = [p for p in head if p.startswith("Tracked changes from:")]
    assert len(compared) == 1 and place_a in compared[0]
    assert any(p.startswith("To: Draft agreed at") and place_b in p for p in head)


@pytest.mark.pandoc
def test_redline_changes_as_pandoc_shows_them(demo: Path, tmp_path: Path) -> None:
    """Each change carries the author and date of the revision that made it; numbers tracked."""
    path = export(demo, "2017-10-geneva", "--redline-from", "2017-05-verona")
    markdown = pandoc(path, "all", "markdown")
    log = git(demo, "log", "--format=%an", "meeting/2017-05-verona..meeting/2017-10-geneva")
    members = {name.replace("'", "\\'") for name in log.split("\n") if name}
    authors = set(re.findall(r'\.(?:insertion|deletion) author="([^"]+)"', markdown))
    assert authors == members and len(members) == 4
    # the retitling of the principle on intermediaries is credited to the member who did it
    retitled = git(
        demo,
        "log",
        "--format=%an",
        "--grep=Retitle the principle on intermediaries",
        "meeting/2017-10-geneva..meeting/2018-02-zurich",
    ).strip()
    later = export(
        demo, "2018-02-zurich", "--redline-from", "2017-10-geneva", "-o", str(tmp_path / "z.docx")
    )
    later_md = pandoc(later, "all", "markdown").replace("\u00a0", " ")
    assert retitled and retitled != git(demo, "log", "-1", "--format=%an", "meeting/2018-02-zurich")
    heading = next(
        line for line in later_md.splitlines() if line.startswith("# ") and "intermediaries" in line
    )
    assert re.search(r'\[Regulation\]\{\.insertion author="([^"]+)"', heading).group(1) == retitled
    # one name for every change when the secretariat asks for it
    single = export(
        demo,
        "2017-10-geneva",
        "--redline-from",
        "2017-05-verona",
        "--author",
        "Secretariat",
        "-o",
        str(tmp_path / "single.docx"),
    )
    credited = set(re.findall(r'author="([^"]+)"', pandoc(single, "all", "markdown")))
    assert credited == {"Secretariat"}
    assert "{.paragraph-insertion" in markdown  # whole principles/paragraphs added
    # a heading whose number changed shows the old number deleted, the new one inserted
    ws = Workspace.open(demo)
    old, new = ws.draft("2017-05-verona"), ws.draft("2017-10-geneva")
    moved = [
        pid
        for pid in new.document.order
        if pid in old.principles and old.number_of(pid) != new.number_of(pid)
    ]
    assert moved, "the demo renumbers principles between Verona and Geneva"
    lines = [line.replace("\u00a0", " ") for line in markdown.splitlines()]
    lines = [line for line in lines if line.startswith("# Principle")]
    assert any(
        re.match(r"# Principle \[\d+\]\{\.deletion[^}]*\}\[\d+\]\{\.insertion", x) for x in lines
    )


@pytest.mark.pandoc
@pytest.mark.slow
@pytest.mark.parametrize("case", ["covenant-2.0", "covenant-3.0", "echr", "ai-act", "code-civil"])
def test_corpus_redline_accept_and_reject(tmp_path: Path, case: str) -> None:
    """Real drafts nobody tuned: accept gives the newer text, reject the older one."""
    from tests import corpus as c
    from tests.conftest import corpus_path

    if case.startswith("covenant"):
        folder = corpus_path("contributor-covenant", f"en-{case.split('-')[1]}-history")
        files = sorted(folder.glob("*.txt"))
        files = [files[0], files[len(files) // 2], files[-1]]
        versions = []
        for n, f in enumerate(files):
            _title, principles = c.parse_covenant(f)
            versions.append((f"v{n}", principles))
        title = "Contributor Covenant"
    elif case == "echr":
        versions = []
        for n, name in enumerate(
            ["ECHR_en_2010-06-01_527d5ccf84.md", "ECHR_en_2014-05-01_72138ebeb1.md"]
        ):
            _pre, principles = c.parse_echr(corpus_path("treaties", name))
            versions.append((f"v{n}", principles))
        title = "European Convention on Human Rights"
    elif case == "ai-act":
        names = [
            "v1_2021-04-21_commission-proposal_articles.txt",
            "v2_2022-11-25_council-general-approach_articles.txt",
            "v3_2024-02-02_coreper-final-compromise_articles.txt",
        ]
        versions = [
            (f"v{n}", c.parse_ai_act(corpus_path("eu-ai-act", x))) for n, x in enumerate(names)
        ]
        title = "Artificial Intelligence Act"
    else:
        # The first 900 articles of each: 22 of the 41 articles the 2015 version changed,
        # the one it added and every heading renumbered after it. The whole Code (2,800
        # articles) took pandoc 25 s to read twice; its size is bench/bench_export.py's.
        names = ["2014-07-01_commit-22196cfc47.txt", "2015-03-22_commit-a191667dfd.txt"]
        versions = [
            (f"v{n}", c.parse_code_civil(corpus_path("code-civil-fr", x))[:900])
            for n, x in enumerate(names)
        ]
        title = "Code civil"
    ws = c.build_series_workspace(tmp_path / "ws", title, versions)
    labels = [label for label, _ps in versions]
    for a, b in itertools.pairwise(labels):
        path = export(ws.root, b, "--redline-from", a, "--no-toc")
        accepted = _plain_body(path, "accept")
        rejected = _plain_body(path, "reject")
        assert accepted == expected_text(ws.draft(b)), f"{case} {a}->{b} accept"
        assert rejected == expected_text(ws.draft(a)), f"{case} {a}->{b} reject"


def _plain_body(path: Path, mode: str) -> list[str]:
    """Body paragraphs of an export made with --no-toc: after the title page.

    The title page ends with the note "Exported on ...", or with the table of changes by
    principle that follows it (pandoc draws its rules with dashes).
    """
    paras = [normalise(p) for p in re.split(r"\n\s*\n", pandoc(path, mode)) if p.strip()]
    start = next(n for n, p in enumerate(paras) if p.startswith("Exported on "))
    if start + 1 < len(paras) and paras[start + 1] == "Changes by principle":
        start = next(n for n in range(start + 3, len(paras)) if re.search(r"-{10,}$", paras[n]))
    return paras[start + 1 :]


# --------------------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def pdfs(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three exports rendered to PDF by one LibreOffice run (it starts slowly)."""
    need("soffice")
    need("pdftotext")
    out = tmp_path_factory.mktemp("pdf")
    files = {
        "numbered": export(
            demo, "2018-02-zurich", "--line-numbers", "-o", str(out / "numbered.docx")
        ),
        "redline": export(
            demo,
            "2017-10-geneva",
            "--redline-from",
            "2017-05-verona",
            "-o",
            str(out / "redline.docx"),
        ),
    }
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files.values()),
        ],
        capture_output=True,
        timeout=240,
    )
    return {name: out / f"{name}.pdf" for name in files}


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True
    ).stdout


@pytest.mark.libreoffice
def test_libreoffice_renders_header_page_numbers_and_line_numbers(
    demo: Path, pdfs: dict[str, Path]
) -> None:
    pdf = pdfs["numbered"]
    assert pdf.is_file(), "LibreOffice could not load the consolidated export"
    pages = pdf_pages(pdf)
    assert pages >= 4
    first = pdf_text(pdf, 1)
    assert "Page 1 of" not in first  # no page footer on the title page
    assert "Zurich" in first and "Draft agreed at" in first
    # the contents page lists every principle without any field update
    contents = [" ".join(line.split()) for line in pdf_text(pdf, 2).splitlines()]
    draft = Workspace.open(demo).draft("2018-02-zurich")
    for number, principle in draft.ordered():
        assert f"Principle {number} — {principle.title}" in contents
    assert f"Page 2 of {pages}" in pdf_text(pdf, 2)
    third = pdf_text(pdf, 3)
    assert f"Page 3 of {pages}" in third
    header = next(line.strip() for line in third.splitlines() if line.strip())
    assert header.startswith("Draft agreed at ") and "Zurich" in header  # the running header
    assert first.count("Draft agreed at") == 1  # no running header on the title page
    # line numbers in the margin: consecutive small numbers starting lines
    numbers = [int(m) for m in re.findall(r"^\s*(\d{1,2})\s{2,}\S", third, re.MULTILINE)]
    assert numbers[:5] == [1, 2, 3, 4, 5]


@pytest.mark.libreoffice
def test_libreoffice_opens_the_redline(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["redline"]
    assert pdf.is_file(), "LibreOffice could not load the redline"
    pages = pdf_pages(pdf)
    assert pages >= 4
    text = pdf_text(pdf)
    assert f"Page {pages} of {pages}" in text
    assert "Tracked changes from: Draft agreed at" in text


@pytest.mark.libreoffice
@pytest.mark.pandoc
def test_a_template_saved_by_libreoffice_restyles_the_export(demo: Path, tmp_path: Path) -> None:
    """A .dotx written by another program than python-docx (style ids differ there)."""
    import docx
    from docx.shared import Pt

    need("soffice")
    source = docx.Document()
    source.styles["Heading 1"].font.name = "Liberation Serif"
    source.styles["Heading 1"].font.size = Pt(19)
    source.add_paragraph("Template content that must not appear.")
    source.save(str(tmp_path / "house.docx"))
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "dotx:MS Word 2007 XML Template",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "house.docx"),
        ],
        capture_output=True,
        timeout=240,
    )
    template = tmp_path / "house.dotx"
    assert template.is_file(), "LibreOffice did not write the template"
    out = export(
        demo, "2018-02-zurich", "--template", str(template), "-o", str(tmp_path / "t.docx")
    )
    # LibreOffice writes "Heading 1" where Word writes "heading 1": look it up by hand
    styles = docx.Document(str(out)).styles
    heading = next(s for s in styles if (s.name or "").lower() == "heading 1")
    assert heading.font.size.pt == 19
    used = {p.style.style_id for p in docx.Document(str(out)).paragraphs if p.style is not None}
    assert heading.style_id in used
    _head, body = pandoc_body(out, "accept")
    assert body == expected_text(Workspace.open(demo).draft("2018-02-zurich"))


@pytest.mark.pandoc
def test_redline_of_working_edits_credits_the_editor_with_their_words_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ws"
    assert run_cli("demo", str(root)).returncode == 0
    target = root / "principles" / "intermediaries.yaml"
    text = target.read_text(encoding="utf-8")
    assert "Intermediaries shall not receive" in text
    target.write_text(
        text.replace("Intermediaries shall not receive", "Intermediaries must never receive"),
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Wanda Working")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "wanda@example.org")
    path = export(root, "working", "--redline-from", "2017-10-geneva")
    markdown = pandoc(path, "all", "markdown")
    hers = re.findall(r'\[([^\]]*)\]\{\.(?:insertion|deletion) author="Wanda Working"', markdown)
    assert "shall not" in hers and "must never" in hers
    assert len(hers) <= 6  # her two words, not the changes the members made before
    # a moved principle is credited to a member who reordered the draft, not to her
    moves = list(part(path, "word/document.xml").iter(W + "moveToRangeStart"))
    assert moves, "Geneva -> Zurich moves a principle"
    reordered = set(
        git(
            root, "log", "--format=%an", "meeting/2017-10-geneva..HEAD", "--", "drafter.yaml"
        ).split("\n")
    ) - {""}
    assert {m.get(W + "author") for m in moves} <= reordered
