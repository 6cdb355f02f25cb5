"""The CLI contract (DESIGN §4) from a user's shell: outputs, exit codes, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.cli import build_parser
from tests.conftest import git, run_cli


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    result = run_cli("init", str(root), "--title", "Principles on surrogacy")
    assert result.returncode == 0, result.stderr
    return root


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_hand_edits_then_list_show_save(ws: Path) -> None:
    write(
        ws,
        "principles/best-interests.yaml",
        "id: best-interests\ntitle: Best interests of the child\nstatus: agreed\ntext: |\n  See [[principle:identity]].\nitems:\n- first;\n- second.\ncommentary: Why it matters.\n",
    )
    write(
        ws,
        "principles/identity.yaml",
        "id: identity\ntitle: Right to identity\ntext: Every child.\n",
    )
    write(
        ws, "drafter.yaml", "title: Principles on surrogacy\norder:\n- identity\n- best-interests\n"
    )

    listed = run_cli("-C", str(ws), "list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        "Principles on surrogacy",
        "  1.  Right to identity            draft",
        "  2.  Best interests of the child  agreed",
    ]
    shown = run_cli("-C", str(ws), "show", "best-interests")
    assert shown.stdout.splitlines() == [
        "Principle 2 — Best interests of the child",
        "[agreed]  id: best-interests",
        "",
        "See Principle 1.",
        "",
        "  (a) first;",
        "  (b) second.",
        "",
        "Commentary",
        "",
        "Why it matters.",
    ]
    saved = run_cli("-C", str(ws), "save", "-m", "Two principles")
    assert saved.returncode == 0 and saved.stdout.startswith("Saved ")
    assert git(ws, "log", "-1", "--format=%s|%an").strip() == "Two principles|Test Author"
    again = run_cli("-C", str(ws), "save", "-m", "again")
    assert (again.returncode, again.stdout.strip()) == (
        0,
        "Nothing to save: the workspace is as it was last saved.",
    )


def test_check_lists_every_problem_with_file_and_line(ws: Path) -> None:
    write(
        ws, "principles/a.yaml", "id: a\ntitle: A\nstatus: finished\ntext: see [[principle:zzz]]\n"
    )
    write(ws, "principles/b.yaml", "id: b\ntitle: [oops\n")
    write(ws, "drafter.yaml", "title: T\norder:\n- a\n- missing\n")
    result = run_cli("-C", str(ws), "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "principles/a.yaml:3: status 'finished' is not one of: draft, under-discussion, bracketed, agreed",
        "principles/b.yaml:3: YAML syntax error: did not find expected ',' or ']'",
        "drafter.yaml:4: order names 'missing' but there is no principles/missing.yaml",
        "principles/b.yaml:1: principle 'b' is missing from the order in drafter.yaml",
        "principles/a.yaml:4: cross-reference [[principle:zzz]] names no principle",
    ]
    assert result.stderr == "drafter: 5 problems found\n"


def test_save_refuses_an_invalid_workspace_and_keeps_the_files(ws: Path) -> None:
    write(ws, "principles/a.yaml", "id: a\ntitle: [oops\n")
    result = run_cli("-C", str(ws), "save", "-m", "x")
    assert result.returncode == 1
    assert result.stderr.startswith("drafter: principles/a.yaml:3: YAML syntax error")
    assert "Traceback" not in result.stderr
    assert (ws / "principles/a.yaml").read_text() == "id: a\ntitle: [oops\n"


def test_meeting_commands(ws: Path) -> None:
    opened = run_cli(
        "-C",
        str(ws),
        "meeting",
        "open",
        "2017-05-verona",
        "--name",
        "Experts' Group meeting",
        "--place",
        "Verona, Italy",
        "--start",
        "2017-05-18",
        "--end",
        "2017-05-20",
    )
    assert opened.returncode == 0, opened.stderr
    assert (
        run_cli("-C", str(ws), "meeting", "list").stdout.strip()
        == "2017-05-verona  18–20 May 2017  Verona, Italy  Experts' Group meeting  open"
    )
    closed = run_cli("-C", str(ws), "meeting", "close")
    assert (
        closed.stdout.strip()
        == "Meeting closed: the agreed draft is tagged meeting/2017-05-verona."
    )
    assert git(ws, "tag").split() == ["meeting/2017-05-verona"]
    assert (
        run_cli("-C", str(ws), "meeting", "list").stdout.strip().endswith("meeting/2017-05-verona")
    )
    log = run_cli("-C", str(ws), "log").stdout.splitlines()
    assert log[0] == "Experts' Group meeting, Verona, Italy, 20 May 2017  [meeting/2017-05-verona]"
    assert [line.split("  ")[-1] for line in log[1:4]] == [
        "Draft agreed at Verona",
        "Open meeting: Experts' Group meeting, Verona, Italy, 20 May 2017",
        "Create the workspace",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nowhere"], "drafter: no principle 'nowhere'\n"),
        (
            ["list", "--at", "nowhere"],
            "drafter: no revision 'nowhere': not a meeting, tag or commit of this workspace\n",
        ),
        (["list", "--at=--output=x"], "drafter: '--output=x' is not a revision name\n"),
        (["meeting", "close"], "drafter: no meeting is open (drafter meeting open ID ...)\n"),
        (
            ["meeting", "open", "../../x", "--name", "N", "--start", "2017-01-01"],
            "drafter: meeting id '../../x' is not allowed: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit\n",
        ),
        (
            ["meeting", "open", "m", "--name", "N", "--start", "17/01/2017"],
            "drafter: --start: '17/01/2017' is not a date (write YYYY-MM-DD)\n",
        ),
    ],
)
def test_user_errors_are_one_line_with_exit_1(ws: Path, args: list[str], message: str) -> None:
    result = run_cli("-C", str(ws), *args)
    assert (result.returncode, result.stderr) == (1, message)


def test_not_a_workspace(tmp_path: Path) -> None:
    result = run_cli("-C", str(tmp_path), "list")
    assert result.returncode == 1
    assert (
        result.stderr
        == f"drafter: {tmp_path}: not a drafter workspace (no drafter.yaml); create one with: drafter init --title TITLE\n"
    )


def test_usage_errors_exit_2(ws: Path) -> None:
    assert run_cli("-C", str(ws), "frobnicate").returncode == 2
    assert run_cli("-C", str(ws), "init").returncode == 2
    assert run_cli("-C", str(ws), "meeting").returncode == 2


def test_every_command_has_help() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    names = list(subparsers.choices)  # type: ignore[attr-defined]
    assert {"init", "demo", "list", "show", "save", "check", "meeting", "log", "edit"} <= set(names)
    for name in names:
        result = run_cli(name, "--help")
        assert result.returncode == 0 and "usage: drafter" in result.stdout, name
    for action in ("open", "close", "list"):
        assert run_cli("meeting", action, "--help").returncode == 0


def test_list_does_not_load_textual_git_or_docx(ws: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from drafter.cli import main; main(['-C', sys.argv[1], 'list']); "
        "print(sorted(m for m in ('textual', 'git', 'docx') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ws)], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "[]"


@pytest.mark.parametrize("args", [[], ["edit"]])
def test_the_editor_without_a_terminal_says_so_and_stops(ws: Path, args: list[str]) -> None:
    """Run from a script or with its output piped, the editor would draw into the pipe
    and spin on an empty input; it says what it needs instead (run_cli has no terminal)."""
    result = run_cli("-C", str(ws), *args, input="")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        "drafter: the editor needs a terminal (input or output is not one): open drafter "
        "in a terminal window, or use its commands (drafter --help)"
    )
