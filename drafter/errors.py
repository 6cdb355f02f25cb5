"""The errors a user can cause, each with a message a person can act on.

DrafterError                  anything the user can fix; the CLI prints it on one line, exit 1
 ├── WorkspaceError           not a workspace, workspace busy, stale git lock, no identity
 │    └── WriteError          a file could not be written (also an OSError)
 ├── ValidationError          a file breaks the format (carries every Problem found)
 ├── RevisionError            a revision name that does not resolve
 ├── InvalidIdError           an id that breaks the id rule (never reaches a path or a ref)
 ├── SyncError                the shared workspace could not be reached or refused
 └── ExportError              a template or language the exporter cannot use
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, located as precisely as the file allows."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class DrafterError(Exception):
    """A problem the user can fix; its message is one line."""


class WorkspaceError(DrafterError):
    """The workspace cannot be used as it is (missing, busy, locked, no identity)."""


class WriteError(WorkspaceError, OSError):
    """A file could not be written; the message names the user's file, not a temporary one.

    Also an ``OSError``, so callers that handle disk errors keep handling it.
    """


class ValidationError(DrafterError):
    """One or more files break the on-disk format."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid workspace"
        n = len(problems) - 1
        more = (
            f" (and {n} more problem{'s' if n > 1 else ''}: drafter check lists them)"
            if n > 0
            else ""
        )
        super().__init__(first + more)


class RevisionError(DrafterError):
    """A revision name that names nothing in the history."""


class InvalidIdError(DrafterError):
    """An identifier that may not become a file name or a git ref."""


class ExportError(DrafterError):
    """The exporter cannot use a template, language or output path."""


class SyncError(DrafterError):
    """The shared workspace could not be reached or refused; local work is untouched."""
