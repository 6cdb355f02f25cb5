"""Workspace operations as users perform them, checked with the plain git CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from drafter import store
from drafter.errors import DrafterError, InvalidIdError, RevisionError, WorkspaceError
from drafter.history import Identity
from drafter.model import Document, Meeting, Principle
from drafter.workspace import Workspace
from tests.conftest import git

UTC = UTC


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.init(tmp_path / "ws", "Principles for testing")


def test_init_creates_a_committed_workspace(ws: Workspace) -> None:
    assert (
        ws.root / "drafter.yaml"
    ).read_text() == "title: Principles for testing\nlanguage: en\norder: []\n"
    assert (
        git(ws.root, "log", "--format=%an <%ae>|%s").strip()
        == "Test Author <test@example.org>|Create the workspace"
    )
    assert (ws.root / ".gitignore").read_text() == "/exports/\n.*.tmp\n"
    assert git(ws.root, "status", "--porcelain") == ""


def test_add_move_delete_renumber(ws: Workspace) -> None:
    a = ws.add_principle("Best interests of the child")
    b = ws.add_principle("Non-discrimination")
    c = ws.add_principle("Right to identity", after=a.id)
    assert [p.id for _, p in ws.draft().ordered()] == [a.id, c.id, b.id]
    assert ws.move_principle(b.id, 1) == 1
    assert [(n, p.title) for n, p in ws.draft().ordered()] == [
        (1, "Non-discrimination"),
        (2, "Best interests of the child"),
        (3, "Right to identity"),
    ]
    ws.delete_principle(a.id)
    assert not (ws.root / "principles" / f"{a.id}.yaml").exists()
    assert [n for n, _ in ws.draft().ordered()] == [1, 2]
    assert ws.check() == []


def test_rename_rewrites_every_cross_reference(ws: Workspace) -> None:
    a = ws.add_principle("Parentage")
    b = ws.add_principle("Registration")
    ws.write_principle(
        Principle(
            id=b.id,
            title="Registration",
            text=f"As in [[principle:{a.id}]], see [[principle:{a.id}]].",
        )
    )
    rewritten = ws.rename_principle(a.id, "legal-parentage")
    assert rewritten == 1
    draft = ws.draft()
    assert (
        draft.principles[b.id].text
        == "As in [[principle:legal-parentage]], see [[principle:legal-parentage]]."
    )
    assert draft.render(draft.principles[b.id].text) == "As in Principle 1, see Principle 1."
    assert not (ws.root / "principles" / "parentage.yaml").exists()
    assert ws.check() == []
    with pytest.raises(InvalidIdError):
        ws.rename_principle("legal-parentage", "../../escape")
    with pytest.raises(DrafterError, match="already exists"):
        ws.rename_principle("legal-parentage", b.id)


def test_save_commits_with_author_and_meeting_trailer(ws: Workspace) -> None:
    ws.open_meeting(
        Meeting(
            id="2017-05-verona",
            name="Experts' Group meeting",
            place="Verona, Italy",
            start=date(2017, 5, 18),
            end=date(2017, 5, 20),
        )
    )
    ws.add_principle("Best interests")
    assert ws.pending_changes() == ["drafter.yaml", "principles/best-interests.yaml"]
    assert ws.default_message() == "Add Principle 1 (Best interests)"
    sha = ws.save("Add best interests")
    assert sha is not None
    body = git(ws.root, "log", "-1", "--format=%an|%s|%(trailers:key=Meeting,valueonly)")
    assert body.strip() == "Test Author|Add best interests|2017-05-verona"
    assert ws.save("again") is None, "nothing to save is not an error"
    assert ws.pending_changes() == []


def test_close_meeting_tags_the_agreed_draft(ws: Workspace) -> None:
    ws.open_meeting(
        Meeting(
            id="2017-03-london",
            name="Experts' Group meeting",
            place="London, United Kingdom",
            start=date(2017, 3, 9),
            end=date(2017, 3, 10),
        )
    )
    ws.add_principle("Best interests")
    tag = ws.close_meeting()
    assert tag == "meeting/2017-03-london"
    assert git(ws.root, "tag", "-l").split() == ["meeting/2017-03-london"]
    assert git(ws.root, "cat-file", "-t", tag).strip() == "tag", "an annotated tag"
    assert "Draft agreed at Experts' Group meeting, London, United Kingdom, 10 March 2017" in git(
        ws.root, "tag", "-n1"
    )
    assert ws.draft().document.current_meeting is None
    assert git(ws.root, "status", "--porcelain") == ""
    with pytest.raises(DrafterError, match="no meeting is open"):
        ws.close_meeting()
    with pytest.raises(DrafterError, match="already held"):
        ws.open_meeting(Meeting(id="2017-03-london", name="again"))


def test_revisions_are_read_without_checking_out(ws: Workspace) -> None:
    ws.open_meeting(Meeting(id="london", name="London"))
    p = ws.add_principle("Best interests", text="Old words.")
    ws.close_meeting()
    ws.write_principle(Principle(id=p.id, title="Best interests", text="New words."))
    ws.save("Reword")
    ws.write_principle(Principle(id=p.id, title="Best interests", text="Unsaved words."))
    assert ws.draft("london").principles[p.id].text == "Old words."
    assert ws.draft("meeting/london").principles[p.id].text == "Old words."
    assert ws.draft("HEAD").principles[p.id].text == "New words."
    assert ws.draft("HEAD~1").principles[p.id].text == "Old words."
    assert ws.draft().principles[p.id].text == "Unsaved words."
    assert git(ws.root, "status", "--porcelain").strip() == "M principles/best-interests.yaml"
    assert git(ws.root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    for bad in ("--output=/tmp/x", "-x", "nowhere", "HEAD..HEAD~1", "a b"):
        with pytest.raises(RevisionError):
            ws.draft(bad)


def test_log_groups_revisions_by_meeting_newest_first(ws: Workspace) -> None:
    when = datetime(2017, 3, 1, 10, tzinfo=UTC)
    alice = Identity("Alice Martin", "alice@example.org")
    ws.open_meeting(Meeting(id="london", name="London"), author=alice, when=when)
    ws.add_principle("One")
    ws.save("Add one", author=alice, when=when + timedelta(days=1))
    ws.close_meeting(author=alice, when=when + timedelta(days=2))
    ws.open_meeting(
        Meeting(id="verona", name="Verona"), author=alice, when=when + timedelta(days=3)
    )
    ws.add_principle("Two")
    ws.save("Add two", author=alice, when=when + timedelta(days=4))
    groups = ws.log()
    assert [(g.meeting, g.tagged, [r.subject for r in g.revisions]) for g in groups] == [
        ("verona", False, ["Add two", "Open meeting: Verona"]),
        (
            "london",
            True,
            ["Draft agreed at London", "Add one", "Open meeting: London", "Create the workspace"],
        ),
    ]
    assert groups[0].revisions[0].author == "Alice Martin"
    assert groups[0].revisions[0].date == when + timedelta(days=4)


def test_no_git_identity_is_a_clear_error_before_anything_is_written(
    tmp_path: Path, isolated_git: Path
) -> None:
    isolated_git.write_text("[init]\n\tdefaultBranch = main\n")
    with pytest.raises(WorkspaceError, match=r"no git identity: .*git config --global user.name"):
        Workspace.init(tmp_path / "ws", "T")
    assert not (tmp_path / "ws").exists(), "no half-made workspace is left behind"


def test_a_failed_meeting_close_leaves_the_meeting_open_to_close_again(
    ws: Workspace, isolated_git: Path
) -> None:
    ws.open_meeting(Meeting(id="london", name="London", start=date(2017, 3, 9)))
    saved = (ws.root / "drafter.yaml").read_bytes()
    identity = isolated_git.read_text()
    isolated_git.write_text("[init]\n\tdefaultBranch = main\n")  # git no longer knows who
    with pytest.raises(WorkspaceError, match="no git identity"):
        ws.close_meeting()
    assert (ws.root / "drafter.yaml").read_bytes() == saved, "the meeting is still open"
    lock = ws.root / ".git" / "index.lock"  # git stopped half-way: the commit fails
    isolated_git.write_text(identity)
    lock.write_text("")
    with pytest.raises(WorkspaceError, match="lock file"):
        ws.close_meeting()
    assert (ws.root / "drafter.yaml").read_bytes() == saved
    lock.unlink()
    assert ws.close_meeting() == "meeting/london"
    assert git(ws.root, "tag", "-l").split() == ["meeting/london"]


def test_a_failed_meeting_open_writes_nothing(ws: Workspace, isolated_git: Path) -> None:
    ws.add_principle("One")  # an unsaved edit, untouched by the failure
    before = (ws.root / "drafter.yaml").read_bytes()
    isolated_git.write_text("[init]\n\tdefaultBranch = main\n")
    with pytest.raises(WorkspaceError, match="no git identity"):
        ws.open_meeting(Meeting(id="london", name="London"))
    assert (ws.root / "drafter.yaml").read_bytes() == before
    assert not (ws.root / "meetings" / "london.yaml").exists()
    (ws.root / ".git" / "index.lock").write_text("")
    isolated_git.write_text("[user]\n\tname = T\n\temail = t@example.org\n")
    with pytest.raises(WorkspaceError, match="lock file"):
        ws.open_meeting(Meeting(id="london", name="London"))
    assert (ws.root / "drafter.yaml").read_bytes() == before
    assert not (ws.root / "meetings" / "london.yaml").exists()


def test_init_refuses_a_language_the_workspace_could_not_read(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="is not a language code"):
        Workspace.init(tmp_path / "ws", "T", language="../x")
    assert not (tmp_path / "ws").exists()


def test_save_keeps_editor_backups_and_stray_files_out_of_the_history(ws: Workspace) -> None:
    p = ws.add_principle("Best interests")
    folder = ws.root / "principles"
    (folder / f"{p.id}.yaml~").write_text("an editor's backup")
    (folder / f"#{p.id}.yaml#").write_text("an editor's autosave")
    (folder / "comments.docx").write_bytes(b"PK")
    ws.save("Add best interests")
    assert git(ws.root, "ls-files", "principles").split() == ["principles/best-interests.yaml"]
    (folder / f"{p.id}.yaml").unlink()
    ws.write_document(Document(title="Principles for testing", order=()))
    ws.save("Remove it")
    assert git(ws.root, "ls-files", "principles").split() == []


def test_stale_index_lock_is_reported_with_its_path(ws: Workspace) -> None:
    ws.add_principle("One")
    lock = ws.root / ".git" / "index.lock"
    lock.write_text("")
    with pytest.raises(WorkspaceError, match=f"git's lock file {lock} exists"):
        ws.save("One")
    assert (ws.root / "principles" / "one.yaml").exists(), "the user's file is untouched"
    lock.unlink()
    assert ws.save("One") is not None


def test_a_stale_branch_lock_is_reported_with_its_path(ws: Workspace) -> None:
    """git killed while moving the branch leaves <branch>.lock: the message names it (it
    said only "remove the file manually to continue")."""
    ws.add_principle("One")
    branch = git(ws.root, "symbolic-ref", "--short", "HEAD").strip()
    lock = ws.root / ".git" / "refs" / "heads" / f"{branch}.lock"
    lock.write_text("")
    with pytest.raises(WorkspaceError, match=f"git could not save: .*'{lock}': File exists"):
        ws.save("One")
    lock.unlink()
    assert ws.save("One") is not None


def test_a_second_process_waits_then_reports_busy(ws: Workspace) -> None:
    ws.add_principle("One")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from drafter.workspace import Workspace
            with Workspace({str(ws.root)!r}).lock():
                print("locked", flush=True)
                time.sleep(float(sys.argv[1]))
        """),
            "30",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(WorkspaceError, match="the workspace is busy"), ws.lock(wait=0.5):
            pass
        assert time.monotonic() - started >= 0.5
    finally:
        holder.kill()
        holder.wait()
    assert ws.save("One") is not None


def test_concurrent_saves_all_land_and_the_repository_stays_sound(ws: Workspace) -> None:
    script = textwrap.dedent("""
        import sys
        from drafter.model import Principle
        from drafter.workspace import Workspace
        ws = Workspace(sys.argv[1])
        for i in range(5):
            ws.write_principle(Principle(id=f"p-{sys.argv[2]}-{i}", title="T"))
            ws.save(f"save {sys.argv[2]} {i}")
    """)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(ws.root), str(n)], stderr=subprocess.PIPE, text=True
        )
        for n in range(3)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert git(ws.root, "fsck", "--strict", "--full") == ""
    assert len(git(ws.root, "ls-tree", "--name-only", "HEAD", "principles/").split()) == 15
    assert git(ws.root, "status", "--porcelain", "--", "principles") == ""


def save_after_crash(ws: Workspace) -> None:
    """Save as the user would after a crash: delete git's stale lock when told to."""
    for _attempt in range(50):
        (ws.root / ".git" / "index.lock").unlink(missing_ok=True)
        try:
            ws.save("after a crash")
            return
        except WorkspaceError as exc:
            if "lock" not in str(exc) and "index file" not in str(exc):
                raise
            time.sleep(0.1)  # a killed git may still be on its way out
    raise AssertionError("could not save after the crash")


def test_a_save_killed_at_any_moment_leaves_everything_readable(ws: Workspace) -> None:
    script = textwrap.dedent("""
        import sys
        from drafter.model import Principle
        from drafter.workspace import Workspace
        ws = Workspace(sys.argv[1])
        i = 0
        while True:
            i += 1
            for n in range(20):
                ws.write_principle(Principle(id=f"p{n}", title=f"Title {i}", text="word " * 200 + str(i)))
            ws.save(f"round {i}")
    """)
    for delay in (0.3, 0.55, 0.8, 1.1):
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(ws.root)],
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(
            proc.pid, signal.SIGKILL
        )  # drafter and any git it was running, like a closed terminal
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # a git in the middle of an fsync dies when it returns
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.02)
        for path in (ws.root / "principles").glob("*.yaml"):
            store.parse_principle(f"principles/{path.name}", path.read_bytes())
        save_after_crash(ws)
        assert all(
            name.endswith(".yaml") and not name.startswith("principles/.")
            for name in git(ws.root, "ls-files", "principles").split()
        ), "a temporary file was saved"
        assert git(ws.root, "fsck", "--strict", "--full") == ""
    assert ws.save("after the crashes") is not None or ws.pending_changes() == []


def test_meeting_ids_are_validated_before_touching_paths_or_refs(ws: Workspace) -> None:
    for bad in ("../x", "-rf", "Verona 2017", "x" * 70):
        with pytest.raises(InvalidIdError):
            ws.open_meeting(Meeting(id=bad, name="X"))
    assert list((ws.root / "meetings").iterdir()) == []
    assert git(ws.root, "tag") == ""


def test_a_meeting_cannot_take_the_name_working(ws: Workspace) -> None:
    """'working' names the files on disk, so a meeting called that could never be compared."""
    with pytest.raises(InvalidIdError, match="'working' is not allowed"):
        ws.open_meeting(Meeting(id="working", name="Working group"))
    assert not (ws.root / "meetings" / "working.yaml").exists()
    assert ws.draft().document.current_meeting is None


def test_moving_reads_only_the_document(ws: Workspace) -> None:
    a = ws.add_principle("One")
    b = ws.add_principle("Two")
    (ws.root / "principles" / "broken.yaml").write_text("id: [\n")  # a principle being hand-edited
    assert ws.move_principle(b.id, 1) == 1
    assert ws.document().order == (b.id, a.id)
    with pytest.raises(DrafterError, match="no principle 'nowhere'"):
        ws.move_principle("nowhere", 1)


def test_default_message_says_what_changed(ws: Workspace) -> None:
    a = ws.add_principle("Best interests")
    ws.save("first")
    b = ws.add_principle("Parentage")
    assert ws.default_message() == "Add Principle 2 (Parentage)"
    ws.save("second")
    ws.move_principle(b.id, 1)
    ws.write_principle(Principle(id=a.id, title="Best interests", text="Reworded."))
    assert ws.default_message() == "Edit Principle 2 (Best interests); reorder principles"
    ws.save("third")
    ws.delete_principle(a.id)
    assert ws.default_message() == "Remove former Principle 2 (Best interests)"  # no ids


def test_save_plan_reads_the_working_files_once_and_speaks_plainly(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = ws.add_principle("Best interests", text="See [[principle:ghost]].")
    b = ws.add_principle("Parentage")
    ws.write_principle(Principle(id=a.id, title="Best interests", text="Plain text."))
    ws.save("first")
    ws.write_principle(Principle(id=b.id, title="Parentage", text="See [[principle:ghost]]."))
    ws.delete_principle(a.id)
    reads: list[Path] = []
    real = store.read_tree
    monkeypatch.setattr(store, "read_tree", lambda root: reads.append(root) or real(root))
    plan = ws.prepare_save()
    assert len(reads) == 1
    assert plan.pending == (
        "drafter.yaml",
        "principles/best-interests.yaml",
        "principles/parentage.yaml",
    )
    assert plan.changed_principles == 2  # two principles, three files
    assert plan.changes == ("Principle 1 (Parentage)", "former Principle 1 (Best interests)")
    assert plan.message.startswith("Edit Principle 1 (Parentage); remove former Principle 1")
    assert len(plan.problems) == 1
    explained = plan.explained[0]
    assert explained.startswith(
        "Principle 1 (Parentage) refers to a principle that no longer exists"
    )
    assert "principles/" not in explained and "[[" not in explained and ".yaml" not in explained
    # the commit uses the plan: no second read of the working files
    ws.write_principle(Principle(id=b.id, title="Parentage", text="Fixed."))
    plan = ws.prepare_save()
    reads.clear()
    sha = ws.save(plan, "Fix the reference")
    assert sha is not None and reads == []
    assert git(ws.root, "log", "-1", "--format=%s").strip() == "Fix the reference"
    assert git(ws.root, "status", "--porcelain") == ""
    assert ws.save(ws.prepare_save(), "again") is None
