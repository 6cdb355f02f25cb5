"""The bundled sample document and its meeting history, replayed into a demo workspace.

The sample lives in the package as ``drafter.sample_data`` (the repository's
``principles/`` folder): one complete snapshot per meeting plus ``history.yaml``, which
says who committed what, when. ``build_demo`` replays it through the same workspace
operations a user would perform: open a meeting, save a few commits, close it; then the
work saved since the last meeting (no meeting open), which makes the working draft.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from drafter import store
from drafter.errors import WorkspaceError
from drafter.model import Document, Meeting, clean_text

SAMPLE_PACKAGE = "drafter.sample_data"
SECRETARIAT = ("Drafting Secretariat", "secretariat@example.org")


@dataclass(frozen=True)
class SampleCommit:
    author: str
    email: str
    when: datetime
    message: str
    files: tuple[str, ...] | None  # None: everything still left


@dataclass(frozen=True)
class SampleMeeting:
    meeting: Meeting
    snapshot: str
    commits: tuple[SampleCommit, ...]


@dataclass(frozen=True)
class SampleWork:
    """Commits saved after the last meeting with no meeting open: the working draft."""

    snapshot: str
    commits: tuple[SampleCommit, ...]


def sample_root() -> Traversable:
    return resources.files(SAMPLE_PACKAGE)


def _raw_history() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(sample_root().joinpath("history.yaml").read_text("utf-8"))
    return raw


def load_history() -> list[SampleMeeting]:
    raw = _raw_history()
    result = []
    for entry in raw["meetings"]:
        meeting = Meeting(
            id=entry["id"],
            name=entry["name"],
            place=entry.get("place", ""),
            start=_day(entry.get("start")),
            end=_day(entry.get("end")),
            participants=tuple(entry.get("participants") or ()),
            notes=clean_text(entry.get("notes") or ""),
        )
        result.append(SampleMeeting(meeting, entry["snapshot"], _commits(entry["commits"])))
    return result


def load_working_draft() -> SampleWork | None:
    """The commits after the last meeting (history.yaml's ``working_draft``), if any."""
    entry = _raw_history().get("working_draft")
    if not entry:
        return None
    return SampleWork(entry["snapshot"], _commits(entry["commits"]))


def _commits(entries: list[dict[str, Any]]) -> tuple[SampleCommit, ...]:
    return tuple(
        SampleCommit(
            author=c["author"],
            email=c["email"],
            when=_moment(c["date"]),
            message=c["message"],
            files=tuple(c["files"]) if c.get("files") else None,
        )
        for c in entries
    )


def snapshot_files(name: str) -> dict[str, bytes]:
    """One meeting's complete draft as {workspace path: bytes}."""
    base = sample_root().joinpath(name)
    files = {store.DOCUMENT_FILE: base.joinpath(store.DOCUMENT_FILE).read_bytes()}
    for entry in base.joinpath(store.PRINCIPLES_DIR).iterdir():
        if entry.name.endswith(".yaml"):
            files[f"{store.PRINCIPLES_DIR}/{entry.name}"] = entry.read_bytes()
    return files


def build_demo(path: Path) -> Any:
    """Create a workspace at ``path`` holding the sample with one tag per meeting."""
    from drafter.history import Identity

    path = path.resolve()
    if path.exists() and any(path.iterdir()):
        raise WorkspaceError(f"{path}: already exists and is not empty; choose another folder")
    history = load_history()
    first = history[0].commits[0]
    path.mkdir(parents=True, exist_ok=True)
    try:
        title = store.parse_document(
            "drafter.yaml", snapshot_files(history[0].snapshot)["drafter.yaml"]
        ).title
        ws = _init(path, title, Identity(*SECRETARIAT), first.when - timedelta(days=1))
        for item in history:
            _replay_meeting(ws, item)
        work = load_working_draft()
        if work is not None:
            _replay_commits(ws, work.snapshot, work.commits)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return ws


def _init(path: Path, title: str, who: Any, when: datetime) -> Any:
    from drafter.workspace import Workspace

    ws = Workspace.create(path)
    ws.write_document(Document(title=title))
    ws.save(
        "Create the workspace", author=who, when=when, paths=(store.DOCUMENT_FILE, ".gitignore")
    )
    return ws


def _replay_meeting(ws: Any, item: SampleMeeting) -> None:
    from drafter.history import Identity

    opener = item.commits[0]
    ws.open_meeting(
        item.meeting,
        author=Identity(opener.author, opener.email),
        when=opener.when - timedelta(hours=1),
    )
    _replay_commits(ws, item.snapshot, item.commits)
    last = item.commits[-1]
    ws.close_meeting(
        author=Identity(last.author, last.email), when=last.when + timedelta(minutes=5)
    )


def _replay_commits(ws: Any, snapshot: str, commits: tuple[SampleCommit, ...]) -> None:
    """Save the changes from the workspace's files to ``snapshot`` as the given commits."""
    from drafter.history import Identity

    target = snapshot_files(snapshot)
    target_doc = store.parse_document(store.DOCUMENT_FILE, target[store.DOCUMENT_FILE])
    left = set(target) | {
        p for p in store.read_tree(ws.root) if p.startswith(store.PRINCIPLES_DIR + "/")
    }
    for commit in commits:
        paths = set(commit.files) if commit.files is not None else set(left)
        for rel in sorted(paths - {store.DOCUMENT_FILE}):
            if rel in target:
                ws.write_principle(store.parse_principle(rel, target[rel]))
            else:
                (ws.root / rel).unlink(missing_ok=True)
        _write_consistent_document(ws, target_doc, take_target=store.DOCUMENT_FILE in paths)
        left -= paths
        ws.save(commit.message, author=Identity(commit.author, commit.email), when=commit.when)


def _write_consistent_document(ws: Any, target: Document, *, take_target: bool) -> None:
    """drafter.yaml naming exactly the principle files present, so every commit checks clean.

    A commit that includes drafter.yaml takes the target's order and preamble; one that
    only adds or removes principle files keeps the current order, with new principles
    placed after the principle that precedes them in the target order.
    """
    current = ws.draft().document
    present = {p.stem for p in (ws.root / store.PRINCIPLES_DIR).glob("*.yaml")}
    base = target if take_target else current
    order = [pid for pid in base.order if pid in present]
    others = current.order if take_target else target.order
    for pid in others:
        if pid in present and pid not in order:
            at = others.index(pid)
            before = next((q for q in reversed(others[:at]) if q in order), None)
            order.insert(order.index(before) + 1 if before else 0, pid)
    for pid in sorted(present - set(order)):
        order.append(pid)
    ws.write_document(replace(base, order=tuple(order), current_meeting=current.current_meeting))


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _moment(value: object) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.astimezone()
    return datetime.fromisoformat(str(value))
