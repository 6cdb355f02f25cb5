"""A workspace's git repository: commits, meeting tags, reading any revision, the log.

Reading a past revision never checks anything out: blobs come straight from the
commit's tree. Commits go through the git CLI (via GitPython's ``repo.git``), which is
several times faster than GitPython's own index for many files. Every git GitPython
starts here runs in drafter's safe environment (:mod:`drafter.git.env`).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Literal

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from drafter.errors import RevisionError, WorkspaceError
from drafter.git.env import config_variables
from drafter.git.objects import blob_sha
from drafter.history import (
    MEETING_TRAILER,
    WARNINGS,
    Identity,
    MeetingGroup,
    Revision,
    group_by_meeting,
    parse_message,
)
from drafter.layout import (
    DOCUMENT_FILE,
    GITIGNORE_FILE,
    MEETINGS_DIR,
    PRINCIPLES_DIR,
    RECORD_FOLDERS,
    REGULAR_MODES,
    Refusal,
    is_workspace_folder,
    is_workspace_path,
    refusal,
)
from drafter.refs import MEETING_TAG_PREFIX, git_reason, revision_candidates, unknown_revision
from drafter.visible import visible

TRACKED = (DOCUMENT_FILE, *RECORD_FOLDERS)
MIN_GITPYTHON = (3, 1, 52)


def check_gitpython() -> None:
    """Refuse to talk to remotes through a GitPython with known argument-injection holes."""
    version = getattr(git, "__version__", "0")
    parts = tuple(int(n) for n in re.findall(r"\d+", version)[:3])
    if parts < MIN_GITPYTHON:
        needed = ".".join(map(str, MIN_GITPYTHON))
        raise WorkspaceError(
            f"GitPython {version} is too old to share a workspace safely (CVE-2022-24439, "
            f"CVE-2023-40267 and later advisories): install GitPython {needed} or newer"
        )


@contextlib.contextmanager
def _reasons(doing: str) -> Iterator[None]:
    """git's complaint as one line a member can act on, never GitPython's wrapper text."""
    try:
        yield
    except GitCommandError as exc:
        raise WorkspaceError(f"git could not {doing}: {_git_reason(exc)}") from None


class History:
    """A workspace's git repository."""

    def __init__(self, root: Path) -> None:
        try:
            self.repo = git.Repo(root)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise WorkspaceError(f"{root}: not a drafter workspace (no git repository)") from None
        if self.repo.bare:
            raise WorkspaceError(f"{root}: is a bare git repository, not a workspace")
        self.root = Path(self.repo.working_tree_dir or root)
        self.git_dir = Path(self.repo.git_dir)
        # every git GitPython starts for us: no hooks, no filters, no prompts
        self.repo.git.update_environment(**config_variables())
        self._tags: dict[str, str] | None = None

    @classmethod
    def init(cls, root: Path) -> History:
        git.Repo.init(root, initial_branch="main", env=config_variables())
        return cls(root)

    # ----------------------------------------------------------------- identity

    def identity(self) -> Identity:
        """The user's git identity; a clear error naming the fix when there is none."""
        env_name = os.environ.get("GIT_AUTHOR_NAME")
        env_email = os.environ.get("GIT_AUTHOR_EMAIL")
        reader = self.repo.config_reader()
        name = env_name or reader.get_value("user", "name", default="")
        email = env_email or reader.get_value("user", "email", default="")
        if not name or not email:
            raise WorkspaceError(
                "no git identity: tell drafter who you are with "
                "git config --global user.name 'Your Name' and "
                "git config --global user.email 'you@example.org'"
            )
        return Identity(str(name), str(email))

    def set_identity(
        self,
        identity: Identity,
        *,
        scope: Literal["system", "global", "user", "repository"] = "global",
    ) -> None:
        with self.repo.config_writer(config_level=scope) as writer:
            writer.set_value("user", "name", identity.name)
            writer.set_value("user", "email", identity.email)

    # ----------------------------------------------------------------- revisions

    def has_commits(self) -> bool:
        try:
            self.repo.head.commit  # noqa: B018 - raises when the branch is unborn
        except ValueError:
            return False
        return True

    def resolve(self, rev: str) -> git.Commit:
        """A commit from a meeting id, a tag, a sha or an expression like HEAD~2."""
        candidates = revision_candidates(rev)
        for name in candidates:
            try:
                sha = self.repo.git.rev_parse(
                    "--verify", "--quiet", "--end-of-options", name + "^{commit}"
                )
            except GitCommandError:
                continue
            return self.repo.commit(sha)
        if not self.has_commits():
            raise RevisionError(f"no revision {rev!r}: nothing has been saved yet")
        raise unknown_revision(rev, self.meeting_tags())

    def tree_files(
        self, commit: git.Commit, paths: Iterable[str] | None = None
    ) -> dict[str, bytes]:
        """The tracked files of a revision as {path: bytes}, read from its tree."""
        files: dict[str, bytes] = {}
        wanted = set(paths) if paths is not None else None
        for path, blob in self._blobs(commit):
            if wanted is None or path in wanted:
                files[path] = blob.data_stream.read()
        return files

    def tree_shas(self, commit: git.Commit) -> dict[str, str]:
        """{path: blob sha} of a revision's tracked files, without reading any content."""
        return {path: blob.hexsha for path, blob in self._blobs(commit)}

    def _blobs(self, commit: git.Commit) -> Iterable[tuple[str, git.Blob]]:
        """drafter's files in a revision; a link where one should be is an error."""
        tree = commit.tree
        found: list[tuple[str, git.Blob]] = []
        try:
            found.append((DOCUMENT_FILE, tree / DOCUMENT_FILE))
        except KeyError:
            pass
        for folder in (PRINCIPLES_DIR, MEETINGS_DIR):
            try:
                sub = tree / folder
            except KeyError:
                continue
            if sub.type != "tree":
                raise _not_a_file(folder, commit)
            found += [(f"{folder}/{b.name}", b) for b in sub.blobs if b.name.endswith(".yaml")]
        for path, blob in found:
            if blob.type != "blob" or f"{blob.mode:o}" not in REGULAR_MODES:
                raise _not_a_file(path, commit)
            yield path, blob

    # ----------------------------------------------------------------- writing

    def check_index_lock(self) -> None:
        lock = self.git_dir / "index.lock"
        if lock.exists():
            raise WorkspaceError(
                f"git's lock file {lock} exists: another git program is running, or one was "
                "stopped half-way; if none is running, delete that file and save again"
            )

    def commit(
        self,
        message: str,
        *,
        meeting: str | None = None,
        author: Identity | None = None,
        when: datetime | None = None,
        paths: Iterable[str] = TRACKED,
    ) -> str | None:
        """Commit what changed under ``paths``; None when there is nothing to save."""
        self.check_index_lock()
        who = author or self.identity()
        on_disk, gone = self._stage_lists(paths)
        try:
            if on_disk:
                self.repo.git.add("--", *on_disk)
            if gone:
                self.repo.git.rm("--cached", "--quiet", "--ignore-unmatch", "--", *gone)
            if self.has_commits() and not self.repo.index.diff("HEAD"):
                return None
            if not self.has_commits() and not on_disk:
                return None
            full = message.strip() or "Save"
            if meeting:
                full += f"\n\n{MEETING_TRAILER}: {meeting}"
            env = self._env(who, when)
            self.repo.git.commit("--quiet", "--no-verify", "-m", full, env=env)
        except GitCommandError as exc:
            raise WorkspaceError(f"git could not save: {_git_reason(exc)}") from None
        return self.repo.head.commit.hexsha

    def foreign_entries(self) -> list[Refusal]:
        """What git tracks here that a workspace never holds (links, other files)."""
        if not self.has_commits():
            return []
        with _reasons("list the saved files"):
            out = self.repo.git.ls_files("-s", "-z")
        found: list[Refusal] = []
        for record in out.split("\0"):
            if not record:
                continue
            meta, path = record.split("\t", 1)
            mode = meta.split(" ", 1)[0]
            kind = "commit" if mode == "160000" else "blob"
            problem = refusal(path, mode, kind)
            if problem is not None:
                found.append(Refusal(visible(path), problem.reason))
        return found

    def _stage_lists(self, paths: Iterable[str]) -> tuple[list[str], list[str]]:
        """(drafter's files under ``paths`` on disk, tracked ones that are gone).

        Only drafter's own paths are staged: never an editor's backup (x.yaml~, #x.yaml#),
        a note or a Word file dropped into a folder. A link where a file should be stops
        the save with a line saying so (drafter would otherwise commit the link).
        """
        wanted = list(paths)
        on_disk: list[str] = []
        for top in wanted:
            on_disk += [p for p in _workspace_files(self.root, top) if p not in on_disk]
        with _reasons("list the saved files"):
            tracked = self.repo.git.ls_files("-z", "--", *wanted).split("\0") if wanted else []
        present = set(on_disk)
        gone = [p for p in tracked if p and p not in present and is_workspace_path(p)]
        return on_disk, gone

    def commit_first(
        self, files: Mapping[str, bytes], message: str, *, author: Identity | None = None
    ) -> str:
        """The first commit of a new workspace, written by git fast-import as one pack.

        ``commit`` stores each file as a loose object (one file on disk each); a draft of
        thousands of principles imported from Word is written several times faster as one
        pack. ``files`` must already be on disk with these bytes: the index is then read
        from the new commit and refreshed, so the workspace shows nothing pending.
        """
        import tempfile

        if self.has_commits():
            raise WorkspaceError(f"{self.root}: already has a saved revision")
        who = author or self.identity()
        now = datetime.now().astimezone()
        stamp = f"{int(now.timestamp())} {now.strftime('%z')}"
        branch = self.repo.head.ref.name
        text = message.strip().encode()
        head = (
            f"commit refs/heads/{branch}\n"
            f"author {who.name} <{who.email}> {stamp}\n"
            f"committer {who.name} <{who.email}> {stamp}\n"
        ).encode()
        try:
            with tempfile.TemporaryFile() as stream:
                stream.write(head + b"data %d\n" % len(text) + text + b"\n")
                for path in sorted(files):
                    if not is_workspace_path(path):
                        raise WorkspaceError(f"{path}: not a workspace file")
                    data = files[path]
                    stream.write(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(data)))
                    stream.write(data + b"\n")
                stream.seek(0)
                self.repo.git.fast_import("--quiet", istream=stream)
            self.repo.git.read_tree(branch)
            self.repo.git.update_index("-q", "--refresh")
        except GitCommandError as exc:
            raise WorkspaceError(f"git could not save: {_git_reason(exc)}") from None
        return self.repo.head.commit.hexsha

    def tag(
        self,
        name: str,
        message: str,
        *,
        tagger: Identity | None = None,
        when: datetime | None = None,
    ) -> None:
        self.check_index_lock()
        who = tagger or self.identity()
        try:
            self.repo.git.tag("-a", name, "-m", message, "HEAD", env=self._env(who, when))
        except GitCommandError as exc:
            raise WorkspaceError(f"git could not tag {name}: {_git_reason(exc)}") from None
        finally:
            self._tags = None

    @staticmethod
    def _env(who: Identity, when: datetime | None) -> dict[str, str]:
        env = {
            "GIT_AUTHOR_NAME": who.name,
            "GIT_AUTHOR_EMAIL": who.email,
            "GIT_COMMITTER_NAME": who.name,
            "GIT_COMMITTER_EMAIL": who.email,
        }
        if when is not None:
            if when.tzinfo is None:
                when = when.astimezone()
            stamp = when.isoformat()
            env["GIT_AUTHOR_DATE"] = stamp
            env["GIT_COMMITTER_DATE"] = stamp
        return env

    # ----------------------------------------------------------------- reading the log

    def meeting_tags(self) -> dict[str, str]:
        """{meeting id: tagged commit sha}."""
        return {
            name[len(MEETING_TAG_PREFIX) :]: sha
            for name, sha in self._commit_tags().items()
            if name.startswith(MEETING_TAG_PREFIX)
        }

    def _commit_tags(self) -> dict[str, str]:
        """{tag name: commit sha} of every tag that names a commit.

        A tag naming anything else (a blob pushed as ``meeting/x``) is ignored with one
        warning line: it never breaks a command.
        """
        if self._tags is not None:
            return self._tags
        fmt = "%(refname:strip=2)%09%(objecttype)%09%(objectname)%09%(*objecttype)%09%(*objectname)"
        with _reasons("read the meeting tags"):
            out = self.repo.git.for_each_ref(f"--format={fmt}", "refs/tags/")
        tags: dict[str, str] = {}
        for line in out.splitlines():
            name, kind, sha, peeled_kind, peeled = [*line.split("\t"), "", "", "", ""][:5]
            if (peeled_kind or kind) == "commit":
                tags[name] = peeled or sha
            elif name.startswith(MEETING_TAG_PREFIX):
                warning = (
                    f"warning: meeting tag {visible(name)} does not point at a saved draft: ignored"
                )
                if warning not in WARNINGS:
                    WARNINGS.append(warning)
        self._tags = tags
        return tags

    def revisions(self, limit: int | None = None) -> list[Revision]:
        """Every revision, newest first."""
        if not self.has_commits():
            return []
        tags_by_sha: dict[str, list[str]] = {}
        for name, sha in self._commit_tags().items():
            tags_by_sha.setdefault(sha, []).append(name)
        fmt = "%H%x1f%an%x1f%ae%x1f%aI%x1f%B%x1e"
        args = ["--topo-order", f"--format={fmt}"]
        if limit:
            args.append(f"-n{limit}")
        with _reasons("read the history"):
            out = self.repo.git.log(*args, "HEAD")
        result: list[Revision] = []
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            sha, author, email, date, message = map(visible, record.split("\x1f", 4))
            body, meeting = parse_message(message)
            result.append(
                Revision(
                    sha=sha,
                    author=author,
                    email=email,
                    date=datetime.fromisoformat(date),
                    message=body,
                    meeting=meeting,
                    tags=tuple(sorted(tags_by_sha.get(sha, []))),
                )
            )
        return result

    def grouped_log(self) -> list[MeetingGroup]:
        """Revisions newest first, grouped by the meeting whose draft they led up to."""
        return group_by_meeting(self.revisions())

    def last_meeting_tag(self, meetings_by_date: Iterable[str] | None = None) -> str | None:
        """The most recent meeting tag reachable from HEAD."""
        if not self.has_commits():
            return None
        try:
            desc = self.repo.git.describe(
                "--tags", "--abbrev=0", f"--match={MEETING_TAG_PREFIX}*", "HEAD"
            )
        except GitCommandError:
            return None
        return desc.strip() or None

    def changed_since(self, commit: git.Commit, working: Mapping[str, bytes]) -> set[str]:
        """Paths whose working content differs from ``commit``'s (added, removed, edited)."""
        old = self.tree_shas(commit)
        changed = {p for p in old if p not in working}
        for path, data in working.items():
            if old.get(path) != blob_sha(data):
                changed.add(path)
        return changed


def _workspace_files(root: Path, top: str) -> list[str]:
    """drafter's files at or below ``top`` on disk (links included, to be refused)."""
    from drafter.safe_files import refuse_link

    if top in (DOCUMENT_FILE, GITIGNORE_FILE):
        if (root / top).is_symlink():
            raise refuse_link(top)
        return [top] if (root / top).exists() else []
    found: list[str] = []
    stack = [top]
    while stack:
        folder = stack.pop()
        if (root / folder).is_symlink():
            raise refuse_link(folder)
        try:
            entries = list(os.scandir(root / folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}"
            if entry.is_symlink():
                if is_workspace_path(rel) or is_workspace_folder(rel):
                    raise refuse_link(rel)
            elif entry.is_dir():
                stack.append(rel)
            elif is_workspace_path(rel):
                found.append(rel)
    return sorted(found)


def _not_a_file(path: str, commit: git.Commit) -> WorkspaceError:
    return WorkspaceError(
        f"{path} at revision {commit.hexsha[:8]}: is a symbolic link or other special "
        "entry, not a file; drafter does not read it"
    )


_WRAPPED = re.compile(r"\s*(?:stderr|stdout): '(.*)'\s*\Z", re.DOTALL)


def _git_reason(exc: GitCommandError) -> str:
    """git's own complaint: GitPython hands it on wrapped as "stderr: '...'", which hid
    the "fatal:" line (a stale ref lock was reported as "remove the file manually to
    continue", without the file)."""
    text = exc.stderr or exc.stdout or str(exc)
    wrapped = _WRAPPED.match(text)
    return git_reason(wrapped.group(1) if wrapped else text)
