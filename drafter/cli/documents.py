"""The commands on a workspace as a whole: init, demo, list, show, check, save, log, edit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.cli._common import Command, out, render_principle, table, workspace
from drafter.errors import DrafterError, ValidationError

if TYPE_CHECKING:
    from drafter.model import Draft
    from drafter.workspace import Workspace


def register(command: Command) -> None:
    command("edit", cmd_edit, "open the terminal editor on the workspace")

    p = command("init", cmd_init, "create an empty workspace")
    p.add_argument(
        "path", nargs="?", help="folder to create it in (default: -C or the current folder)"
    )
    p.add_argument("--title", required=True, help="the document's title")
    p.add_argument(
        "--language", default="en", help="language code of the source text (default: en)"
    )

    p = command(
        "demo", cmd_demo, "create a workspace from the bundled sample with its meeting history"
    )
    p.add_argument(
        "path",
        nargs="?",
        default="surrogacy-principles",
        help="where (default: ./surrogacy-principles)",
    )

    p = command("list", cmd_list, "numbered principles with titles and status")
    p.add_argument(
        "--at", default="working", metavar="REV", help="a meeting id, git revision or 'working'"
    )

    p = command("show", cmd_show, "one principle, fully rendered")
    p.add_argument("id", help="the principle's id")
    p.add_argument(
        "--at", default="working", metavar="REV", help="a meeting id, git revision or 'working'"
    )
    p.add_argument("--lang", help="show a translation")

    p = command("save", cmd_save, "commit what changed on disk (nothing to save is not an error)")
    p.add_argument("-m", "--message", help="what changed (default: a description drafter writes)")

    command("check", cmd_check, "validate the workspace; lists every problem with file and line")

    p = command("log", cmd_log, "revisions, newest first, grouped by meeting")
    p.add_argument(
        "--principle", metavar="ID", help="only the revisions that changed this principle"
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="with --principle: text (default) or json for programs",
    )


def cmd_init(args: argparse.Namespace) -> int:
    from drafter.workspace import Workspace

    path = Path(args.path or args.C)
    ws = Workspace.init(path, args.title, language=args.language)
    out(f"Created workspace {ws.root}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from drafter.sample import build_demo

    path = Path(args.C, args.path)
    ws = build_demo(path)
    draft = ws.draft()
    out(
        f"Created demo workspace {ws.root} ({len(draft.principles)} principles, {len(draft.meetings)} meetings)"
    )
    out(f"Open it with: drafter -C {path} edit")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    ws = workspace(args)
    draft = ws.draft(args.at)
    rows = [(f"{n}.", draft.render(p.title), p.status) for n, p in draft.ordered()]
    out(draft.document.title)
    for line in table(rows):
        out("  " + line)
    if not rows:
        out("  (no principles yet)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    ws = workspace(args)
    draft, principle = ws.principle(args.id, args.at)
    if (
        args.lang
        and args.lang not in principle.translations
        and args.lang != draft.document.language
    ):
        raise DrafterError(f"principle {args.id!r} has no {args.lang!r} translation")
    sys.stdout.write(render_principle(draft, principle, lang=args.lang))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    ws = workspace(args)
    problems = ws.check()
    for problem in [*problems, *ws.warnings()]:
        out(str(problem))
    if problems:
        sys.stderr.write(
            f"drafter: {len(problems)} problem{'s' if len(problems) != 1 else ''} found\n"
        )
        return 1
    draft = ws.draft()
    if _report_clashes(ws, draft):
        return 1
    out(f"No problems: {len(draft.principles)} principles, {len(draft.meetings)} meetings.")
    return 0


def _report_clashes(ws: Workspace, draft: Draft) -> int:
    """Clashes a sync left open (files are valid meanwhile); see drafter.clashes."""
    try:
        from drafter import clashes
    except ModuleNotFoundError:
        return 0
    open_clashes = clashes.pending(ws, draft)
    for clash in open_clashes:
        out(clashes.describe(clash, draft))
    if open_clashes:
        n = len(open_clashes)
        sys.stderr.write(f"drafter: {n} clash{'es' if n != 1 else ''} from a sync to resolve\n")
    return len(open_clashes)


def cmd_save(args: argparse.Namespace) -> int:
    ws = workspace(args)
    problems = ws.check()
    if problems:
        raise ValidationError(problems)
    message = args.message or ws.default_message()
    sha = ws.save(message)
    if sha is None:
        out("Nothing to save: the workspace is as it was last saved.")
    else:
        out(f"Saved {sha[:8]}: {message}")
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    if getattr(args, "principle", None):
        from drafter.cli.blame import print_principle_log

        return print_principle_log(args)
    ws = workspace(args)
    try:  # the log is read from the history: a broken working file must not hide it
        draft = ws.draft()
        meetings, current = draft.meetings, draft.document.current_meeting
    except DrafterError:
        meetings, current = {}, None
    for group in ws.log():
        if group.tagged and group.meeting:
            m = meetings.get(group.meeting)
            title = f"{m.label()}  [meeting/{group.meeting}]" if m else f"meeting/{group.meeting}"
        elif group.meeting or current:
            mid = group.meeting or current
            m = meetings.get(mid or "")
            title = f"Since the last meeting — working towards {m.label() if m else mid} (open)"
        else:
            title = "Since the last meeting"
        out(title)
        for rev in group.revisions:
            out(f"  {rev.short}  {rev.date:%Y-%m-%d %H:%M}  {rev.author}  {rev.subject}")
        out()
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from drafter.tui import startup

    startup.hold()  # released once the first screen is drawn
    startup.quick_frames()
    from drafter.tui.app import run as run_tui

    return run_tui(workspace(args))
