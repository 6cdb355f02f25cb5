"""The command line: one entry point, every operation scriptable.

Exit status: 0 success, 1 a problem the user can fix (one line on stderr), 2 usage.
Each command imports only what it needs, so ``drafter list`` never loads Textual,
GitPython or python-docx.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import DrafterError, ValidationError

if TYPE_CHECKING:
    from drafter.model import Draft, Principle
    from drafter.workspace import Workspace

Handler = Callable[[argparse.Namespace], int]


# --------------------------------------------------------------------------- helpers


def _workspace(args: argparse.Namespace) -> Workspace:
    from drafter.workspace import Workspace

    return Workspace.open(args.C)


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  ".join(
            [*(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=False)), row[-1]]
        ).rstrip()
        for row in rows
    ]


def render_principle(draft: Draft, principle: Principle, *, lang: str | None = None) -> str:
    """A principle as a reader sees it: number, title, text, lettered items, commentary."""
    from drafter.model import item_label

    p = principle.localized(lang)
    number = draft.number_of(p.id)
    heading = f"Principle {number} — {draft.render(p.title)}" if number else draft.render(p.title)
    lines = [heading, f"[{p.status}]  id: {p.id}", ""]
    if p.text:
        lines += [draft.render(p.text), ""]
    for i, item in enumerate(p.items):
        lines.append(f"  {item_label(i)} {draft.render(item)}")
    if p.items:
        lines.append("")
    if p.commentary:
        lines += ["Commentary", "", draft.render(p.commentary), ""]
    if p.tags:
        lines.append("Tags: " + ", ".join(p.tags))
    if principle.translations:
        lines.append("Translations: " + ", ".join(sorted(principle.translations)))
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- commands


def cmd_init(args: argparse.Namespace) -> int:
    from drafter.workspace import Workspace

    path = Path(args.path or args.C)
    ws = Workspace.init(path, args.title, language=args.language)
    _out(f"Created workspace {ws.root}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from drafter.sample import build_demo

    path = Path(args.C, args.path)
    ws = build_demo(path)
    draft = ws.draft()
    _out(
        f"Created demo workspace {ws.root} ({len(draft.principles)} principles, {len(draft.meetings)} meetings)"
    )
    _out(f"Open it with: drafter -C {path} edit")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    draft = ws.draft(args.at)
    rows = [(f"{n}.", draft.render(p.title), p.status) for n, p in draft.ordered()]
    _out(draft.document.title)
    for line in _table(rows):
        _out("  " + line)
    if not rows:
        _out("  (no principles yet)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    ws = _workspace(args)
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
    ws = _workspace(args)
    problems = ws.check()
    for problem in [*problems, *ws.warnings()]:
        _out(str(problem))
    if problems:
        sys.stderr.write(
            f"drafter: {len(problems)} problem{'s' if len(problems) != 1 else ''} found\n"
        )
        return 1
    draft = ws.draft()
    if _report_clashes(ws, draft):
        return 1
    _out(f"No problems: {len(draft.principles)} principles, {len(draft.meetings)} meetings.")
    return 0


def _report_clashes(ws: Workspace, draft: Draft) -> int:
    """Clashes a sync left open (files are valid meanwhile); see drafter.clashes."""
    try:
        from drafter import clashes
    except ModuleNotFoundError:
        return 0
    open_clashes = clashes.pending(ws, draft)
    for clash in open_clashes:
        _out(clashes.describe(clash, draft))
    if open_clashes:
        n = len(open_clashes)
        sys.stderr.write(f"drafter: {n} clash{'es' if n != 1 else ''} from a sync to resolve\n")
    return len(open_clashes)


def cmd_save(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    problems = ws.check()
    if problems:
        raise ValidationError(problems)
    message = args.message or ws.default_message()
    sha = ws.save(message)
    if sha is None:
        _out("Nothing to save: the workspace is as it was last saved.")
    else:
        _out(f"Saved {sha[:8]}: {message}")
    return 0


def cmd_meeting_open(args: argparse.Namespace) -> int:
    from drafter.model import Meeting
    from drafter.workspace import parse_day

    ws = _workspace(args)
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
    _out(f"Meeting {meeting.id} is open: saves are now recorded for it.")
    return 0


def cmd_meeting_close(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    tag = ws.close_meeting()
    _out(f"Meeting closed: the agreed draft is tagged {tag}.")
    return 0


def cmd_meeting_list(args: argparse.Namespace) -> int:
    from drafter.model import date_range

    ws = _workspace(args)
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
    for line in _table(rows):
        _out(line)
    if not rows:
        _out("No meetings yet (drafter meeting open ID --name N --place P --start DATE).")
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    if getattr(args, "principle", None):
        from drafter.blame_cli import print_principle_log

        return print_principle_log(args)
    ws = _workspace(args)
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
        _out(title)
        for rev in group.revisions:
            _out(f"  {rev.short}  {rev.date:%Y-%m-%d %H:%M}  {rev.author}  {rev.subject}")
        _out()
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from drafter.tui.app import run as run_tui

    return run_tui(_workspace(args))


# --------------------------------------------------------------------------- the parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drafter",
        description="Draft and version a structured set of principles.",
        epilog="Run 'drafter COMMAND --help' for a command's options.",
    )
    parser.add_argument(
        "-C", metavar="PATH", default=".", help="the workspace (default: the current folder)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

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

    meeting = sub.add_parser(
        "meeting", help="open, close and list meetings", description="Meetings."
    )
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

    _add_extension_commands(command)
    return parser


def _add_extension_commands(
    command: Callable[[str, Handler, str], argparse.ArgumentParser],
) -> None:
    """Commands whose parsers and handlers live beside the feature they drive.

    Each module imports only argparse at the top, so building the parser stays cheap.
    """
    from drafter import (
        blame_cli,
        diff_cli,
        feedback_cli,
        import_cli,
        principles_cli,
        sync_cli,
        translations_cli,
    )
    from drafter.export import cli as export_cli

    modules = (diff_cli, export_cli, sync_cli, translations_cli, import_cli, feedback_cli)
    for module in (*modules, principles_cli, blame_cli):
        module.register(command)


def _with_hint(exc: DrafterError, args: argparse.Namespace) -> str:
    """An unknown revision gets the closest meeting ids (``refs.unknown_revision_hint``)."""
    from drafter.errors import RevisionError

    if not isinstance(exc, RevisionError):
        return str(exc)
    from drafter.refs import explain_unknown_revision

    folder = Path(getattr(args, "C", None) or ".") / "meetings"
    try:
        ids = [p.stem for p in folder.glob("*.yaml")]
    except OSError:
        ids = []
    return explain_unknown_revision(str(exc), ids)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        args.handler = cmd_edit
    from drafter.visible import visible

    try:
        code: int = args.handler(args)
        return code
    except DrafterError as exc:
        sys.stderr.write(f"drafter: {visible(_with_hint(exc, args))}\n")
        return 1
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"drafter: {visible(f'{exc.strerror or exc}{where}')}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("drafter: interrupted\n")
        return 130
    finally:
        _print_warnings()


def _print_warnings() -> None:
    """Warnings gathered while reading (a meeting tag naming no draft), once each."""
    history = sys.modules.get("drafter.history")
    for line in getattr(history, "WARNINGS", ()):
        sys.stderr.write(f"drafter: {line}\n")
