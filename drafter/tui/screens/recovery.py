"""Edits a crash interrupted, offered back with what they changed, word by word."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.content import Content

from drafter.model import Draft, Principle
from drafter.tui.widgets.badges import STATUS_LABELS

if TYPE_CHECKING:
    from drafter.tui.controller import MainController

CONTEXT_WORDS = 6
"""Unchanged words kept either side of a change; the rest is shown as "…"."""

FIELD_WORDS = {"title": "Title", "status": "Status", "text": "Text", "items": "Items"}
FIELD_WORDS |= {"commentary": "Commentary", "tags": "Tags"}
DELETED = "strike $text-error"
INSERTED = "bold underline $text-success"


def _trim(text: str, *, head: bool, tail: bool) -> str:
    """Unchanged text cut to a few words next to the changes around it."""
    words = text.split(" ")
    if len(words) <= 2 * CONTEXT_WORDS + 1:
        return text
    if head and tail:
        return " ".join(words[:CONTEXT_WORDS]) + " … " + " ".join(words[-CONTEXT_WORDS:])
    if head:
        return " ".join(words[:CONTEXT_WORDS]) + " …"
    return "… " + " ".join(words[-CONTEXT_WORDS:])


def change_lines(draft: Draft, lost: list[Principle]) -> list[Content]:
    """For each principle: its number and title, then each changed field, word by word.

    Deleted words are struck through and inserted ones underlined, so the change reads
    without colour too; unchanged stretches are cut to a few words either side.
    """
    from drafter.diff import DELETE, INSERT, principle_fields

    lines: list[Content] = []
    numbers = draft.numbers()
    for principle in lost:
        number = numbers.get(principle.id)
        head = f"Principle {number}" if number else "A principle added since the last start"
        lines.append(Content.styled(f"{head} — {draft.render(principle.title)}", "bold"))
        before = draft.principles.get(principle.id)
        for name, pieces in principle_fields(before, principle).items():
            if name == "status":
                old = STATUS_LABELS.get(before.status, before.status) if before else ""
                new = STATUS_LABELS.get(principle.status, principle.status)
                pieces = [(DELETE, old), (INSERT, new)]
            parts: list[Content | tuple[str, str] | str] = [f"  {FIELD_WORDS.get(name, name)}: "]
            previous = ""
            for index, (op, text) in enumerate(pieces):
                text = draft.render(text).replace("\n", " ¶ ")
                if op == DELETE:
                    parts.append((text, DELETED))
                elif op == INSERT:
                    if previous == DELETE:  # taken out, then put in: apart, even without colour
                        parts.append(" → " if name == "status" else " ")
                    parts.append((text, INSERTED))
                else:
                    first, last = index == 0, index == len(pieces) - 1
                    parts.append(_trim(text, head=not first, tail=not last))
                previous = op
            lines.append(Content.assemble(*parts))
    return lines


async def offer_recovery(app: App[object], controller: MainController, draft: Draft) -> str | None:
    """Ask whether to restore interrupted edits; the first restored principle's id, or None."""
    from drafter.tui.screens.dialogs import ChoiceDialog

    try:
        journal = await controller.blocking(lambda: controller.journal)
        lost = await controller.blocking(journal.pending, draft)
    except Exception as exc:
        controller.report(exc, "Could not read the journal of unsaved edits")
        return None
    if not lost:
        return None
    choice = await app.push_screen_wait(
        ChoiceDialog(
            "Recover unsaved edits?",
            "drafter was closed while you were editing (a crash or a closed terminal). "
            "These edits were kept (struck through: taken out; underlined: put in):",
            [
                ("restore", "Restore my edits", "primary"),
                ("discard", "Discard them", "error"),
                ("later", "Decide later", "default"),
            ],
            details=change_lines(draft, lost),
        )
    )
    if choice == "restore":
        try:
            await controller.blocking(journal.restore, controller.ws, lost)
        except Exception as exc:
            controller.report(exc, "Could not restore the edits")
            return None
        n = len(lost)
        app.notify(f"Restored edits to {n} principle{'s' if n != 1 else ''}. Save with Ctrl+S.")
        return lost[0].id
    if choice == "discard":
        for principle in lost:
            controller.journal_writer.discard(principle.id)
        app.notify("The interrupted edits were discarded.")
    return None
