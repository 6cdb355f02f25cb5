"""Reading and writing inside a workspace without ever following a symbolic link.

A link committed by someone else (``principles/x.yaml -> ~/.ssh/id_rsa``, ``notes ->
.git/hooks``) must neither leak an outside file into a document nor let a write land
outside the workspace. Every folder on the way is opened with ``O_NOFOLLOW`` relative to
the one before it, so a link anywhere in the path is refused, not followed, and a link
swapped in meanwhile cannot redirect the write. Writes are atomic: a temporary file in
the same folder, fsync, rename over the old name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from drafter.errors import WorkspaceError, WriteError

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class LinkError(WorkspaceError):
    """A workspace path is a symbolic link or not a regular file: drafter will not use it."""


def _what(dir_fd: int, name: str) -> str:
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return "not a regular file"
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link"
    if stat.S_ISDIR(info.st_mode):
        return "a folder"
    return "not a regular file"


def refuse_link(rel: str) -> LinkError:
    """The error for a workspace path that is a symbolic link."""
    return _refuse(rel, "a symbolic link")


def _refuse(rel: str, what: str) -> LinkError:
    hint = (
        "drafter reads and writes only real files and folders inside the workspace; "
        "replace it with the file itself or remove it"
    )
    return LinkError(f"{rel}: is {what}, not a file drafter can use: {hint}")


@contextlib.contextmanager
def open_folder(root: Path, rel: str, *, create: bool = False) -> Iterator[int]:
    """A descriptor of folder ``rel`` inside ``root``, no component being a link."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    walked: list[str] = []
    try:
        for part in [p for p in rel.split("/") if p]:
            if part in (".", ".."):
                raise _refuse(rel, "outside the workspace")
            walked.append(part)
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                os.mkdir(part, 0o777, dir_fd=fd)
                child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise _refuse("/".join(walked), _what(fd, part)) from None
                raise
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def read_at(dir_fd: int, name: str, rel: str) -> bytes:
    """A regular file's bytes, refusing a link or anything else that is not a file."""
    try:
        fd = os.open(name, _READ_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise _refuse(rel, _what(dir_fd, name)) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _refuse(rel, "not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_file(root: Path, rel: str) -> bytes:
    """The bytes of workspace file ``rel``; FileNotFoundError when it is absent."""
    folder, _, name = rel.rpartition("/")
    with open_folder(root, folder) as dir_fd:
        return read_at(dir_fd, name, rel)


def write_file(root: Path, rel: str, data: bytes) -> None:
    """Atomically replace (or create) workspace file ``rel`` with ``data``."""
    folder, _, name = rel.rpartition("/")
    try:
        with open_folder(root, folder, create=True) as dir_fd:
            write_at(dir_fd, name, data)
    except LinkError:
        raise
    except OSError as exc:
        raise WriteError(f"{root / rel}: cannot be written ({exc.strerror or exc})") from None


def write_at(dir_fd: int, name: str, data: bytes) -> None:
    """Write through a temporary file in the same folder, fsync, rename over ``name``.

    A reader (or a crash) sees the old file or the new one, never half of one. Renaming
    over a link replaces the link itself; nothing is written where it pointed.
    """
    mode = _mode_for(dir_fd, name)
    tmp = f".{name}.{os.urandom(4).hex()}.tmp"
    fd = os.open(tmp, _NEW_FLAGS, mode, dir_fd=dir_fd)
    try:
        try:
            os.fchmod(fd, mode)  # the umask must not make a shared file private
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise
    os.fsync(dir_fd)


def remove_file(root: Path, rel: str) -> None:
    """Remove workspace file ``rel`` if present; a link is removed, never followed."""
    folder, _, name = rel.rpartition("/")
    try:
        with open_folder(root, folder) as dir_fd:
            os.unlink(name, dir_fd=dir_fd)
    except FileNotFoundError:
        return


def _mode_for(dir_fd: int, name: str) -> int:
    """The permission bits a rewritten file keeps (or a new one gets from the umask)."""
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    except OSError:
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def remove_created(target: Path, existed: bool) -> None:
    """Undo a failed clone or import: only what was just created inside ``target``, never
    a folder the user had (an empty one they named is emptied again, not removed)."""
    import shutil

    if not existed:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir() if target.is_dir() else ():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
