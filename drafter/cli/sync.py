"""The ``clone``, ``sync`` and ``resolve`` commands: working together through a git remote."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.cli._common import Command, out

if TYPE_CHECKING:
    from drafter.merge import Clash, Value
    from drafter.model import Draft


def _progress(message: str) -> None:
    """Progress goes to a terminal only: scripts and logs get the summary alone."""
    if sys.stderr.isatty():
        sys.stderr.write(f"… {message}\n")


def cmd_clone(args: argparse.Namespace) -> int:
    from drafter.remote import default_clone_path
    from drafter.sync import clone

    target = Path(args.C, args.path or default_clone_path(args.url))
    ws = clone(args.url, target, progress=_progress)
    draft = ws.draft()
    tags = ws.history.meeting_tags()
    out(
        f"Cloned {draft.document.title!r} into {target} "
        f"({len(draft.principles)} principles, {len(tags)} meeting tags)."
    )
    out(f"Edit with: drafter -C {target} edit — share your saved work with: drafter sync")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from drafter.clashes import describe
    from drafter.sync import sync
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    report = sync(ws, args.remote, progress=_progress)
    if report.set_up:
        out(f"This workspace now shares through {report.remote} ({report.url}).")
    if report.incoming:
        out("Brought in from the others:")
        for line in report.incoming:
            out(f"  {line}")
    for notice in report.notices:
        out(f"Note: {notice}")
    if report.clashes:
        for clash in report.clashes:
            out(describe(clash, report.draft))
        n = len(report.clashes)
        sys.stderr.write(
            f"drafter: {n} clash{'es' if n != 1 else ''}: this copy's text was kept for now and "
            "nothing was sent; resolve, save, then sync again to share\n"
        )
        return 1
    if report.tags_in:
        out("Meeting tags received: " + ", ".join(report.tags_in))
    if report.tags_out:
        out("Meeting tags shared: " + ", ".join(report.tags_out))
    if report.pushed:
        out(f"Your saved work is shared through {report.remote}.")
    if report.up_to_date:
        out(f"Already in step with {report.remote}: nothing to bring in or send.")
    return 0


def _show(value: Value) -> str:
    text = "\n".join(value) if isinstance(value, tuple) else value
    return "\n".join(f"    {line}" for line in text.split("\n")) if text else "    (empty)"


def _print_clash(clash: Clash, draft: Draft) -> None:
    from drafter.clashes import describe

    out(describe(clash, draft))
    for label, value in (
        ("base (before either change)", clash.base),
        ("ours (this copy, in the file now)", clash.ours),
        ("theirs (the shared copy)", clash.theirs),
    ):
        out(f"  {label}:")
        out(_show(value))


def cmd_resolve(args: argparse.Namespace) -> int:
    from drafter import clashes
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    draft = ws.draft()
    if not args.target:
        open_clashes = clashes.prune(ws, draft)
        for clash in open_clashes:
            out(clashes.describe(clash, draft))
        if not open_clashes:
            out("No open clashes.")
        return 0
    if not args.take:
        for clash in clashes.find(ws, args.target, args.field):
            _print_clash(clash, draft)
        return 0
    done = clashes.resolve(ws, args.target, args.take, args.field)
    fields = ", ".join(c.field for c in done)
    out(f"Took {args.take} for {args.target}: {fields}. Save to record it: drafter save")
    return 0


def register(command: Command) -> None:
    p = command("clone", cmd_clone, "make a working copy of a shared workspace")
    p.add_argument("url", help="address of the shared workspace (https://, ssh:// or a folder)")
    p.add_argument("path", nargs="?", help="folder to create (default: named after the address)")

    p = command(
        "sync",
        cmd_sync,
        "share saved work through a git remote: bring in the others' changes, merge, send",
    )
    p.add_argument(
        "remote",
        nargs="?",
        help="a remote name, or the address to share through the first time (default: origin)",
    )

    p = command(
        "resolve",
        cmd_resolve,
        "list, show or settle the clashes a sync found (no ID: list them)",
    )
    p.add_argument("target", nargs="?", metavar="ID", help="principle id (or file path)")
    p.add_argument("--field", help="only this field, e.g. text or translations.fr.text")
    p.add_argument(
        "--take",
        choices=("ours", "theirs", "base"),
        help="keep this version; without it the three versions are shown",
    )
