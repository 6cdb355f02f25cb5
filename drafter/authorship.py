"""Who changed what: the revisions between two drafts, and which one wrote or removed each word.

A redline from draft A to draft B shows one set of differences, but several people made
them over many revisions. Following the text through every revision between A and B
says, for each character of B, which revision inserted it, and for each character of A,
which revision deleted it. The exporter stamps each tracked change with that revision's
author and date; ``drafter blame`` and ``drafter log --principle`` show the same per
principle. Plain data only: no Textual, no Word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from drafter.errors import DrafterError

if TYPE_CHECKING:
    from drafter.model import Draft
    from drafter.workspace import Workspace

Stamp = tuple[str, datetime]  # (author, date) of one revision
Differ = Callable[[str, str], list[tuple[str, str]]]

MAX_CHAIN = 2000  # revisions followed between two drafts before giving up on detail


@dataclass(frozen=True)
class Step:
    """One revision on the way from the older draft to the newer one."""

    sha: str  # "" for the working files
    author: str
    when: datetime
    meeting: str | None
    subject: str

    @property
    def stamp(self) -> Stamp:
        return (self.author, self.when)


def chain(ws: Workspace, old: str, new: str) -> list[Step] | None:
    """The revisions after ``old`` up to ``new``, oldest first (None: not on one line).

    Follows first parents from ``new`` back to ``old``; ``new`` may be ``working``, whose
    step comes last and is dated now, by the user. A merge's other side is credited to
    the merge itself, as git's first-parent history tells it.
    """
    from drafter.refs import WORKING

    history = ws.history
    old_sha = history.resolve(old).hexsha
    steps: list[Step] = []
    if new == WORKING:
        try:
            who = history.identity().name
        except DrafterError:
            who = "drafter"
        now = datetime.now().astimezone()
        steps.append(Step("", who, now, None, "working files"))
        if not history.has_commits():
            return None
        commit = history.resolve("HEAD")
    else:
        commit = history.resolve(new)
    by_sha = {r.sha: r for r in history.revisions()}
    while commit.hexsha != old_sha:
        rev = by_sha.get(commit.hexsha)
        if rev is None or not commit.parents or len(steps) > MAX_CHAIN:
            return None
        steps.append(Step(rev.sha, rev.author, rev.date, rev.meeting, rev.subject))
        commit = commit.parents[0]
    steps.reverse()
    return steps


def drafts(ws: Workspace, steps: Sequence[Step]) -> list[Draft]:
    """The draft as each step left it."""
    from drafter.refs import WORKING

    return [ws.draft(step.sha or WORKING) for step in steps]


class TextHistory:
    """Which step inserted each character of the newest text, and which deleted each of the oldest.

    ``versions[0]`` is the oldest text; ``versions[k]`` is the text after ``stamps[k-1]``.
    Characters the step-by-step history cannot explain (the direct diff pairs text
    differently) are credited to None, and the caller uses its default.
    """

    def __init__(self, versions: Sequence[str], stamps: Sequence[Stamp], differ: Differ) -> None:
        first = versions[0]
        deleted: list[Stamp | None] = [None] * len(first)
        # origin of each character of the current version: >= 0 an index into the oldest
        # text, < 0 the step that inserted it (-1 - step)
        origin: list[int] = list(range(len(first)))
        for k in range(1, len(versions)):
            prev, cur = versions[k - 1], versions[k]
            if prev == cur:
                continue
            new_origin: list[int] = []
            at = 0
            for op, text in differ(prev, cur):
                n = len(text)
                if op == "equal":
                    new_origin += origin[at : at + n]
                    at += n
                elif op == "delete":
                    for o in origin[at : at + n]:
                        if o >= 0:
                            deleted[o] = stamps[k - 1]
                    at += n
                else:
                    new_origin += [-k] * n
            origin = new_origin
        self.deleted_by = deleted
        self.inserted_by: list[Stamp | None] = [stamps[-o - 1] if o < 0 else None for o in origin]


def split_by_stamp(
    text: str, owners: Sequence[Stamp | None], default: Stamp
) -> list[tuple[str, Stamp]]:
    """``text`` cut where its owner changes: [(part, stamp)], owners aligned to ``text``."""
    parts: list[tuple[str, Stamp]] = []
    start = 0
    current = owners[0] if owners else None
    for i in range(1, len(text) + 1):
        owner = owners[i] if i < len(text) and i < len(owners) else None
        if i == len(text) or owner != current:
            parts.append((text[start:i], current or default))
            start = i
            current = owner
    return [p for p in parts if p[0]]
