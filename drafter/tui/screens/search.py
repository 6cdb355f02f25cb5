"""Search (Ctrl+F): type words, see the principles whose title or text contain them."""

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
from drafter.search import search_draft
from drafter.tui.screens.dialogs import Dialog


class SearchDialog(Dialog[str]):
    """Results update as you type; Enter (or a click) goes to the principle."""

    title_text = "Search"
    HELP = (
        "Type words from a title or a text; case and accents do not matter. ↓ moves into "
        "the results, Enter goes to the highlighted principle."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "to_results", "Results", show=False),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search"):
            yield Label("Search titles and texts", classes="dialog-title")
            yield Input(
                placeholder="Words to find (case and accents do not matter)",
                id="query",
                select_on_focus=False,  # coming back from the results, typing goes on
            )
            yield Label("", id="count", classes="hint")
            yield OptionList(id="results")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    @on(Input.Changed, "#query")
    def _search(self, event: Input.Changed) -> None:
        hits = search_draft(self.draft, event.value)
        results = self.query_one("#results", OptionList)
        results.set_options(
            Option(
                Content.assemble(
                    (f"Principle {hit.number} — {hit.title}", "bold"),
                    "\n  ",
                    (f"{hit.field}: ", "dim italic"),
                    hit.snippet,
                ),
                id=hit.id,
            )
            for hit in hits
        )
        if hits:
            results.highlighted = 0
        count = self.query_one("#count", Label)
        if not event.value.strip():
            count.update("")
        else:
            count.update(
                f"{len(hits)} principle{'s' if len(hits) != 1 else ''} found"
                + (" — ↓ to choose, Enter to go there" if hits else "")
            )

    @on(Input.Submitted, "#query")
    def _go_first(self) -> None:
        results = self.query_one("#results", OptionList)
        option = results.highlighted_option
        if option is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#results")
    def _go(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_to_results(self) -> None:
        results = self.query_one("#results", OptionList)
        if results.option_count:  # an empty list would swallow the typing
            results.focus()

    def on_key(self, event: events.Key) -> None:
        """In the results, typing goes on in the search box; ↑ on the first result goes back."""
        query = self.query_one("#query", Input)
        results = self.query_one("#results", OptionList)
        if self.focused is not results:
            return
        if event.key == "up" and not results.highlighted:
            query.focus()
        elif event.key == "backspace":
            query.focus()
            query.action_delete_left()
        elif event.is_printable and event.character:
            query.focus()
            query.insert_text_at_cursor(event.character)
        else:
            return
        event.stop()
        event.prevent_default()
