"""What a shared remote may bring in: drafter's own files, each a plain file, nothing else.

Before sync or clone writes anything, every commit that would arrive is checked: its
tree may hold only the paths of :mod:`drafter.layout`, as regular files. A symbolic
link, a submodule, ``.gitattributes``, ``.gitmodules``, an entry named ``.git`` or
``..``, or any other path is refused with one line naming the path and the commit, and
nothing is written. git itself also checks every fetched object (``fetch.fsckObjects``).
"""

from __future__ import annotations

from drafter.errors import DrafterError
from drafter.git.runner import Git
from drafter.layout import Refusal, refusal
from drafter.visible import visible


class ForeignContentError(DrafterError):
    """A commit from the shared remote holds something a workspace must never hold."""


def check_tree(g: Git, commit: str) -> None:
    """Refuse ``commit`` if its whole tree holds anything but drafter's own files."""
    for path, (mode, kind, _sha) in g.entries(commit, folders=True).items():
        found = refusal(path, mode, kind)
        if found is not None:
            raise _error(found, commit)


def check_commits(g: Git, have: str | None, incoming: str) -> None:
    """Refuse if any commit from ``have`` (exclusive) to ``incoming`` adds a foreign entry.

    The tip's whole tree is checked, then every new commit's changes (merges against each
    parent), so an entry added and removed again in between is refused too.
    """
    check_tree(g, incoming)
    span = [incoming] if have is None else [incoming, f"^{have}"]
    commits = g.out("rev-list", *span, "--")
    if not commits:
        return
    raw = g.run(
        "diff-tree", "--stdin", "-r", "-t", "-z", "-m", "--root", "--no-renames",
        input=(commits + "\n").encode(),
    ).stdout  # fmt: skip
    _check_raw(raw, commits.split())


def _check_raw(raw: bytes, commits: list[str]) -> None:
    """Walk ``diff-tree --stdin -z`` output; entries follow the commit they belong to."""
    fields = raw.split(b"\0")
    commit = commits[0] if commits else ""
    i = 0
    while i < len(fields):
        field = fields[i]
        if not field.startswith(b":"):
            head = field.split(b" ", 1)[0].decode("ascii", "replace").strip()
            if len(head) == 40:
                commit = head
            i += 1
            continue
        meta = field[1:].decode("ascii", "replace").split()
        path = fields[i + 1].decode("utf-8", "surrogateescape") if i + 1 < len(fields) else ""
        i += 2
        if len(meta) < 5 or meta[4].startswith("D"):
            continue
        new_mode = meta[1]
        kind = "tree" if new_mode == "040000" else "commit" if new_mode == "160000" else "blob"
        found = refusal(path, new_mode, kind)
        if found is not None:
            raise _error(found, commit)


def _error(found: Refusal, commit: str) -> ForeignContentError:
    where = visible(found.path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    return ForeignContentError(
        f"the shared workspace holds {where!r} in commit {commit[:10]}: {found.reason}; "
        "nothing was brought in or changed here — ask whoever shared it to remove it"
    )
