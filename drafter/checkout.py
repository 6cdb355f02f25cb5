"""Moving a workspace to another commit (after a fast-forward or a merge), crash-safe.

The move is written down first, in ``.git/drafter-sync.yaml`` (old commit, new commit,
and the clashes of the merge), then the clash record, then the files, then the branch,
then git's index. A drafter killed at any moment leaves that journal behind, and the next
drafter command that opens the workspace finishes the move: a member sees either the old
state or the merged state with every clash recorded, never words silently lost.

Only drafter's own paths are written or removed, each through :mod:`drafter.safe_files`
(no link followed); a file the member edited after an interruption is left as they made it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from drafter import clashes as clash_records
from drafter import safe_files, store
from drafter.errors import WorkspaceError
from drafter.git.batch import BatchReader
from drafter.git.objects import blob_sha
from drafter.git.runner import Git
from drafter.layout import REGULAR_MODES, git_dir, is_workspace_path

JOURNAL = "drafter-sync.yaml"


def journal_file(root: Path) -> Path:
    return git_dir(root) / JOURNAL


def move(
    root: Path,
    g: Git,
    old: str | None,
    new: str,
    reflog: str,
    clash_set: clash_records.ClashSet | None = None,
) -> None:
    """Bring the branch, index and drafter's files from ``old`` to ``new``."""
    data: dict[str, Any] = {"old": old or "", "new": new, "reflog": reflog}
    if clash_set is not None and clash_set.clashes:
        data["clashes"] = clash_records.to_data(clash_set)
    store.atomic_write(journal_file(root), yaml.safe_dump(data, allow_unicode=True, width=2**31))
    _finish(root, g, data)


def finish_interrupted(root: Path) -> bool:
    """Finish a move a killed drafter left half-done; True if there was one."""
    path = journal_file(root)
    if not path.is_file():
        return False
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("new"), str):
            raise ValueError("not a journal")
    except (OSError, ValueError, yaml.YAMLError):
        path.unlink(missing_ok=True)  # unreadable: nothing was moved on its account
        return False
    _finish(root, Git(root), data)
    return True


def _finish(root: Path, g: Git, data: Mapping[str, Any]) -> None:
    old, new = str(data.get("old") or ""), str(data["new"])
    head = g.sha("HEAD")
    if head not in (old or None, new):
        # The member saved something since the interruption: their commit stands; the
        # clashes (if any) are still recorded, and the next sync merges the rest again.
        if "clashes" in data:
            _record_clashes(root, data["clashes"])
        journal_file(root).unlink(missing_ok=True)
        return
    if "clashes" in data:
        _record_clashes(root, data["clashes"])
    old_tree = g.tree(old) if old else {}
    _write_files(root, old_tree, g.tree(new))
    if head != new:
        args = ["update-ref", "-m", str(data.get("reflog") or "drafter sync"), "HEAD", new]
        g.run(*args, *([old] if old else []))
    g.run("read-tree", new)
    g.run("update-index", "-q", "--refresh", check=False)
    journal_file(root).unlink(missing_ok=True)


def _record_clashes(root: Path, raw: Any) -> None:
    try:
        clash_set = clash_records.from_data(raw)
    except (AttributeError, KeyError, TypeError):
        raise WorkspaceError(f"{journal_file(root)}: the unfinished sync cannot be read") from None
    clash_records.save(root, clash_set)


def _write_files(
    root: Path,
    old_tree: Mapping[str, tuple[str, str]],
    new_tree: Mapping[str, tuple[str, str]],
) -> None:
    """Write what changed between the trees; leave files a member changed meanwhile alone."""
    wanted = {
        path: sha
        for path, (mode, sha) in new_tree.items()
        if mode in REGULAR_MODES and is_workspace_path(path) and old_tree.get(path) != (mode, sha)
    }
    blobs: dict[str, bytes] = {}
    if wanted:
        with BatchReader(root) as reader:
            blobs = reader.blobs(list(wanted.values()))
    for path, sha in sorted(wanted.items()):
        on_disk = _disk_sha(root, path)
        before = old_tree.get(path, ("", ""))[1] or None
        if on_disk not in (before, sha, "link"):
            continue  # edited by the member after an interruption: theirs to save or drop
        if on_disk != sha:
            safe_files.write_file(root, path, blobs[sha])
    for path, (_mode, sha) in old_tree.items():
        if path in new_tree or not is_workspace_path(path):
            continue
        if _disk_sha(root, path) in (sha, None):
            safe_files.remove_file(root, path)


def _disk_sha(root: Path, path: str) -> str | None:
    try:
        return blob_sha(safe_files.read_file(root, path))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except safe_files.LinkError:
        return "link"
