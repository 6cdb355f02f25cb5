"""A text box that edits like a word processor and shows references as "Principle N".

A live reference is one unit: the cursor steps over it, Backspace or Delete removes it
whole, and a selection that touches it takes all of it. References are highlighted; one
to a principle that no longer exists is underlined at once. Keys follow a word
processor: Ctrl+A selects everything, Home and End go to the start and end of the
paragraph (not of the wrapped screen line), Ctrl+K deletes to the end of the
paragraph, Ctrl+Backspace deletes a word (Textual's own key; terminals that send it as
plain ^H make that impossible to tell from Backspace, so Alt+Backspace and Ctrl+W do the
same), and undo takes back a word at a time.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import TextArea
from textual.widgets.text_area import EditResult, Location, Selection

from drafter.tui.widgets.reference_text import Span, shown, spans


class ReferenceArea(TextArea):
    """The text, items and commentary of a principle.

    | Key | Does |
    | :- | :- |
    | ctrl+a | Select all the text of the field |
    | home / end | Start / end of the paragraph |
    | ctrl+k | Delete to the end of the paragraph |
    | ctrl+backspace | Delete the word before the cursor (also alt+backspace, ctrl+w) |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "select_all", "Select all", show=False),
        Binding("home", "cursor_line_start", "Start of the paragraph", show=False),
        Binding("end", "cursor_line_end", "End of the paragraph", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"reference-area--reference", "reference-area--broken"}

    DEFAULT_CSS = """
    ReferenceArea > .reference-area--reference {
        text-style: bold;
        color: $text-accent;
        background: $accent-muted;
    }
    ReferenceArea > .reference-area--broken {
        text-style: bold underline;
        color: $text-error;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("soft_wrap", True)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    # ----------------------------------------------------------------- references

    def spans_on(self, row: int) -> list[Span]:
        try:
            return spans(self.document[row])
        except IndexError:
            return []

    def reference_at(self, location: Location) -> Span | None:
        """The reference that touches ``location`` (inside or at either edge)."""
        row, column = location
        for span in self.spans_on(row):
            if span.start <= column <= span.end:
                return span
        return None

    def insert_reference(self, number: int) -> None:
        """A live reference to Principle ``number`` at the cursor (replacing a selection)."""
        start, end = self._whole(*sorted(self.selection))
        self.history.checkpoint()
        before = self.document.get_text_range((start[0], max(0, start[1] - 1)), start)
        text = shown(number)
        if before and before[-1:].isalnum():
            text = " " + text
        self.replace(text, start, end, maintain_selection_offset=False)
        self.history.checkpoint()

    def make_live(self, row: int, start: int, end: int, number: int) -> None:
        """Turn the plain words "Principle N" at [start, end) into a live reference."""
        self.history.checkpoint()
        self.replace(shown(number), (row, start), (row, end), maintain_selection_offset=False)
        self.history.checkpoint()

    def get_line(self, line_index: int) -> Text:
        """The line with its references highlighted (broken ones underlined)."""
        line = super().get_line(line_index)
        found = spans(line.plain)
        if found:
            live = self.get_component_rich_style("reference-area--reference", partial=True)
            broken = self.get_component_rich_style("reference-area--broken", partial=True)
            for span in found:
                line.stylize(live if span.number is not None else broken, span.start, span.end)
        return line

    def clamp_visitable(self, location: Location) -> Location:
        """The cursor never rests inside a reference: it goes to the edge it was heading to."""
        row, column = super().clamp_visitable(location)
        for span in self.spans_on(row):
            if span.start < column < span.end:
                old_row, old_column = self.selection.end
                forward = (row, column) > (old_row, old_column)
                if (old_row, old_column) == (row, span.start):
                    forward = True
                elif (old_row, old_column) == (row, span.end):
                    forward = False
                return (row, span.end if forward else span.start)
        return (row, column)

    def _whole(self, start: Location, end: Location) -> tuple[Location, Location]:
        """``start``–``end`` widened so that it never cuts a reference in two."""
        (srow, scol), (erow, ecol) = sorted((start, end))
        for span in self.spans_on(srow):
            if span.start < scol < span.end or (scol == span.start and (erow, ecol) > (srow, scol)):
                scol = min(scol, span.start)
        for span in self.spans_on(erow):
            if span.start < ecol < span.end:
                ecol = span.end
        return (srow, scol), (erow, ecol)

    def _delete_via_keyboard(self, start: Location, end: Location) -> EditResult | None:
        """Backspace or Delete next to a reference removes all of it."""
        (srow, scol), (erow, ecol) = sorted((start, end))
        if (srow, scol) != (erow, ecol):
            for span in self.spans_on(srow):
                if span.start <= scol < span.end:
                    scol = span.start
            for span in self.spans_on(erow):
                if span.start < ecol <= span.end:
                    ecol = span.end
        self.history.checkpoint()
        return super()._delete_via_keyboard((srow, scol), (erow, ecol))

    def _replace_via_keyboard(
        self, insert: str, start: Location, end: Location
    ) -> EditResult | None:
        """Typing over a selection that cuts a reference replaces the whole reference.

        Undo takes back a word at a time: a new undo step starts with each word.
        """
        start, end = self._whole(start, end)
        if start != end and insert:
            # typing over a selection: undo first takes back the typing, then the deletion
            self.history.checkpoint()
            super()._delete_via_keyboard(start, end)
            self.history.checkpoint()
            start = end = min(start, end)
        elif insert.isalnum():
            row, column = start
            before = self.document[row][column - 1 : column] if column else ""
            if before and not before.isalnum():
                self.history.checkpoint()
        return super()._replace_via_keyboard(insert, start, end)

    # ----------------------------------------------------------------- word processor keys

    async def _on_key(self, event: events.Key) -> None:
        """Every key in the order it was typed, however fast the keys come.

        Textual inserts a typed character here at once but runs a key's binding only when
        the key has travelled up to the app: in a burst, "Ctrl+End, then text" put the
        text first. So the bindings active here (this field's, the editor's, the screen's)
        run here, in order. And a key that reached this field after it lost the focus
        (sent right after Escape) goes where the focus now is.
        """
        focused = self.screen.focused
        if focused is not self and focused is not None and self.screen.is_active:
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        active = None if event.is_printable else self.screen.active_bindings.get(event.key)
        if active is not None and active.enabled and not active.binding.priority:
            event.stop()
            event.prevent_default()
            if await self.app.run_action(active.binding.action, active.node):
                return
        await super()._on_key(event)

    def get_cursor_line_start_location(self, smart_home: bool = False) -> Location:
        """Home goes to the start of the paragraph, not of the wrapped screen line."""
        return (self.cursor_location[0], 0)

    def get_cursor_line_end_location(self) -> Location:
        """End (and Ctrl+K) go to the end of the paragraph, not of the wrapped screen line."""
        row = self.cursor_location[0]
        return (row, len(self.document[row]))

    def action_select_all(self) -> None:
        self.selection = Selection((0, 0), self.document.end)
