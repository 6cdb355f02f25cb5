"""Files remembered by their bytes: the same draft, fewer files parsed, never old words."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from drafter import quick_read, yaml_files
from drafter.errors import ValidationError
from drafter.model import Document, DocumentText, Meeting, Principle, Translation
from drafter.workspace import Workspace

PRINCIPLES = [
    Principle(id=f"p{n}", title=f"Title {n}", text=f"Text {n}.", items=("a;", "b."))
    for n in range(5)
] + [
    Principle(
        id="translated",
        title="Dignity",
        status="agreed",
        tags=("core",),
        commentary="Note.",
        translations={"fr": Translation(title="Dignité", items=("un",), source={"title": "0" * 8})},
    )
]


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    ws = Workspace.create(tmp_path / "ws")
    for p in PRINCIPLES:
        ws.write_principle(p)
    ws.write_meeting(
        Meeting("2017-05-verona", "Experts' meeting", "Verona", date(2017, 5, 18), None, ("A",))
    )
    ws.write_document(
        Document(
            title="Memo",
            translations=("fr",),
            order=tuple(p.id for p in PRINCIPLES),
            current_meeting="2017-05-verona",
            translated={"fr": DocumentText(title="Mémo")},
        )
    )
    return ws


def parsed_count(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> tuple[int, object]:
    """How many files (principles, meetings, drafter.yaml) the next ``draft()`` parses as
    YAML, and the draft."""
    calls: list[str] = []
    real = yaml_files.read

    def counting(path: str, data: bytes, kind: type) -> object:
        calls.append(path)
        return real(path, data, kind)

    monkeypatch.setattr(yaml_files, "read", counting)
    monkeypatch.setattr(quick_read, "fast_document", lambda data: None)  # every read counted
    draft = ws.draft()
    monkeypatch.undo()
    return len(calls), draft


def test_a_second_read_parses_nothing_and_gives_the_same_draft(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_count, first = parsed_count(ws, monkeypatch)
    assert first_count == len(PRINCIPLES) + 2  # and the meeting and drafter.yaml
    memo = ws.root / ".git" / quick_read.MEMO_FILE
    assert memo.is_file()
    again_count, again = parsed_count(ws, monkeypatch)
    assert again_count == 0
    assert again == first
    assert again.document.translated["fr"].title == "Mémo"  # type: ignore[attr-defined]
    assert again.meetings["2017-05-verona"].start == date(2017, 5, 18)  # type: ignore[attr-defined]
    translated = again.principles["translated"]  # type: ignore[attr-defined]
    assert translated.translations["fr"].items == ("un",)  # translations and all
    assert (
        translated.translations["fr"].source
        == first.principles["translated"]
        .translations[  # type: ignore[attr-defined]
            "fr"
        ]
        .source
    )
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=ws.root, capture_output=True, text=True
    ).stdout
    assert quick_read.MEMO_FILE not in status  # inside .git: never saved, never shared


def test_a_changed_file_is_read_again_never_remembered_words(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.draft()
    ws.write_principle(Principle(id="p2", title="Title 2", text="New words."))
    count, draft = parsed_count(ws, monkeypatch)
    assert count == 1
    assert draft.principles["p2"].text == "New words."  # type: ignore[attr-defined]
    # the same bytes under another name are another principle (the id is the name)
    assert quick_read.memo_key("principles/a.yaml", b"x") != quick_read.memo_key(
        "principles/b.yaml", b"x"
    )


def test_a_damaged_memo_only_costs_time(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    first = ws.draft()
    memo = ws.root / ".git" / quick_read.MEMO_FILE
    for damage in (b"\x00not json", b'{"version": 2, "files": {"k": ["principle", 2]}}', b"[]"):
        memo.write_bytes(damage)
        assert ws.draft() == first
    text = memo.read_text()
    key = next(iter(__import__("json").loads(text)["files"]))
    memo.write_text(text.replace(f'"{key}":["', f'"{key}":[7,"', 1))  # a wrong shape
    count, draft = parsed_count(ws, monkeypatch)
    assert count == 1 and draft == first


def test_a_file_with_a_problem_is_never_remembered(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.draft()
    path = ws.root / "principles" / "p3.yaml"
    path.write_text("id: p3\ntitle: [not, a, title]\n")
    for _ in range(2):
        with pytest.raises(ValidationError, match=r"p3\.yaml"):
            ws.draft()


PROBE = """
import sys
from drafter.workspace import Workspace
draft = Workspace.open(sys.argv[1]).draft()
print(len(draft.principles), "yaml" in sys.modules)
"""


def test_a_workspace_read_before_opens_without_yaml(ws: Workspace) -> None:
    """The editor's start on files it has read before parses none and loads no PyYAML
    (a fifteenth of the start); a changed file loads it again."""
    run = [sys.executable, "-c", PROBE, str(ws.root)]
    assert subprocess.run(run, capture_output=True, text=True).stdout.split() == ["6", "True"]
    assert subprocess.run(run, capture_output=True, text=True).stdout.split() == ["6", "False"]
    ws.write_principle(Principle(id="p2", title="Title 2", text="New words."))
    assert subprocess.run(run, capture_output=True, text=True).stdout.split() == ["6", "True"]
