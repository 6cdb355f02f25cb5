"""Words the screens share for things a reader knows by name: meetings, revisions."""

from __future__ import annotations

from drafter.model import Meeting, date_range


def meeting_words(meeting: Meeting) -> str:
    """ "Experts' Group meeting, Verona, Italy, 18–20 May 2017": with every day it lasted."""
    parts = [meeting.name]
    if meeting.place:
        parts.append(meeting.place)
    days = date_range(meeting.start, meeting.end)
    if days:
        parts.append(days)
    return ", ".join(part for part in parts if part)


def meeting_place(meeting: Meeting) -> str:
    """ "Verona" (the city), or the meeting's name when it has no place."""
    return meeting.place.split(",")[0] if meeting.place else meeting.name


def meeting_short(meeting: Meeting) -> str:
    """ "Verona, 18–20 May 2017": enough to tell meetings apart on one line."""
    days = date_range(meeting.start, meeting.end)
    return f"{meeting_place(meeting)}, {days}" if days else meeting_place(meeting)
