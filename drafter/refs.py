"""Revision names, meeting tags and git's complaints: the rules every git caller shares.

Three modules talk to git (history through GitPython, diff through one fast
``cat-file --batch`` process, sync through the CLI with its safety settings); each asks
here before a user's word reaches git as a ref, and each reports git's errors the same way.
"""

from __future__ import annotations

import re

from drafter.errors import RevisionError
from drafter.model import ID_RULE
from drafter.visible import visible

MEETING_TAG_PREFIX = "meeting/"
WORKING = "working"  # the revision name of the files on disk, saved or not

# No options (leading "-"), ranges, reflog or path syntax, control characters or spaces.
_UNSAFE_REV = re.compile(r"[\x00-\x20\x7f]|^-|\.\.|@\{|[~^:]$")
_MEETING_ID = re.compile(ID_RULE + r"\Z")


def revision_candidates(rev: str) -> list[str]:
    """The names to try for a revision, a meeting's tag first; unsafe names are refused."""
    if not rev or _UNSAFE_REV.search(rev):
        raise RevisionError(f"{rev!r} is not a revision name")
    if not rev.startswith(MEETING_TAG_PREFIX) and _MEETING_ID.match(rev):
        return [MEETING_TAG_PREFIX + rev, rev]
    return [rev]


def git_reason(stderr: bytes | str) -> str:
    """The line of git's complaint that says what went wrong."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for prefix in ("fatal:", "error:", "remote: error:", "ERROR:"):
        for line in lines:
            if line.startswith(prefix):
                return visible(line[len(prefix) :].strip())
    return visible(lines[-1]) if lines else "git gave no reason"
