"""The git command line in one repository, always in drafter's safe environment.

Every git process drafter starts for writing, sharing or listing goes through
:class:`Git` (the fast object reader in :mod:`drafter.git.batch` and GitPython in
:mod:`drafter.history` use the same environment). Errors become one line a member can
act on, never git's or GitPython's raw output.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path

from drafter.errors import DrafterError, WorkspaceError
from drafter.git.env import safe_env
from drafter.refs import git_reason


class GitTimeout(DrafterError):
    """A git command that talks to another computer gave no answer in time."""


def _ssh_batch_mode(env: dict[str, str], root: Path) -> None:
    """No hidden password prompt (it would hang the editor): SSH fails with a clear line.

    A member's own SSH command for git (``GIT_SSH_COMMAND``, ``core.sshCommand``) is kept.
    """
    if "GIT_SSH_COMMAND" in env or "GIT_SSH" in env:
        return
    own = subprocess.run(
        ["git", "config", "--get", "core.sshCommand"],
        cwd=root if root.is_dir() else None,
        capture_output=True,
        env=env,
        check=False,
    )
    if own.returncode != 0:
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=20"


class Git:
    """git in one folder. ``network=True`` prepares the environment for remotes."""

    def __init__(self, root: Path, *, network: bool = False) -> None:
        self.root = root
        self.env = safe_env()
        if network:
            _ssh_batch_mode(self.env, root)

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float | None = None,
        check: bool = True,
    ) -> subprocess.CompletedProcess[bytes]:
        try:
            result = subprocess.run(
                ["git", *args],
                cwd=self.root,
                input=input,
                capture_output=True,
                env={**self.env, **(env or {})},
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GitTimeout(f"git {args[0]} gave no answer within {timeout:.0f} s") from None
        except OSError as exc:
            raise WorkspaceError(
                f"git cannot be started ({exc.strerror}): is git installed?"
            ) from None
        if check and result.returncode != 0:
            raise WorkspaceError(f"git {args[0]} failed: {git_reason(result.stderr)}")
        return result

    def out(
        self, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None
    ) -> str:
        return self.run(*args, input=input, env=env).stdout.decode("utf-8", "replace").strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def sha(self, ref: str) -> str | None:
        """The commit (or object) a ref names, or None."""
        result = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", ref, check=False)
        return (result.stdout.decode().strip() or None) if result.returncode == 0 else None

    def refs(self, prefix: str) -> dict[str, tuple[str, str, str]]:
        """{name below prefix: (object sha, peeled object sha, peeled object type)}."""
        text = self.out(
            "for-each-ref",
            "--format=%(refname)%09%(objectname)%09%(objecttype)%09%(*objectname)%09%(*objecttype)",
            prefix,
        )
        found: dict[str, tuple[str, str, str]] = {}
        for line in text.splitlines():
            name, obj, kind, peeled, peeled_kind = [*line.split("\t"), "", "", "", ""][:5]
            found[name[len(prefix) :]] = (obj, peeled or obj, peeled_kind or kind)
        return found

    def tree(self, commit: str) -> dict[str, tuple[str, str]]:
        """{path: (mode, blob sha)} of every file in a commit (links and gitlinks included)."""
        return {path: (mode, sha) for path, (mode, _kind, sha) in self.entries(commit).items()}

    def entries(self, commit: str, *, folders: bool = False) -> dict[str, tuple[str, str, str]]:
        """{path: (mode, type, sha)} of a commit's tree, recursively; folders too if asked."""
        args = ["ls-tree", "-r", "-z", "--full-tree"]
        if folders:
            args.append("-t")
        raw = self.run(*args, "--end-of-options", commit).stdout
        found: dict[str, tuple[str, str, str]] = {}
        for record in raw.split(b"\0"):
            if not record:
                continue
            meta, path = record.split(b"\t", 1)
            mode, kind, sha = meta.decode().split(" ")
            found[path.decode("utf-8", "surrogateescape")] = (mode, kind, sha)
        return found
