"""Sharing a workspace through a git remote: clone, fetch, principle-level merge, push, tags.

The rules, for people who do not know git: ``sync`` saves nothing by itself (unsaved
edits make it refuse), never drops a commit, never forces a push and never overwrites an
edit. Their commits always become ancestors of ours through a merge commit with two
parents, whose files are the principle-level merge of :mod:`drafter.merge`.

When a merge has clashes the merge commit keeps *our* text for the clashing fields,
their text stays in their commit (an ancestor) and in the clash record
(:mod:`drafter.clashes`), and nothing is pushed until every clash is resolved and
saved: the resolution is a new commit on top of the merge, and the next sync shares
both. So no one ever receives a merge that quietly replaced their words.

Meeting tags travel both ways: theirs are fetched into a private mirror
(``refs/drafter/remote-tags/<remote>/``) and copied in when absent here; ours are pushed
when absent there. A tag that differs on the two sides is left alone and reported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from drafter import checkout, incoming, store
from drafter import clashes as clash_records
from drafter.errors import DrafterError, SyncError, WorkspaceError
from drafter.git.objects import LooseObjects, blob_sha
from drafter.git.repository import check_gitpython
from drafter.git.runner import Git, GitTimeout
from drafter.layout import FEEDBACK_DIR, git_dir, is_workspace_path
from drafter.merge import Clash, MergeResult, merge_drafts
from drafter.model import Draft, Principle
from drafter.refs import MEETING_TAG_PREFIX
from drafter.remote import (
    REMOTE_NAME_RE,
    check_remote_name,
    check_url,
    default_clone_path,
    display_url,
    local_address,
    network_error,
)
from drafter.safe_files import remove_created
from drafter.visible import visible

if TYPE_CHECKING:
    from drafter.workspace import Workspace

__all__ = ["SyncError", "SyncReport", "clone", "sync"]

DEFAULT_REMOTE = "origin"
NETWORK_TIMEOUT = 300
PUSH_ATTEMPTS = 5
TAG_NS = f"refs/tags/{MEETING_TAG_PREFIX}"
MIRROR_NS = "refs/drafter/remote-tags/"
ZERO = "0" * 40
# A push that lost a race: someone else's push landed first, or held the branch's lock.
_RACE_HINTS = ("fetch first", "non-fast-forward", "failed to update ref", "cannot lock ref",
               "incorrect old value", "stale info", "failed to lock")  # fmt: skip

Progress = Callable[[str], None]


@dataclass
class SyncReport:
    """What a sync did, for the CLI and the TUI to tell the user."""

    remote: str
    url: str
    set_up: bool = False
    merged: str = ""  # "" nothing came in, "fast-forward", "merge"
    merge_commit: str | None = None
    incoming: list[str] = field(default_factory=list)
    pushed: bool = False
    up_to_date: bool = False
    clashes: list[Clash] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    tags_in: list[str] = field(default_factory=list)
    tags_out: list[str] = field(default_factory=list)
    draft: Draft | None = None


# --------------------------------------------------------------------------- safety


def _network(g: Git, *args: str) -> tuple[int, bytes, bytes]:
    """A git command that talks to the remote, with its time limit turned into one line."""
    try:
        result = g.run(*args, timeout=NETWORK_TIMEOUT, check=False)
    except GitTimeout as exc:
        raise SyncError(
            f"{exc}: the shared workspace did not answer; your work is unchanged"
        ) from None
    return result.returncode, result.stdout, result.stderr


# --------------------------------------------------------------------------- clone


def clone(
    url: str, path: str | Path | None = None, *, progress: Progress | None = None
) -> Workspace:
    """A working copy of a shared workspace, meeting tags included.

    git copies the history only (no checkout, no tags, no local hard links); drafter
    checks every commit and writes the files itself.
    """
    from drafter.workspace import Workspace

    check_gitpython()
    url = local_address(check_url(url))
    target = Path(path) if path else Path(default_clone_path(url))
    if str(target).startswith("-"):
        raise DrafterError(f"{str(target)!r} is not a folder name: it looks like an option")
    existed = target.exists()
    if existed and (not target.is_dir() or any(target.iterdir())):
        raise DrafterError(f"{target}: already exists and is not an empty folder")
    say = progress or (lambda _message: None)
    say(f"Copying the shared workspace from {display_url(url)}")
    parent = target.resolve().parent
    if not parent.is_dir():
        raise DrafterError(f"{parent}: no such folder")
    code, _out, err = _network(
        Git(parent, network=True), "clone", "--no-checkout", "--no-tags", "--no-local",
        "--origin", DEFAULT_REMOTE, "--", url, str(target.resolve()),
    )  # fmt: skip
    if code != 0:
        remove_created(target, existed)
        raise network_error("clone", url, err)
    try:
        g = Git(target.resolve(), network=True)
        head = _check_out_shared_branch(g)
        if head is None:
            raise DrafterError(
                f"the shared workspace at {display_url(url)} is empty: one member creates the "
                "workspace (drafter init) and shares it with: drafter sync URL"
            )
        incoming.check_tree(g, head)
        if store.DOCUMENT_FILE not in g.tree(head):
            raise DrafterError(
                f"{display_url(url)} is a git repository but not a drafter workspace"
            )
        checkout.move(g.root, g, None, head, "drafter clone")
        (g.root / store.EXPORTS_DIR).mkdir(exist_ok=True)
        _fetch(g, DEFAULT_REMOTE, url)  # fill the tag mirror
        report = SyncReport(remote=DEFAULT_REMOTE, url=display_url(url))
        _adopt_tags(g, DEFAULT_REMOTE, report)
    except BaseException:
        remove_created(target, existed)
        raise
    say("Done")
    return Workspace.open(target)


def _check_out_shared_branch(g: Git) -> str | None:
    """The branch to work on: the remote's HEAD branch, else main, master or any other.

    Only the branch is set up; files are written after every commit was checked.
    """
    head = g.sha("HEAD")
    if head is not None:
        return head
    prefix = f"refs/remotes/{DEFAULT_REMOTE}/"
    branches = [b for b in g.refs(prefix) if b != "HEAD"]
    for name in ("main", "master", *sorted(branches)):
        if name in branches:
            g.run(
                "branch", "--quiet", "--track", "--end-of-options", name, f"{DEFAULT_REMOTE}/{name}"
            )
            g.run("symbolic-ref", "HEAD", f"refs/heads/{name}")
            return g.sha("HEAD")
    return None


# --------------------------------------------------------------------------- sync


def remotes(ws: Workspace) -> dict[str, str]:
    g = Git(ws.root)
    names = g.out("remote").split()
    return {n: g.out("remote", "get-url", "--", n) for n in names}


def _choose_remote(ws: Workspace, given: str | None) -> tuple[str, str, bool]:
    """(remote name, url, whether it must be set up as origin first)."""
    known = remotes(ws)
    if given is None:
        if DEFAULT_REMOTE in known:
            return DEFAULT_REMOTE, known[DEFAULT_REMOTE], False
        if len(known) == 1:
            name = next(iter(known))
            return name, known[name], False
        if not known:
            raise DrafterError(
                "this workspace is not shared yet: give the address of the shared workspace "
                "once, e.g. drafter sync https://host/group/principles.git"
            )
        raise DrafterError(
            f"this workspace has several remotes ({', '.join(sorted(known))}): name one"
        )
    if given in known:
        return given, known[given], False
    given = local_address(check_url(given))
    for name, url in known.items():
        if url == given:
            return name, url, False
    if REMOTE_NAME_RE.match(given) and not Path(given).exists():
        raise DrafterError(
            f"no remote called {given!r} (known: {', '.join(sorted(known)) or 'none'})"
        )
    if DEFAULT_REMOTE in known:
        raise DrafterError(
            f"this workspace already shares through {DEFAULT_REMOTE} "
            f"({display_url(known[DEFAULT_REMOTE])}); "
            f"to share elsewhere: git remote add NAME {display_url(given)}, then drafter sync NAME"
        )
    return DEFAULT_REMOTE, given, True


def _branch(g: Git) -> str:
    result = g.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    name = result.stdout.decode().strip()
    if result.returncode != 0 or not name:
        raise WorkspaceError("the workspace is not on a branch (detached HEAD): cannot sync")
    return name


def _fetch(g: Git, remote: str, url: str) -> None:
    check_remote_name(remote)
    code, _out, err = _network(
        g, "fetch", "--no-tags", "--no-recurse-submodules", "--quiet", "--end-of-options", remote,
        f"+refs/heads/*:refs/remotes/{remote}/*",
        f"+{TAG_NS}*:{MIRROR_NS}{remote}/meeting/*",
    )  # fmt: skip
    if code != 0:
        raise network_error("fetch", url, err)


def _refuse_unsaved(ws: Workspace, g: Git) -> None:
    """Sync never saves by itself: edits to drafter's files must be saved first.

    Edits are judged by content (drafter's own view), so line-ending or filter settings
    can never make a saved workspace look edited and leave sync and save disagreeing.
    """
    changed = ws.pending_changes()
    staged = g.run("diff", "--cached", "--name-only", "-z").stdout.decode("utf-8", "replace")
    files = changed + [p for p in staged.split("\0") if is_workspace_path(p) and p not in changed]
    if files:
        shown = ", ".join(visible(f) for f in files[:5]) + (" ..." if len(files) > 5 else "")
        raise WorkspaceError(
            f"there are unsaved edits ({shown}): save them first (drafter save), then sync; "
            "sync never saves by itself"
        )


def sync(
    ws: Workspace, remote: str | None = None, *, progress: Progress | None = None
) -> SyncReport:
    """Fetch, merge principle by principle, and push; see the module docstring for the rules."""
    say = progress or (lambda _message: None)
    check_gitpython()
    g = Git(ws.root, network=True)
    say("Checking the workspace")
    checkout.finish_interrupted(ws.root)
    ws.history.identity()  # a merge needs an author: fail before touching anything
    branch = _branch(g)
    _refuse_unsaved(ws, g)
    head = g.sha("HEAD")
    if head is not None:
        incoming.check_own(g, head)
    open_clashes = clash_records.prune(ws)
    if open_clashes:
        draft = ws.draft()
        lines = "; ".join(clash_records.describe(c, draft) for c in open_clashes[:3])
        raise WorkspaceError(
            f"{len(open_clashes)} clash{'es' if len(open_clashes) != 1 else ''} from the last "
            f"sync still open: {lines}"
        )
    name, url, set_up = _choose_remote(ws, remote)
    report = SyncReport(remote=name, url=display_url(url), set_up=set_up)
    if set_up:
        g.run("remote", "add", "--", name, url)
    say(f"Fetching from {name} ({display_url(url)})")
    try:
        _fetch(g, name, url)
    except SyncError:
        if set_up:  # a mistyped first address must not stay behind as origin
            g.run("remote", "remove", "--", name, check=False)
        raise
    for attempt in range(PUSH_ATTEMPTS):
        _bring_in(ws, g, name, branch, report, say)
        if report.clashes:
            return report
        say(f"Sending to {name}")
        if _push(g, name, url, branch, report):
            break
        if attempt == PUSH_ATTEMPTS - 1:
            raise SyncError(
                "someone shared at the same moment: run drafter sync again "
                "(your work here is saved and merged)"
            )
        say(f"Someone shared changes meanwhile: fetching from {name} again")
        _fetch(g, name, url)
    say("Sharing meeting tags")
    _exchange_tags(g, name, url, report)
    report.up_to_date = not (report.merged or report.pushed or report.tags_in or report.tags_out)
    say("Done")
    return report


# --------------------------------------------------------------------------- merging


def _bring_in(
    ws: Workspace, g: Git, remote: str, branch: str, report: SyncReport, say: Progress
) -> None:
    """Fast-forward or merge the remote branch into ours, files on disk included."""
    theirs = g.sha(f"refs/remotes/{remote}/{branch}")
    ours = g.sha("HEAD")
    if theirs is None or ours is None or theirs == ours:
        return
    base = g.out("merge-base", ours, theirs) if g.ok("merge-base", ours, theirs) else ""
    if not base:
        raise DrafterError(
            f"the shared workspace at {report.url} has a history unrelated to this one: "
            "it was not cloned from it; clone it (drafter clone URL) and copy your edits over"
        )
    if base == theirs:
        return  # nothing new there
    incoming.check_tree(g, theirs)
    with ws.lock():
        _refuse_unsaved(ws, g)
        if base == ours:
            say("Bringing in the shared changes")
            before, _ = _draft_at(ws, ours, "here")
            after, _ = _draft_at(ws, theirs, "in the shared copy")
            _incoming(report, before, after)
            report.draft = after
            checkout.move(ws.root, g, ours, theirs, f"drafter sync: fast-forward to {remote}")
            report.merged = "fast-forward"
            return
        say("Merging the shared changes, principle by principle")
        _merge(ws, g, remote, base, ours, theirs, report)


def _draft_at(ws: Workspace, commit: str, side: str) -> tuple[Draft, dict[str, bytes]]:
    files = ws.history.tree_files(ws.history.repo.commit(commit))
    draft, problems = store.build_draft(files, strict=False)
    if problems or draft is None:
        first = problems[0] if problems else "drafter.yaml missing"
        raise DrafterError(f"cannot merge: {side} the workspace has a broken file: {first}")
    return draft, files


def _incoming(report: SyncReport, before: Draft, after: Draft) -> None:
    """What the others' changes did to this copy, principle by principle."""
    for _n, p in after.ordered():
        if p.id not in before.principles:
            report.incoming.append(f"{after.label(p.id)} added")
        elif before.principles[p.id] != p:
            report.incoming.append(f"{after.label(p.id)} changed")
    for pid, p in before.principles.items():
        if pid not in after.principles:
            report.incoming.append(f"{p.title} ({pid}) removed")
    if not report.incoming and before.document.order != after.document.order:
        report.incoming.append("the order of the principles changed")


def _merge(
    ws: Workspace, g: Git, remote: str, base: str, ours: str, theirs: str, report: SyncReport
) -> None:
    from drafter.history import MEETING_TRAILER
    from drafter.workspace import normalized

    base_draft, _ = _draft_at(ws, base, "at the common starting point")
    ours_draft, ours_files = _draft_at(ws, ours, "here")
    theirs_draft, theirs_files = _draft_at(ws, theirs, "in the shared copy")
    result = merge_drafts(base_draft, ours_draft, theirs_draft)
    merged_files = _files_of(result, ours_draft, ours_files, theirs_draft, theirs_files, normalized)

    base_tree, ours_tree, theirs_tree = g.tree(base), g.tree(ours), g.tree(theirs)
    target: dict[str, tuple[str, str]] = {}
    for path in set(base_tree) | set(ours_tree) | set(theirs_tree):
        # drafter's other files (.gitignore, consultation rounds): whole-file; feedback
        # files record by record (each member's imports and decisions are kept)
        if not is_workspace_path(path) or path in merged_files:
            continue
        b, o, t = base_tree.get(path), ours_tree.get(path), theirs_tree.get(path)
        if o == b and t != b:
            if t is not None:
                target[path] = t
        elif o is not None:
            target[path] = o
            if t in (b, o):
                continue
            if t is not None and path.startswith(FEEDBACK_DIR + "/"):
                merged_files[path] = _merge_feedback(g, path, b, o, t, result.notices)
            else:
                result.notices.append(f"{path} changed on both sides: kept this copy's version")
    objects = LooseObjects(git_dir(ws.root))
    for path, data in merged_files.items():
        known = ours_tree.get(path) or theirs_tree.get(path)
        sha = blob_sha(data)
        if sha not in (ours_tree.get(path, ("", ""))[1], theirs_tree.get(path, ("", ""))[1]):
            sha = objects.store_blob(data)  # new content: only what the merge combined
        target[path] = (known[0] if known else "100644", sha)
    tree = _write_tree(g, target)

    message = f"Merge the shared draft from {remote}"
    body = [clash_records.describe(c, result.draft) for c in result.clashes] + result.notices
    if body:
        message += "\n\n" + "\n".join(f"- {line}" for line in body)
    if result.draft.document.current_meeting:
        message += f"\n\n{MEETING_TRAILER}: {result.draft.document.current_meeting}"
    who = ws.history.identity()
    env = {
        "GIT_AUTHOR_NAME": who.name,
        "GIT_AUTHOR_EMAIL": who.email,
        "GIT_COMMITTER_NAME": who.name,
        "GIT_COMMITTER_EMAIL": who.email,
    }
    commit = g.out("commit-tree", tree, "-p", ours, "-p", theirs, "-F", "-",
                   input=message.encode("utf-8"), env=env)  # fmt: skip
    _incoming(report, ours_draft, result.draft)
    report.draft = result.draft
    clash_set = clash_records.ClashSet(
        merge=commit, ours=ours, theirs=theirs, base=base, remote=remote,
        clashes=tuple(result.clashes),
    )  # fmt: skip
    # the clashes are written down before HEAD moves: a kill at any moment keeps them
    checkout.move(ws.root, g, ours, commit, f"drafter sync: merge {remote}", clash_set)
    report.merged = "merge"
    report.merge_commit = commit
    report.notices.extend(result.notices)
    report.clashes = list(result.clashes)


def _merge_feedback(
    g: Git,
    path: str,
    base: tuple[str, str] | None,
    ours: tuple[str, str],
    theirs: tuple[str, str],
    notices: list[str],
) -> bytes:
    """A feedback file both sides changed, merged record by record (drafter.feedback)."""
    from drafter.feedback.records import merge_files

    def blob(entry: tuple[str, str]) -> bytes:
        return g.run("cat-file", "blob", entry[1]).stdout

    text, said = merge_files(path, blob(base) if base else None, blob(ours), blob(theirs))
    notices.extend(said)
    return text.encode("utf-8")


def _files_of(
    result: MergeResult,
    ours: Draft,
    ours_files: Mapping[str, bytes],
    theirs: Draft,
    theirs_files: Mapping[str, bytes],
    normalized: Callable[[Principle], Principle],
) -> dict[str, bytes]:
    """The merged draft as files, reusing either side's exact bytes where it is unchanged."""
    merged = result.draft
    files: dict[str, bytes] = {}

    def pick(
        path: str, value: object, mine: object, other: object, dump: Callable[[], str]
    ) -> None:
        if value == mine and path in ours_files:
            files[path] = ours_files[path]
        elif value == other and path in theirs_files:
            files[path] = theirs_files[path]
        else:
            files[path] = dump().encode("utf-8")

    doc = merged.document
    pick(
        store.DOCUMENT_FILE, doc, ours.document, theirs.document, partial(store.dump_document, doc)
    )
    for pid, p in merged.principles.items():
        dump = partial(store.dump_principle, normalized(p))
        pick(
            store.principle_path(pid), p, ours.principles.get(pid), theirs.principles.get(pid), dump
        )
    for mid, m in merged.meetings.items():
        dump = partial(store.dump_meeting, m)
        pick(store.meeting_path(mid), m, ours.meetings.get(mid), theirs.meetings.get(mid), dump)
    return files


def _write_tree(g: Git, entries: Mapping[str, tuple[str, str]]) -> str:
    index = git_dir(g.root) / "drafter-merge-index"
    index.unlink(missing_ok=True)
    try:
        lines = "".join(f"{mode} {sha}\t{path}\n" for path, (mode, sha) in sorted(entries.items()))
        env = {"GIT_INDEX_FILE": str(index)}
        g.run("update-index", "--add", "--index-info", input=lines.encode("utf-8"), env=env)
        return g.out("write-tree", env=env)
    finally:
        index.unlink(missing_ok=True)


# --------------------------------------------------------------------------- pushing


def _push(g: Git, remote: str, url: str, branch: str, report: SyncReport) -> bool:
    """Push our branch; False when someone else pushed first (fetch, merge, try again)."""
    ours = g.sha("HEAD")
    theirs = g.sha(f"refs/remotes/{remote}/{branch}")
    if ours == theirs:
        return True
    code, stdout, stderr = _network(
        g, "push", "--porcelain", "--no-verify", "--set-upstream", "--end-of-options", remote,
        f"HEAD:refs/heads/{branch}",
    )  # fmt: skip
    out = stdout.decode("utf-8", "replace")
    if code == 0:
        report.pushed = True
        g.run("update-ref", f"refs/remotes/{remote}/{branch}", ours or "", check=False)
        return True
    rejected = [line for line in out.splitlines() if line.startswith("!")]
    said = (out + stderr.decode("utf-8", "replace")).lower()
    if any(hint in said for hint in _RACE_HINTS):
        return False
    if rejected:
        why = visible(rejected[0].split("\t")[-1].strip())
        raise SyncError(
            f"the shared workspace at {display_url(url)} refused the changes: {why} — "
            "your work here is saved and unchanged"
        )
    raise network_error("push", url, stderr)


def _adopt_tags(g: Git, remote: str, report: SyncReport) -> dict[str, tuple[str, str, str]]:
    """Copy in the shared meeting tags this copy lacks; only tags of saved drafts (commits)."""
    local = g.refs(TAG_NS)
    shared = g.refs(f"{MIRROR_NS}{remote}/meeting/")
    for name, (obj, peeled, kind) in sorted(shared.items()):
        if kind != "commit":
            report.notices.append(
                f"the shared meeting tag meeting/{visible(name)} does not point at a saved "
                "draft: ignored"
            )
        elif name not in local:
            created = g.run("update-ref", TAG_NS + name, obj, ZERO, check=False)
            if created.returncode == 0:
                report.tags_in.append(f"meeting/{name}")
        elif local[name][1] != peeled:
            report.notices.append(
                f"meeting tag meeting/{name} differs from the shared one: kept this copy's"
            )
    return shared


def _exchange_tags(g: Git, remote: str, url: str, report: SyncReport) -> None:
    shared = _adopt_tags(g, remote, report)
    local = g.refs(TAG_NS)
    outgoing = [n for n in sorted(local) if n not in shared and local[n][2] == "commit"]
    if not outgoing:
        return
    refspecs = [f"{TAG_NS}{n}:{TAG_NS}{n}" for n in outgoing]
    code, stdout, stderr = _network(
        g, "push", "--porcelain", "--no-verify", "--end-of-options", remote, *refspecs
    )
    out = stdout.decode("utf-8", "replace")
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].startswith(TAG_NS):
            name = parts[1].split(":", 1)[0][len(TAG_NS) :]
            if line.startswith("!"):
                report.notices.append(
                    f"meeting tag meeting/{name} was not shared: {visible(parts[-1].strip())}"
                )
            else:
                report.tags_out.append(f"meeting/{name}")
                obj = local[name][0]
                g.run("update-ref", f"{MIRROR_NS}{remote}/meeting/{name}", obj, check=False)
    if code != 0 and not any(line.startswith("!") for line in out.splitlines()):
        raise network_error("push", url, stderr)
