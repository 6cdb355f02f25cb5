"""`drafter export` from a user's shell: file names, the printed path, errors, progress."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.model import Document, Principle
from tests.conftest import git, module_demo, run_cli
from tests.unit.export_reading import W, body_after_contents, paragraphs, part

STEM = "principles-protection-rights-children"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled demo (four meetings), built once for this module's tests."""
    yield from module_demo(tmp_path_factory)


def test_default_output_is_under_exports_and_ignored_by_git(demo: Path) -> None:
    result = run_cli("-C", str(demo), "export")
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == demo / "exports" / f"{STEM}-working.docx"
    assert path.is_file()
    assert result.stderr == ""  # not a terminal: no progress, no noise
    assert git(demo, "status", "--porcelain") == ""
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] in ([], [".gitkeep"])


def test_meeting_export_is_named_after_the_meeting_and_labelled(demo: Path) -> None:
    result = run_cli("-C", str(demo), "export", "2017-05-verona")
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.name == f"{STEM}-2017-05-verona.docx"
    texts = [t for _s, t in paragraphs(path)]
    assert any(t.startswith("Draft agreed at ") and "Verona" in t for t in texts[:3])
    xml = "".join(
        "".join(t.text or "" for t in part(path, name).iter(W + "t"))
        for name in _parts(path, "word/header")
    )
    assert "Draft agreed at" in xml and "Verona" in xml


def _parts(path: Path, prefix: str) -> list[str]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith(prefix)]


def test_a_commit_that_is_not_a_meeting_is_named_by_its_short_sha(demo: Path) -> None:
    sha = git(demo, "rev-parse", "HEAD~1").strip()
    result = run_cli("-C", str(demo), "export", "HEAD~1")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).name == f"{STEM}-{sha[:8]}.docx"


def test_redline_default_name_and_output_option(demo: Path, tmp_path: Path) -> None:
    result = run_cli(
        "-C", str(demo), "export", "2017-10-geneva", "--redline-from", "2017-05-verona"
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.name == f"{STEM}-redline-2017-05-verona-2017-10-geneva.docx"
    assert list(part(path, "word/document.xml").iter(W + "ins"))

    target = tmp_path / "for consultation.docx"
    result = run_cli(
        "-C", str(demo), "export", "2017-10-geneva", "-o", str(target), "--line-numbers", "--no-toc"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{target}\n"
    sect = part(target, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert sect.find(W + "lnNumType") is not None
    assert not list(part(target, "word/document.xml").iter(W + "instrText"))


def test_redline_author_and_date_come_from_the_newer_revision(demo: Path) -> None:
    result = run_cli(
        "-C", str(demo), "export", "2017-10-geneva", "--redline-from", "2017-05-verona"
    )
    path = Path(result.stdout.strip())
    author, stamp = git(
        demo, "log", "-1", "--format=%an%n%aI", "meeting/2017-10-geneva"
    ).splitlines()
    from datetime import UTC, datetime

    iso = datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    changes = [*part(path, "word/document.xml").iter(W + "ins")]
    assert {c.get(W + "author") for c in changes} == {author}
    assert {c.get(W + "date") for c in changes} == {iso}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-meeting"], "drafter: no revision 'no-such-meeting'"),
        (["--redline-from", "nowhere"], "drafter: no revision 'nowhere'"),
        (["--lang", "xx"], "drafter: no 'xx' translation in this document; available: en (source)"),
        (["--template", "missing.dotx"], "drafter: template missing.dotx: no such file"),
        (["-o", "/nonexistent-folder/x.docx"], "drafter: cannot write /nonexistent-folder/x.docx"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(demo: Path, args: list[str], message: str) -> None:
    result = run_cli("-C", str(demo), "export", *args)
    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_template_that_is_not_a_word_file(demo: Path, tmp_path: Path) -> None:
    fake = tmp_path / "house.dotx"
    fake.write_text("not a template")
    result = run_cli("-C", str(demo), "export", "--template", str(fake))
    assert result.returncode == 1
    assert result.stderr == (
        f"drafter: template {fake} is not a Word document or template (.docx or .dotx)\n"
    )


def test_translation_export(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "fr.docx"
    result = run_cli("-C", str(demo), "export", "--lang", "fr", "-o", str(out))
    assert result.returncode == 0, result.stderr
    headings = [t for s, t in body_after_contents(paragraphs(out)) if s == "Heading 1"]
    assert headings and all(h.startswith("Principe ") for h in headings)


def test_usage_error_exits_2(demo: Path) -> None:
    result = run_cli("-C", str(demo), "export", "--no-such-option")
    assert result.returncode == 2


def test_control_characters_are_exported_as_the_visible_marks_check_points_out(
    tmp_path: Path,
) -> None:
    """A control character in a text is shown as a mark everywhere, the export included
    (what the reader sees is what is sent); ``check`` names the file and line."""
    root = tmp_path / "ws"
    assert run_cli("init", str(root), "--title", "Control").returncode == 0
    (root / "principles" / "bell.yaml").write_bytes(
        b'id: bell\ntitle: Bell\ntext: "Ring \\a the bell"\n'
    )
    (root / "drafter.yaml").write_text("title: Control\norder:\n- bell\n")
    result = run_cli("-C", str(root), "export")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    texts = [t for _s, t in paragraphs(Path(result.stdout.strip()))]
    assert "Ring \u2407 the bell" in texts
    check = run_cli("-C", str(root), "check")
    assert check.stdout.startswith(
        "principles/bell.yaml:3: warning: the text holds terminal control characters"
    )


def test_a_principle_left_out_of_a_hand_edited_draft_is_named(tmp_path: Path) -> None:
    """Reading is lenient, so the export says what an unchecked working draft leaves out."""
    root = tmp_path / "ws"
    assert run_cli("init", str(root), "--title", "Gaps").returncode == 0
    for pid in ("one", "forgotten"):
        (root / "principles" / f"{pid}.yaml").write_text(f"id: {pid}\ntitle: {pid}\n")
    (root / "drafter.yaml").write_text("title: Gaps\norder:\n- deleted\n- one\n")
    result = run_cli("-C", str(root), "export")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "drafter: warning: principles/forgotten.yaml is not in the order in drafter.yaml, "
        "so it is left out (drafter check lists every problem)",
        "drafter: warning: drafter.yaml lists 'deleted' but there is no "
        "principles/deleted.yaml: Principle 1 is missing from the document",
    ]


def _big_workspace(root: Path, count: int) -> None:
    from drafter.workspace import Workspace

    ws = Workspace.init(root, "A long document")
    for n in range(count):
        ws.write_principle(Principle(id=f"p{n}", title=f"Article {n}", text="Text. " * 40))
    ws.write_document(Document(title="A long document", order=tuple(f"p{n}" for n in range(count))))


def test_progress_shows_on_a_terminal(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _big_workspace(root, 600)
    master, slave = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "drafter", "-C", str(root), "export"],
            stdout=subprocess.PIPE,
            stderr=slave,
            text=True,
            timeout=120,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    assert proc.returncode == 0
    shown = b"".join(chunks).decode()
    assert "Exporting [" in shown
    assert "601/601 principles" in shown
    assert shown.endswith("\r\x1b[K")  # the progress line is cleared afterwards
    assert proc.stdout.strip().endswith(".docx")
