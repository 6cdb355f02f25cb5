"""What a shared remote may bring in: drafter's own files, each a plain file, nothing else.

Before sync or clone writes anything, the commit it would bring in is checked: its
tree may hold only the paths of :mod:`drafter.layout`, as regular files. A symbolic
link, a submodule, ``.gitattributes``, ``.gitmodules``, an entry named ``.git`` or
``..``, or any other path is refused with one line naming the path and the commit, and
nothing is written. git itself checks every fetched object (``fetch.fsckObjects``), so a
crafted tree anywhere in the history (an entry named ``..`` or ``.git``) never arrives.
Older commits are never written to disk, so a shared copy repaired by a later commit
can be synced again.
"""

from __future__ import annotations

from drafter.errors import DrafterError
from drafter.git.runner import Git
from drafter.layout import Refusal, refusal
from drafter.visible import visible


class ForeignContentError(DrafterError):
    """A commit from the shared remote holds something a workspace must never hold."""


def first_refusal(g: Git, commit: str) -> Refusal | None:
    """The first entry of ``commit``'s whole tree that a workspace never holds, if any."""
    for path, (mode, kind, _sha) in g.entries(commit, folders=True).items():
        found = refusal(path, mode, kind)
        if found is not None:
            return found
    return None


def check_tree(g: Git, commit: str) -> None:
    """Refuse ``commit`` if its whole tree holds anything but drafter's own files."""
    found = first_refusal(g, commit)
    if found is not None:
        raise _error(found, commit)


def check_own(g: Git, commit: str) -> None:
    """Refuse to share a commit of ours that every other member's drafter would refuse."""
    found = first_refusal(g, commit)
    if found is not None:
        where = visible(found.path)
        raise ForeignContentError(
            f"this workspace's last save holds {where!r}: {found.reason}; the others' "
            f"drafter would refuse it, so nothing was shared — remove it with: "
            f"git rm -r --cached -- {where}, then drafter save and sync again"
        )


def _error(found: Refusal, commit: str) -> ForeignContentError:
    where = visible(found.path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    return ForeignContentError(
        f"the shared workspace holds {where!r} in commit {commit[:10]}: {found.reason}; "
        "nothing was brought in or changed here — ask whoever shared it to remove it"
    )
