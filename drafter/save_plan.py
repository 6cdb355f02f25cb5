"""What a save would record, worked out once: changes, problems and a suggested message.

The TUI's Ctrl+S used to read the working files seven times and parse them three times
(pending changes, check, message, details). A :class:`SavePlan` is built from ONE read
of the working tree and ONE parse; the dialog, the problems shown and the commit all
use it. Everything here speaks to a person: principle numbers and titles, never file
names, ids or the ``[[principle:…]]`` syntax.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from drafter import store
from drafter.errors import Problem, ValidationError
from drafter.model import CROSS_REF_RE, Document, Draft, Principle


@dataclass(frozen=True)
class SavePlan:
    """The working files as read once for a save; ``Workspace.save(plan, message)`` commits them."""

    pending: tuple[str, ...]
    """Workspace files that differ from the last save (what git will record)."""
    problems: tuple[Problem, ...]
    """Every problem in the working files, as ``drafter check`` reports them."""
    explained: tuple[str, ...]
    """The same problems in plain words (principle number and title, no paths or syntax)."""
    message: str
    """A suggested save message, e.g. "Edit Principle 3 (Legal parentage); reorder principles"."""
    changes: tuple[str, ...]
    """What changed, one entry per principle or other part: "Principle 3 (Legal parentage)"."""
    changed_principles: int
    """How many principles were added, edited or removed (not files)."""
    meeting: str | None
    """The meeting open in the working draft: its id goes into the commit's trailer."""

    @property
    def nothing_to_save(self) -> bool:
        return not self.pending

    def describe(self, shown: int = 4) -> str:
        """What the save would record, as a reader thinks of it: "Principle 3 (Title), …"."""
        words = list(self.changes) or ["the document"]
        more = f" and {len(words) - shown} more" if len(words) > shown else ""
        return ", ".join(words[:shown]) + more + "."


def build_plan(
    draft: Draft | None,
    problems: list[Problem],
    pending: list[str],
    saved: Mapping[str, bytes],
) -> SavePlan:
    """A plan from one parse of the working files and the last save's copies of ``pending``.

    ``saved`` holds, from the last revision, drafter.yaml and the changed principle files:
    enough to tell an added principle from an edited one and to name a removed one.
    """
    before = _saved_document(saved)
    edited: list[str] = []
    added: list[str] = []
    removed: list[str] = []
    meetings = feedback = False
    for path in pending:
        pid = store.principle_id_from_path(path)
        if pid is None:
            meetings = meetings or path.startswith(store.MEETINGS_DIR + "/")
            feedback = feedback or path.startswith("feedback/")
            continue
        if draft is None or pid not in draft.principles:
            removed.append(_removed_label(pid, before, saved.get(path)))
        elif before is not None and pid not in before.order:
            added.append(draft.label(pid))
        else:
            edited.append(draft.label(pid))
    parts: list[str] = []
    if edited:
        parts.append(f"Edit {_listing(edited)}")
    if added:
        parts.append(f"add {_listing(added)}")
    if removed:
        parts.append(f"remove {_listing(removed)}")
    document_parts: list[str] = []
    if draft is not None and before is not None and before != draft.document:
        kept = [p for p in before.order if p in draft.document.order]
        if kept != [p for p in draft.document.order if p in before.order]:
            document_parts.append("reorder principles")
        if before.preamble != draft.document.preamble:
            document_parts.append("edit the preamble")
        if before.title != draft.document.title:
            document_parts.append("retitle the document")
    parts += document_parts
    if meetings:
        parts.append("update meetings")
    if feedback:
        parts.append("record feedback")
    message = "; ".join(parts) if parts else ("Edit the document" if pending else "Save")
    changes = edited + added + removed + document_parts + (["the meetings"] if meetings else [])
    changes += ["the feedback received"] if feedback else []
    if not changes and store.DOCUMENT_FILE in pending:
        changes.append("the document's settings")
    return SavePlan(
        pending=tuple(pending),
        problems=tuple(problems),
        explained=tuple(explain(problem, draft) for problem in problems),
        message=message[0].upper() + message[1:],
        changes=tuple(changes),
        changed_principles=len(edited) + len(added) + len(removed),
        meeting=draft.document.current_meeting if draft else None,
    )


def explain(problem: Problem, draft: Draft | None) -> str:
    """One problem as a person reads it: which principle, what is wrong, what to do."""
    pid = store.principle_id_from_path(problem.path)
    where = draft.label(pid) if draft and pid and pid in draft.principles else ""
    match = CROSS_REF_RE.search(problem.message)
    if match and "names no principle" in problem.message:
        return (
            f"{where or 'The document'} refers to a principle that no longer exists "
            f"(“{match.group(1)}”). Open it, delete the underlined reference and insert a "
            "new one with Ctrl+R."
        )
    if "missing from the order" in problem.message and where:
        return f"{where} is not in the list of principles. Press Ctrl+R to read the files again."
    if where:
        return f"{where}: {problem.message}."
    return f"{problem}."


def _saved_document(saved: Mapping[str, bytes]) -> Document | None:
    data = saved.get(store.DOCUMENT_FILE)
    if data is None:
        return None
    try:
        return store.parse_document(store.DOCUMENT_FILE, data)
    except ValidationError:
        return None


def _removed_label(pid: str, before: Document | None, data: bytes | None) -> str:
    """A deleted principle by its former number and title (read from the last save)."""
    title = ""
    if data is not None:
        try:
            old: Principle = store.parse_principle(store.principle_path(pid), data)
            title = old.title
        except ValidationError:
            title = ""
    number = before.order.index(pid) + 1 if before is not None and pid in before.order else None
    head = f"former Principle {number}" if number else "a principle"
    return f"{head} ({title})" if title else head


def _listing(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    shown = ", ".join(labels[:3]) + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")
    return f"{len(labels)} principles: {shown}"
