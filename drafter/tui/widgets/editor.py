"""The editor of one principle: title, status, text, lettered items and commentary."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, TextArea

from drafter.model import STATUSES, Draft, Principle
from drafter.tui.widgets.badges import STATUS_LABELS
from drafter.tui.widgets.preview import PrinciplePreview
from drafter.tui.widgets.reference_area import ReferenceArea
from drafter.tui.widgets.reference_text import plain_reference, to_display, to_storage
from drafter.workspace import normalized

PREVIEW_DEBOUNCE = 0.3
"""Seconds of quiet typing after which the preview is redrawn (the journal does not wait)."""

_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def items_from_text(text: str) -> tuple[str, ...]:
    """Items are paragraphs: a blank line starts the next item (a line break does not)."""
    return tuple(part.strip() for part in _BLANK_LINES.split(text) if part.strip())


def items_to_text(items: tuple[str, ...]) -> str:
    return "\n\n".join(items)


class TitleInput(Input):
    """An Input with undo and redo, like the text areas beside it.

    | Key | Does |
    | :- | :- |
    | ctrl+z | Undo |
    | ctrl+y | Redo |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("ctrl+y", "redo", "Redo", show=False),
    ]

    def reset_history(self, value: str) -> None:
        self._undo: list[str] = [value]
        self._redo: list[str] = []

    def on_input_changed(self, event: Input.Changed) -> None:
        history = getattr(self, "_undo", None)
        if history is None:
            self.reset_history(event.value)
        elif history[-1] != event.value:
            history.append(event.value)
            self._redo.clear()

    def action_undo(self) -> None:
        if len(getattr(self, "_undo", ())) > 1:
            self._redo.append(self._undo.pop())
            self._set_quietly(self._undo[-1])

    def action_redo(self) -> None:
        if getattr(self, "_redo", None):
            value = self._redo.pop()
            self._undo.append(value)
            self._set_quietly(value)

    def _set_quietly(self, value: str) -> None:
        self.value = value
        self.cursor_position = len(value)


class PrincipleEditor(VerticalScroll):
    """Edits one principle in place; the screen decides when the edit reaches the files.

    | Key | Does |
    | :- | :- |
    | ctrl+home | Start of the text being edited |
    | ctrl+end | End of the text being edited |
    | ctrl+l | Insert a reference to another principle |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+l",
            "insert_reference",
            "Reference",
            tooltip="Insert a reference to another principle",
        ),
        Binding("ctrl+home", "text_edge(False)", "Start of the text", show=False),
        Binding("ctrl+end", "text_edge(True)", "End of the text", show=False),
    ]

    DEFAULT_CSS = """
    PrincipleEditor {
        padding: 0 1;
    }
    PrincipleEditor #editor-heading {
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $accent;
        width: 1fr;
    }
    PrincipleEditor .field-label {
        margin-top: 1;
        color: $text-muted;
        text-style: bold;
    }
    PrincipleEditor .hint {
        color: $text-muted;
        text-style: italic;
        width: 1fr;
    }
    PrincipleEditor .field-row {
        height: auto;
        margin-top: 1;
    }
    PrincipleEditor .inline-label {
        width: 8;
        color: $text-muted;
        text-style: bold;
    }
    PrincipleEditor #title {
        width: 1fr;
    }
    PrincipleEditor #status {
        width: 24;
    }
    PrincipleEditor TextArea {
        height: auto;
        min-height: 3;
        max-height: 14;
    }
    PrincipleEditor #text {
        min-height: 6;
    }
    PrincipleEditor #ref-hint {
        dock: bottom;  /* always in view, whichever field the cursor is in */
        color: $text-warning;
        background: $panel;
        width: 1fr;
        height: auto;
        padding: 0 1;
        display: none;
    }
    PrincipleEditor #ref-hint.shown {
        display: block;
    }
    PrincipleEditor #editor-preview {
        border: round $primary-darken-1;
        border-title-color: $text-muted;
        margin-top: 1;
    }
    """

    class ReferenceWanted(Message):
        """The writer asked to insert a reference; the screen opens the picker.

        Handled by ``on_principle_editor_reference_wanted``; the screen answers with
        :meth:`PrincipleEditor.insert_reference`.
        """

        def __init__(self, editor: PrincipleEditor, area: ReferenceArea) -> None:
            super().__init__()
            self.editor = editor
            self.area = area

        @property
        def control(self) -> PrincipleEditor:
            return self.editor

    class Edited(Message):
        """Posted on every change; handled by ``on_principle_editor_edited``.

        Carries the principle as the fields show it and whether it differs from the
        files, so the handler never reads the widgets back.
        """

        def __init__(self, editor: PrincipleEditor, principle: Principle, dirty: bool) -> None:
            super().__init__()
            self.editor = editor
            self.principle = principle
            self.dirty = dirty

        @property
        def control(self) -> PrincipleEditor:
            return self.editor

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.original: Principle | None = None
        self.draft: Draft | None = None
        self._timer: object | None = None
        self._hint: str | None = None
        self._last_posted: tuple[Principle, bool] | None = None
        self._order: tuple[str, ...] = ()
        """The order the references on show were numbered with."""

    def compose(self) -> ComposeResult:
        yield Label("", id="editor-heading")
        with Horizontal(classes="field-row"):
            yield Label("Title", classes="inline-label")
            yield TitleInput(id="title", placeholder="Title of the principle", compact=True)
        with Horizontal(classes="field-row"):
            yield Label("Status", classes="inline-label")
            yield Select(
                [(STATUS_LABELS[s], s) for s in STATUSES],
                id="status",
                allow_blank=False,
                value=STATUSES[0],
                compact=True,
            )
        yield Label("Text", classes="field-label")
        yield ReferenceArea(id="text")
        yield Label("Lettered items (a), (b), …", classes="field-label")
        yield Label(
            "One item per paragraph: leave an empty line between two items.", classes="hint"
        )
        yield ReferenceArea(id="items")
        yield Label("Commentary", classes="field-label")
        yield ReferenceArea(id="commentary")
        yield Static("", id="ref-hint")
        preview = PrinciplePreview(id="editor-preview")
        preview.border_title = "Preview"
        yield preview

    # ----------------------------------------------------------------- loading

    def load(self, draft: Draft, principle: Principle) -> None:
        """Show ``principle``; undo history starts afresh."""
        self.original = principle
        self._last_posted = (principle, False)
        self.draft = draft
        title = self.query_one("#title", TitleInput)
        # Loading is no edit: the fields' change messages would only find nothing changed
        # (five handlers in the frame that opens the editor).
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            title.value = principle.title
            self.query_one("#status", Select).value = principle.status
            self._show_fields(draft, principle)
        title.reset_history(principle.title)
        self._update_heading()
        # below the fields, out of view at first: drawn after the fields are on screen,
        # and the hint once the cursor is in the text
        self.call_after_refresh(self._loaded)
        self.scroll_home(animate=False)

    def _loaded(self) -> None:
        self._show_preview()
        self._update_hint()

    def _show_fields(self, draft: Draft, principle: Principle) -> None:
        numbers = draft.numbers()
        self._order = draft.document.order
        for name, value in (
            ("text", principle.text),
            ("items", items_to_text(principle.items)),
            ("commentary", principle.commentary),
        ):
            self.query_one(f"#{name}", ReferenceArea).load_text(to_display(value, numbers))

    def rebase(self, draft: Draft, saved: Principle) -> None:
        """The edit reached the files: compare future edits with ``saved`` from now on.

        If principles were renumbered meanwhile, the references on show take their new
        numbers (the cursor stays where it was).
        """
        if draft.document.order != self._order:
            current = self.current()
            if current is not None:
                focused = self.app.focused
                where = focused.cursor_location if isinstance(focused, TextArea) else None
                self._show_fields(draft, current)
                if isinstance(focused, TextArea) and where is not None:
                    focused.move_cursor(where)
        self.original = saved
        self.draft = draft
        self._update_heading()

    def _update_heading(self) -> None:
        if self.original is None or self.draft is None:
            return
        number = self.draft.number_of(self.original.id)
        label = f"Principle {number}" if number else "New principle"
        self.query_one("#editor-heading", Label).update(
            f"Editing {label}   (id: {self.original.id})"
        )

    def action_text_edge(self, end: bool) -> None:
        """Ctrl+Home / Ctrl+End, as in a word processor: the start or end of the field."""
        area = self.app.focused
        if isinstance(area, TextArea):
            area.move_cursor(area.document.end if end else (0, 0))
        elif isinstance(area, Input):
            area.cursor_position = len(area.value) if end else 0

    def action_insert_reference(self) -> None:
        """Ctrl+L: after plain words "Principle 6", make them live; otherwise pick one."""
        area = self.app.focused
        if not isinstance(area, ReferenceArea):
            area = self.query_one("#text", ReferenceArea)
            area.focus()
        row, column = area.cursor_location
        plain = plain_reference(area.document[row], column, len(self._order))
        if plain is not None:
            start, end, number = plain
            area.make_live(row, start, end, number)
            self.notify(
                f"Principle {number} is now a live reference: it follows renumbering.",
                timeout=3,
            )
            return
        self.post_message(self.ReferenceWanted(self, area))

    def insert_reference(self, area: ReferenceArea, pid: str) -> None:
        """A live reference to ``pid`` at the cursor of ``area`` (the picker's answer)."""
        if pid in self._order:
            area.focus()
            area.insert_reference(self._order.index(pid) + 1)

    def focus_text(self) -> None:
        """The cursor into the text at once (not after the next refresh, as ``focus()``):
        keys that arrive in the same burst as the Enter that opened the editor go there."""
        area = self.query_one("#text", TextArea)
        self.screen.set_focus(area, scroll_visible=False)
        area.move_cursor((0, 0))

    # ----------------------------------------------------------------- reading

    @property
    def principle_id(self) -> str | None:
        return self.original.id if self.original else None

    def current(self) -> Principle | None:
        """The principle as the fields show it now."""
        if self.original is None:
            return None
        status = self.query_one("#status", Select).value
        return replace(
            self.original,
            title=self.query_one("#title", TitleInput).value,
            status=status if isinstance(status, str) else self.original.status,
            text=to_storage(self.query_one("#text", TextArea).text, self._order),
            items=items_from_text(to_storage(self.query_one("#items", TextArea).text, self._order)),
            commentary=to_storage(self.query_one("#commentary", TextArea).text, self._order),
        )

    def is_dirty(self) -> bool:
        current = self.current()
        return (
            current is not None
            and self.original is not None
            and normalized(current) != normalized(self.original)
        )

    # ----------------------------------------------------------------- typing

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        current = self.current()
        if current is None or self.original is None:
            return
        dirty = normalized(current) != normalized(self.original)
        if (current, dirty) != self._last_posted:
            self._last_posted = (current, dirty)
            self.post_message(self.Edited(self, current, dirty))
        if self._timer is not None:
            self._timer.stop()  # type: ignore[attr-defined]
        self._timer = self.set_timer(PREVIEW_DEBOUNCE, self._settled)
        self._update_hint()

    @on(TextArea.SelectionChanged)
    def _update_hint(self) -> None:
        """Say what a reference near the cursor is, and offer to make typed ones live."""
        hint = self.query_one("#ref-hint", Static)
        area = self.app.focused
        message = ""
        if isinstance(area, ReferenceArea) and self.draft is not None:
            row, column = area.cursor_location
            span = area.reference_at((row, column))
            plain = plain_reference(area.document[row], column, len(self._order))
            if span is not None and span.number is None:
                message = (
                    "The underlined reference points to a principle that no longer exists "
                    f"(it was called “{span.missing}”). Delete it with Backspace and insert "
                    "the right one with Ctrl+L."
                )
            elif span is not None and span.number is not None:
                pid = self._order[span.number - 1] if span.number <= len(self._order) else ""
                target = self.draft.principles.get(pid)
                title = self.draft.render(target.title) if target else ""
                message = (
                    f"A live reference to Principle {span.number}"
                    + (f" ({title})" if title else "")
                    + ": its number follows renumbering."
                )
            elif plain is not None:
                number = plain[2]
                pid = self._order[number - 1]
                target = self.draft.principles.get(pid)
                title = f" ({self.draft.render(target.title)})" if target else ""
                message = (
                    f"“Principle {number}” is typed as plain text: it will not follow "
                    f"renumbering. Ctrl+L makes it a live reference to Principle {number}{title}."
                )
            elif any(
                s.number is None for r in range(area.document.line_count) for s in area.spans_on(r)
            ):
                message = (
                    "Underlined: a reference to a principle that no longer exists. Delete it "
                    "and insert the right one with Ctrl+L."
                )
        if message != self._hint:  # an unchanged hint costs no layout
            self._hint = message
            hint.update(message)
        hint.set_class(bool(message), "shown")

    def _settled(self) -> None:
        self._timer = None
        self._show_preview()

    def _show_preview(self) -> None:
        current = self.current()
        if current is not None and self.draft is not None:
            self.query_one(PrinciplePreview).show(self.draft, current)

    def flush(self) -> None:
        """The screen is about to read the edit (from the fields): a pending preview redraw
        waits until after the frame, and is dropped if the editor is no longer shown
        (after Esc nobody would see it)."""
        if self._timer is not None:
            self._timer.stop()  # type: ignore[attr-defined]
            self._timer = None
            self.call_after_refresh(self._preview_if_shown)

    def _preview_if_shown(self) -> None:
        if self.display:
            self._show_preview()
