"""The bundled sample and `drafter demo`: 16 principles, four meetings, a believable history."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drafter.sample import build_demo, load_history
from drafter.workspace import Workspace
from tests.conftest import REPO, git, run_cli

MEETINGS = ["2017-03-london", "2017-05-verona", "2017-10-geneva", "2018-02-zurich"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return build_demo(tmp_path_factory.mktemp("demo") / "surrogacy-principles")


def test_demo_command_builds_the_workspace(tmp_path: Path) -> None:
    result = run_cli("-C", str(tmp_path), "demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"Created demo workspace {tmp_path / 'surrogacy-principles'} (16 principles, 4 meetings)"
    )
    again = run_cli("-C", str(tmp_path), "demo")
    assert again.returncode == 1
    assert "already exists and is not empty" in again.stderr


def test_one_tag_per_meeting_on_the_meeting_dates(demo: Workspace) -> None:
    tags = git(
        demo.root,
        "for-each-ref",
        "--format=%(refname:short) %(taggerdate:short) %(objecttype)",
        "refs/tags",
    ).split("\n")
    assert [t for t in tags if t] == [
        "meeting/2017-03-london 2017-03-10 tag",
        "meeting/2017-05-verona 2017-05-20 tag",
        "meeting/2017-10-geneva 2017-10-13 tag",
        "meeting/2018-02-zurich 2018-02-01 tag",
    ]
    assert git(demo.root, "fsck", "--strict", "--full") == ""
    assert git(demo.root, "status", "--porcelain") == ""


def test_principle_counts_grow_from_london_to_zurich(demo: Workspace) -> None:
    counts = [len(demo.draft(m).principles) for m in MEETINGS]
    assert counts[0] == 7 and counts[-1] == 16
    assert counts == sorted(counts)
    assert len(demo.draft().principles) == 16
    assert demo.check() == []
    for meeting in MEETINGS:
        assert demo.draft(meeting).document.current_meeting is None


def test_history_has_realistic_changes(demo: Workspace) -> None:
    london, verona, geneva, zurich = (demo.draft(m) for m in MEETINGS)
    # one principle split in two between Verona and Geneva
    removed = set(verona.principles) - set(geneva.principles)
    added = set(geneva.principles) - set(verona.principles)
    assert removed and len(added) >= 2
    # one principle retitled (same id, new title) before Zurich
    assert any(
        zurich.principles[p].title != geneva.principles[p].title
        for p in set(zurich.principles) & set(geneva.principles)
    )
    # some principles reordered
    common = [p for p in verona.document.order if p in geneva.principles]
    assert common != [p for p in geneva.document.order if p in verona.principles]
    # statuses move towards agreed
    assert sum(p.status == "agreed" for p in zurich.principles.values()) > sum(
        p.status == "agreed" for p in london.principles.values()
    )
    # reworded text, translations, cross-references
    assert any(
        verona.principles[p].text != london.principles[p].text
        for p in london.principles
        if p in verona.principles
    )
    assert any(p.translations for p in zurich.principles.values())
    assert any("[[principle:" in p.text + p.commentary for p in zurich.principles.values())


def test_commits_are_authored_by_members_with_meeting_trailers(demo: Workspace) -> None:
    log = git(
        demo.root,
        "log",
        "--format=%an|%ad|%(trailers:key=Meeting,valueonly,separator=)",
        "--date=short",
    ).splitlines()
    authors = {line.split("|")[0] for line in log}
    assert len(authors) >= 3
    assert all(line.split("|")[2] in MEETINGS for line in log[:-1]), (
        "every save after creation is recorded for a meeting"
    )
    groups = demo.log()
    assert [g.meeting for g in groups] == list(reversed(MEETINGS))


def test_list_at_each_meeting_from_the_cli(demo: Workspace) -> None:
    london = run_cli("-C", str(demo.root), "list", "--at", "2017-03-london").stdout.splitlines()
    assert len(london) == 1 + 7
    assert london[1].split()[:2] == ["1.", "Best"]
    zurich = run_cli("-C", str(demo.root), "list").stdout.splitlines()
    assert len(zurich) == 1 + 16


def test_history_file_matches_the_snapshots() -> None:
    history = load_history()
    assert [h.meeting.id for h in history] == MEETINGS
    for item in history:
        assert item.commits, item.meeting.id
        assert item.meeting.start and item.meeting.end and item.meeting.start <= item.meeting.end


@pytest.mark.slow
def test_the_sample_ships_inside_the_built_package(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        pytest.skip(f"could not build a wheel here: {built.stderr.strip().splitlines()[-1:]}")
    wheel = next(tmp_path.glob("drafter-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "drafter/sample_data/history.yaml" in names
    assert "drafter/sample_data/2018-02-zurich/drafter.yaml" in names
    assert sum(n.startswith("drafter/sample_data/2018-02-zurich/principles/") for n in names) == 16


def test_every_commit_of_the_demo_is_a_valid_document(demo: Workspace) -> None:
    from drafter.store import build_draft

    for rev in demo.history.revisions():
        _draft, problems = build_draft(demo.history.tree_files(demo.history.resolve(rev.sha)))
        assert problems == [], f"{rev.subject}: {problems[0]}"
