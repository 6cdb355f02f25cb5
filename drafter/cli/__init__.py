"""The command line: one entry point, every operation scriptable.

Exit status: 0 success, 1 a problem the user can fix (one line on stderr), 2 usage.
Each command group lives in its own module with a ``register(command)``; each command
imports only what it needs, so ``drafter list`` never loads Textual, GitPython or
python-docx.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from drafter.cli._common import Handler
from drafter.errors import DrafterError

__all__ = ["build_parser", "main"]


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

    from drafter.cli import (
        blame,
        diff,
        documents,
        export,
        feedback,
        meetings,
        principles,
        sync,
        translations,
        word_import,
    )

    for group in (documents, meetings, diff, export, sync, translations, word_import,
                  feedback, blame, principles):  # fmt: skip
        group.register(command)
    return parser


def _editor_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """``drafter`` or ``drafter -C PATH`` alone opens the editor: no need to build every
    command's parser first (a twentieth of the editor's start)."""
    if not argv:
        return argparse.Namespace(C=".")
    if len(argv) == 2 and argv[0] == "-C" and not argv[1].startswith("-"):
        return argparse.Namespace(C=argv[1])
    return None


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    args = _editor_only(given) or build_parser().parse_args(given)
    if not getattr(args, "handler", None):
        from drafter.cli.documents import cmd_edit

        args.handler = cmd_edit
    from drafter.visible import visible

    try:
        code: int = args.handler(args)
        return code
    except DrafterError as exc:
        sys.stderr.write(f"drafter: {visible(str(exc))}\n")
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
