"""``drafter add``, ``delete``, ``move`` and ``rename``: the editor's principle operations.

Each writes the working files through the same :class:`~drafter.workspace.Workspace`
operation the TUI uses, and, like the TUI, saves nothing: ``drafter save`` (or Ctrl+S in
the editor) records the result as a revision.
"""

from __future__ import annotations

import argparse
import sys

from drafter.cli._common import Command

NOT_SAVED = "Not saved yet: drafter save -m MESSAGE records it."


def register(command: Command) -> None:
    p = command("add", cmd_add, "add a principle (after another one, or at the end)")
    p.add_argument("title", metavar="TITLE", help="the new principle's title")
    p.add_argument("--after", metavar="ID", help="put it just after this principle")
    p.add_argument("--id", metavar="ID", help="its id (default: made from the title)")

    p = command("delete", cmd_delete, "delete a principle (the ones after it move up)")
    p.add_argument("id", metavar="ID", help="the principle to delete")

    p = command("move", cmd_move, "move a principle to another place in the order")
    p.add_argument("id", metavar="ID", help="the principle to move")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--after", metavar="ID", help="just after this principle")
    where.add_argument("--before", metavar="ID", help="just before this principle")
    where.add_argument("--to", metavar="N", type=int, help="to number N")

    p = command("rename", cmd_rename, "change a principle's id; cross-references follow")
    p.add_argument("old", metavar="OLD", help="the present id")
    p.add_argument("new", metavar="NEW", help="the new id")


def _label(number: int | None, title: str) -> str:
    return f"Principle {number} ({title})" if number else f"“{title}”"


def cmd_add(args: argparse.Namespace) -> int:
    from drafter.cli._common import workspace as _workspace

    ws = _workspace(args)
    principle = ws.add_principle(args.title, after=args.after, pid=args.id)
    number = ws.document().order.index(principle.id) + 1
    print(f"Added {_label(number, principle.title)} with the id {principle.id}. {NOT_SAVED}")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from drafter.cli._common import workspace as _workspace

    ws = _workspace(args)
    draft, principle = ws.principle(args.id)
    number = draft.number_of(principle.id)
    ws.delete_principle(principle.id)
    print(
        f"Deleted {_label(number, principle.title)}; the principles after it move up one "
        f"number. {NOT_SAVED}"
    )
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    from drafter.cli._common import workspace as _workspace
    from drafter.errors import DrafterError

    ws = _workspace(args)
    draft, principle = ws.principle(args.id)
    if args.to is not None:
        count = len(draft.document.order)
        if not 1 <= args.to <= count:
            raise DrafterError(f"--to {args.to}: give a number from 1 to {count}")
        number = ws.move_principle(principle.id, args.to)
    else:
        other = args.after or args.before
        number = ws.move_principle_next_to(principle.id, other, before=args.before is not None)
    before = draft.number_of(principle.id)
    if number == before:
        print(f"{_label(number, principle.title)} is already there: nothing moved.")
    else:
        print(f"Moved {_label(before, principle.title)}: it is now Principle {number}. {NOT_SAVED}")
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    from drafter.cli._common import workspace as _workspace

    ws = _workspace(args)
    rewritten = ws.rename_principle(args.old, args.new)
    others = f"{rewritten} other principle{'s' if rewritten != 1 else ''}"
    sys.stdout.write(
        f"The id {args.old} is now {args.new}; references in {others} were updated. {NOT_SAVED}\n"
    )
    return 0
