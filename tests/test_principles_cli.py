"""drafter add / delete / move / rename: the editor's operations from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.model import Principle
from drafter.workspace import Workspace
from tests.conftest import git, run_cli


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    ws = Workspace.init(tmp_path / "ws", "Principles")
    a = ws.add_principle("Best interests")
    ws.add_principle("Parentage")
    ws.write_principle(
        Principle(id="parentage", title="Parentage", text="As in [[principle:best-interests]].")
    )
    ws.add_principle("Identity")
    ws.save("three principles")
    assert a.id == "best-interests"
    return ws


def cli(ws: Workspace, *args: str) -> tuple[int, str, str]:
    result = run_cli("-C", str(ws.root), *args)
    return result.returncode, result.stdout, result.stderr


def order(ws: Workspace) -> list[str]:
    return list(Workspace.open(ws.root).document().order)


def test_add_after_a_principle_writes_the_files_without_saving(ws: Workspace) -> None:
    code, out, err = cli(ws, "add", "Right to know one's origins", "--after", "best-interests")
    assert (code, err) == (0, "")
    assert out.startswith("Added Principle 2 (Right to know one's origins) with the id ")
    assert "Not saved yet" in out
    assert order(ws) == ["best-interests", "right-to-know-one-s-origins", "parentage", "identity"]
    text = (ws.root / "principles/right-to-know-one-s-origins.yaml").read_text()
    assert "title: Right to know one's origins" in text
    assert "right-to-know" in git(ws.root, "status", "--porcelain")  # written, not saved
    code, out, _err = cli(ws, "add", "Last one")
    assert code == 0 and order(ws)[-1] == "last-one"


def test_add_after_an_unknown_principle_fails_and_writes_nothing(ws: Workspace) -> None:
    code, out, err = cli(ws, "add", "X", "--after", "nowhere")
    assert (code, out) == (1, "")
    assert err == "drafter: no principle 'nowhere' to add after\n"
    assert git(ws.root, "status", "--porcelain") == ""


def test_delete(ws: Workspace) -> None:
    code, out, _err = cli(ws, "delete", "identity")
    assert code == 0 and out.startswith("Deleted Principle 3 (Identity);")
    assert not (ws.root / "principles/identity.yaml").exists()
    assert order(ws) == ["best-interests", "parentage"]
    code, _out, err = cli(ws, "delete", "identity")
    assert code == 1 and err == "drafter: no principle 'identity'\n"


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (["--to", "1"], ["identity", "best-interests", "parentage"]),
        (["--after", "best-interests"], ["best-interests", "identity", "parentage"]),
        (["--before", "best-interests"], ["identity", "best-interests", "parentage"]),
    ],
)
def test_move(ws: Workspace, where: list[str], expected: list[str]) -> None:
    code, out, err = cli(ws, "move", "identity", *where)
    assert (code, err) == (0, "")
    assert out.startswith("Moved Principle 3 (Identity): it is now Principle ")
    assert order(ws) == expected


def test_move_refuses_what_makes_no_sense(ws: Workspace) -> None:
    assert cli(ws, "move", "identity", "--to", "9")[2] == (
        "drafter: --to 9: give a number from 1 to 3\n"
    )
    assert cli(ws, "move", "identity", "--after", "identity")[0] == 1
    assert cli(ws, "move", "identity")[0] == 2  # where to is required
    assert cli(ws, "move", "identity", "--to", "1", "--after", "parentage")[0] == 2
    assert git(ws.root, "status", "--porcelain") == ""


def test_rename_and_references_follow(ws: Workspace) -> None:
    code, out, err = cli(ws, "rename", "best-interests", "child-first")
    assert (code, err) == (0, "")
    assert "references in 1 other principle were updated" in out
    assert not (ws.root / "principles/best-interests.yaml").exists()
    assert "id: child-first" in (ws.root / "principles/child-first.yaml").read_text()
    assert "[[principle:child-first]]" in (ws.root / "principles/parentage.yaml").read_text()
    assert order(ws)[0] == "child-first"
    code, _out, err = cli(ws, "rename", "parentage", "Bad Id")
    assert code == 1 and "not allowed" in err
