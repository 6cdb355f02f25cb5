"""``drafter meeting open|close|list``: the meetings whose agreed drafts are tagged."""

from __future__ import annotations

import argparse

from drafter.cli._common import Command, out, table, workspace
from drafter.errors import DrafterError


def register(command: Command) -> None:
    meeting = command("meeting", _missing_action, "open, close and list meetings")
    msub = meeting.add_subparsers(dest="meeting_command", metavar="ACTION", required=True)
    p = msub.add_parser("open", help="record a meeting and make it current")
    p.set_defaults(handler=cmd_meeting_open)
    p.add_argument("id", help="e.g. 2017-05-verona")
    p.add_argument("--name", required=True)
    p.add_argument("--place", default="")
    p.add_argument("--start", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--end", metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--participants", help="comma-separated names")
    p = msub.add_parser(
        "close", help="tag the current draft meeting/<id> and clear the current meeting"
    )
    p.set_defaults(handler=cmd_meeting_close)
    p = msub.add_parser("list", help="meetings in date order with their tags")
    p.set_defaults(handler=cmd_meeting_list)


def _missing_action(args: argparse.Namespace) -> int:  # pragma: no cover - argparse requires one
    return 2


def cmd_meeting_open(args: argparse.Namespace) -> int:
    from drafter.model import Meeting
    from drafter.workspace import parse_day

    ws = workspace(args)
    meeting = Meeting(
        id=args.id,
        name=args.name,
        place=args.place or "",
        start=parse_day(args.start, "--start"),
        end=parse_day(args.end, "--end") if args.end else None,
        participants=tuple(p.strip() for p in (args.participants or "").split(",") if p.strip()),
    )
    if meeting.end and meeting.start and meeting.end < meeting.start:
        raise DrafterError("--end is before --start")
    ws.open_meeting(meeting)
    out(f"Meeting {meeting.id} is open: saves are now recorded for it.")
    return 0


def cmd_meeting_close(args: argparse.Namespace) -> int:
    ws = workspace(args)
    tag = ws.close_meeting()
    out(f"Meeting closed: the agreed draft is tagged {tag}.")
    return 0


def cmd_meeting_list(args: argparse.Namespace) -> int:
    from drafter.model import date_range

    ws = workspace(args)
    draft = ws.draft()
    tags = ws.history.meeting_tags()
    rows = []
    for m in draft.meetings_by_date():
        when = date_range(m.start, m.end)
        state = (
            f"meeting/{m.id}"
            if m.id in tags
            else ("open" if m.id == draft.document.current_meeting else "")
        )
        rows.append((m.id, when, m.place, m.name, state))
    for line in table(rows):
        out(line)
    if not rows:
        out("No meetings yet (drafter meeting open ID --name N --place P --start DATE).")
    return 0
