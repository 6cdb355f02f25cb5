"""The ``drafter import`` command: a Word draft becomes a workspace, or working files."""

from __future__ import annotations

import argparse
from pathlib import Path

from drafter.cli._common import Command, out


def register(command: Command) -> None:
    p = command(
        "import",
        cmd_import,
        "a new workspace from a Word draft (.docx); with -C WS and no PATH, bring a Word "
        "version into that workspace as working files",
    )
    p.add_argument("file", metavar="FILE.docx", help="the Word draft")
    p.add_argument(
        "path",
        nargs="?",
        help="folder for the new workspace (default: named after the file, in -C or the "
        "current folder; into the workspace itself when -C names one)",
    )
    p.add_argument("--title", help="the document's title (default: the file's Title)")


def cmd_import(args: argparse.Namespace) -> int:
    from drafter import importer
    from drafter.store import DOCUMENT_FILE

    base = Path(args.C)
    if args.path is None and (base / DOCUMENT_FILE).is_file():
        return _into(args)
    target = base / (args.path or Path(args.file).stem)
    ws, draft = importer.import_new(args.file, target, title=args.title)
    out(f"Created workspace {ws.root} from {args.file}: {len(draft.principles)} principles.")
    _tell_changes(draft)
    out(f"Open it with: drafter -C {target} edit")
    return 0


def _tell_changes(draft: object) -> None:
    accepted = getattr(draft, "accepted", 0)
    formatting = getattr(draft, "formatting", 0)
    if accepted:
        out(
            f"Accepted {accepted} tracked change{'s' if accepted != 1 else ''} (the text as it reads with all changes accepted)."
        )
    if formatting:
        out(f"Ignored {formatting} formatting-only change{'s' if formatting != 1 else ''}.")


def _into(args: argparse.Namespace) -> int:
    from drafter import importer
    from drafter.workspace import Workspace

    if args.title:
        from drafter.errors import DrafterError

        raise DrafterError("--title only applies to a new workspace")
    ws = Workspace.open(args.C)
    report, draft = importer.import_into(ws, args.file)
    out(f"Read {len(draft.principles)} principles from {args.file} into the working files:")
    out(
        f"  {len(report.updated)} changed, {len(report.unchanged)} unchanged, {len(report.added)} added"
    )
    for pid in report.added:
        out(f"  added: {pid}")
    for pid in report.unmatched:
        out(f"  not in the Word file (kept as it was): {pid}")
    _tell_changes(draft)
    out("See what changed with: drafter diff HEAD working; then drafter save")
    return 0
