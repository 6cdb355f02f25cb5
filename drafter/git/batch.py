"""Read-only access to a repository's objects through one ``git cat-file --batch`` process."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import BinaryIO

from drafter.errors import DrafterError, RevisionError
from drafter.git.env import safe_env
from drafter.refs import MEETING_TAG_PREFIX, revision_candidates, unknown_revision
from drafter.store import DOCUMENT_FILE, PRINCIPLES_DIR


class BatchReader:
    """Read-only access to a workspace's objects through one ``git cat-file --batch``.

    GitPython costs ~50 ms to import and walks trees in Python, and one git process per
    request costs a few milliseconds each; one batch process answers every question a
    diff asks (resolving both revisions, their trees, the blobs that differ), which is
    what keeps a whole ``drafter diff`` within a small multiple of ``git diff`` itself.
    """

    _CHUNK = 512  # requests written before reading answers: stays below a pipe's buffer

    def __init__(self, root: Path) -> None:
        self.root = root
        self._batch: tuple[int, BinaryIO, BinaryIO] | None = None  # pid, its stdin, its stdout

    def __enter__(self) -> BatchReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._batch is not None:
            pid, stdin, stdout = self._batch
            self._batch = None
            try:
                stdin.close()
            except BrokenPipeError:
                pass
            stdout.close()
            os.waitpid(pid, 0)

    def _spawn(self, *args: str) -> tuple[int, BinaryIO, BinaryIO]:
        """Start git with pipes to its stdin and stdout (stderr discarded).

        ``os.posix_spawnp`` rather than ``subprocess``, whose import (with selectors and
        threading) costs more than everything a small diff does.
        """
        in_read, in_write = os.pipe()
        out_read, out_write = os.pipe()
        devnull = os.open(os.devnull, os.O_WRONLY)
        actions = [
            (os.POSIX_SPAWN_DUP2, in_read, 0),
            (os.POSIX_SPAWN_DUP2, out_write, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ]
        try:
            pid = os.posix_spawnp(
                "git", ["git", "-C", str(self.root), *args], _git_env(), file_actions=actions
            )
        except FileNotFoundError:
            for fd in (in_write, out_read):
                os.close(fd)
            raise DrafterError("git is not installed (drafter needs the git program)") from None
        finally:
            for fd in (in_read, out_write, devnull):
                os.close(fd)
        # file descriptors, not paths: closed by close() / run()
        return pid, open(in_write, "wb"), open(out_read, "rb")  # noqa: PTH123

    def run(self, *args: str) -> tuple[int, bytes]:
        """(exit status, output) of one git command that reads nothing."""
        pid, stdin, stdout = self._spawn(*args)
        stdin.close()
        with stdout:
            out = stdout.read()
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), out

    def objects(self, names: list[str]) -> list[tuple[str, bytes, str] | None]:
        """(type, content, sha) of each named object (a sha, rev^{commit}...); None if absent."""
        if self._batch is None:
            self._batch = self._spawn("cat-file", "--batch")
        _pid, stdin, stdout = self._batch
        result: list[tuple[str, bytes, str] | None] = []
        for start in range(0, len(names), self._CHUNK):
            chunk = names[start : start + self._CHUNK]
            try:
                stdin.write("".join(f"{name}\n" for name in chunk).encode("utf-8"))
                stdin.flush()
            except BrokenPipeError:
                raise DrafterError(f"{self.root}: git cannot read this repository") from None
            for _name in chunk:
                header = stdout.readline().split()
                if len(header) != 3:  # "<name> missing" / "ambiguous", or git stopped
                    if not header:
                        raise DrafterError(f"{self.root}: git cannot read this repository")
                    result.append(None)
                    continue
                size = int(header[2])
                data = stdout.read(size + 1)[:size]
                result.append((header[1].decode(), data, header[0].decode()))
        return result

    def resolve(self, rev: str) -> tuple[str, str]:
        """(commit sha, tree sha) from a meeting id, a tag, a sha or an expression like HEAD~2."""
        candidates = revision_candidates(rev)
        found = self.objects([f"{name}^{{commit}}" for name in candidates] + ["HEAD"])
        for answer in found[:-1]:
            if answer is not None and answer[0] == "commit":
                return answer[2], answer[1][5:45].decode()  # "tree <sha>" comes first
        if not (self.root / ".git").exists():
            raise RevisionError(f"{self.root}: not a drafter workspace (no git repository)")
        if found[-1] is None:
            raise RevisionError(f"no revision {rev!r}: nothing has been saved yet")
        _status, tags = self.run("for-each-ref", "--format=%(refname)", "refs/tags/meeting/")
        meetings = [t.removeprefix("refs/tags/meeting/") for t in tags.decode().split()]
        raise unknown_revision(rev, meetings)

    def last_meeting(self) -> str | None:
        """The most recent meeting reachable from HEAD, by its id."""
        status, out = self.run(
            "describe", "--tags", "--abbrev=0", f"--match={MEETING_TAG_PREFIX}*", "HEAD"
        )
        tag = out.decode().strip() if status == 0 else ""
        return tag[len(MEETING_TAG_PREFIX) :] if tag.startswith(MEETING_TAG_PREFIX) else None

    def tree(self, tree_sha: str) -> dict[str, str]:
        """{path: blob sha} of drafter.yaml and principles/*.yaml in a root tree."""
        result: dict[str, str] = {}
        root = self.objects([tree_sha])[0]
        if root is None:
            return result
        top = _tree_entries(root[1])
        if DOCUMENT_FILE in top and not top[DOCUMENT_FILE][0]:
            result[DOCUMENT_FILE] = top[DOCUMENT_FILE][1]
        if PRINCIPLES_DIR in top and top[PRINCIPLES_DIR][0]:
            sub = self.objects([top[PRINCIPLES_DIR][1]])[0]
            if sub is not None:
                for name, (is_dir, sha) in _tree_entries(sub[1]).items():
                    if not is_dir and name.endswith(".yaml"):
                        result[f"{PRINCIPLES_DIR}/{name}"] = sha
        return result

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """The contents of many blobs, by sha."""
        unique = sorted(set(shas))
        return {
            sha: answer[1]
            for sha, answer in zip(unique, self.objects(unique), strict=True)
            if answer is not None
        }


_TREE_ENTRY = re.compile(rb"(\d+) ([^\0]*)\0(.{20})", re.DOTALL)


def _tree_entries(data: bytes) -> dict[str, tuple[bool, str]]:
    """{name: (is a folder, sha)} from a raw git tree object ("<mode> <name>\\0<20 bytes>")."""
    return {
        name.decode("utf-8", "surrogateescape"): (mode == b"40000", sha.hex())
        for mode, name, sha in _TREE_ENTRY.findall(data)
    }


def _git_env() -> dict[str, str]:
    """drafter's safe git environment (no hooks, no replace refs, no redirection to
    another repository); reading never takes the index lock (``GIT_OPTIONAL_LOCKS=0``)."""
    return safe_env()


__all__ = ["BatchReader"]
