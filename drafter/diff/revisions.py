"""Fast reading of two revisions (commits or the working files) for a comparison.

git already knows which principle files differ (their blob ids), so only those are
parsed; everything is read through one ``git cat-file --batch`` process
(:class:`drafter.git.batch.BatchReader`) and the working files are read once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from drafter import quick_read
from drafter.diff.compare import (
    find_renames,
    finish,
    principle_change,
    reading_order,
)
from drafter.diff.model import MOVED, UNCHANGED, DraftDiff, PrincipleChange, diff_stats
from drafter.errors import DrafterError, ValidationError
from drafter.model import ID_RULE, Document, Draft, Principle
from drafter.refs import WORKING
from drafter.store import (
    DOCUMENT_FILE,
    PRINCIPLES_DIR,
    parse_document,
    parse_principle,
    principle_path,
)

if TYPE_CHECKING:
    from drafter.workspace import Workspace


class ObjectReader(Protocol):
    """What a comparison asks of git (:class:`drafter.git.batch.BatchReader` answers it).

    The diff never starts git itself: the caller hands it a reader (the layering rule
    "the diff never imports the git layer" holds for everything but
    :func:`compare_revisions`, the one convenience that opens a reader).
    """

    def resolve(self, rev: str) -> tuple[str, str]: ...

    def last_meeting(self) -> str | None: ...

    def tree(self, tree_sha: str) -> dict[str, str]: ...

    def blobs(self, shas: list[str]) -> dict[str, bytes]: ...


def compare_revisions(
    ws: Workspace, a: str | None = None, b: str | None = None, *, principle: str | None = None
) -> DraftDiff:
    """Compare two revisions of a workspace (defaults: last meeting tag -> working files).

    Only what differs is parsed. git already knows which principle files differ (their
    blob ids), so a principle whose file is the same on both sides is "unchanged" or
    "moved" from the order alone, and its title is read from the file's ``title:`` line
    without building the whole principle. On the Code civil (2,800 principles, a handful
    changed) that makes the difference between parsing 5,600 files and parsing ten.
    Unchanged principles are therefore not validated here: ``drafter check`` does that.

    ``principle`` restricts the comparison to one id (and parses nothing else).
    """
    from drafter.git.batch import BatchReader  # the one import of the git layer: see above

    with BatchReader(ws.root) as git:
        return compare_with(git, ws.root, a, b, principle=principle)


def compare_with(
    git: ObjectReader,
    root: Path,
    a: str | None = None,
    b: str | None = None,
    *,
    principle: str | None = None,
) -> DraftDiff:
    """:func:`compare_revisions` with the git reader given (and ``root`` the workspace)."""
    if a is None:
        a = git.last_meeting()
        if a is None:
            raise DrafterError(
                "no meeting has been closed yet, so there is no default revision to compare "
                "with: name one, e.g. drafter diff HEAD (the last save)"
            )
    if b is None:
        b = WORKING
    disk = _Disk(root)
    old_side = _Side(git, root, a, disk)
    new_side = _Side(git, root, b, disk)
    old_doc = old_side.document()
    new_doc = new_side.document()
    old_shas, new_shas = old_side.principle_shas(), new_side.principle_shas()
    old_ids, new_ids = _side_ids(old_doc, old_shas), _side_ids(new_doc, new_shas)
    removed = [p for p in old_ids if p not in new_shas]
    added = [p for p in new_ids if p not in old_shas]
    if principle is not None:
        if principle not in old_shas and principle not in new_shas:
            raise DrafterError(f"no principle {principle!r} at {a} or at {b}")
        # A renamed principle can be named by its old id or its new one.
        if principle in new_shas:
            removed, added = (removed, [principle]) if principle in added else ([], [])
        else:
            removed = [principle]
    # Removed and added principles are parsed anyway: a pair with similar content is
    # one principle whose id was renamed.
    old_parsed = old_side.principles(removed)
    new_parsed = new_side.principles(added)
    renames = find_renames(old_parsed, new_parsed)
    previous = {new_id: old_id for old_id, new_id in renames.items()}
    ids = reading_order([renames.get(p, p) for p in old_ids], new_ids)
    if principle is not None:
        ids = [renames.get(principle, principle)]
    old_numbers = {pid: n for n, pid in enumerate(old_doc.order, start=1)}
    new_numbers = {pid: n for n, pid in enumerate(new_doc.order, start=1)}

    was = {pid: previous.get(pid, pid) for pid in ids}
    differing = [p for p in ids if old_shas.get(was[p]) != new_shas.get(p)]
    same = [p for p in ids if p in old_shas and old_shas.get(p) == new_shas.get(p)]
    old_parsed.update(
        old_side.principles(
            [was[p] for p in differing if was[p] in old_shas and was[p] not in old_parsed]
        )
    )
    new_parsed.update(
        new_side.principles([p for p in differing if p in new_shas and p not in new_parsed])
    )
    titles = new_side.titles(same)

    changes: list[PrincipleChange] = []
    for pid in ids:
        if pid in titles:
            n_from, n_to = old_numbers.get(pid), new_numbers.get(pid)
            changes.append(
                PrincipleChange(
                    id=pid,
                    change=MOVED if n_from != n_to else UNCHANGED,
                    number_from=n_from,
                    number_to=n_to,
                    title_from=titles[pid],
                    title_to=titles[pid],
                )
            )
        else:
            changes.append(
                principle_change(
                    pid,
                    old_parsed.get(was[pid]),
                    new_parsed.get(pid),
                    old_numbers.get(was[pid]),
                    new_numbers.get(pid),
                    previous.get(pid),
                )
            )
    old = Draft(document=old_doc, principles=old_parsed)
    new = Draft(document=new_doc, principles=new_parsed)
    if principle is not None:
        return DraftDiff(a, b, old, new, changes, diff_stats(changes), None)
    return finish(old, new, changes, a, b)


def _side_ids(document: Document, shas: Mapping[str, str]) -> tuple[str, ...]:
    """Ids in order that have a file, then files missing from the order (sorted)."""
    listed = set(document.order)
    return tuple(p for p in document.order if p in shas) + tuple(
        sorted(p for p in shas if p not in listed)
    )


_PRINCIPLE_PATH = re.compile(rf"{PRINCIPLES_DIR}/({ID_RULE})\.yaml")
_DOCUMENTS: dict[bytes, Document] = {}  # the last document parsed: often the same both sides


class _Side:
    """One side of a comparison: a commit's tree, or the working files on disk.

    Blob contents are looked up first among the working files (by blob id) and only then
    asked of git: reading a file is several times cheaper than inflating a loose object,
    which matters when 2,000 renumbered principles need their titles.
    """

    def __init__(self, git: ObjectReader, root: Path, rev: str, disk: _Disk) -> None:
        self.label = rev
        self.git = git
        self.disk = disk
        if rev == WORKING:
            self.files = disk.shas()
        else:
            self.files = git.tree(git.resolve(rev)[1])

    def read(self, paths: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        missing: list[str] = []
        # A few blobs come faster from git than reading and hashing every working file.
        use_disk = self.label == WORKING or len(paths) >= _DISK_WORTHWHILE
        for path in paths:
            sha = self.files.get(path)
            if sha is None:
                continue
            data = self.disk.by_sha(path, sha) if use_disk else None
            if data is None:
                missing.append(path)
            else:
                found[path] = data
        if missing:
            contents = self.git.blobs([self.files[p] for p in missing])
            for path in missing:
                if self.files[path] in contents:
                    found[path] = contents[self.files[path]]
        return found

    def document(self) -> Document:
        data = self.read([DOCUMENT_FILE]).get(DOCUMENT_FILE)
        where = "the working files" if self.label == WORKING else self.label
        if data is None:
            raise DrafterError(f"{DOCUMENT_FILE} is missing at {where}: not a drafter workspace")
        cached = _DOCUMENTS.get(data)
        if cached is None:
            cached = quick_read.fast_document(data) or self._parse(
                parse_document, DOCUMENT_FILE, data
            )
            _DOCUMENTS.clear()
            _DOCUMENTS[data] = cached
        return cached

    def principle_shas(self) -> dict[str, str]:
        """{principle id: blob sha} for every principle file with a valid name."""
        match = _PRINCIPLE_PATH.fullmatch
        result: dict[str, str] = {}
        for path, sha in self.files.items():
            found = match(path)
            if found is not None:
                result[found.group(1)] = sha
        return result

    def principles(self, ids: list[str]) -> dict[str, Principle]:
        data = self.read([principle_path(pid) for pid in ids])
        return {
            pid: self._parse(parse_principle, principle_path(pid), data[principle_path(pid)])
            for pid in ids
            if principle_path(pid) in data
        }

    def titles(self, ids: list[str]) -> dict[str, str]:
        data = self.read([principle_path(pid) for pid in ids])
        result: dict[str, str] = {}
        for pid in ids:
            path = principle_path(pid)
            if path not in data:
                continue
            title = peek_title(data[path])
            if title is None:
                title = self._parse(parse_principle, path, data[path]).title
            result[pid] = title
        return result

    def _parse(self, parse: Callable[[str, bytes], _T], path: str, data: bytes) -> _T:
        try:
            return parse(path, data)
        except ValidationError as exc:
            if self.label == WORKING:
                raise
            raise ValidationError(
                [replace(p, path=f"{p.path} (at {self.label})") for p in exc.problems]
            ) from None


_DISK_WORTHWHILE = 64


class _Disk:
    """The working files, read once and only when something asks for them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, bytes] | None = None
        self._shas: dict[str, str] | None = None

    def shas(self) -> dict[str, str]:
        if self._shas is None:
            if self._files is None:
                self._files = _read_working(self.root)
            self._shas = {path: _blob_sha(data) for path, data in self._files.items()}
        return self._shas

    def by_sha(self, path: str, sha: str) -> bytes | None:
        """The file on disk at ``path`` if its content is the blob ``sha``."""
        if self._files is None:
            self.shas()
        assert self._shas is not None and self._files is not None
        return self._files[path] if self._shas.get(path) == sha else None


_T = TypeVar("_T")
_TITLE_LINE = re.compile(rb"^title:[ \t]*(.*?)[ \t\r]*$", re.MULTILINE)
_PLAIN_START = re.compile(r"[^\s'\"|>&*!%@`{}\[\],#?:~-]")


def peek_title(data: bytes) -> str | None:
    """The top-level title of a principle file when it is a simple one-line plain scalar.

    This is what drafter itself writes for almost every title, and reading one line is
    ~100x cheaper than parsing the file. Anything unusual (quotes, block scalars, comments,
    continuation lines, null-like words) returns None and the caller parses the file.
    """
    match = _TITLE_LINE.search(data)
    if match is None:
        return None
    try:
        value = match.group(1).decode("utf-8")
    except UnicodeDecodeError:
        return None
    end = match.end()
    if data[end + 1 : end + 2] in (b" ", b"\t"):
        return None  # a continuation line follows
    if (
        not value
        or not _PLAIN_START.match(value)
        or " #" in value
        or "\t#" in value
        or ": " in value
        or value.endswith(":")
        or value in ("null", "Null", "NULL")
    ):
        return None
    return value


def _blob_sha(data: bytes) -> str:
    """The id git gives a file's content (as drafter.history.blob_sha, without GitPython)."""
    digest = _sha1(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


try:  # the C constructor alone: importing hashlib's wrapper costs ~5 ms more per process
    from _hashlib import openssl_sha1 as _sha1
except ImportError:  # pragma: no cover - Python built without OpenSSL
    from hashlib import sha1 as _sha1


def _read_working(root: Path) -> dict[str, bytes]:
    """drafter.yaml and every principles/*.yaml on disk (meetings are not compared).

    Raw ``os.open``/``os.read`` relative to the folder: half the cost of ``open()`` when
    2,800 files must be read.
    """
    files: dict[str, bytes] = {}
    for folder, wanted in (("", DOCUMENT_FILE), (PRINCIPLES_DIR, None)):
        try:
            dir_fd = os.open(root / folder if folder else root, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            names = [wanted] if wanted else os.listdir(dir_fd)  # noqa: PTH208 - by fd
            for name in names:
                if not name.endswith(".yaml") or name.startswith("."):
                    continue
                try:
                    fd = os.open(name, os.O_RDONLY, dir_fd=dir_fd)
                except (FileNotFoundError, IsADirectoryError):
                    continue
                try:
                    data = os.read(fd, 16384)
                    if len(data) == 16384:  # a long file: read on to the end
                        chunks = [data]
                        while chunk := os.read(fd, 1 << 20):
                            chunks.append(chunk)
                        data = b"".join(chunks)
                except IsADirectoryError:
                    continue
                finally:
                    os.close(fd)
                files[f"{folder}/{name}" if folder else name] = data
        finally:
            os.close(dir_fd)
    return files
