"""What every export says about itself: drafter.* properties, field bookmarks, a clean package.

Read from the parts with lxml (not with the exporter's code), against the scheme shared
with the reader of returned consultation copies (format "1"), and through LibreOffice:
a copy it re-saves keeps the properties and the bookmarks.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from drafter.workspace import Workspace
from tests.conftest import git, module_demo, run_cli
from tests.unit.export_reading import W, part, part_names

CP = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from module_demo(tmp_path_factory)


def export(ws: Path, *args: str) -> Path:
    result = run_cli("-C", str(ws), "export", *args)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


def custom(path: Path) -> dict[str, str]:
    root = part(path, "docProps/custom.xml")
    return {p.get("name"): p.find(VT + "lpwstr").text or "" for p in root.iter(CP + "property")}


def bookmarks(path: Path) -> list[tuple[str, str]]:
    """(name, text of the paragraphs it spans) for every bookmark, in document order."""
    body = part(path, "word/document.xml").find(W + "body")
    paras = body.findall(W + "p")
    found = []
    for start in body.iter(W + "bookmarkStart"):
        ident, name = start.get(W + "id"), start.get(W + "name")
        first = paras.index(start.getparent())
        end = next(e for e in body.iter(W + "bookmarkEnd") if e.get(W + "id") == ident)
        last = paras.index(end.getparent())
        # starts before the first run, ends after the last one
        assert start.getprevious() is None or start.getprevious().tag == W + "pPr"
        assert end.getnext() is None
        texts = [
            "".join(t.text or "" for t in p.iter(W + "t")).replace("\u00a0", " ")
            for p in paras[first : last + 1]
            if p.find(f"{W}pPr/{W}rPr/{W}del") is None
        ]
        found.append((name, "\n".join(texts)))
    return found


def test_consolidated_export_carries_workspace_revision_and_principles(demo: Path) -> None:
    path = export(demo, "2018-02-zurich")
    props = custom(path)
    root = git(demo, "rev-list", "--max-parents=0", "HEAD").strip()
    assert props == {
        "drafter.workspace": root,
        "drafter.revision": git(demo, "rev-parse", "meeting/2018-02-zurich^{commit}").strip(),
        "drafter.language": "en",
        "drafter.principles": " ".join(Workspace.open(demo).draft("2018-02-zurich").document.order),
        "drafter.format": "1",
    }
    working = custom(export(demo, "working"))
    assert working["drafter.revision"] == git(demo, "rev-parse", "HEAD").strip()
    assert working["drafter.working"] == "true"


def test_each_field_is_bookmarked_as_the_scheme_says(demo: Path) -> None:
    path = export(demo, "2018-02-zurich")
    draft = Workspace.open(demo).draft("2018-02-zurich")
    marks = dict(bookmarks(path))
    assert all(len(name) < 40 and re.fullmatch(r"_dr\d+_(t|x|i\d+|c|p)", name) for name in marks)
    assert marks["_dr0_p"].startswith(draft.document.preamble.split()[0])
    for n, (number, p) in enumerate(draft.ordered(), start=1):
        assert marks[f"_dr{n}_t"] == f"Principle {number} — {p.title}"
        assert marks[f"_dr{n}_x"].split() == p.text.split() or "[[" in p.text
        for k, item in enumerate(p.items, start=1):
            label = f"({chr(96 + k)})"  # the tab after it is not a w:t
            assert marks[f"_dr{n}_i{k}"].split() == (label + item).split() or "[[" in item
        if p.commentary.strip():
            assert marks[f"_dr{n}_c"].split() == p.commentary.split() or "[[" in p.commentary
        else:
            assert f"_dr{n}_c" not in marks


def test_redline_bookmarks_mark_the_newer_draft(demo: Path) -> None:
    path = export(demo, "2018-02-zurich", "--redline-from", "2017-05-verona")
    new = Workspace.open(demo).draft("2018-02-zurich")
    props = custom(path)
    assert props["drafter.principles"].split() == list(new.document.order)
    names = [name for name, _text in bookmarks(path)]
    headings = [name for name in names if name.endswith("_t")]
    assert headings == [f"_dr{n}_t" for n in range(1, len(new.document.order) + 1)]
    # bookmarks and tracked changes are all annotations: no id is used twice
    root = part(path, "word/document.xml")
    tags = ("ins", "del", "moveFrom", "moveTo", "moveFromRangeStart", "moveToRangeStart")
    change_ids = [e.get(W + "id") for e in root.iter(*(W + t for t in tags))]
    mark_ids = [e.get(W + "id") for e in root.iter(W + "bookmarkStart")]
    assert len(set(change_ids)) == len(change_ids) and not set(change_ids) & set(mark_ids)


def test_the_package_is_drafters_own(demo: Path) -> None:
    path = export(demo, "2018-02-zurich")
    app = etree.tostring(part(path, "docProps/app.xml")).decode()
    assert "<Application>drafter " in app and "Microsoft" not in app
    assert not any("thumbnail" in name for name in part_names(path))
    settings = part(path, "word/settings.xml")
    assert settings.find(W + "proofState") is None
    modes = [
        c.get(W + "val")
        for c in settings.iter(W + "compatSetting")
        if c.get(W + "name") == "compatibilityMode"
    ]
    assert modes == ["15"]
    core = etree.tostring(part(path, "docProps/core.xml")).decode()
    author = git(demo, "log", "-1", "--format=%an", "meeting/2018-02-zurich").strip()
    assert f"<dc:creator>{author}</dc:creator>" in core
    assert "Written by drafter" not in core
    with zipfile.ZipFile(path) as z:
        document = z.read("word/document.xml").decode()
    sha = git(demo, "rev-parse", "meeting/2018-02-zurich^{commit}").strip()
    assert sha[:7] not in document  # no commit id in the text


@pytest.mark.libreoffice
def test_libreoffice_keeps_properties_and_bookmarks_when_it_saves(
    demo: Path, tmp_path: Path
) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed")
    path = export(demo, "2018-02-zurich", "-o", str(tmp_path / "sent.docx"))
    out = tmp_path / "returned"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        timeout=240,
    )
    returned = out / "sent.docx"
    assert returned.is_file(), "LibreOffice did not save the copy"
    assert custom(returned) == custom(path)
    sent = {name for name, _t in bookmarks(path)}
    kept = {
        e.get(W + "name") for e in part(returned, "word/document.xml").iter(W + "bookmarkStart")
    }
    assert sent <= kept


def test_consolidated_title_page_lists_the_meetings_of_the_draft(demo: Path) -> None:
    path = export(demo, "2018-02-zurich")
    body = part(path, "word/document.xml").find(W + "body")
    tables = body.findall(W + "tbl")
    assert len(tables) == 1
    rows = [
        ["".join(t.text or "" for t in tc.iter(W + "t")) for tc in tr.findall(W + "tc")]
        for tr in tables[0].findall(W + "tr")
    ]
    assert rows[0] == ["Meeting", "Dates", "Place"]
    draft = Workspace.open(demo).draft("2018-02-zurich")
    meetings = draft.meetings_by_date()
    assert [r[2] for r in rows[1:]] == [m.place for m in meetings]
    verona = next(m for m in meetings if m.id == "2017-05-verona")
    assert (verona.start.day, verona.end.day) == (18, 20)  # as the demo's meeting file says
    assert rows[1 + meetings.index(verona)][1] == "18–20 May 2017"
    last = meetings[-1].last_day
    assert rows[-1][1].endswith(f"{last.day} {last:%B} {last.year}")
    # on the title page: before the contents
    paras = list(body)
    contents = next(
        p for p in paras if "".join(t.text or "" for t in p.iter(W + "t")) == "Contents"
    )
    assert paras.index(tables[0]) < paras.index(contents)
    redline = export(demo, "2018-02-zurich", "--redline-from", "2017-05-verona")
    assert _table_rows(redline)[0] == ["Principle", "Changed by"]  # its own table instead


def test_secretariat_symbol_and_original_language_from_drafter_yaml(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert run_cli("demo", str(root)).returncode == 0
    settings = root / "drafter.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text
        + "secretariat: Secretariat of the Expert Group\nsymbol: EG/SUR/2018/1\n"
        + "original_language_note: true\n",
        encoding="utf-8",
    )
    check = run_cli("-C", str(root), "check")
    assert check.returncode == 0, check.stdout + check.stderr
    saved = run_cli("-C", str(root), "save", "-m", "Document settings for exports")
    assert saved.returncode == 0, saved.stderr
    # drafter writes the keys back as it found them
    assert "symbol: EG/SUR/2018/1\n" in settings.read_text(encoding="utf-8")
    path = export(root, "HEAD", "-o", str(tmp_path / "s.docx"))
    core = etree.tostring(part(path, "docProps/core.xml")).decode()
    assert "<dc:creator>Secretariat of the Expert Group</dc:creator>" in core
    body = part(path, "word/document.xml").find(W + "body")
    first = ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.findall(W + "p")[:3]]
    assert first[:2] == ["EG/SUR/2018/1", "Original: English"]
    fr = export(root, "HEAD", "--lang", "fr", "-o", str(tmp_path / "fr.docx"))
    fr_body = part(fr, "word/document.xml").find(W + "body")
    lines = ["".join(t.text or "" for t in p.iter(W + "t")) for p in fr_body.findall(W + "p")[:2]]
    assert lines[1] == "Original\u00a0: anglais"
    settings.write_text(text + "original_language_note: maybe\n", encoding="utf-8")
    bad = run_cli("-C", str(root), "check")
    assert bad.returncode == 1 and "original_language_note: expected true or false" in bad.stdout


def _table_rows(path: Path) -> list[list[str]]:
    body = part(path, "word/document.xml").find(W + "body")
    table = body.find(W + "tbl")
    return [
        ["".join(t.text or "" for t in tc.iter(W + "t")) for tc in tr.findall(W + "tc")]
        for tr in table.findall(W + "tr")
    ]


def test_redline_title_page_says_who_changed_each_principle(demo: Path, tmp_path: Path) -> None:
    path = export(demo, "2017-10-geneva", "--redline-from", "2017-05-verona")
    rows = _table_rows(path)
    assert rows[0] == ["Principle", "Changed by"]
    ws = Workspace.open(demo)
    old, new = ws.draft("2017-05-verona"), ws.draft("2017-10-geneva")
    changed = [
        pid
        for pid in new.document.order
        if pid not in old.principles or old.principles[pid] != new.principles[pid]
    ]
    listed = [r[0].replace("\u00a0", " ") for r in rows[1:]]
    for pid in changed:
        assert f"Principle {new.number_of(pid)} — {new.principles[pid].title}" in listed
    members = set(
        git(demo, "log", "--format=%an", "meeting/2017-05-verona..meeting/2017-10-geneva").split(
            "\n"
        )
    ) - {""}
    named = {name for r in rows[1:] for name in r[1].split(", ")}
    assert named <= members and len(named) > 1
    single = export(
        demo,
        "2017-10-geneva",
        "--redline-from",
        "2017-05-verona",
        "--author",
        "Secretariat",
        "-o",
        str(tmp_path / "s.docx"),
    )
    assert {r[1] for r in _table_rows(single)[1:]} == {"Secretariat"}
