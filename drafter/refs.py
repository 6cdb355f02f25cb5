"""Revision names, meeting tags and git's complaints: the rules every git caller shares.

Three modules talk to git (history through GitPython, diff through one fast
``cat-file --batch`` process, sync through the CLI with its safety settings); each asks
here before a user's word reaches git as a ref, and each reports git's errors the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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


def closest_meetings(rev: str, meeting_ids: Iterable[str], limit: int = 3) -> list[str]:
    """The meeting ids a mistyped revision most likely meant, best first.

    "verona" finds "2017-05-verona" (a part of the id), "verna" finds it too (spelling).
    """
    import difflib

    ids = sorted(set(meeting_ids))
    name = rev.removeprefix(MEETING_TAG_PREFIX).strip().lower()
    if not name or not ids:
        return []
    within = [mid for mid in ids if name in mid]
    if within:
        return within[:limit]
    parts = {mid: mid.split("-", 2)[-1] if mid[:4].isdigit() else mid for mid in ids}
    by_place = difflib.get_close_matches(name, list(parts.values()), n=limit, cutoff=0.6)
    found = [mid for place in by_place for mid in ids if parts[mid] == place]
    found += difflib.get_close_matches(name, ids, n=limit, cutoff=0.6)
    return list(dict.fromkeys(found))[:limit]


def unknown_revision_hint(rev: str, meeting_ids: Iterable[str]) -> str:
    """What to add when ``rev`` names nothing: the closest meetings, or how to list them.

    The revision resolvers (and the CLI and the TUI, which report their errors) share it,
    so a mistyped meeting gets the same help everywhere.
    """
    close = closest_meetings(rev, meeting_ids)
    return "did you mean " + " or ".join(close) + "?" if close else ""


def unknown_revision(rev: str, meeting_ids: Iterable[str]) -> RevisionError:
    """The error both revision resolvers raise for a name that names nothing, with the
    closest meeting ids (the CLI and the TUI show it as it is)."""
    hint = unknown_revision_hint(rev, meeting_ids)
    message = f"no revision {rev!r}: not a meeting, tag or commit of this workspace"
    return RevisionError(f"{message}; {hint}" if hint else message)
