"""Pick the principle a reference points to: by number or by words of its title."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from drafter.model import Draft
from drafter.search import fold
from drafter.tui.screens.dialogs import Dialog


def matching(draft: Draft, query: str, exclude: str | None = None) -> list[tuple[int, str, str]]:
    """(number, id, title) of the principles whose number or title words match ``query``.

    "6" finds Principle 6 (and 16, 26 …, after it); words find titles containing every
    word, ignoring case and accents.
    """
    words = fold(query).split()
    found: list[tuple[int, str, str]] = []
    exact: list[tuple[int, str, str]] = []
    for number, principle in draft.ordered():
        if principle.id == exclude:
            continue
        title = draft.render(principle.title)
        row = (number, principle.id, title)
        if not words:
            found.append(row)
        elif len(words) == 1 and words[0].isdigit():
            if str(number) == words[0]:
                exact.append(row)
            elif words[0] in str(number):
                found.append(row)
        elif all(word in fold(title) for word in words):
            found.append(row)
    return exact + found


class ReferenceDialog(Dialog[str]):
    """The principles by number and title; Enter inserts a reference to the highlighted one."""

    title_text = "Insert a reference"
    HELP = (
        "Type a number or words of a title to narrow the list; ↑ ↓ choose, Enter inserts "
        "“Principle N” at the cursor. The reference follows the principle: when principles "
        "are renumbered, the number changes by itself."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, draft: Draft, exclude: str | None = None, query: str = "") -> None:
        super().__init__()
        self.draft = draft
        self.exclude = exclude
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Label("Insert a reference to another principle", classes="dialog-title")
            yield Input(self.query_text, placeholder="Number or words of the title", id="filter")
            yield Label("", id="count", classes="hint")
            yield OptionList(id="principles")

    def on_mount(self) -> None:
        self.query_one("#filter", Input).focus()
        self._fill(self.query_text)

    @on(Input.Changed, "#filter")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        rows = matching(self.draft, query, self.exclude)
        options = self.query_one("#principles", OptionList)
        options.set_options(
            Option(Content.assemble((f"Principle {number}".ljust(14), "bold"), title), id=pid)
            for number, pid, title in rows
        )
        if rows:
            options.highlighted = 0
        n = len(rows)
        self.query_one("#count", Label).update(
            f"{n} principle{'s' if n != 1 else ''} — Enter inserts the highlighted one"
            if n
            else "No principle matches: try a number or other words."
        )

    def action_move(self, delta: int) -> None:
        options = self.query_one("#principles", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -delta
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        option = self.query_one("#principles", OptionList).highlighted_option
        if option is not None and option.id:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#principles")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        """Typing always goes to the filter, even after a click in the list."""
        field = self.query_one("#filter", Input)
        if self.focused is field or not (event.is_printable and event.character):
            return
        field.focus()
        field.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()
