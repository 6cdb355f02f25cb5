"""The ``drafter export`` command: a Word file of any revision, or a redline of two."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from drafter.cli._common import Command


def register(command: Command) -> None:
    p = command(
        "export",
        cmd_export,
        "write a Word file (.docx) of a revision, or a redline with tracked changes",
    )
    p.add_argument(
        "rev",
        nargs="?",
        default="working",
        metavar="REV",
        help="a meeting id, git revision or 'working' (default: working)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write (default: exports/<name>-<revision>.docx in the workspace)",
    )
    p.add_argument(
        "--redline-from",
        metavar="REV",
        help="show every change since this revision as a Word tracked change",
    )
    p.add_argument(
        "--lang",
        metavar="LANG",
        help="export a translation (e.g. fr), or two languages side by side (e.g. en,fr)",
    )
    p.add_argument(
        "--template",
        metavar="FILE",
        help="a Word document or template (.docx/.dotx) whose styles and page layout to use",
    )
    p.add_argument(
        "--line-numbers",
        action="store_true",
        help="number the lines, for consultation copies",
    )
    p.add_argument("--no-toc", action="store_true", help="leave out the table of contents")
    p.add_argument(
        "--no-status",
        action="store_true",
        help="do not show status (bracketed text in [brackets], 'Under discussion')",
    )
    p.add_argument(
        "--consultation",
        metavar="NAME",
        help="a consultation copy: record the round NAME in consultations/<id>.yaml "
        "(saved with the next drafter save)",
    )
    p.add_argument(
        "--author",
        metavar="NAME",
        help="credit every tracked change of a redline to NAME (e.g. 'Secretariat') instead "
        "of the member whose revision made it",
    )


LONG_EXPORT = 500  # principles: from this size on, progress shows from the start


class _Progress:
    """A one-line progress display on stderr, only for exports that take a while."""

    def __init__(self, stream: object) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown and total < LONG_EXPORT and time.monotonic() - self.start < 0.5:
            return
        self.shown = True
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\rExporting [{bar}] {done}/{total} principles")  # type: ignore[attr-defined]
        self.stream.flush()  # type: ignore[attr-defined]

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")  # type: ignore[attr-defined]
            self.stream.flush()  # type: ignore[attr-defined]


def cmd_export(args: argparse.Namespace) -> int:
    from drafter.export.api import export_workspace
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        result = export_workspace(
            ws,
            args.rev,
            output=Path(args.output) if args.output else None,
            redline_from=args.redline_from,
            lang=args.lang,
            template=Path(args.template) if args.template else None,
            line_numbers=args.line_numbers,
            toc=not args.no_toc,
            status=not args.no_status,
            progress=progress,
            author=args.author,
            consultation=args.consultation,
        )
    finally:
        if progress is not None:
            progress.close()
    for warning in result.warnings:
        sys.stderr.write(f"drafter: warning: {warning}\n")
    sys.stdout.write(f"{result.path}\n")
    return 0
