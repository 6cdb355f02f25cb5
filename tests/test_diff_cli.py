"""`drafter diff` as a user runs it: defaults, formats, colour, errors, and the fast path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from drafter.diff import compare_drafts, compare_revisions, new_text, old_text
from drafter.history import Identity
from drafter.model import Meeting, Principle, Translation
from drafter.workspace import Workspace
from tests.conftest import REPO, git, run_cli

WHO = Identity("Test Author", "test@example.org")


def _meeting(ws: Workspace, mid: str) -> None:
    ws.open_meeting(Meeting(id=mid, name="Experts' Group meeting", place="Verona, Italy"))
    ws.close_meeting()


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A workspace with a closed meeting 'verona', then unsaved edits on disk."""
    w = Workspace.init(tmp_path / "ws", "Principles on surrogacy")
    w.add_principle("Best interests", pid="best-interests", text="The child comes first.")
    w.add_principle(
        "Legal parentage",
        pid="parentage",
        text="The child shall have legal parents, as [[principle:best-interests]] requires.",
    )
    w.add_principle("Nationality", pid="nationality", text="Every child has a nationality.")
    w.save("First draft")
    _meeting(w, "verona")
    # after Verona: a new principle first (renumbers everything), an edit, a deletion
    w.add_principle("Identity", pid="identity", text="Every child has an identity.")
    w.move_principle("identity", 1)
    _draft, parentage = w.principle("parentage")
    w.write_principle(
        replace(
            parentage,
            text="The child must have legal parents, as [[principle:best-interests]] requires.",
        )
    )
    w.delete_principle("nationality")
    return w


def test_default_is_last_meeting_to_working_files(ws: Workspace) -> None:
    result = run_cli("-C", str(ws.root), "diff")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Differences from verona to working\n")
    assert "Principle 1 — Identity   (added)" in out
    assert "Principle 2 → 3 — Legal parentage   (modified, moved)" in out
    # the cross-reference is numbered as in each revision: best-interests was 1, is now 2
    assert (
        "  text: The child [-shall-]{+must+} have legal parents, as "
        "[-Principle 1-]{+Principle 2+} requires." in out
    )
    assert "Principle 3 — Nationality   (removed)" in out
    assert "Principle 1 → 2 — Best interests   (moved)" in out
    assert out.rstrip().splitlines()[-1] == (
        "4 principles changed: 1 added, 1 removed, 1 modified, 1 moved; "
        "8 words inserted, 8 deleted"  # 7 + "must", 7 + "shall"
    )
    assert "\x1b[" not in out


def test_explicit_revisions_and_one_revision(ws: Workspace) -> None:
    ws.save("After Verona")
    both = run_cli("-C", str(ws.root), "diff", "verona", "HEAD", "--format", "json")
    one = run_cli("-C", str(ws.root), "diff", "meeting/verona", "--format", "json")
    assert both.returncode == one.returncode == 0, both.stderr + one.stderr
    a, b = json.loads(both.stdout), json.loads(one.stdout)
    assert (a["from"], a["to"], b["from"], b["to"]) == (
        "verona",
        "HEAD",
        "meeting/verona",
        "working",
    )
    assert a["principles"] == b["principles"] and a["stats"] == b["stats"]
    back = json.loads(
        run_cli("-C", str(ws.root), "diff", "HEAD", "verona", "--format", "json").stdout
    )
    assert (back["stats"]["added"], back["stats"]["removed"]) == (1, 1)


def test_json_rebuilds_both_revisions(ws: Workspace) -> None:
    result = run_cli("-C", str(ws.root), "diff", "--format", "json")
    data = json.loads(result.stdout)
    old, new = ws.draft("verona"), ws.draft()
    for entry in data["principles"]:
        pid = entry["id"]
        for key, pieces in entry.get("fields", {}).items():
            pieces = [tuple(p) for p in pieces]
            before = old.principles[pid].field_text(key) if pid in old.principles else ""
            after = new.principles[pid].field_text(key) if pid in new.principles else ""
            if key == "status":
                before = old.principles[pid].status if pid in old.principles else ""
                after = new.principles[pid].status if pid in new.principles else ""
            assert old_text(pieces) == before
            assert new_text(pieces) == after
    assert [e["change"] for e in data["principles"]] == ["added", "moved", "modified", "removed"]


def test_principle_option(ws: Workspace) -> None:
    result = run_cli("-C", str(ws.root), "diff", "--principle", "parentage")
    assert result.returncode == 0
    assert "Legal parentage" in result.stdout
    assert "Identity" not in result.stdout and "Nationality" not in result.stdout
    data = json.loads(
        run_cli("-C", str(ws.root), "diff", "--principle", "parentage", "--format", "json").stdout
    )
    assert [e["id"] for e in data["principles"]] == ["parentage"]
    assert data["stats"]["modified"] == 1 and data["stats"]["added"] == 0
    missing = run_cli("-C", str(ws.root), "diff", "--principle", "nobody")
    assert missing.returncode == 1
    assert missing.stderr == "drafter: no principle 'nobody' at verona or at working\n"


def test_markdown_and_stat(ws: Workspace) -> None:
    md = run_cli("-C", str(ws.root), "diff", "--format", "markdown").stdout
    assert md.startswith("## Changes from verona to working")
    assert "~~shall~~**must**" in md
    stat = run_cli("-C", str(ws.root), "diff", "--stat").stdout
    line = next(line for line in stat.splitlines() if "Legal parentage" in line)
    assert "+1 -1" in line
    assert "[-" not in stat
    stat_json = json.loads(run_cli("-C", str(ws.root), "diff", "--stat", "--format", "json").stdout)
    entry = next(e for e in stat_json["principles"] if e["id"] == "parentage")
    assert (entry["words_inserted"], entry["words_deleted"]) == (1, 1)
    assert "fields" not in entry


def test_colour(ws: Workspace) -> None:
    always = run_cli("-C", str(ws.root), "diff", "--color", "always").stdout
    assert "\x1b[31;9mshall\x1b[0m\x1b[32;4mmust\x1b[0m" in always
    never = run_cli("-C", str(ws.root), "diff", "--color", "never").stdout
    assert "\x1b[" not in never and "[-shall-]{+must+}" in never


def test_colour_on_a_terminal_unless_no_color(ws: Workspace) -> None:
    """auto means colour on a terminal; NO_COLOR turns it off (a pseudo-terminal is used)."""
    import pty

    def run(env: dict[str, str]) -> str:
        primary, secondary = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "drafter", "-C", str(ws.root), "diff"],
            stdout=secondary,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        os.close(secondary)
        chunks = []
        while True:
            try:
                data = os.read(primary, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=60)
        os.close(primary)
        return b"".join(chunks).decode()

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert "\x1b[31;9m" in run(env)
    assert "\x1b[" not in run({**env, "NO_COLOR": "1"})


def test_no_meeting_yet_is_a_clear_error(tmp_path: Path) -> None:
    w = Workspace.init(tmp_path / "fresh", "T")
    result = run_cli("-C", str(w.root), "diff")
    assert result.returncode == 1
    assert result.stderr.startswith("drafter: no meeting has been closed yet")
    assert "Traceback" not in result.stderr
    suggested = result.stderr.split("e.g. drafter ")[1].split()  # it must work right away
    assert run_cli("-C", str(w.root), *suggested[:2]).returncode == 0


def test_bad_revisions_and_usage(ws: Workspace) -> None:
    unknown = run_cli("-C", str(ws.root), "diff", "geneva")
    assert unknown.returncode == 1
    assert unknown.stderr == (
        "drafter: no revision 'geneva': not a meeting, tag or commit of this workspace\n"
    )
    option = run_cli("-C", str(ws.root), "diff", "--", "--output=/tmp/x")
    assert option.returncode == 1 and "is not a revision name" in option.stderr
    assert run_cli("-C", str(ws.root), "diff", "--format", "html").returncode == 2


def test_no_differences(ws: Workspace) -> None:
    result = run_cli("-C", str(ws.root), "diff", "verona", "verona")
    assert result.returncode == 0
    assert result.stdout == "No differences from verona to verona.\n"


def test_diff_does_not_load_textual_docx_or_gitpython(ws: Workspace) -> None:
    code = (
        "import sys; from drafter.cli import main; main(['-C', sys.argv[1], 'diff', "
        "'--format', 'json']); "
        "print(sorted(m for m in ('textual', 'docx', 'git') if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ws.root)], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "[]"


# --------------------------------------------------------------------------- fast path


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    def key(d):  # type: ignore[no-untyped-def]
        return (
            [(c.id, c.change, c.number_from, c.number_to, c.title_from, c.title_to, c.fields)
             for c in d.principles],
            d.stats,
            d.preamble,
        )  # fmt: skip

    assert key(a) == key(b)


def test_fast_path_agrees_with_parsing_everything(ws: Workspace) -> None:
    # hand edits too: a quoted title, a translation, a file that only changed its layout
    ws.write_principle(
        Principle(
            id="quoted",
            title="'Quoted' title: with a colon",
            text="x",
            translations={"fr": Translation(text="y")},
        )
    )
    order = ws.draft().document
    ws.write_document(replace(order, order=(*order.order, "quoted"), preamble="New preamble."))
    path = ws.root / "principles" / "best-interests.yaml"
    path.write_text(path.read_text() + "# a comment\n")
    for a, b in [("verona", "working"), ("working", "verona"), ("verona", "verona")]:
        fast = compare_revisions(ws, a, b)
        slow = compare_drafts(ws.draft(a), ws.draft(b), from_label=a, to_label=b)
        _same(fast, slow)
    ws.save("After Verona")
    _same(
        compare_revisions(ws, "verona", "HEAD"),
        compare_drafts(ws.draft("verona"), ws.draft("HEAD")),
    )


def test_only_differing_principles_are_parsed(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import drafter.diff.revisions as diff_module

    parsed: list[str] = []
    real = diff_module.parse_principle

    def spy(path: str, data: bytes) -> Principle:
        parsed.append(path)
        return real(path, data)

    monkeypatch.setattr(diff_module, "parse_principle", spy)
    result = compare_revisions(ws)
    assert sorted(parsed) == [
        "principles/identity.yaml",
        "principles/nationality.yaml",
        "principles/parentage.yaml",
        "principles/parentage.yaml",
    ]
    moved = next(c for c in result.principles if c.id == "best-interests")
    assert (moved.change, moved.title_to) == ("moved", "Best interests")


def test_an_invalid_changed_file_is_reported_with_its_revision(ws: Workspace) -> None:
    (ws.root / "principles" / "parentage.yaml").write_text("id: parentage\ntitle: [oops\n")
    result = run_cli("-C", str(ws.root), "diff")
    assert result.returncode == 1
    assert result.stderr.startswith("drafter: principles/parentage.yaml:")


# --------------------------------------------------------------------------- demo


def test_demo_defaults_compare_zurich_with_working(tmp_path: Path) -> None:
    if not (REPO / "principles" / "history.yaml").exists():
        pytest.skip("the bundled sample (principles/history.yaml) is not there yet")
    from drafter.sample import build_demo

    demo = build_demo(tmp_path / "demo")
    # the sample's work since Zurich: one principle added, three reworded
    out = run_cli("-C", str(demo.root), "diff").stdout
    assert out.startswith("Differences from 2018-02-zurich to working\n")
    assert "Principle 11 — Preservation of records   (added)" in out
    assert out.rstrip().endswith(
        "1 added, 0 removed, 3 modified, 5 moved; 293 words inserted, 15 deleted"
    )
    git(demo.root, "checkout", "-q", "meeting/2018-02-zurich")
    assert run_cli("-C", str(demo.root), "diff").stdout == (
        "No differences from 2018-02-zurich to working.\n"
    )
    git(demo.root, "checkout", "-q", "-")
    result = run_cli(
        "-C", str(demo.root), "diff", "2017-05-verona", "2017-10-geneva", "--format", "json"
    )
    data = json.loads(result.stdout)
    assert data["stats"]["modified"] > 0
    tags = git(demo.root, "tag").split()
    assert "meeting/2017-10-geneva" in tags
    text = run_cli("-C", str(demo.root), "diff", "2017-05-verona", "2017-10-geneva").stdout
    assert "{+" in text and "[-" in text
