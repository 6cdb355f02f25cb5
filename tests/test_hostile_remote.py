"""A hostile or broken shared remote: an attacker with push access, a member using only drafter.

Each attack is made the way an attacker would make it: a plain git clone of the shared
(bare) repository pushing crafted commits — symbolic links, trees written with
``hash-object --literally``, submodule entries, tags naming blobs, escape codes. The
member only runs drafter. Nothing may run (a hook would write a marker file), nothing
outside the workspace may be read or written, the member can still edit, save and sync,
and ``git fsck --strict`` passes.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from drafter import sync
from drafter.workspace import Workspace
from tests.conftest import git, run_cli

TEXT = "In all actions concerning children born through surrogacy, their best interests come first."


# --------------------------------------------------------------------------- set-up


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


@pytest.fixture
def member(tmp_path: Path, remote: Path) -> Path:
    """Alice: she made the workspace and shared it with drafter."""
    root = tmp_path / "alice"
    ws = Workspace.init(root, "Principles on surrogacy")
    ws.add_principle("Best interests", pid="best-interests", text=TEXT)
    ws.save("First principle")
    assert run_cli("-C", str(root), "sync", str(remote)).returncode == 0
    return root


@pytest.fixture
def attacker(tmp_path: Path, remote: Path, member: Path) -> Path:
    """Mallory: push access to the shared repository and the plain git CLI."""
    root = tmp_path / "mallory"
    subprocess.run(["git", "clone", "-q", str(remote), str(root)], check=True)
    git(root, "config", "user.name", "Mallory")
    git(root, "config", "user.email", "mallory@example.org")
    return root


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    """A file that appears if any code of the attacker's ever runs."""
    return tmp_path / "PWNED"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("the member's private notes\n")
    return folder


def hook_script(marker: Path) -> str:
    return f"#!/bin/sh\necho ran > '{marker}'\n"


def push(attacker: Path, message: str) -> None:
    git(attacker, "add", "-A")
    git(attacker, "commit", "-q", "-m", message)
    git(attacker, "push", "-q", "origin", "HEAD:main")


def drafter(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("-C", str(root), *args)


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("drafter: "), result.stderr
    assert "Traceback" not in result.stderr and "stderr:" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def assert_member_unharmed(root: Path, marker: Path) -> None:
    """No code ran; the member still edits, saves and reads; git finds nothing wrong."""
    assert not marker.exists(), "attacker's code ran"
    hooks = root / ".git" / "hooks"
    assert not [p for p in hooks.iterdir() if not p.name.endswith(".sample")], list(hooks.iterdir())
    ws = Workspace.open(root)
    _draft, principle = ws.principle("best-interests")
    from dataclasses import replace

    ws.write_principle(replace(principle, title="Best interests of the child"))
    assert drafter(root, "save", "-m", "Still working").returncode == 0
    assert "Best interests of the child" in drafter(root, "list").stdout
    fsck = subprocess.run(
        ["git", "fsck", "--strict", "--full"], cwd=root, capture_output=True, text=True
    )
    assert fsck.returncode == 0 and "error" not in fsck.stderr, fsck.stderr


# --------------------------------------------------------------------------- code never runs


def test_a_link_to_the_hooks_folder_then_a_hook_through_it_never_runs(
    member: Path, attacker: Path, marker: Path, remote: Path, tmp_path: Path
) -> None:
    (attacker / "notes").symlink_to(".git/hooks")
    push(attacker, "Notes")
    result = drafter(member, "sync")
    assert_one_clear_line(result, "'notes'", "a symbolic link", "nothing was brought in")
    # a newcomer cannot be caught either
    fresh = run_cli("clone", str(remote), str(tmp_path / "bob"))
    assert_one_clear_line(fresh, "'notes'", "a symbolic link")
    assert not (tmp_path / "bob").exists()

    (attacker / "notes").unlink()
    (attacker / "notes").mkdir()
    hook = attacker / "notes" / "reference-transaction"
    hook.write_text(hook_script(marker))
    hook.chmod(0o755)
    push(attacker, "Notes as a folder")
    assert_one_clear_line(drafter(member, "sync"), "'notes", "not part of a drafter workspace")
    assert not (member / "notes").exists()
    assert_member_unharmed(member, marker)


def test_a_hook_already_in_the_members_repository_is_never_run(
    member: Path, attacker: Path, marker: Path
) -> None:
    """Even a hook that got there some other way: drafter's git runs no hooks."""
    for name in ("reference-transaction", "pre-commit", "post-commit", "pre-push", "post-merge"):
        hook = member / ".git" / "hooks" / name
        hook.write_text(hook_script(marker))
        hook.chmod(0o755)
    (attacker / "principles" / "best-interests.yaml").write_text(
        f"id: best-interests\ntitle: Best interests\nstatus: draft\ntext: {TEXT} Always.\n"
    )
    push(attacker, "Always")
    ws = Workspace.open(member)
    from dataclasses import replace

    _d, p = ws.principle("best-interests")
    ws.write_principle(replace(p, title="Best interests (Alice)"))
    assert drafter(member, "save", "-m", "Alice's title").returncode == 0
    result = drafter(member, "sync")
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert "Always." in drafter(member, "show", "best-interests").stdout


def test_a_link_to_an_outside_folder_never_lets_sync_write_there(
    member: Path, attacker: Path, marker: Path, outside: Path
) -> None:
    (attacker / "principles" / "notes").symlink_to(outside)
    push(attacker, "Link")
    assert_one_clear_line(drafter(member, "sync"), "principles/notes", "a symbolic link")
    (attacker / "principles" / "notes").unlink()
    (attacker / "principles" / "notes").mkdir()
    (attacker / "principles" / "notes" / "secret.txt").write_text("overwritten\n")
    push(attacker, "Overwrite")
    assert_one_clear_line(drafter(member, "sync"), "principles/notes")
    assert (outside / "secret.txt").read_text() == "the member's private notes\n"
    assert_member_unharmed(member, marker)


def _literal_tree(root: Path, entries: list[tuple[str, str, str]]) -> str:
    """A tree object written byte by byte, as git would never write it itself."""
    raw = b"".join(
        mode.encode() + b" " + name.encode() + b"\0" + bytes.fromhex(sha)
        for mode, name, sha in entries
    )
    return subprocess.run(
        ["git", "hash-object", "-t", "tree", "--literally", "-w", "--stdin"],
        cwd=root, input=raw, capture_output=True, check=True,
    ).stdout.decode().strip()  # fmt: skip


def _push_tree(attacker: Path, extra: tuple[str, str, str]) -> None:
    """A commit whose root tree is the current one plus ``extra``, pushed."""
    listing = git(attacker, "ls-tree", "HEAD").splitlines()
    entries = [(line.split()[0], line.split("\t")[1], line.split()[2]) for line in listing]
    entries.append(extra)
    entries.sort(key=lambda e: e[1] + ("/" if e[0] == "40000" else ""))
    tree = _literal_tree(attacker, entries)
    commit = git(attacker, "commit-tree", tree, "-p", "HEAD", "-m", "Crafted").strip()
    git(attacker, "push", "-q", "origin", f"{commit}:refs/heads/main")


def test_a_crafted_tree_reaching_into_dot_git_is_refused(
    member: Path, attacker: Path, marker: Path
) -> None:
    blob = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"], cwd=attacker,
        input=hook_script(marker).encode(), capture_output=True, check=True,
    ).stdout.decode().strip()  # fmt: skip
    hooks = _literal_tree(attacker, [("100755", "x", blob)])
    dot_git = _literal_tree(attacker, [("40000", "hooks", hooks)])
    dotdot = _literal_tree(attacker, [("40000", ".git", dot_git)])
    notes = _literal_tree(attacker, [("40000", "..", dotdot)])
    _push_tree(attacker, ("40000", "notes", notes))
    result = drafter(member, "sync")
    assert_one_clear_line(result, "crafted")
    assert not (member / ".git" / "hooks" / "x").exists()
    assert_member_unharmed(member, marker)


def test_an_entry_named_dot_git_is_refused(member: Path, attacker: Path, marker: Path) -> None:
    blob = git(attacker, "hash-object", "-w", "principles/best-interests.yaml").strip()
    dot_git = _literal_tree(attacker, [("100644", "config", blob)])
    _push_tree(attacker, ("40000", ".git", dot_git))
    assert_one_clear_line(drafter(member, "sync"), "shared workspace")
    assert_member_unharmed(member, marker)


@pytest.mark.parametrize(
    ("path", "content", "words"),
    [
        (".gitattributes", "*.yaml eol=crlf filter=evil\n", "'.gitattributes'"),
        (".gitmodules", '[submodule "x"]\n\tpath = x\n\turl = ../x\n', "'.gitmodules'"),
        ("README.md", "# notes\n", "'README.md'"),
        ("principles/notes.txt", "notes\n", "'principles/notes.txt'"),
    ],
)
def test_files_that_are_not_drafters_are_refused(
    member: Path, attacker: Path, marker: Path, path: str, content: str, words: str
) -> None:
    (attacker / path).write_text(content)
    push(attacker, "Extra file")
    assert_one_clear_line(drafter(member, "sync"), words, "not part of a drafter workspace")
    assert not (member / path).exists()
    assert_member_unharmed(member, marker)


def test_a_submodule_entry_is_refused(member: Path, attacker: Path, marker: Path) -> None:
    head = git(attacker, "rev-parse", "HEAD").strip()
    git(attacker, "update-index", "--add", "--cacheinfo", f"160000,{head},principles/sub")
    git(attacker, "commit", "-q", "-m", "Submodule")
    git(attacker, "push", "-q", "origin", "HEAD:main")
    assert_one_clear_line(drafter(member, "sync"), "principles/sub", "submodule")
    assert_member_unharmed(member, marker)


def test_a_shared_copy_repaired_by_a_later_commit_syncs_again(
    member: Path, attacker: Path, marker: Path
) -> None:
    (attacker / "notes").symlink_to(".git/hooks")
    push(attacker, "Notes")
    assert drafter(member, "sync").returncode == 1
    (attacker / "notes").unlink()
    (attacker / "principles" / "best-interests.yaml").write_text(
        f"id: best-interests\ntitle: Best interests\nstatus: agreed\ntext: {TEXT}\n"
    )
    push(attacker, "Remove the link; agree")
    result = drafter(member, "sync")
    assert result.returncode == 0, result.stderr
    assert "[agreed]" in drafter(member, "show", "best-interests").stdout
    assert not (member / "notes").exists()
    assert_member_unharmed(member, marker)


# --------------------------------------------------------------------------- links are not followed


def test_a_committed_link_to_an_outside_file_is_never_read(
    member: Path, attacker: Path, outside: Path, marker: Path
) -> None:
    link = attacker / "principles" / "leak.yaml"
    link.symlink_to(outside / "secret.txt")
    push(attacker, "Leak")
    assert_one_clear_line(drafter(member, "sync"), "principles/leak.yaml", "a symbolic link")
    # the same link made in the member's own folder: reported, never read or saved
    (member / "principles" / "leak.yaml").symlink_to(outside / "secret.txt")
    for args in (["check"], ["list"], ["show", "best-interests"], ["save", "-m", "x"]):
        result = drafter(member, *args)
        assert_one_clear_line(result, "principles/leak.yaml", "is a symbolic link")
        assert "private notes" not in result.stdout + result.stderr
    result = drafter(member, "export", "-o", str(member / "exports" / "out.docx"))
    assert_one_clear_line(result, "principles/leak.yaml", "is a symbolic link")
    (member / "principles" / "leak.yaml").unlink()
    assert_member_unharmed(member, marker)


def test_a_principles_folder_that_is_a_link_is_named_not_emptied(
    member: Path, tmp_path: Path
) -> None:
    real = tmp_path / "elsewhere"
    shutil.move(member / "principles", real)
    (member / "principles").symlink_to(real)
    for args in (["list"], ["save", "-m", "x"]):
        assert_one_clear_line(drafter(member, *args), "principles", "a symbolic link")
    assert "principles/best-interests.yaml" in git(member, "ls-files")
    assert git(member, "diff", "--cached", "--name-only") == ""  # nothing staged as deleted
    assert git(member, "log", "-1", "--format=%s").strip() == "First principle"


def test_an_exports_link_never_makes_export_write_outside(member: Path, outside: Path) -> None:
    shutil.rmtree(member / "exports", ignore_errors=True)
    (member / "exports").symlink_to(outside)
    result = drafter(member, "export")
    assert_one_clear_line(result, "exports", "a symbolic link")
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]


def test_check_names_links_and_other_files_git_tracks(member: Path) -> None:
    (member / "notes").symlink_to(".git/hooks")
    (member / "README.md").write_text("notes\n")
    git(member, "add", "notes", "README.md")
    git(member, "commit", "-q", "-m", "By hand")
    result = drafter(member, "check")
    assert result.returncode == 1
    assert "notes: tracked by git, but a symbolic link" in result.stdout
    assert "README.md: tracked by git, but a file that is not part of a drafter workspace" in (
        result.stdout
    )


def test_a_foreign_file_saved_by_hand_is_never_shared_and_never_a_dead_end(
    member: Path, remote: Path
) -> None:
    """A .gitattributes committed with plain git (line endings changed for every file):
    sync says exactly what to remove instead of "unsaved edits" forever."""
    (member / ".gitattributes").write_text("* text eol=crlf\n")
    git(member, "add", ".gitattributes")
    git(member, "commit", "-q", "-m", "By hand")
    result = drafter(member, "sync")
    assert_one_clear_line(result, "'.gitattributes'", "git rm -r --cached -- .gitattributes")
    assert "By hand" not in git(remote, "log", "--format=%s", "main")
    git(member, "rm", "-q", "--cached", ".gitattributes")
    (member / ".gitattributes").unlink()
    assert drafter(member, "save", "-m", "Without it").returncode == 0
    result = drafter(member, "sync")
    assert result.returncode == 0, result.stderr
    assert "Without it" in git(remote, "log", "--format=%s", "main")


# --------------------------------------------------------------------------- escape codes


ESCAPES = "\x1b]2;pwned\x07\x1b[2J\u202e"


def test_escape_codes_in_shared_text_never_reach_the_terminal(
    member: Path, attacker: Path, marker: Path
) -> None:
    data = {
        "id": "best-interests",
        "title": f"Best interests{ESCAPES}",
        "status": "draft",
        "text": f"{TEXT}\x1b[2J and more",
    }
    (attacker / "principles" / "best-interests.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=False, sort_keys=False)
    )
    git(attacker, "add", "-A")
    git(attacker, "commit", "-q", "-m", f"Retitle{ESCAPES}")
    git(attacker, "push", "-q", "origin", "HEAD:main")
    outputs = []
    for args in (["sync"], ["list"], ["show", "best-interests"], ["diff", "HEAD~1", "HEAD"],
                 ["log"], ["diff", "HEAD~1", "HEAD", "--format", "json"]):  # fmt: skip
        result = drafter(member, *args)
        assert result.returncode == 0, (args, result.stderr)
        outputs.append(result.stdout + result.stderr)
    for text in outputs:
        assert not any(ch in text for ch in "\x1b\x07\u202e"), text
    assert "Best interests␛]2;pwned␇␛[2J<U+202E>" in outputs[1]
    check = drafter(member, "check")
    assert check.returncode == 0
    assert check.stdout.splitlines()[:2] == [
        "principles/best-interests.yaml:2: warning: the text holds terminal control characters "
        "or direction overrides, shown as 'Best interests␛]2;pwned␇␛[2J<U+202E>'; remove them",
        "principles/best-interests.yaml:4: warning: the text holds terminal control characters "
        "or direction overrides, shown as 'sts come first.␛[2J and more'; "
        "remove them",
    ]
    assert_member_unharmed(member, marker)


# --------------------------------------------------------------------------- tags


def test_a_meeting_tag_naming_a_blob_is_ignored_with_a_warning(
    member: Path, attacker: Path, remote: Path, tmp_path: Path, marker: Path
) -> None:
    blob = git(attacker, "hash-object", "-w", "drafter.yaml").strip()
    git(attacker, "tag", "meeting/2018-02-zurich", blob)
    git(attacker, "push", "-q", "origin", "refs/tags/meeting/2018-02-zurich")
    result = drafter(member, "sync")
    assert result.returncode == 0, result.stderr
    assert "does not point at a saved draft: ignored" in result.stdout
    assert "meeting/2018-02-zurich" not in git(member, "tag", "--list")
    # a fresh member gets a working copy, with one warning line at most
    fresh = run_cli("clone", str(remote), str(tmp_path / "bob"))
    assert fresh.returncode == 0, fresh.stderr
    bob = tmp_path / "bob"
    # the same tag made locally never breaks a command
    git(bob, "tag", "meeting/2018-02-zurich", blob)
    for args in (["log"], ["meeting", "list"], ["list"], ["export"],
                 ["meeting", "open", "2018-06-cape-town", "--name", "Cape Town",
                  "--start", "2018-06-01"]):  # fmt: skip
        result = drafter(bob, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
        warnings = [line for line in result.stderr.splitlines() if "warning" in line]
        assert warnings == [
            "drafter: warning: meeting tag meeting/2018-02-zurich does not point at a saved "
            "draft: ignored"
        ] or (args[0] in ("list", "export", "meeting") and len(warnings) <= 1)
    assert_member_unharmed(member, marker)


# --------------------------------------------------------------------------- races


def test_a_push_that_loses_the_ref_lock_race_is_retried_then_explained(
    member: Path, remote: Path
) -> None:
    ws = Workspace.open(member)
    ws.add_principle("Identity", pid="identity", text="Every child has a name.")
    ws.save("Identity")
    lock = remote / "refs" / "heads" / "main.lock"
    lock.write_text("")
    result = drafter(member, "sync")
    assert_one_clear_line(result, "someone shared at the same moment: run drafter sync again")
    lock.unlink()
    assert drafter(member, "sync").returncode == 0
    assert "identity.yaml" in git(remote, "ls-tree", "-r", "main", "--name-only")


def test_a_push_race_is_retried_until_it_lands(
    member: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace.open(member)
    ws.add_principle("Identity", pid="identity", text="Every child has a name.")
    ws.save("Identity")
    lock = remote / "refs" / "heads" / "main.lock"
    lock.write_text("")
    real_fetch = sync._fetch
    fetches = []

    def fetch_then_unlock(*args: object) -> None:
        fetches.append(True)
        if len(fetches) == 3:  # the other push finishes meanwhile
            lock.unlink()
        real_fetch(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sync, "_fetch", fetch_then_unlock)
    report = sync.sync(ws)
    assert report.pushed and len(fetches) == 3


# --------------------------------------------------------------------------- killed at any step

_KILLER = """#!/bin/sh
# counts the git commands drafter starts and kills drafter at the chosen one
n=$(cat "$DRAFTER_TEST_GIT_COUNT" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" > "$DRAFTER_TEST_GIT_COUNT"
if [ "$n" = "$DRAFTER_TEST_KILL_AT" ]; then
    kill -9 "$PPID"
    exit 1
fi
exec '{git}' "$@"
"""


@pytest.mark.slow
def test_a_sync_killed_at_any_git_step_keeps_every_clash(
    tmp_path: Path, member: Path, attacker: Path, remote: Path
) -> None:
    """Kill drafter at each git command it starts during a merging sync: afterwards the
    member has either the old state or the merged one, and the clash is always recorded."""
    (attacker / "principles" / "best-interests.yaml").write_text(
        f"id: best-interests\ntitle: Mallory's title\nstatus: draft\ntext: {TEXT}\n"
    )
    push(attacker, "Their title")
    ws = Workspace.open(member)
    from dataclasses import replace

    _d, p = ws.principle("best-interests")
    ws.write_principle(replace(p, title="Alice's title"))
    ws.save("Our title")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "git"
    real_git = shutil.which("git")
    assert real_git
    wrapper.write_text(_KILLER.format(git=real_git))
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    step = 0
    finished = False
    while not finished:
        step += 1
        assert step < 200, "sync never finished"
        ws_copy, remote_copy = tmp_path / f"a{step}", tmp_path / f"r{step}.git"
        shutil.copytree(member, ws_copy, symlinks=True)
        shutil.copytree(remote, remote_copy, symlinks=True)
        git(ws_copy, "remote", "set-url", "origin", str(remote_copy))
        count = tmp_path / f"count{step}"
        env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "GIT_PYTHON_GIT_EXECUTABLE": str(wrapper),
            "DRAFTER_TEST_GIT_COUNT": str(count),
            "DRAFTER_TEST_KILL_AT": str(step),
            "NO_COLOR": "1",
        }
        killed = subprocess.run(
            [sys.executable, "-m", "drafter", "-C", str(ws_copy), "sync"],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        finished = killed.returncode != -9
        # whatever happened, the next sync (or the one that finished) reports the clash
        again = run_cli("-C", str(ws_copy), "sync") if not finished else killed
        assert again.returncode == 1, (step, again.stdout, again.stderr)
        assert "clash" in again.stdout + again.stderr, (step, again.stderr)
        record = yaml.safe_load((ws_copy / ".git" / "drafter-clashes.yaml").read_text())
        fields = {(c["principle"], c["field"]): c for c in record["clashes"]}
        clash = fields[("best-interests", "title")]
        assert (clash["ours"], clash["theirs"]) == ("Alice's title", "Mallory's title"), step
        assert "Alice's title" in (ws_copy / "principles" / "best-interests.yaml").read_text()
        assert git(remote_copy, "log", "-1", "--format=%s", "main").strip() == "Their title"
        assert not (ws_copy / ".git" / "drafter-sync.yaml").exists(), step
    assert step > 10  # every git step of a merging sync was tried
