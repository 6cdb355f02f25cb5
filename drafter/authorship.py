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
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from drafter.errors import DrafterError

if TYPE_CHECKING:
    from drafter.model import Draft, Principle
    from drafter.workspace import Workspace

T = TypeVar("T")
Piece = tuple[str, str]

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


def drafts(ws: Workspace, steps: Sequence[Step], changed: set[str], newest: Draft) -> list[Draft]:
    """The draft as each step left it, reading only what the attribution needs.

    Only the principles in ``changed`` (those that differ between the two drafts) are
    read at each step, with drafter.yaml for the numbering; every other principle is
    taken from ``newest``, where it stands as it stood before.
    """
    from dataclasses import replace

    from drafter.refs import WORKING
    from drafter.store import DOCUMENT_FILE, build_draft, principle_path

    wanted = [DOCUMENT_FILE, *(principle_path(pid) for pid in sorted(changed))]
    found: list[Draft] = []
    for step in steps:
        if not step.sha:
            found.append(ws.draft(WORKING))
            continue
        files = ws.history.tree_files(ws.history.resolve(step.sha), wanted)
        draft, _problems = build_draft(files, strict=False)
        if draft is None:
            found.append(newest)
            continue
        principles = {pid: p for pid, p in newest.principles.items() if pid not in changed} | dict(
            draft.principles
        )
        found.append(replace(draft, principles=principles))
    return found


class TextHistory(Generic[T]):
    """Which step inserted each character of the newest text, and which deleted each of the oldest.

    ``versions[0]`` is the oldest text; ``versions[k]`` is the text after ``stamps[k-1]``.
    Characters the step-by-step history cannot explain (the direct diff pairs text
    differently) are credited to None, and the caller uses its default.
    """

    def __init__(self, versions: Sequence[str], stamps: Sequence[T], differ: Differ) -> None:
        first = versions[0]
        steps = [k for k in range(1, len(versions)) if versions[k] != versions[k - 1]]
        #: the last step that changed the text: credited with what cannot be explained
        self.last: T | None = stamps[steps[-1] - 1] if steps else None
        if len(steps) == 1:
            # one revision made every difference: no need to follow the text
            only = stamps[steps[0] - 1]
            self.deleted_by: list[T | None] = [only] * len(first)
            self.inserted_by: list[T | None] = [only] * len(versions[-1])
            return
        deleted: list[T | None] = [None] * len(first)
        # origin of each character of the current version: >= 0 an index into the oldest
        # text, < 0 the step that inserted it (-1 - step)
        origin: list[int] = list(range(len(first)))
        for k in steps:
            prev, cur = versions[k - 1], versions[k]
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
        self.inserted_by = [stamps[-o - 1] if o < 0 else None for o in origin]


def split_by_stamp(text: str, owners: Sequence[T | None], default: T) -> list[tuple[str, T]]:
    """``text`` cut where its owner changes: [(part, stamp)], owners aligned to ``text``."""
    parts: list[tuple[str, T]] = []
    start = 0
    current = owners[0] if owners else None
    for i in range(1, len(text) + 1):
        owner = owners[i] if i < len(text) and i < len(owners) else None
        if i == len(text) or owner != current:
            parts.append((text[start:i], current or default))
            start = i
            current = owner
    return [p for p in parts if p[0]]


# --------------------------------------------------------------------------- per principle


@dataclass(frozen=True)
class PrincipleRevision:
    """One revision that changed a principle, and the words it changed, field by field."""

    step: Step
    change: str  # "added" | "modified" | "removed"
    fields: dict[str, list[Piece]] = field(default_factory=dict)


def principle_log(ws: Workspace, pid: str) -> list[PrincipleRevision]:
    """Every saved revision that changed principle ``pid``, oldest first.

    Follows first parents from the newest saved revision (a merge counts as one change,
    as the log shows it). Unsaved working edits are not part of the history.
    """
    from drafter.diff import principle_fields
    from drafter.model import check_id
    from drafter.store import parse_principle, principle_path

    check_id(pid, "principle id")
    history = ws.history
    if not history.has_commits():
        return []
    path = principle_path(pid)
    by_sha = {r.sha: r for r in history.revisions()}
    found: list[PrincipleRevision] = []
    commit = history.resolve("HEAD")
    data = history.tree_files(commit, [path]).get(path)
    while True:
        parent = commit.parents[0] if commit.parents else None
        before = history.tree_files(parent, [path]).get(path) if parent is not None else None
        if before != data:
            old = parse_principle(path, before) if before is not None else None
            new = parse_principle(path, data) if data is not None else None
            rev = by_sha.get(commit.hexsha)
            if rev is not None:
                step = Step(rev.sha, rev.author, rev.date, rev.meeting, rev.subject)
                change = "added" if old is None else "removed" if new is None else "modified"
                found.append(PrincipleRevision(step, change, principle_fields(old, new)))
        if parent is None or len(found) > MAX_CHAIN:
            break
        commit, data = parent, before
    found.reverse()
    return found


CONTEXT_WORDS = 4  # words of unchanged text shown on each side of a change


def changed_words(pieces: list[tuple[str, str]]) -> str:
    """The changes of one field with a few words of context: [-old-]{+new+}."""
    out: list[str] = []
    last = len(pieces) - 1
    for n, (op, text) in enumerate(pieces):
        if op == "delete":
            out.append(f"[-{text}-]")
        elif op == "insert":
            out.append(f"{{+{text}+}}")
        else:
            words = text.split(" ")
            head = " ".join(words[:CONTEXT_WORDS]) if n > 0 else ""
            tail = " ".join(words[-CONTEXT_WORDS:]) if n < last else ""
            if len(words) <= 2 * CONTEXT_WORDS or not (head and tail):
                if n == 0 and len(words) > CONTEXT_WORDS:
                    out.append("…" + tail)
                elif n == last and len(words) > CONTEXT_WORDS:
                    out.append(head + "…")
                else:
                    out.append(text)
            else:
                out.append(f"{head} … {tail}")
    return "".join(out).replace("\n", " ⏎ ")


def blame(ws: Workspace, pid: str) -> dict[str, list[tuple[str, Step | None]]]:
    """Each field of the principle as last saved, cut into (text, revision that wrote it)."""
    from drafter.diff import word_diff

    log = principle_log(ws, pid)
    if not log or log[-1].change == "removed":
        return {}
    from drafter.diff import PRINCIPLE_FIELDS

    seen = {name for entry in log for name in entry.fields}
    names = [n for n in PRINCIPLE_FIELDS if n in seen] + sorted(seen - set(PRINCIPLE_FIELDS))
    result: dict[str, list[tuple[str, Step | None]]] = {}
    for name in names:
        versions = [""]
        steps: list[Step] = []
        for entry in log:
            pieces = entry.fields.get(name)
            if entry.change == "removed":
                versions.append("")
            elif pieces is None:
                versions.append(versions[-1])
            else:
                versions.append("".join(t for op, t in pieces if op != "delete"))
            steps.append(entry.step)
        final = versions[-1]
        if not final:
            continue
        owners = TextHistory(versions, steps, word_diff).inserted_by
        parts: list[tuple[str, Step | None]] = []
        start = 0
        for i in range(1, len(final) + 1):
            if i == len(final) or owners[i] != owners[start]:
                parts.append((final[start:i], owners[start]))
                start = i
        result[name] = parts
    return result


def current_principle(ws: Workspace, pid: str) -> Principle | None:
    """The principle as last saved, for headings (None if it is not there)."""
    from drafter.errors import DrafterError

    try:
        return ws.draft("HEAD").principles.get(pid)
    except DrafterError:
        return None
