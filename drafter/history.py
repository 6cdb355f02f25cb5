"""A workspace's history as readers see it: who saved what, when, for which meeting.

Plain data and the rules that group revisions under meetings; the git repository that
produces them is :class:`drafter.git.repository.History`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from drafter.model import check_id
from drafter.refs import MEETING_TAG_PREFIX

MEETING_TRAILER = "Meeting"

#: One line per meeting tag that was ignored because it names no saved draft; the CLI
#: prints them once, after the command's own output.
WARNINGS: list[str] = []
_TRAILER_RE = re.compile(rf"^{MEETING_TRAILER}:\s*(\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


@dataclass(frozen=True)
class Revision:
    """One commit as a reader sees it."""

    sha: str
    author: str
    email: str
    date: datetime
    message: str
    meeting: str | None
    tags: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.sha[:8]

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]


@dataclass
class MeetingGroup:
    """Revisions grouped under the meeting they led up to (None: since the last one)."""

    meeting: str | None
    tagged: bool
    revisions: list[Revision] = field(default_factory=list)


def meeting_tag(meeting_id: str) -> str:
    return MEETING_TAG_PREFIX + check_id(meeting_id, "meeting id")


def parse_message(message: str) -> tuple[str, str | None]:
    """(message without its ``Meeting:`` trailer, the meeting it names or None)."""
    match = _TRAILER_RE.search(message)
    return _TRAILER_RE.sub("", message).strip(), (match.group(1) if match else None)


def group_by_meeting(revisions: Iterable[Revision]) -> list[MeetingGroup]:
    """Revisions (newest first) grouped by the meeting whose draft they led up to."""
    groups: list[MeetingGroup] = []
    current = MeetingGroup(meeting=None, tagged=False)
    for rev in revisions:
        tagged = [
            t[len(MEETING_TAG_PREFIX) :] for t in rev.tags if t.startswith(MEETING_TAG_PREFIX)
        ]
        if tagged:
            if current.revisions or current.meeting:
                groups.append(current)
            current = MeetingGroup(meeting=tagged[0], tagged=True)
        elif (
            current.meeting is None and not current.tagged and rev.meeting and not current.revisions
        ):
            current.meeting = rev.meeting
        current.revisions.append(rev)
    if current.revisions:
        groups.append(current)
    return groups
