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
from textual.widgets import Input, Label, Select, TextArea

from drafter.model import STATUSES, Draft, Principle
from drafter.tui.widgets.badges import STATUS_LABELS
from drafter.tui.widgets.preview import PrinciplePreview
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
    """

    BINDINGS: ClassVar[list[BindingType]] = [
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
    PrincipleEditor #editor-preview {
        border: round $primary-darken-1;
        border-title-color: $text-muted;
        margin-top: 1;
    }
    """

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
        self._last_posted: tuple[Principle, bool] | None = None

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
        yield TextArea(id="text", soft_wrap=True)
        yield Label("Lettered items (a), (b), …", classes="field-label")
        yield Label(
            "One item per paragraph: leave an empty line between two items.", classes="hint"
        )
        yield TextArea(id="items", soft_wrap=True)
        yield Label("Commentary", classes="field-label")
        yield TextArea(id="commentary", soft_wrap=True)
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
        title.value = principle.title
        title.reset_history(principle.title)
        self.query_one("#status", Select).value = principle.status
        self.query_one("#text", TextArea).load_text(principle.text)
        self.query_one("#items", TextArea).load_text(items_to_text(principle.items))
        self.query_one("#commentary", TextArea).load_text(principle.commentary)
        self._update_heading()
        self.query_one(PrinciplePreview).show(draft, principle)
        self.scroll_home(animate=False)

    def rebase(self, draft: Draft, saved: Principle) -> None:
        """The edit reached the files: compare future edits with ``saved`` from now on."""
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

    def focus_text(self) -> None:
        area = self.query_one("#text", TextArea)
        area.focus()
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
            text=self.query_one("#text", TextArea).text,
            items=items_from_text(self.query_one("#items", TextArea).text),
            commentary=self.query_one("#commentary", TextArea).text,
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

    def _settled(self) -> None:
        self._timer = None
        current = self.current()
        if current is not None and self.draft is not None:
            self.query_one(PrinciplePreview).show(self.draft, current)

    def flush(self) -> None:
        """Run a pending debounce now (before the screen reads the edit)."""
        if self._timer is not None:
            self._timer.stop()  # type: ignore[attr-defined]
            self._settled()
