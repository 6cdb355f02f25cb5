"""The workspace's files: paths, atomic writes, reading a tree, assembling a draft.

What a YAML file means is :mod:`drafter.yaml_files` (loaded only when a file must really
be read or written: an editor opening a workspace it has read before needs neither it
nor PyYAML, see :mod:`drafter.quick_read`). ``parse_*`` and ``dump_*`` here hand over to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from drafter import quick_read
from drafter.errors import Problem, WorkspaceError, WriteError
from drafter.layout import (
    DOCUMENT_FILE,
    EXPORTS_DIR,
    MEETINGS_DIR,
    PRINCIPLES_DIR,
    principle_id_from_path,
)
from drafter.model import Document, Draft, Meeting, Principle, is_valid_id, referenced_ids
from drafter.visible import has_controls, visible

if TYPE_CHECKING:
    from drafter.quick_read import ParseMemo

_Kind = TypeVar("_Kind", Document, Principle, Meeting)

__all__ = [
    "DOCUMENT_FILE", "EXPORTS_DIR", "MEETINGS_DIR", "PRINCIPLES_DIR", "principle_id_from_path",
]  # fmt: skip


def principle_path(pid: str) -> str:
    return f"{PRINCIPLES_DIR}/{pid}.yaml"


def meeting_path(mid: str) -> str:
    return f"{MEETINGS_DIR}/{mid}.yaml"


# --------------------------------------------------------------------------- one file


def parse_principle(path: str, text: str | bytes) -> Principle:
    from drafter import yaml_files

    return yaml_files.parse_principle(path, text)


def parse_document(path: str, text: str | bytes) -> Document:
    from drafter import yaml_files

    return yaml_files.parse_document(path, text)


def parse_meeting(path: str, text: str | bytes) -> Meeting:
    from drafter import yaml_files

    return yaml_files.parse_meeting(path, text)


def dump_principle(p: Principle) -> str:
    from drafter import yaml_files

    return yaml_files.dump_principle(p)


def dump_document(d: Document) -> str:
    from drafter import yaml_files

    return yaml_files.dump_document(d)


def dump_meeting(m: Meeting) -> str:
    from drafter import yaml_files

    return yaml_files.dump_meeting(m)


def atomic_write(path: Path, content: str | bytes, *, root: Path | None = None) -> None:
    """Write through a temporary file in the same folder, fsync, rename.

    A reader (or a crash) sees either the old file or the new one, never half of one.
    With ``root`` (a workspace), no folder between ``root`` and ``path`` may be a link.
    Errors name the user's file, never the temporary one.
    """
    from drafter import safe_files

    data = content.encode("utf-8") if isinstance(content, str) else content
    if root is not None:
        safe_files.write_file(root, path.relative_to(root).as_posix(), data)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            safe_files.write_at(dir_fd, path.name, data)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise WriteError(f"{path}: cannot be written ({exc.strerror or exc})") from None


# --------------------------------------------------------------------------- whole drafts


def build_draft(
    files: Mapping[str, bytes],
    *,
    label: str = "",
    strict: bool = True,
    memo: ParseMemo | None = None,
) -> tuple[Draft | None, list[Problem]]:
    """Parse a whole workspace given as {relative path: bytes}.

    Returns the draft (None when drafter.yaml itself is unusable) and every problem
    found, including the cross-file ones ``drafter check`` reports. With a ``memo``,
    files read before (same name, same bytes) are not parsed again.
    """
    problems: list[Problem] = []
    read = _Reading(memo, problems)

    document: Document | None = None
    if DOCUMENT_FILE not in files:
        problems.append(Problem(DOCUMENT_FILE, None, "missing: not a drafter workspace"))
    else:
        document = read.document(files[DOCUMENT_FILE])

    principles: dict[str, Principle] = {}
    meetings: dict[str, Meeting] = {}
    for path in sorted(files):
        if path.startswith(PRINCIPLES_DIR + "/") and path.endswith(".yaml"):
            stem = principle_id_from_path(path)
            if stem is None or not is_valid_id(stem):
                problems.append(Problem(path, None, "file name is not a valid principle id"))
                continue
            principle = read.file(path, files[path], Principle)
            principles[stem] = principle or Principle(id=stem, title="")
        elif path.startswith(MEETINGS_DIR + "/") and path.endswith(".yaml"):
            stem = _stem(path)
            if "/" in path[len(MEETINGS_DIR) + 1 :] or not is_valid_id(stem):
                problems.append(Problem(path, None, "file name is not a valid meeting id"))
                continue
            meeting = read.file(path, files[path], Meeting)
            if meeting is not None:
                meetings[stem] = meeting

    if document is not None and strict:
        problems.extend(_cross_file_problems(document, principles, meetings, files))
    if label:
        problems = [replace(p, path=f"{p.path} (at {label})") for p in problems]
    if document is None:
        return None, problems
    return Draft(document=document, principles=principles, meetings=meetings), problems


class _Reading:
    """One draft's files read: from the memo when it has them, else parsed (and kept)."""

    def __init__(self, memo: ParseMemo | None, problems: list[Problem]) -> None:
        self.memo = memo
        self.problems = problems

    def document(self, data: bytes) -> Document | None:
        remembered = self.memo.get(DOCUMENT_FILE, data, Document) if self.memo else None
        if isinstance(remembered, Document):
            return remembered
        document = quick_read.fast_document(data)
        if document is None:  # anything unusual: the whole file, problems with lines
            return self.file(DOCUMENT_FILE, data, Document)
        if self.memo is not None:
            self.memo.put(DOCUMENT_FILE, data, document)
        return document

    def file(self, path: str, data: bytes, kind: type[_Kind]) -> _Kind | None:
        remembered = self.memo.get(path, data, kind) if self.memo is not None else None
        if isinstance(remembered, kind):
            return remembered
        from drafter import yaml_files

        value, found = yaml_files.read(path, data, kind)
        self.problems.extend(found)
        if self.memo is not None and value is not None and not found:
            self.memo.put(path, data, value)
        return value if isinstance(value, kind) else None


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-5] if name.endswith(".yaml") else name


def _cross_file_problems(
    document: Document,
    principles: Mapping[str, Principle],
    meetings: Mapping[str, Meeting],
    files: Mapping[str, bytes],
) -> Iterable[Problem]:
    from drafter.yaml_nodes import LineFinder

    doc_lines = LineFinder(files.get(DOCUMENT_FILE, b""))
    listed = set(document.order)
    for pid in document.order:
        if pid not in principles:
            yield Problem(
                DOCUMENT_FILE,
                doc_lines.find(f"- {pid}"),
                f"order names {pid!r} but there is no {principle_path(pid)}",
            )
    for pid in sorted(set(principles) - listed):
        yield Problem(
            principle_path(pid),
            1,
            f"principle {pid!r} is missing from the order in drafter.yaml",
        )
    if document.current_meeting and document.current_meeting not in meetings:
        yield Problem(
            DOCUMENT_FILE,
            doc_lines.find("current_meeting:"),
            f"current_meeting {document.current_meeting!r} has no {meeting_path(document.current_meeting)}",
        )
    known = set(principles)
    reported: set[tuple[str, str]] = set()
    for text, path in _texts_with_paths(document, principles):
        for ref in referenced_ids(text):
            if ref not in known and (path, ref) not in reported:
                reported.add((path, ref))  # once per file: each report names the first line
                lines = LineFinder(files.get(path, b""))
                yield Problem(
                    path,
                    lines.find(f"[[principle:{ref}]]"),
                    f"cross-reference [[principle:{ref}]] names no principle",
                )


def _texts_with_paths(
    document: Document, principles: Mapping[str, Principle]
) -> Iterable[tuple[str, str]]:
    yield document.preamble, DOCUMENT_FILE
    for pid, p in sorted(principles.items()):
        path = principle_path(pid)
        yield from ((t, path) for t in (p.title, p.text, p.commentary, *p.items))
        for tr in p.translations.values():
            yield from ((t, path) for t in (tr.title, tr.text, tr.commentary, *tr.items))


def control_character_warnings(files: Mapping[str, bytes]) -> list[Problem]:
    """Text values holding terminal control characters or bidi overrides, one per file.

    drafter shows them as visible marks wherever it prints or draws text; ``check`` says
    where they are so they can be removed.
    """
    import yaml

    from drafter.yaml_nodes import Loader, scalars

    found: list[Problem] = []
    for path, data in sorted(files.items()):
        text = data.decode("utf-8", "replace")
        if "\\" not in text and not has_controls(text):
            continue
        try:
            root = yaml.compose(text, Loader=Loader)
        except yaml.YAMLError:
            continue  # reported by the parse itself
        for node in scalars(root):
            if has_controls(node.value):
                start = next(i for i, ch in enumerate(node.value) if has_controls(ch))
                shown = visible(node.value[max(0, start - 15) : start + 25])
                found.append(
                    Problem(
                        path,
                        node.start_mark.line + 1,
                        "warning: the text holds terminal control characters or direction "
                        f"overrides, shown as {shown!r}; remove them",
                    )
                )
    return found


def read_tree(root: Path) -> dict[str, bytes]:
    """The workspace files on disk as {relative path: bytes}.

    A file or folder that is a symbolic link (or not a regular file) is an error that
    says so: drafter never follows a link out of the workspace.
    """
    from drafter import safe_files

    files: dict[str, bytes] = {}
    with safe_files.open_folder(root, "") as root_fd:
        try:
            files[DOCUMENT_FILE] = safe_files.read_at(root_fd, DOCUMENT_FILE, DOCUMENT_FILE)
        except FileNotFoundError:
            pass
    for folder in (PRINCIPLES_DIR, MEETINGS_DIR):
        try:
            with safe_files.open_folder(root, folder) as dir_fd, os.scandir(dir_fd) as entries:
                for entry in entries:
                    name = entry.name
                    if not name.endswith(".yaml") or name.startswith("."):
                        continue
                    rel = f"{folder}/{name}"
                    if entry.is_dir(follow_symlinks=False):
                        raise WorkspaceError(
                            f"{rel}: is a folder, not a file; "
                            f"move or rename it (only .yaml files belong in {folder}/)"
                        )
                    files[rel] = safe_files.read_at(dir_fd, name, rel)
        except FileNotFoundError:
            continue
    return files
