"""A mistyped revision gets the closest meeting ids, from the CLI as from the TUI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from drafter.model import Meeting
from drafter.refs import closest_meetings, unknown_revision_hint
from drafter.workspace import Workspace
from tests.conftest import run_cli

IDS = ["2017-05-verona", "2017-10-geneva", "2018-06-cape-town"]


def test_a_place_finds_its_meeting() -> None:
    assert closest_meetings("verona", IDS) == ["2017-05-verona"]
    assert closest_meetings("meeting/verona", IDS) == ["2017-05-verona"]
    assert closest_meetings("verna", IDS) == ["2017-05-verona"]  # misspelt
    assert closest_meetings("capetown", IDS) == ["2018-06-cape-town"]
    assert closest_meetings("nowhere", IDS) == []
    assert unknown_revision_hint("geneve", IDS) == "did you mean 2017-10-geneva?"
    assert unknown_revision_hint("nowhere", IDS) == ""


def test_drafter_diff_verona_suggests_the_meeting(tmp_path: Path) -> None:
    ws = Workspace.init(tmp_path / "ws", "Principles")
    ws.open_meeting(
        Meeting(id="2017-05-verona", name="Experts", place="Verona", start=date(2017, 5, 18))
    )
    ws.close_meeting()
    result = run_cli("-C", str(ws.root), "diff", "verona")
    assert result.returncode == 1
    assert result.stderr == (
        "drafter: no revision 'verona': not a meeting, tag or commit of this workspace; "
        "did you mean 2017-05-verona?\n"
    )
    shown = run_cli("-C", str(ws.root), "list", "--at", "veronna")
    assert shown.returncode == 1 and "did you mean 2017-05-verona?" in shown.stderr
