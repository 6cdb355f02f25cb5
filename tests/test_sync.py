"""Working together through a bare git remote: clone, sync, merges, clashes, tags, failures."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from drafter import clashes, sync
from drafter import remote as remote_addresses
from drafter.errors import DrafterError, WorkspaceError
from drafter.git.runner import Git
from drafter.model import Meeting, Principle
from drafter.workspace import Workspace
from tests.conftest import git, run_cli

P1 = "In all actions concerning children born through surrogacy, the best interests of the child shall be a primary consideration."
P2 = "States shall ensure that the child's identity, including its origins, is preserved."
P3 = "Intermediaries shall be licensed and supervised by a competent authority."
TEXT = f"{P1}\n\n{P2}\n\n{P3}"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


def make_member(path: Path, name: str) -> Workspace:
    git(path, "config", "user.name", name)
    git(path, "config", "user.email", f"{name.lower()}@example.org")
    return Workspace.open(path)


@pytest.fixture
def alice(tmp_path: Path, remote: Path) -> Workspace:
    """The member who creates the workspace and shares it first."""
    ws = Workspace.init(tmp_path / "alice", "Principles on surrogacy")
    ws = make_member(ws.root, "Alice")
    for pid, title in (("best-interests", "Best interests"), ("identity", "Identity")):
        ws.add_principle(title, pid=pid, text=TEXT)
    ws.add_principle("Intermediaries", pid="intermediaries", text=P3)
    ws.save("Three principles")
    report = sync.sync(ws, str(remote))
    assert report.set_up and report.pushed
    return ws


def clone_member(tmp_path: Path, remote: Path, name: str) -> Workspace:
    sync.clone(str(remote), tmp_path / name.lower())
    return make_member(tmp_path / name.lower(), name)


@pytest.fixture
def bob(tmp_path: Path, remote: Path, alice: Workspace) -> Workspace:
    return clone_member(tmp_path, remote, "Bob")


def edit(ws: Workspace, pid: str, **fields: object) -> None:
    _, p = ws.principle(pid)
    ws.write_principle(replace(p, **fields))  # type: ignore[arg-type]


def save_and_sync(ws: Workspace, message: str = "Edit") -> sync.SyncReport:
    ws.save(message)
    return sync.sync(ws)


def text_of(ws: Workspace, pid: str) -> str:
    return ws.principle(pid)[1].text


def remote_head(remote: Path) -> str:
    return git(remote, "rev-parse", "main").strip()


def assert_clean(ws: Workspace) -> None:
    """What a careful git user would check: nothing unsaved, a sound repository."""
    assert git(ws.root, "status", "--porcelain") == ""
    assert git(ws.root, "fsck", "--strict", "--full") == ""
    assert ws.check() == []


# --------------------------------------------------------------------------- set-up


def test_first_sync_sets_up_origin_and_clone_brings_everything(
    tmp_path: Path, remote: Path, alice: Workspace
) -> None:
    assert git(alice.root, "remote", "get-url", "origin").strip() == str(remote)
    assert remote_head(remote) == git(alice.root, "rev-parse", "HEAD").strip()
    result = run_cli("clone", str(remote), str(tmp_path / "bob"))
    assert result.returncode == 0, result.stderr
    assert "3 principles" in result.stdout
    bob = Workspace.open(tmp_path / "bob")
    assert bob.draft().principles == alice.draft().principles
    assert_clean(bob)


def test_sync_with_nothing_new_says_so(alice: Workspace) -> None:
    result = run_cli("-C", str(alice.root), "sync")
    assert result.returncode == 0, result.stderr
    assert "Already in step with origin" in result.stdout


# --------------------------------------------------------------------------- clean merges


def test_two_members_editing_different_paragraphs_both_see_both_edits(
    alice: Workspace, bob: Workspace, remote: Path
) -> None:
    edit(alice, "identity", text=TEXT.replace("is preserved", "is preserved and respected"))
    alice.save("Alice: paragraph 2")
    assert run_cli("-C", str(alice.root), "sync").returncode == 0
    edit(bob, "identity", text=TEXT.replace("licensed and", "licensed, registered and"))
    bob.save("Bob: paragraph 3")
    result = run_cli("-C", str(bob.root), "sync")
    assert result.returncode == 0, result.stderr
    assert "Principle 2 (Identity) changed" in result.stdout
    result = run_cli("-C", str(alice.root), "sync")
    assert result.returncode == 0, result.stderr
    expected = TEXT.replace("is preserved", "is preserved and respected").replace(
        "licensed and", "licensed, registered and"
    )
    assert text_of(alice, "identity") == expected
    assert text_of(bob, "identity") == expected
    # the file a user opens, read independently of drafter
    on_disk = yaml.safe_load((bob.root / "principles/identity.yaml").read_text())
    assert on_disk["text"] == expected + "\n"  # a block scalar keeps its final newline
    # a true merge commit, both parents kept, everything shared
    parents = git(bob.root, "log", "-1", "--format=%P").split()
    assert len(parents) == 2
    assert remote_head(remote) == git(alice.root, "rev-parse", "HEAD").strip()
    assert_clean(alice)
    assert_clean(bob)


def test_principles_added_on_both_sides_are_both_kept_in_order(
    alice: Workspace, bob: Workspace
) -> None:
    alice.add_principle("Nationality", pid="nationality", after="best-interests")
    save_and_sync(alice)
    bob.add_principle("Access to origins", pid="origins", after="identity")
    report = save_and_sync(bob)
    assert report.merged == "merge" and report.pushed
    sync.sync(alice)
    expected = ("best-interests", "nationality", "identity", "origins", "intermediaries")
    assert alice.draft().document.order == expected
    assert bob.draft().document.order == expected
    assert_clean(bob)


def test_reorders_on_both_sides_are_both_applied(alice: Workspace, bob: Workspace) -> None:
    alice.move_principle("intermediaries", 1)  # intermediaries to the front
    save_and_sync(alice)
    alice_layout = alice.draft().document.order
    assert alice_layout == ("intermediaries", "best-interests", "identity")
    bob.move_principle("best-interests", 3)  # best-interests to the end
    save_and_sync(bob)
    sync.sync(alice)
    expected = ("intermediaries", "identity", "best-interests")
    assert bob.draft().document.order == expected
    assert alice.draft().document.order == expected


def test_different_fields_of_one_principle_merge(alice: Workspace, bob: Workspace) -> None:
    edit(alice, "intermediaries", status="bracketed", tags=("agencies",))
    save_and_sync(alice)
    edit(bob, "intermediaries", title="Surrogacy intermediaries", commentary="See Article 7.")
    report = save_and_sync(bob)
    assert report.clashes == []
    merged = bob.principle("intermediaries")[1]
    assert (merged.status, merged.title, merged.commentary, merged.tags) == (
        "bracketed",
        "Surrogacy intermediaries",
        "See Article 7.",
        ("agencies",),
    )


def test_deleted_by_one_edited_by_the_other_is_kept(alice: Workspace, bob: Workspace) -> None:
    alice.delete_principle("intermediaries")
    save_and_sync(alice)
    edit(bob, "intermediaries", text=P3 + " Fees shall be reasonable.")
    report = save_and_sync(bob)
    assert "Fees shall be reasonable." in text_of(bob, "intermediaries")
    assert any("intermediaries" in n and "kept" in n for n in report.notices)
    assert_clean(bob)


def test_fast_forward_when_only_the_others_changed(alice: Workspace, bob: Workspace) -> None:
    edit(alice, "best-interests", title="The best interests of the child")
    save_and_sync(alice)
    before = git(bob.root, "rev-list", "--count", "HEAD")
    report = sync.sync(bob)
    assert report.merged == "fast-forward"
    assert bob.principle("best-interests")[1].title == "The best interests of the child"
    assert int(git(bob.root, "rev-list", "--count", "HEAD")) == int(before) + 1
    assert_clean(bob)


def test_a_push_rejected_because_someone_shared_meanwhile_merges_again(
    tmp_path: Path, remote: Path, alice: Workspace, bob: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    carol = clone_member(tmp_path, remote, "Carol")
    edit(carol, "best-interests", title="Carol's title")
    carol.save("Carol")
    real_push = sync._push
    calls = []

    def push_after_carol(*args: object, **kwargs: object) -> bool:
        if not calls:  # Carol shares between Alice's fetch and Alice's push
            calls.append(True)
            sync.sync(carol)
        return real_push(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync, "_push", push_after_carol)
    edit(alice, "identity", title="Alice's title")
    report = save_and_sync(alice)
    assert report.pushed
    assert alice.principle("best-interests")[1].title == "Carol's title"
    assert remote_head(remote) == git(alice.root, "rev-parse", "HEAD").strip()
    carol_commit = git(carol.root, "rev-parse", "HEAD").strip()
    assert git(alice.root, "merge-base", "--is-ancestor", carol_commit, "HEAD") == ""


# --------------------------------------------------------------------------- clashes


def test_a_true_clash_is_named_kept_valid_and_resolved_without_losing_text(
    alice: Workspace, bob: Workspace, remote: Path
) -> None:
    alice_text = TEXT.replace("shall be a primary", "shall be the primary")
    bob_text = TEXT.replace("shall be a primary", "shall be an overriding")
    edit(alice, "best-interests", text=alice_text)
    save_and_sync(alice)
    shared_before = remote_head(remote)
    edit(bob, "best-interests", text=bob_text)
    bob.save("Bob's wording")
    result = run_cli("-C", str(bob.root), "sync")
    assert result.returncode == 1
    assert (
        "clash in Principle 1 (best-interests): text — resolve with "
        "`drafter resolve best-interests --take ours|theirs`"
    ) in result.stdout
    assert "nothing was sent" in result.stderr
    # the file keeps Bob's own text, is valid and has no conflict markers
    raw = (bob.root / "principles/best-interests.yaml").read_text()
    assert "<<<<<<<" not in raw and ">>>>>>>" not in raw and "=======" not in raw
    assert yaml.safe_load(raw)["text"] == bob_text + "\n"
    assert bob.check() == []
    checked = run_cli("-C", str(bob.root), "check")
    assert checked.returncode == 1
    assert checked.stdout.startswith("clash in Principle 1 (best-interests): text")
    assert checked.stderr == "drafter: 1 clash from a sync to resolve\n"
    # nothing pushed while the clash is open; Alice's text is in an ancestor commit
    assert remote_head(remote) == shared_before
    assert git(bob.root, "merge-base", "--is-ancestor", shared_before, "HEAD") == ""
    # both versions and the base are available
    shown = run_cli("-C", str(bob.root), "resolve", "best-interests")
    assert "be the primary" in shown.stdout and "be an overriding" in shown.stdout
    assert "shall be a primary" in shown.stdout
    again = run_cli("-C", str(bob.root), "sync")
    assert again.returncode == 1 and "still open" in again.stderr
    # Bob takes Alice's wording, saves, syncs
    result = run_cli("-C", str(bob.root), "resolve", "best-interests", "--take", "theirs")
    assert result.returncode == 0, result.stderr
    assert text_of(bob, "best-interests") == alice_text
    assert run_cli("-C", str(bob.root), "save", "-m", "Take Alice's wording").returncode == 0
    result = run_cli("-C", str(bob.root), "sync")
    assert result.returncode == 0, result.stderr
    sync.sync(alice)
    assert text_of(alice, "best-interests") == alice_text
    # Bob's wording is still in the history, never lost
    log = git(alice.root, "log", "-p", "--all")
    assert "shall be an overriding" in log
    assert_clean(bob)


def test_a_clash_resolved_by_editing_and_saving(alice: Workspace, bob: Workspace) -> None:
    edit(alice, "intermediaries", status="agreed")
    save_and_sync(alice)
    edit(bob, "intermediaries", status="bracketed", text=P3 + " Bob's addition.")
    report = save_and_sync(bob)
    assert [(c.principle, c.field, c.ours, c.theirs) for c in report.clashes] == [
        ("intermediaries", "status", "bracketed", "agreed")
    ]
    assert not report.pushed
    assert clashes.pending(bob)  # open until the field changes
    edit(bob, "intermediaries", status="under-discussion")
    bob.save("Settle the status")
    report = sync.sync(bob)
    assert report.pushed
    assert clashes.pending(bob) == []
    sync.sync(alice)
    merged = alice.principle("intermediaries")[1]
    assert merged.status == "under-discussion"
    assert merged.text.endswith("Bob's addition.")


def test_resolve_with_no_open_clash_is_a_clear_error(alice: Workspace) -> None:
    result = run_cli("-C", str(alice.root), "resolve", "identity", "--take", "ours")
    assert result.returncode == 1
    assert result.stderr.strip() == "drafter: no open clash in identity (there are no open clashes)"


# --------------------------------------------------------------------------- meeting tags


def test_meeting_tags_travel_both_ways(alice: Workspace, bob: Workspace, remote: Path) -> None:
    alice.open_meeting(Meeting(id="2017-05-verona", name="Experts' meeting", place="Verona"))
    alice.close_meeting()
    result = run_cli("-C", str(alice.root), "sync")
    assert result.returncode == 0, result.stderr
    assert "Meeting tags shared: meeting/2017-05-verona" in result.stdout
    assert "meeting/2017-05-verona" in git(remote, "tag", "--list")
    report = sync.sync(bob)
    assert report.tags_in == ["meeting/2017-05-verona"]
    assert bob.last_meeting_rev() == "2017-05-verona"
    bob.open_meeting(Meeting(id="2017-10-geneva", name="Experts' meeting", place="Geneva"))
    bob.close_meeting()
    sync.sync(bob)
    sync.sync(alice)
    assert "meeting/2017-10-geneva" in git(alice.root, "tag", "--list")


def test_a_tag_that_differs_on_both_sides_keeps_the_local_one(
    alice: Workspace, bob: Workspace
) -> None:
    git(alice.root, "tag", "-a", "meeting/x", "-m", "Alice's", "HEAD")
    sync.sync(alice)
    edit(bob, "identity", title="Changed")
    bob.save("Bob")
    git(bob.root, "tag", "-a", "meeting/x", "-m", "Bob's", "HEAD")
    bob_tag = git(bob.root, "rev-parse", "meeting/x^{commit}").strip()
    report = sync.sync(bob)
    assert git(bob.root, "rev-parse", "meeting/x^{commit}").strip() == bob_tag
    assert any("meeting/x differs" in n for n in report.notices)


# --------------------------------------------------------------------------- failures


def test_an_unreachable_remote_gives_one_line_and_leaves_work_alone(
    tmp_path: Path, alice: Workspace
) -> None:
    git(alice.root, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    edit(alice, "identity", title="Offline edit")
    alice.save("Offline")
    head = git(alice.root, "rev-parse", "HEAD")
    result = run_cli("-C", str(alice.root), "sync")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drafter: cannot reach the shared workspace at")
    assert "Traceback" not in result.stderr
    assert git(alice.root, "rev-parse", "HEAD") == head
    assert alice.principle("identity")[1].title == "Offline edit"


def test_an_unreachable_http_remote_is_one_line(alice: Workspace) -> None:
    git(alice.root, "remote", "set-url", "origin", "http://user:secret@127.0.0.1:9/x.git")
    result = run_cli("-C", str(alice.root), "sync")
    assert result.returncode == 1
    assert result.stderr.startswith(
        "drafter: cannot reach the shared workspace at http://127.0.0.1:9/"
    )
    assert "secret" not in result.stderr


def test_a_wrong_first_address_is_not_remembered(tmp_path: Path) -> None:
    ws = Workspace.init(tmp_path / "solo", "Solo")
    result = run_cli("-C", str(ws.root), "sync", str(tmp_path / "missing.git"))
    assert result.returncode == 1 and "cannot reach" in result.stderr
    assert git(ws.root, "remote") == ""


def test_unsaved_edits_make_sync_refuse_and_stay_on_disk(alice: Workspace, bob: Workspace) -> None:
    edit(alice, "identity", title="Alice shared this")
    save_and_sync(alice)
    edit(bob, "identity", text="Bob's unsaved text.")
    result = run_cli("-C", str(bob.root), "sync")
    assert result.returncode == 1
    assert "unsaved edits (principles/identity.yaml)" in result.stderr
    assert text_of(bob, "identity") == "Bob's unsaved text."
    assert bob.principle("identity")[1].title == "Identity"


@pytest.mark.parametrize(
    "address",
    [
        "--upload-pack=touch PWNED",
        "-oProxyCommand=touch PWNED",
        "ext::sh -c touch% PWNED",
        "fd::17",
    ],
)
def test_addresses_that_could_run_programs_are_refused(
    tmp_path: Path, alice: Workspace, address: str
) -> None:
    address = address.replace("PWNED", str(tmp_path / "pwned"))
    for args in (
        ("clone", "--", address, str(tmp_path / "c")),
        ("-C", str(alice.root), "sync", "--", address),
    ):
        result = run_cli(*args)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("drafter: ") and "Traceback" not in result.stderr
        assert not (tmp_path / "c").exists()
        assert not (tmp_path / "pwned").exists()
    assert git(alice.root, "remote") == "origin\n"
    with pytest.raises(DrafterError):
        sync.check_url(address)


@pytest.mark.parametrize(
    "stderr",
    [
        b"fatal: could not read Username for 'https://example.org': terminal prompts disabled\n",
        b"git@example.org: Permission denied (publickey).\nfatal: Could not read from remote repository.\n",
    ],
)
def test_missing_credentials_are_named_as_such(stderr: bytes) -> None:
    error = remote_addresses.network_error("fetch", "https://user:token@example.org/g/p.git", stderr)
    text = str(error)
    assert text.startswith("the shared workspace at https://example.org/g/p.git did not accept")
    assert "token" not in text and "\n" not in text


def test_ssh_never_prompts_unless_the_user_chose_an_ssh_command(
    alice: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    monkeypatch.delenv("GIT_SSH", raising=False)
    assert "BatchMode=yes" in Git(alice.root, network=True).env["GIT_SSH_COMMAND"]
    git(alice.root, "config", "core.sshCommand", "ssh -i ~/.ssh/group_key")
    assert "GIT_SSH_COMMAND" not in Git(alice.root, network=True).env


def test_remote_names_are_checked() -> None:
    with pytest.raises(DrafterError):
        sync.check_remote_name("-origin")
    assert sync.check_remote_name("origin") == "origin"


def test_an_old_gitpython_is_refused(alice: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import git as gitpython

    monkeypatch.setattr(gitpython, "__version__", "3.1.40")
    with pytest.raises(WorkspaceError, match=r"GitPython 3\.1\.40 is too old.*3\.1\.52"):
        sync.sync(alice)


def test_cloning_an_empty_remote_explains_and_leaves_nothing(tmp_path: Path, remote: Path) -> None:
    result = run_cli("clone", str(remote), str(tmp_path / "empty"))
    assert result.returncode == 1
    assert "is empty" in result.stderr
    assert not (tmp_path / "empty").exists()


def test_clone_works_when_the_remote_was_made_with_another_default_branch(
    tmp_path: Path,
) -> None:
    remote = tmp_path / "made-elsewhere.git"
    subprocess.run(
        ["git", "-c", "init.defaultBranch=master", "init", "-q", "--bare", str(remote)], check=True
    )
    alice = Workspace.init(tmp_path / "alice", "Principles")
    alice.add_principle("Identity", pid="identity")
    alice.save("First")
    sync.sync(alice, str(remote))
    result = run_cli("clone", str(remote), str(tmp_path / "bob"))
    assert result.returncode == 0, result.stderr
    bob = Workspace.open(tmp_path / "bob")
    assert list(bob.draft().principles) == ["identity"]
    assert git(bob.root, "branch", "--show-current").strip() == "main"
    edit(bob, "identity", title="Bob's title")
    bob.save("Bob")
    assert sync.sync(bob).pushed
    assert sync.sync(alice).merged == "fast-forward"


def test_sync_refuses_an_unrelated_history(tmp_path: Path, alice: Workspace, remote: Path) -> None:
    other = Workspace.init(tmp_path / "other", "Another document")
    result = run_cli("-C", str(other.root), "sync", str(remote))
    assert result.returncode == 1
    assert "unrelated" in result.stderr
    assert other.draft().document.title == "Another document"


def test_principle_file_helpers_are_unchanged_by_a_sync(alice: Workspace, bob: Workspace) -> None:
    """Untouched principles keep their exact bytes: syncing never reformats files."""
    before = (bob.root / "principles/intermediaries.yaml").read_bytes()
    edit(alice, "identity", title="Changed by Alice")
    save_and_sync(alice)
    edit(bob, "best-interests", title="Changed by Bob")
    save_and_sync(bob)
    assert (bob.root / "principles/intermediaries.yaml").read_bytes() == before
    assert isinstance(bob.principle("identity")[1], Principle)


# --------------------------------------------------------------------------- real text


@pytest.mark.slow
def test_real_treaty_revision_merges_with_a_members_edits(tmp_path: Path, remote: Path) -> None:
    """Alice brings in the real 2010 -> 2014 ECHR corrections while Bob marks every article
    agreed and adds a paragraph to a few; both sides' work ends up in both copies."""
    from tests.conftest import corpus_path
    from tests.corpus import build_series_workspace, parse_echr

    _, old = parse_echr(corpus_path("treaties", "ECHR_en_2010-06-01_527d5ccf84.md"))
    _, new = parse_echr(corpus_path("treaties", "ECHR_en_2014-05-01_72138ebeb1.md"))
    alice = build_series_workspace(tmp_path / "alice", "ECHR", [("2010", old)])
    alice = make_member(alice.root, "Alice")
    sync.sync(alice, str(remote))
    bob = clone_member(tmp_path, remote, "Bob")
    assert bob.history.meeting_tags().keys() == {"2010"}

    for p in new:  # Alice: the real corrections, all at once
        alice.write_principle(p)
    alice.save("The 2014 text")
    sync.sync(alice)

    old_by_id = {p.id: p for p in old}
    new_by_id = {p.id: p for p in new}
    assert sum(old_by_id[pid] != p for pid, p in new_by_id.items()) == 23  # real corrections
    # Bob adds a paragraph where the last paragraph is the same in both texts
    extended = [
        pid
        for pid in new_by_id
        if pid in old_by_id
        and old_by_id[pid].text
        and old_by_id[pid].text.split("\n\n")[-1] == new_by_id[pid].text.split("\n\n")[-1]
    ][:5]
    assert len(extended) == 5
    note = "The Group notes this article's relevance to children born through surrogacy."
    for p in old:
        text = f"{p.text}\n\n{note}" if p.id in extended else p.text
        bob.write_principle(replace(p, status="agreed", tags=("echr",), text=text))
    bob.save("Bob: statuses, tags, notes")
    report = sync.sync(bob)
    assert report.clashes == [] and report.pushed
    sync.sync(alice)

    for ws in (alice, bob):
        draft = ws.draft()
        assert draft.document.order == tuple(p.id for p in new)
        for p in new:
            got = draft.principles[p.id]
            expected_text = f"{p.text}\n\n{note}" if p.id in extended else p.text
            assert (got.text, got.title, got.items) == (expected_text, p.title, p.items)
            assert (got.status, got.tags) == ("agreed", ("echr",))
    assert_clean(bob)
