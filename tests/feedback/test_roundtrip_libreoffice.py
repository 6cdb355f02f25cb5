"""The consultation round trip with LibreOffice as the reviewer (through its UNO bridge).

A copy goes out; one reviewer edits with Track Changes, another without, a third adds a
comment; every piece comes back on the right principle and field, and accepting the
proposals after the core group reworded the same principle keeps both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from drafter.workspace import Workspace
from tests.conftest import run_cli
from tests.feedback.copies import comment, mark_as_sent

REVIEWER = Path(__file__).with_name("lo_reviewer.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def _uno_or_skip() -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("the system Python has no UNO bridge (python3-uno)")


def _review(source: Path, target: Path, author: str, mode: str, edits: list[list[str]]) -> None:
    result = subprocess.run(
        [SYSTEM_PYTHON, str(REVIEWER), str(source), str(target), author, mode, json.dumps(edits)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0 and target.exists(), result.stderr + result.stdout


@pytest.mark.libreoffice
@pytest.mark.slow
def test_reviewers_in_libreoffice_with_and_without_track_changes(
    demo: Path, exported: Path, tmp_path: Path
) -> None:
    _uno_or_skip()
    ws = Workspace.open(demo)
    mark_as_sent(
        exported,
        ws,
        round_id="europe-2018",
    )
    tracked = tmp_path / "state-a.docx"
    _review(exported, tracked, "Ana Tracker", "track",
            [["take into account", "give due weight to"]])  # fmt: skip
    plain = tmp_path / "state-b.docx"
    _review(exported, plain, "Bo Plain", "plain",
            [["shall enjoy all the rights", "shall enjoy every right"]])  # fmt: skip
    commented = tmp_path / "unicef.docx"
    shutil.copy(exported, commented)
    comment(commented, "Commentary", "Please shorten the commentary.", "UNICEF")
    result = run_cli(
        "-C", str(demo), "feedback", "import", str(tracked), str(plain), str(commented),
        "--from", "State B",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    listing = run_cli("-C", str(demo), "feedback", "list", "--format", "json")
    records = json.loads(listing.stdout)["feedback"]
    got = {(r["source"], r["kind"], r["principle"], r["field"], r["quote"], r["proposed"])
           for r in records}  # fmt: skip
    assert got == {
        ("state-a.docx", "replacement", "best-interests", "items", "take into account",
         "give due weight to"),
        ("state-b.docx", "edit", "non-discrimination", "text", "all the rights", "every right"),
        ("unicef.docx", "comment", "best-interests", "commentary", "Commentary", None),
    }  # fmt: skip
    by_source = {r["source"]: r for r in records}
    assert by_source["state-a.docx"]["author"] == "Ana Tracker"
    assert by_source["state-b.docx"]["author"] == "State B"

    # the core group rewords both principles elsewhere, then accepts both proposals
    draft = ws.draft()
    best = draft.principles["best-interests"]
    items = list(best.items)
    items[0] = items[0].replace("competent authority", "competent and impartial authority")
    ws.write_principle(best.__class__(**{**best.__dict__, "items": tuple(items)}))
    nd = draft.principles["non-discrimination"]
    ws.write_principle(
        nd.__class__(**{**nd.__dict__, "text": nd.text.replace("A child", "Every child", 1)})
    )
    for r in records:
        if r["kind"] != "comment":
            accepted = run_cli("-C", str(demo), "feedback", "accept", r["id"])
            assert accepted.returncode == 0, accepted.stderr
    now = Workspace.open(demo).draft()
    assert "competent and impartial authority" in now.principles["best-interests"].items[0]
    assert "give due weight to" in now.principles["best-interests"].items[1]
    assert now.principles["non-discrimination"].text.startswith("Every child")
    assert "shall enjoy every right" in now.principles["non-discrimination"].text
