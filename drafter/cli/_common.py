"""What every command module shares: the workspace named by -C, output, tables, types."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drafter.model import Draft, Principle
    from drafter.workspace import Workspace

Handler = Callable[[argparse.Namespace], int]
#: ``command(name, handler, help)`` adds a command to the parser and returns its parser
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def workspace(args: argparse.Namespace) -> Workspace:
    from drafter.workspace import Workspace

    return Workspace.open(args.C)


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def table(rows: Sequence[Sequence[str]]) -> list[str]:
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
