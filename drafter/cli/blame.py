"""``drafter blame ID`` and ``drafter log --principle ID``: who changed a principle, and how."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from drafter.cli._common import Command, out

if TYPE_CHECKING:
    from drafter.authorship import PrincipleRevision, Step


def register(command: Command) -> None:
    p = command(
        "blame",
        cmd_blame,
        "who wrote each part of a principle, and in which revision and meeting",
    )
    p.add_argument("id", metavar="ID", help="the principle's id")
    p.add_argument("--format", choices=("text", "json"), default="text")


def _meeting(step: Step) -> str:
    return f"  (meeting {step.meeting})" if step.meeting else ""


def _step_json(step: Step) -> dict[str, object]:
    return {
        "revision": step.sha,
        "author": step.author,
        "date": step.when.isoformat(),
        "meeting": step.meeting,
        "message": step.subject,
    }


def print_principle_log(args: argparse.Namespace) -> int:
    """``drafter log --principle ID``: the revisions that changed one principle, newest first."""
    from drafter.authorship import changed_words, current_principle, principle_log
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    pid = args.principle
    entries: list[PrincipleRevision] = list(reversed(principle_log(ws, pid)))
    if getattr(args, "format", "text") == "json":
        payload = {
            "principle": pid,
            "revisions": [
                {**_step_json(e.step), "change": e.change, "fields": e.fields} for e in entries
            ],
        }
        out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    principle = current_principle(ws, pid)
    title = f" — {principle.title}" if principle is not None and principle.title else ""
    if not entries:
        out(f"{pid}{title}: no saved revision changed it.")
        return 0
    out(f"{pid}{title}: changed in {len(entries)} revision{'s' if len(entries) != 1 else ''}")
    for entry in entries:
        step = entry.step
        out()
        out(
            f"  {step.sha[:8]}  {step.when:%Y-%m-%d %H:%M}  {step.author}  {entry.change}"
            f"{_meeting(step)}  {step.subject}"
        )
        for name, pieces in entry.fields.items():
            out(f"      {name}: {changed_words(pieces)}")
    return 0


def cmd_blame(args: argparse.Namespace) -> int:
    from drafter.authorship import blame, current_principle
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    parts = blame(ws, args.id)
    if args.format == "json":
        payload = {
            "principle": args.id,
            "fields": {
                name: [
                    {"text": text, **(_step_json(step) if step else {"revision": None})}
                    for text, step in pieces
                ]
                for name, pieces in parts.items()
            },
        }
        out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    principle = current_principle(ws, args.id)
    if not parts:
        out(f"{args.id}: not in the last saved revision.")
        return 0
    title = f" — {principle.title}" if principle is not None and principle.title else ""
    out(f"{args.id}{title}")
    for name, pieces in parts.items():
        out()
        out(f"{name}:")
        for text, step in pieces:
            who = (
                f"{step.author}, {step.when:%Y-%m-%d}, {step.sha[:8]}{_meeting(step).rstrip()}"
                if step
                else "unknown"
            )
            shown = " ".join(text.split())
            if shown:
                out(f"  [{who}] {shown}")
    return 0
