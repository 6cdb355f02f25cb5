"""Edits typed in the editor but not yet written to the files, kept so a crash loses nothing.

The editor writes a principle's fields here on every keystroke (through
:class:`JournalWriter`, on its own thread, so a kill loses nothing typed more than a
few milliseconds earlier and the screen never waits for the disk); once the
edit reaches the principle's file (leaving the editor, switching principle, saving) the
entry is dropped. Whatever is still here at the next start was interrupted — a crash,
a killed terminal, a power cut — and is offered back. The journal lives in the
workspace's git folder (``.git/drafter-journal/``) so it never shows up as a change to
save, yet stays with the workspace.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter import store
from drafter.model import STATUSES, Principle, check_id, is_valid_id

if TYPE_CHECKING:
    from drafter.model import Draft
    from drafter.workspace import Workspace

JOURNAL_DIR = "drafter-journal"
_FIELDS = ("title", "status", "text", "items", "commentary")


class Journal:
    """One entry per principle with edits the files do not have yet."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_workspace(cls, ws: Workspace) -> Journal:
        return cls(ws.history.git_dir / JOURNAL_DIR)

    def _path(self, pid: str) -> Path:
        return self.folder / f"{check_id(pid, 'principle id')}.json"

    def record(self, principle: Principle) -> None:
        """Keep the editable fields of ``principle``; atomic, so a crash mid-write is harmless."""
        data: dict[str, Any] = {"id": principle.id}
        for name in _FIELDS:
            value = getattr(principle, name)
            data[name] = list(value) if isinstance(value, tuple) else value
        store.atomic_write(self._path(principle.id), json.dumps(data, ensure_ascii=False))

    def discard(self, pid: str) -> None:
        self._path(pid).unlink(missing_ok=True)

    def clear(self) -> None:
        if self.folder.is_dir():
            for path in self.folder.glob("*.json"):
                path.unlink(missing_ok=True)

    def entries(self) -> dict[str, dict[str, Any]]:
        """{principle id: fields}; unreadable entries (a foreign file, a torn disk) are skipped."""
        result: dict[str, dict[str, Any]] = {}
        if not self.folder.is_dir():
            return result
        for path in sorted(self.folder.glob("*.json")):
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(data, dict) or data.get("id") != path.stem:
                continue
            if not is_valid_id(path.stem):
                continue
            result[path.stem] = data
        return result

    def pending(self, draft: Draft) -> list[Principle]:
        """The journalled principles that differ from the files: what a crash would have lost."""
        from drafter.workspace import normalized

        result = []
        for pid, data in self.entries().items():
            base = draft.principles.get(pid) or Principle(id=pid, title="")
            edited = _apply(base, data)
            if normalized(edited) != normalized(base):
                result.append(edited)
            else:
                self.discard(pid)
        return result

    def restore(self, ws: Workspace, principles: list[Principle]) -> None:
        """Write recovered principles to the files; one that no longer exists is appended."""
        draft = ws.draft()
        order = list(draft.document.order)
        for principle in principles:
            ws.write_principle(principle)
            if principle.id not in order:
                order.append(principle.id)
            self.discard(principle.id)
        if tuple(order) != draft.document.order:
            ws.write_document(replace(draft.document, order=tuple(order)))


def _apply(base: Principle, data: dict[str, Any]) -> Principle:
    """``base`` with the journalled fields that are well-formed; the rest stays as in base."""
    changes: dict[str, Any] = {}
    for name in ("title", "text", "commentary"):
        if isinstance(data.get(name), str):
            changes[name] = data[name]
    if data.get("status") in STATUSES:
        changes["status"] = data["status"]
    items = data.get("items")
    if isinstance(items, list) and all(isinstance(i, str) for i in items):
        changes["items"] = tuple(items)
    return replace(base, **changes)


class JournalWriter:
    """Writes journal entries on a thread of its own, as soon as they are typed.

    Not the workspace thread: a long git call there (a comparison, a save) would hold
    back the journal, and a kill in that moment would lose the typing. Entries for the
    same principle coalesce: if the disk is slower than the typist, the latest text
    wins, never an older one. Record and discard keep their order.
    """

    def __init__(
        self, journal: Journal, on_error: Callable[[BaseException], None] | None = None
    ) -> None:
        self.journal = journal
        self._on_error = on_error
        self._latest: dict[str, Principle | None] = {}
        self._busy = False
        self._closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="drafter-journal", daemon=True)
        self._thread.start()

    def record(self, principle: Principle) -> None:
        with self._cond:
            self._latest.pop(principle.id, None)  # keep the order of the last request
            self._latest[principle.id] = principle
            self._cond.notify()

    def discard(self, pid: str) -> None:
        with self._cond:
            self._latest.pop(pid, None)
            self._latest[pid] = None
            self._cond.notify()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything asked for is on disk; False if that took too long."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._latest and not self._busy, timeout)

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout=5.0)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._latest or self._closed)
                if not self._latest and self._closed:
                    return
                batch, self._latest = self._latest, {}
                self._busy = True
            try:
                for pid, principle in batch.items():
                    try:
                        if principle is None:
                            self.journal.discard(pid)
                        else:
                            self.journal.record(principle)
                    except Exception as exc:  # reported, never fatal: typing goes on
                        if self._on_error is not None:
                            self._on_error(exc)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
