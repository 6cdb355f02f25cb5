"""The ``drafter feedback`` commands: returned copies in, decisions, the comments table out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.cli._common import Command, Handler

if TYPE_CHECKING:
    from drafter.model import Draft
    from drafter.workspace import Workspace

_CONTROL = dict.fromkeys([*range(0, 9), *range(11, 32), 127])


def register(command: Command) -> None:
    top = command(
        "feedback",
        _missing_action,
        "returned consultation copies: import, list, show, accept, reject, answer, export",
    )
    sub = top.add_subparsers(dest="feedback_command", metavar="ACTION")

    def action(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = action("import", cmd_import, "read returned Word copies into feedback records")
    p.add_argument("files", nargs="+", metavar="FILE.docx")
    p.add_argument("--round", metavar="ID", help="the consultation round (default: the copy's own)")
    p.add_argument(
        "--from",
        dest="from_",
        metavar="ORG",
        help="who sent it (for edits made without Track Changes)",
    )
    p.add_argument("--against", metavar="REV", help="the revision the copy was made from")

    p = action("list", cmd_list, "feedback records, by principle")
    p.add_argument("--round", metavar="ID")
    p.add_argument("--principle", metavar="ID")
    p.add_argument("--status", choices=("open", "accepted", "rejected", "answered"))
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")

    p = action("show", cmd_show, "one record in full")
    p.add_argument("id")

    p = action(
        "accept", cmd_accept, "apply a proposal to the working text (merged with later edits)"
    )
    p.add_argument("id")
    p.add_argument("-m", "--message", help="a response to record with the decision")

    p = action("reject", cmd_reject, "record that a proposal is not taken")
    p.add_argument("id")
    p.add_argument("-m", "--message", help="the reason")

    p = action("answer", cmd_answer, "record the group's answer to a comment")
    p.add_argument("id")
    p.add_argument("-m", "--message", required=True, help="the answer")

    p = action("export", cmd_export, "the comments table: Word (landscape) or CSV")
    p.add_argument("--round", metavar="ID")
    p.add_argument("--format", choices=("docx", "csv"), default="docx")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="default: exports/feedback-<round>.<format>"
    )


def _out(text: str = "") -> None:
    sys.stdout.write(text.translate(_CONTROL) + "\n")


def _missing_action(args: argparse.Namespace) -> int:
    sys.stderr.write(
        "drafter feedback: say what to do: import, list, show, accept, reject, answer or export\n"
    )
    return 2


def _ws(args: argparse.Namespace) -> Workspace:
    from drafter.workspace import Workspace

    return Workspace.open(args.C)


def cmd_import(args: argparse.Namespace) -> int:
    from drafter.feedback import import_copies

    ws = _ws(args)
    results = import_copies(
        ws, args.files, round_id=args.round, from_=args.from_, against=args.against
    )
    for result in results:
        kinds: dict[str, int] = {}
        for record in result.file.records:
            kinds[record.kind] = kinds.get(record.kind, 0) + 1
        summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()))
        line = f"{result.path.name}: {result.added} new record{'s' if result.added != 1 else ''}"
        if result.already:
            line += f" ({result.already} already imported)"
        _out(f"{line} -> {result.file.path}" + (f" [{summary}]" if summary else ""))
        if result.warning:
            _out(f"  note: {result.warning}")
        if result.formatting:
            _out(
                f"  ignored {result.formatting} formatting-only change{'s' if result.formatting != 1 else ''}"
            )
    _out("Review them with: drafter feedback list; save with: drafter save")
    return 0


def _short(text: str | None, width: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_list(args: argparse.Namespace) -> int:
    from drafter.feedback.records import as_json, list_records

    ws = _ws(args)
    pairs = list_records(ws.root, round_id=args.round, principle=args.principle, status=args.status)
    if args.format == "json":
        import json

        sys.stdout.write(
            json.dumps({"feedback": [as_json(ff, r) for ff, r in pairs]}, ensure_ascii=False) + "\n"
        )
        return 0
    if args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        keys = (
            "id",
            "round",
            "source",
            "author",
            "date",
            "kind",
            "principle",
            "field",
            "quote",
            "proposed",
            "comment",
            "status",
            "response",
            "against",
        )
        writer.writerow(keys)
        for ff, r in pairs:
            data = as_json(ff, r)
            writer.writerow(["" if data[k] is None else str(data[k]) for k in keys])
        return 0
    if not pairs:
        _out("No feedback yet (drafter feedback import FILE.docx ...).")
        return 0
    for _ff, r in pairs:
        where = f"{r.principle or '(general)'}/{r.field or '-'}"
        if r.kind == "comment":
            said = _short(r.comment)
        elif r.quote and r.proposed:
            said = f"{_short(r.quote, 25)} -> {_short(r.proposed, 25)}"
        else:
            said = ("+" if r.proposed else "-") + _short(r.proposed or r.quote, 50)
        _out(
            f"{r.id}  {r.status:<8}  {r.kind:<11}  {where:<32}  {_short(r.author, 18):<18}  {said}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from drafter.feedback.records import find

    ws = _ws(args)
    ff, r = find(ws.root, args.id)
    _out(f"{r.id}  {r.kind} by {r.author or '(unknown)'}" + (f", {r.date}" if r.date else ""))
    _out(f"  round {ff.round}, copy {ff.file or ff.source}, sent revision {ff.against[:8]}")
    _out(f"  on: {r.principle or '(outside any principle)'}" + (f", {r.field}" if r.field else ""))
    if r.quote is not None:
        _out(f"  sent words: {r.quote}")
    if r.proposed is not None:
        _out(f"  proposed:   {r.proposed}")
    if r.comment is not None:
        _out(f"  comment:    {r.comment}")
    for reply in r.replies:
        _out(f"  reply by {reply.author}: {reply.text}")
    if r.resolved:
        _out("  (marked resolved in the returned copy)")
    _out(f"  status: {r.status}" + (f" — {r.response}" if r.response else ""))
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from drafter.feedback import accept

    ws = _ws(args)
    result = accept(ws, args.id, args.message)
    record = result.record
    if result.applied and record.kind == "move":
        _out(
            f"Accepted {args.id}: the words moved from {record.principle} ({record.field}) "
            f"to {record.moved_to} in the working files; drafter save keeps it."
        )
    elif result.applied:
        _out(
            f"Accepted {args.id}: applied to {record.principle} ({record.field}) in the working files; drafter save keeps it."
        )
    elif record.kind == "move":
        _out(
            f"Accepted {args.id}: recorded; make the move by hand (where the words went is not known)."
        )
    else:
        _out(f"Accepted {args.id}: recorded (nothing to apply to the text).")
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    from drafter.feedback import reject

    reject(_ws(args), args.id, args.message)
    _out(f"Rejected {args.id}.")
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    from drafter.feedback import answer

    answer(_ws(args), args.id, args.message)
    _out(f"Answered {args.id}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from drafter.errors import DrafterError
    from drafter.feedback import table
    from drafter.feedback.records import list_records
    from drafter.store import EXPORTS_DIR, atomic_write

    ws = _ws(args)
    draft = ws.draft()
    drafts: dict[str, Draft | None] = {}

    def sent(rev: str) -> Draft | None:
        if rev not in drafts:
            try:
                drafts[rev] = ws.draft(rev)
            except DrafterError:
                drafts[rev] = None  # a revision this clone lacks: parts without paragraphs
        return drafts[rev]

    rows = table.rows(draft, list_records(ws.root, round_id=args.round), sent)
    name = f"feedback-{args.round or 'all'}.{args.format}"
    out = Path(args.output) if args.output else ws.root / EXPORTS_DIR / name
    if args.format == "csv":
        atomic_write(out, table.to_csv(rows))
    else:
        title = f"{draft.document.title} — comments received" + (
            f" ({args.round})" if args.round else ""
        )
        table.to_docx(rows, out, title)
    _out(f"Wrote {out} ({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return 0
