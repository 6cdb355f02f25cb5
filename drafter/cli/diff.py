"""The ``drafter diff`` command: what changed between two revisions, by principle."""

from __future__ import annotations

import argparse
import os
import sys

from drafter.cli._common import Command


def register(command: Command) -> None:
    p = command(
        "diff",
        cmd_diff,
        "differences from revision A to B, principle by principle, word by word "
        "(defaults: A = the last meeting, B = the working files)",
    )
    p.add_argument(
        "a", nargs="?", metavar="A", help="from: a meeting id, git revision or 'working'"
    )
    p.add_argument("b", nargs="?", metavar="B", help="to: a meeting id, git revision or 'working'")
    p.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text for a terminal (default), markdown for an e-mail, json for programs",
    )
    p.add_argument("--principle", metavar="ID", help="only this principle")
    p.add_argument(
        "--lang", metavar="L", help="compare this translation (e.g. fr) instead of the source"
    )
    p.add_argument(
        "--stat", action="store_true", help="per principle, only the words inserted and deleted"
    )
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: when writing to a terminal and NO_COLOR is unset)",
    )


def use_color(choice: str, stream: object = None) -> bool:
    """--color: always/never as said; auto only on a terminal, and never under NO_COLOR."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream if stream is not None else sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def cmd_diff(args: argparse.Namespace) -> int:
    from drafter import diff_render
    from drafter.diff import compare_revisions
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    result = compare_revisions(ws, args.a, args.b, principle=args.principle)
    if args.lang:  # only that language's fields: see drafter.translations
        from drafter.translations import language_diff

        result = language_diff(result, args.lang)
    color = use_color(args.color)
    if args.format == "json":
        out = diff_render.render_json(result, stat=args.stat)
    elif args.stat:
        out = diff_render.render_stat(result, color=color, markdown=args.format == "markdown")
    elif args.format == "markdown":
        out = diff_render.render_markdown(result)
    else:
        out = diff_render.render_text(result, color=color)
    sys.stdout.write(out)
    sys.stdout.flush()
    return 0
