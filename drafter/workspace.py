"""The operations users perform on a workspace; the CLI and the TUI both call these.

A workspace is a folder that is a git repository holding ``drafter.yaml``,
``principles/`` and ``meetings/``. Editing functions write files atomically; ``save``
turns what changed on disk into one commit. Nothing here knows about a terminal.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, overload

from drafter import quick_read, store
from drafter.errors import (
    DrafterError,
    InvalidIdError,
    Problem,
    ValidationError,
    WorkspaceError,
)
from drafter.model import (
    CROSS_REF_RE,
    Document,
    Draft,
    Meeting,
    Principle,
    Translation,
    check_id,
    clean_text,
    is_valid_language,
    slugify,
)
from drafter.refs import WORKING
from drafter.save_plan import SavePlan

if TYPE_CHECKING:
    from drafter.git.repository import History
    from drafter.history import Identity, MeetingGroup

LOCK_WAIT_SECONDS = 5.0
GITIGNORE = f"/{store.EXPORTS_DIR}/\n.*.tmp\n"


class Workspace:
    """One workspace on disk. Cheap to create: git is only opened when needed."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._history: History | None = None

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | Path = ".") -> Workspace:
        root = Path(path).resolve()
        if not root.is_dir():
            raise WorkspaceError(f"{path}: no such folder")
        if not (root / store.DOCUMENT_FILE).is_file():
            _refuse_if_document_deleted(root)
            raise WorkspaceError(
                f"{root}: not a drafter workspace (no {store.DOCUMENT_FILE}); "
                "create one with: drafter init --title TITLE"
            )
        if (root / store.DOCUMENT_FILE).is_symlink():
            from drafter.safe_files import refuse_link

            raise refuse_link(store.DOCUMENT_FILE)
        _finish_interrupted_sync(root)
        return cls(root)

    @classmethod
    def create(cls, path: str | Path) -> Workspace:
        """A new workspace's git repository, folders and .gitignore; nothing saved yet."""
        from drafter.git.repository import History

        root = Path(path).resolve()
        root.mkdir(parents=True, exist_ok=True)
        if not (root / ".git").exists():
            History.init(root)
        for folder in (store.PRINCIPLES_DIR, store.MEETINGS_DIR, store.EXPORTS_DIR):
            (root / folder).mkdir(exist_ok=True)
        ignore = root / ".gitignore"
        if not ignore.exists():
            store.atomic_write(ignore, GITIGNORE, root=root)
        return cls(root)

    @classmethod
    def init(cls, path: str | Path, title: str, *, language: str = "en") -> Workspace:
        root = Path(path).resolve()
        if (root / store.DOCUMENT_FILE).exists():
            raise WorkspaceError(f"{root}: is already a drafter workspace")
        _refuse_if_document_deleted(root)  # a new drafter.yaml would bury the saved one
        if not title.strip():
            raise WorkspaceError("a workspace needs a title: --title TITLE")
        if not is_valid_language(language):
            raise WorkspaceError(
                f"--language: {language!r} is not a language code such as en, fr or es"
            )
        existed = root.exists()
        ws = cls.create(root)
        try:
            ws.history.identity()  # fail before the first file is written if saving would fail
        except WorkspaceError:
            if not existed:  # a folder made a moment ago, holding nothing but empty scaffolding
                import shutil

                shutil.rmtree(root, ignore_errors=True)
            raise
        ws.write_document(Document(title=clean_text(title), language=language))
        ws.save("Create the workspace", paths=(*_tracked(), ".gitignore"))
        return ws

    @property
    def history(self) -> History:
        if self._history is None:
            from drafter.git.repository import History

            self._history = History(self.root)
        return self._history

    # ----------------------------------------------------------------- reading

    def files(self, rev: str = WORKING) -> dict[str, bytes]:
        if rev == WORKING:
            return store.read_tree(self.root)
        return self.history.tree_files(self.history.resolve(rev))

    def draft(self, rev: str = WORKING) -> Draft:
        """The document at a revision; raises ValidationError if it cannot be read."""
        label = "" if rev == WORKING else rev
        files = self.files(rev)
        memo = quick_read.memo_for(self.root, working=rev == WORKING)
        draft, problems = store.build_draft(files, label=label, strict=False, memo=memo)
        if problems or draft is None:
            raise ValidationError(problems)
        memo.save()
        return draft

    def check(self) -> list[Problem]:
        """Every problem in the working files, cross-file ones included."""
        return self.inspect()[1]

    def inspect(self) -> tuple[Draft | None, list[Problem]]:
        """The working draft (None if drafter.yaml is unusable) and every problem in it.

        Files git tracks that a workspace never holds (links, other files) are problems
        too: a shared copy holding them would be refused by every other member's sync.
        """
        draft, problems = store.build_draft(self.files(WORKING))
        if (self.root / ".git").exists():
            for entry in self.history.foreign_entries():
                problems.append(
                    Problem(
                        entry.path,
                        None,
                        f"tracked by git, but {entry.reason}: remove it from the history "
                        f"with: git rm --cached -- {entry.path}",
                    )
                )
        return draft, problems

    def warnings(self) -> list[Problem]:
        """What ``check`` points out without refusing: control characters in texts."""
        return store.control_character_warnings(self.files(WORKING))

    def principle(self, pid: str, rev: str = WORKING) -> tuple[Draft, Principle]:
        draft = self.draft(rev)
        if pid not in draft.principles:
            where = "" if rev == WORKING else f" at {rev}"
            raise DrafterError(f"no principle {pid!r}{where}")
        return draft, draft.principles[pid]

    # ----------------------------------------------------------------- editing files

    def write_file(self, rel: str, content: str | bytes) -> None:
        """Atomically write one of drafter's files; no link inside the workspace followed."""
        store.atomic_write(self.root / rel, content, root=self.root)

    def remove_file(self, rel: str) -> None:
        from drafter import safe_files

        safe_files.remove_file(self.root, rel)

    def write_document(self, document: Document) -> None:
        self.write_file(store.DOCUMENT_FILE, store.dump_document(document))

    def write_principle(
        self, principle: Principle, *, previous: Principle | None = None
    ) -> Principle:
        """Write a principle's file; returns what was written (canonical, records stamped).

        ``previous``: the version it replaces when that is not the file of the same id
        (a rename); by default the file on disk.
        """
        check_id(principle.id, "principle id")
        written = normalized(principle)
        if written.translations:  # a changed translation now translates today's source
            from drafter.translations import stamp

            written = stamp(previous or self._on_disk(principle.id), written)
        self.write_file(store.principle_path(principle.id), store.dump_principle(written))
        return written

    def _on_disk(self, pid: str) -> Principle | None:
        """A principle's file as it stands (None: no file, or one drafter cannot read)."""
        from drafter import safe_files

        rel = store.principle_path(pid)
        try:
            return store.parse_principle(rel, safe_files.read_file(self.root, rel))
        except (OSError, DrafterError):
            return None

    def write_meeting(self, meeting: Meeting) -> None:
        check_id(meeting.id, "meeting id")
        self.write_file(store.meeting_path(meeting.id), store.dump_meeting(meeting))

    def add_principle(
        self, title: str, *, after: str | None = None, pid: str | None = None, text: str = ""
    ) -> Principle:
        draft = self.draft()
        if after is not None and after not in draft.principles:
            raise DrafterError(f"no principle {after!r} to add after")
        taken = set(draft.principles) | set(draft.document.order)
        new_id = check_id(pid, "principle id") if pid else slugify(title, taken)
        if new_id in taken:
            raise DrafterError(f"a principle with id {new_id!r} already exists")
        principle = Principle(id=new_id, title=clean_text(title), text=clean_text(text))
        order = list(draft.document.order)
        position = order.index(after) + 1 if after in order else len(order)
        order.insert(position, new_id)
        self.write_principle(principle)
        self.write_document(replace(draft.document, order=tuple(order)))
        return principle

    def delete_principle(self, pid: str) -> None:
        draft, _ = self.principle(pid)
        order = tuple(p for p in draft.document.order if p != pid)
        self.write_document(replace(draft.document, order=order))
        self.remove_file(store.principle_path(check_id(pid)))

    def document(self) -> Document:
        """The working drafter.yaml alone: enough for reordering, without reading principles."""
        path = self.root / store.DOCUMENT_FILE
        try:
            return store.parse_document(store.DOCUMENT_FILE, path.read_bytes())
        except FileNotFoundError:
            raise WorkspaceError(
                f"{self.root}: not a drafter workspace (no drafter.yaml)"
            ) from None

    def move_principle(self, pid: str, position: int) -> int:
        """Move to a 1-based position (clamped); returns the new number."""
        document = self.document()
        if pid not in document.order:
            raise DrafterError(f"no principle {pid!r} in the order")
        order = [p for p in document.order if p != pid]
        index = max(0, min(position - 1, len(order)))
        order.insert(index, pid)
        self.write_document(replace(document, order=tuple(order)))
        return index + 1

    def move_principle_next_to(self, pid: str, other: str, *, before: bool = False) -> int:
        """Move ``pid`` just after (or before) ``other``; returns the new number."""
        document = self.document()
        for name in (pid, other):
            if name not in document.order:
                raise DrafterError(f"no principle {name!r} in the order")
        if pid == other:
            raise DrafterError(f"cannot move {pid!r} next to itself")
        rest = [p for p in document.order if p != pid]
        return self.move_principle(pid, rest.index(other) + (1 if before else 2))

    def rename_principle(self, old: str, new: str) -> int:
        """Change an id everywhere: file name, order and every cross-reference to it.

        Returns how many other principles had references rewritten.
        """
        check_id(new, "new principle id")
        draft, principle = self.principle(old)
        if new in draft.principles:
            raise DrafterError(f"a principle with id {new!r} already exists")
        rewritten = 0

        def swap(text: str) -> str:
            return CROSS_REF_RE.sub(
                lambda m: f"[[principle:{new}]]" if m.group(1) == old else m.group(0), text
            )

        for other in draft.principles.values():
            changed = _map_texts(other, swap)
            if other.id == old:
                continue
            if changed != other:
                self.write_principle(changed)
                rewritten += 1
        self.write_principle(replace(_map_texts(principle, swap), id=new), previous=principle)
        order = tuple(new if p == old else p for p in draft.document.order)
        self.write_document(
            replace(draft.document, order=order, preamble=swap(draft.document.preamble))
        )
        self.remove_file(store.principle_path(old))
        return rewritten

    # ----------------------------------------------------------------- saving

    @contextlib.contextmanager
    def lock(self, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
        """Only one drafter process commits at a time; the second waits, then gives up."""
        path = self.history.git_dir / "drafter.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise WorkspaceError(
                            f"{self.root}: the workspace is busy: another drafter is saving; "
                            "try again in a moment"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @overload
    def save(
        self,
        message: SavePlan,
        plan_message: str,
        *,
        author: Identity | None = None,
        when: datetime | None = None,
    ) -> str | None: ...

    @overload
    def save(
        self,
        message: str,
        *,
        author: Identity | None = None,
        when: datetime | None = None,
        paths: tuple[str, ...] | None = None,
    ) -> str | None: ...

    def save(
        self,
        message: str | SavePlan,
        plan_message: str | None = None,
        *,
        author: Identity | None = None,
        when: datetime | None = None,
        paths: tuple[str, ...] | None = None,
    ) -> str | None:
        """Commit what changed on disk; None when there was nothing to save.

        ``save(plan, message)`` commits a plan from :meth:`prepare_save` without reading
        the working files again (the plan knows the open meeting);
        ``save(message)`` reads the draft first, for callers that have no plan.
        """
        if isinstance(message, SavePlan):
            if message.nothing_to_save:
                return None
            text, meeting = plan_message or message.message, message.meeting
        else:
            document = self.draft().document if paths is None else None
            text, meeting = message, document.current_meeting if document else None
        with self.lock():
            return self.history.commit(
                text,
                meeting=meeting,
                author=author,
                when=when,
                paths=paths or _saved_paths(),
            )

    def prepare_save(self) -> SavePlan:
        """What a save would record: from ONE read of the working files and one parse."""
        from drafter.save_plan import build_plan

        files = self.files(WORKING)
        draft, problems = store.build_draft(files)
        if not self.history.has_commits():
            return build_plan(draft, problems, sorted(files), {})
        head = self.history.repo.head.commit
        pending = sorted(self.history.changed_since(head, files) | self._changed_feedback())
        wanted = [p for p in pending if p.startswith(store.PRINCIPLES_DIR + "/")]
        saved = self.history.tree_files(head, [store.DOCUMENT_FILE, *wanted])
        return build_plan(draft, problems, pending, saved)

    def pending_changes(self) -> list[str]:
        """Workspace files that differ from the last save."""
        if not self.history.has_commits():
            return sorted(self.files())
        changed = self.history.changed_since(self.history.repo.head.commit, self.files())
        return sorted(changed | self._changed_feedback())

    def _changed_feedback(self) -> set[str]:
        """feedback/ files read in or decided on since the last save (see drafter.feedback)."""
        from drafter.git.objects import blob_sha

        on_disk = {
            f"feedback/{p.parent.name}/{p.name}": blob_sha(p.read_bytes())
            for p in (self.root / "feedback").glob("*/*.yaml")
            if not p.is_symlink() and not p.parent.is_symlink()
        }
        saved: dict[str, str] = {}
        try:
            folder = self.history.repo.head.commit.tree / "feedback"
        except KeyError:
            folder = None
        if folder is not None and folder.type == "tree":
            for round_tree in folder.trees:
                for blob in round_tree.blobs:
                    saved[f"feedback/{round_tree.name}/{blob.name}"] = blob.hexsha
        return {p for p in set(on_disk) | set(saved) if on_disk.get(p) != saved.get(p)}

    def default_message(self) -> str:
        """A save message describing what changed, for the user to accept or edit.

        e.g. "Edit Principle 3 (Legal parentage); reorder principles".
        """
        return self.prepare_save().message

    # ----------------------------------------------------------------- meetings

    def meetings(self) -> list[Meeting]:
        return self.draft().meetings_by_date()

    def open_meeting(
        self, meeting: Meeting, *, author: Identity | None = None, when: datetime | None = None
    ) -> str | None:
        check_id(meeting.id, "meeting id")
        if meeting.id == WORKING:
            raise InvalidIdError(
                f"meeting id {WORKING!r} is not allowed: it already means the files as they "
                "are now, so this meeting's draft could never be named; choose another id"
            )
        draft = self.draft()
        current = draft.document.current_meeting
        if current:
            raise DrafterError(
                f"meeting {current!r} is still open: close it first (drafter meeting close)"
            )
        if meeting.id in self.history.meeting_tags():
            raise DrafterError(f"meeting {meeting.id!r} was already held and closed")
        if not meeting.name.strip():
            raise DrafterError("a meeting needs a name (--name)")
        who = author or self.history.identity()  # before any file is written
        with self._restored_on_failure(store.DOCUMENT_FILE, store.meeting_path(meeting.id)):
            self.write_meeting(meeting)
            self.write_document(replace(draft.document, current_meeting=meeting.id))
            return self.save(f"Open meeting: {meeting.label()}", author=who, when=when)

    def close_meeting(self, *, author: Identity | None = None, when: datetime | None = None) -> str:
        """Commit outstanding edits, clear current_meeting and tag the agreed draft."""
        draft = self.draft()
        mid = draft.document.current_meeting
        if not mid:
            raise DrafterError("no meeting is open (drafter meeting open ID ...)")
        from drafter.history import meeting_tag

        tag = meeting_tag(mid)
        meeting = draft.meetings.get(mid) or Meeting(id=mid, name=mid)
        place = meeting.place.split(",")[0] if meeting.place else meeting.name
        who = author or self.history.identity()  # before any file is written
        with self.lock(), self._restored_on_failure(store.DOCUMENT_FILE):
            # if the commit or the tag fails, the meeting stays open: run close again
            self.write_document(replace(draft.document, current_meeting=None))
            self.history.commit(f"Draft agreed at {place}", meeting=mid, author=who, when=when)
            self.history.tag(tag, f"Draft agreed at {meeting.label()}", tagger=who, when=when)
        return tag

    @contextlib.contextmanager
    def _restored_on_failure(self, *paths: str) -> Iterator[None]:
        """Put these files back as they were (or remove them) if the block fails.

        A meeting is opened or closed completely or not at all: a failed commit (no
        identity, workspace busy, git's lock file) must not leave it half-recorded.
        """
        before: dict[Path, bytes | None] = {}
        for rel in paths:
            path = self.root / rel
            try:
                before[path] = path.read_bytes()
            except FileNotFoundError:
                before[path] = None
        try:
            yield
        except BaseException:
            for path, data in before.items():
                with contextlib.suppress(OSError):
                    if data is None:
                        path.unlink(missing_ok=True)
                    else:
                        store.atomic_write(path, data)
            raise

    def log(self) -> list[MeetingGroup]:
        return self.history.grouped_log()

    def head_sha(self) -> str | None:
        """The last save's commit, or None before the first save."""
        if not self.history.has_commits():
            return None
        return str(self.history.repo.head.commit.hexsha)

    def last_meeting_rev(self) -> str | None:
        tag = self.history.last_meeting_tag()
        return tag[len("meeting/") :] if tag else None


def _finish_interrupted_sync(root: Path) -> None:
    """A sync killed half-way left its journal: finish it before anything reads the files."""
    from drafter.layout import git_dir

    if (git_dir(root) / "drafter-sync.yaml").exists():
        from drafter.checkout import finish_interrupted

        finish_interrupted(root)


def _refuse_if_document_deleted(root: Path) -> None:
    """A saved workspace whose drafter.yaml was deleted by hand: say how to bring it back.

    ``drafter init`` there would save an empty document over the real one.
    """
    if not (root / ".git").exists():
        return
    from drafter.git.repository import History

    try:
        history = History(root)
        if not history.has_commits():
            return
        history.repo.head.commit.tree / store.DOCUMENT_FILE  # KeyError if it was never saved
    except (KeyError, DrafterError):
        return
    raise WorkspaceError(
        f"{root / store.DOCUMENT_FILE}: missing, but it was saved: bring back the last saved "
        f"copy with: git -C {root} restore {store.DOCUMENT_FILE}"
    )


def _tracked() -> tuple[str, ...]:
    return (store.DOCUMENT_FILE, store.PRINCIPLES_DIR, store.MEETINGS_DIR)


def _saved_paths() -> tuple[str, ...]:
    """What ``save`` commits: every path of the workspace layout (feedback included)."""
    from drafter.git.repository import TRACKED

    return TRACKED


def normalized(p: Principle) -> Principle:
    """A principle with every text field in canonical form (see ``clean_text``)."""
    return _map_texts(p, clean_text)


def _map_texts(p: Principle, f: Callable[[str], str]) -> Principle:
    """The same principle with ``f`` applied to every text field, translations included."""
    translations: Mapping[str, Translation] = {
        lang: replace(  # keeps the source records
            tr,
            title=f(tr.title),
            text=f(tr.text),
            items=tuple(f(i) for i in tr.items),
            commentary=f(tr.commentary),
        )
        for lang, tr in p.translations.items()
    }
    return replace(
        p,
        title=f(p.title),
        text=f(p.text),
        items=tuple(f(i) for i in p.items),
        commentary=f(p.commentary),
        translations=translations,
    )


def parse_day(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DrafterError(f"{what}: {value!r} is not a date (write YYYY-MM-DD)") from None
