"""Translate: one principle's source beside its translation, field by field, stale changes marked."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static, TextArea

from drafter.model import Draft, Principle, item_label
from drafter.translations import (
    FIELDS,
    MISSING,
    STALE,
    TranslationState,
    confirm,
    language_name,
    states,
)
from drafter.tui import messages
from drafter.tui.widgets.key_bar import KeyBar
from drafter.tui.widgets.translation_badges import STYLES, WORDS

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from drafter.diff import Piece
    from drafter.tui.controller import Controller

FIELD_NAMES = {
    "title": "Title",
    "text": "Text",
    "items": "Lettered items",
    "commentary": "Commentary",
}
WRITE_DELAY = 1.0
"""Seconds of quiet typing after which the translation is written to the file."""
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
INSERT_STYLE = "bold #b5f5c5 on #1d5a2e underline"  # as on the compare screen
DELETE_STYLE = "strike #ffc4c0 on #6b2222"


def items_from_text(text: str) -> tuple[str, ...]:
    """As in the editor: one item per paragraph (a blank line between two items)."""
    return tuple(part.strip() for part in _BLANK_LINES.split(text) if part.strip())


def field_value(p: Principle, lang: str, name: str) -> str:
    """A translated field as the text box shows it (items: paragraphs)."""
    tr = p.translations.get(lang)
    if tr is None:
        return ""
    return "\n\n".join(tr.items) if name == "items" else str(getattr(tr, name))


def source_content(draft: Draft, p: Principle, name: str, diff: tuple[Piece, ...]) -> Content:
    """The source field as a reader sees it; with ``diff``, the change since it was translated."""
    if diff:
        parts = []
        for op, text in diff:
            shown = draft.render(text)
            if op == "delete":
                parts.append(Content.styled(shown, DELETE_STYLE))
            elif op == "insert":
                parts.append(Content.styled(shown, INSERT_STYLE))
            else:
                parts.append(Content(shown))
        return Content.assemble(*parts)
    if name == "items":
        return Content(
            "\n".join(f"{item_label(i)} {draft.render(item)}" for i, item in enumerate(p.items))
        )
    return Content(draft.render(p.field_text(name)))


class TranslationScreen(Screen[None]):
    """The selected principle in the source language beside one translation.

    | Key | Does |
    | :- | :- |
    | escape | Back to the list (edits are written to the files) |
    | f10 | Confirm the field being edited: the translation still fits the source |
    | ctrl+t | The next translation language |
    | ctrl+pageup / ctrl+pagedown | The previous / next principle |
    """

    CSS_PATH = "translation.tcss"
    SCREEN_NAME = "translate"
    HELP = (
        "Left: the source text; right: its translation, which you edit in place. A field "
        "marked stale shows what changed in the source since it was translated (struck out: "
        "removed; underlined: added): re-translate it, or press F10 if the translation "
        "still fits. Edits reach the files as soon as you pause typing; Ctrl+S saves."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the list; edits go to the files"),
        Binding("f10", "confirm", "Confirm", tooltip="The translation of this field still fits"),
        Binding("ctrl+t", "next_language", "Language", tooltip="The next language"),
        Binding(
            "ctrl+pagedown", "step(1)", "Next", key_display="ctrl+pgdn", tooltip="Next principle",
            priority=True,
        ),
        Binding(
            "ctrl+pageup", "step(-1)", "Previous", key_display="ctrl+pgup",
            tooltip="Previous principle", priority=True,
        ),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("f1", "app.help", "Help"),
    ]  # fmt: skip

    def __init__(self, controller: Controller, draft: Draft, pid: str, lang: str) -> None:
        super().__init__()
        self.controller = controller
        self.draft = draft
        self.pid = pid
        self.lang = lang
        self.row: TranslationState | None = None
        self.changed = False  # something was written: the list must read the files again
        self._timer: Timer | None = None
        self._placed = False

    @property
    def principle(self) -> Principle:
        return self.draft.principles[self.pid]

    def compose(self) -> ComposeResult:
        yield Label("", id="tr-heading")
        with VerticalScroll(id="tr-fields"):
            for name in FIELDS:
                yield Label("", id=f"tr-label-{name}", classes="tr-label")
                with Horizontal(id=f"tr-row-{name}", classes="tr-row"):
                    yield Static("", id=f"tr-source-{name}", classes="tr-source")
                    yield TextArea(id=f"tr-target-{name}", soft_wrap=True, classes="tr-target")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()

    # ----------------------------------------------------------------- showing

    def show(self) -> None:
        """Fill the fields for the current principle and language, then look up the states."""
        p = self.principle
        for name in FIELDS:
            area = self.query_one(f"#tr-target-{name}", TextArea)
            area.load_text(field_value(p, self.lang, name))
            self.query_one(f"#tr-source-{name}", Static).update(
                source_content(self.draft, p, name, ())
            )
            wanted = bool(p.field_text(name)) or bool(field_value(p, self.lang, name))
            for node in (f"#tr-label-{name}", f"#tr-row-{name}"):
                self.query_one(node).display = wanted
        self._heading()
        first = next((n for n in FIELDS if p.field_text(n)), "title")
        self.query_one(f"#tr-target-{first}", TextArea).focus()
        self._placed = False  # the cursor goes to the first field needing work, once
        self.query_one("#tr-fields", VerticalScroll).scroll_home(animate=False)
        self.load_states()

    @work(group="states", exclusive=True, exit_on_error=False)
    async def load_states(self) -> None:
        """States with the source's changes since the translation (reads the history)."""
        pid, lang = self.pid, self.lang
        try:
            rows = await self.controller.blocking(
                states, self.controller.ws, self.draft, lang=lang, principle=pid
            )
        except Exception as exc:
            self.controller.report(exc, "Could not work out the translation's state")
            return
        if (pid, lang) != (self.pid, self.lang):
            return
        self.row = rows[0]
        self._heading()
        p = self.principle
        if not self._placed:
            self._placed = True
            self._go_to_work(self.row)
        for name in FIELDS:
            f = self.row.fields.get(name)
            label = self.query_one(f"#tr-label-{name}", Label)
            if f is None:
                label.update(FIELD_NAMES[name])
                continue
            label.update(
                Content.assemble(
                    (FIELD_NAMES[name], "bold"),
                    "  ",
                    (f" {f.state} ", STYLES[f.state]),
                    (
                        "  " + self._explain(name, f.state, bool(f.source_diff), f.unconfirmed),
                        "dim",
                    ),
                )
            )
            self.query_one(f"#tr-source-{name}", Static).update(
                source_content(self.draft, p, name, f.source_diff)
            )

    def _go_to_work(self, row: TranslationState) -> None:
        """Put the cursor in the first stale (else missing) field and bring it into view."""
        for wanted in (STALE, MISSING):
            name = next((n for n, f in row.fields.items() if f.state == wanted), None)
            if name is not None:
                area = self.query_one(f"#tr-target-{name}", TextArea)
                area.focus()
                self.call_after_refresh(
                    self.query_one("#tr-fields", VerticalScroll).scroll_to_widget,
                    self.query_one(f"#tr-label-{name}"),
                    top=True,
                    animate=False,
                )
                return

    def _explain(self, name: str, state: str, has_diff: bool, unconfirmed: bool) -> str:
        source = language_name(self.draft.document.language)
        if state == STALE and unconfirmed:
            return "nothing records which text it translates: F10 if it fits"
        if state == STALE and has_diff:
            return f"the {source} changed since (marked): re-translate, or F10 if it still fits"
        if name == "items" and state == MISSING:
            return "not translated yet: one item per paragraph, a blank line between two"
        return WORDS[state]

    def _heading(self) -> None:
        number = self.draft.number_of(self.pid)
        title = self.draft.render(self.principle.title)
        state = f" · {self.row.state}" if self.row is not None else ""
        source = language_name(self.draft.document.language)
        self.query_one("#tr-heading", Label).update(
            f"Principle {number} — {title}   {source} → {language_name(self.lang)}{state}"
        )

    # ----------------------------------------------------------------- writing

    def edited(self) -> Principle:
        """The principle with the translation as the text boxes hold it.

        A field whose box was not touched keeps its value exactly, so leaving the view
        never re-records (and so never confirms) a translation nobody edited.
        """
        from drafter.model import Translation

        p = self.principle
        tr = p.translations.get(self.lang) or Translation()
        for name in FIELDS:
            typed = self.query_one(f"#tr-target-{name}", TextArea).text
            if typed == field_value(p, self.lang, name):
                continue
            if name == "title":
                tr = replace(tr, title=" ".join(typed.split()))  # one line, as titles are
            elif name == "items":
                tr = replace(tr, items=items_from_text(typed))
            elif name == "text":
                tr = replace(tr, text=typed)
            else:
                tr = replace(tr, commentary=typed)
        return replace(p, translations={**p.translations, self.lang: tr})

    async def apply(self) -> bool:
        """Write the translation to the file if it changed (stamped current); False on failure."""
        from drafter.workspace import normalized

        edited = normalized(self.edited())
        if edited == normalized(self.principle):
            return True
        return await self._write(edited)

    async def _write(self, principle: Principle) -> bool:
        try:
            written = await self.controller.blocking(self.controller.ws.write_principle, principle)
        except Exception as exc:
            self.controller.report(exc, "Could not write the translation to the file")
            return False
        self.draft = replace(self.draft, principles={**self.draft.principles, written.id: written})
        self.changed = True
        return True

    # ----------------------------------------------------------------- actions

    async def action_save(self) -> None:
        """Ctrl+S as everywhere, with the translation being typed written first."""
        if await self.apply():
            self.post_message(messages.SaveRequested())

    async def action_back(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not await self.apply():
            return
        self.dismiss(None)

    async def action_confirm(self) -> None:
        """The focused field's translation still fits the source: mark it current."""
        focused = self.focused
        name = next(
            (n for n in FIELDS if focused is not None and focused.id == f"tr-target-{n}"), None
        )
        if name is None:
            self.notify("Put the cursor in a translation first, then press F10.")
            return
        if not await self.apply():
            return
        if not field_value(self.principle, self.lang, name):
            self.notify(f"The {FIELD_NAMES[name].lower()} is not translated: nothing to confirm.")
            return
        confirmed, changed = confirm(self.principle, self.lang, [name])
        if not changed:
            self.notify(f"The {FIELD_NAMES[name].lower()} was already current.")
            return
        if await self._write(confirmed):
            self.notify(f"{FIELD_NAMES[name]}: confirmed, now current (not yet saved: Ctrl+S).")
            self.load_states()

    async def action_next_language(self) -> None:
        langs = self.draft.document.translations
        if len(langs) < 2 or not await self.apply():
            return
        self.lang = (
            langs[(langs.index(self.lang) + 1) % len(langs)] if self.lang in langs else langs[0]
        )
        self.row = None
        self.show()

    async def action_step(self, delta: int) -> None:
        order = [p.id for _n, p in self.draft.ordered()]
        if self.pid not in order or not await self.apply():
            return
        index = order.index(self.pid) + delta
        if 0 <= index < len(order):
            self.pid = order[index]
            self.row = None
            self.show()

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        """Show at once that a field was re-worded; write it once typing pauses.

        Written to the file (not saved), a quit or crash loses nothing and the app's
        "unsaved changes" question knows about it.
        """
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(WRITE_DELAY, self._write_typed)
        if self.row is None or event.text_area.id is None:
            return
        name = event.text_area.id.removeprefix("tr-target-")
        f = self.row.fields.get(name)
        if f is not None and event.text_area.text != field_value(self.principle, self.lang, name):
            self.query_one(f"#tr-label-{name}", Label).update(
                Content.assemble(
                    (FIELD_NAMES[name], "bold"),
                    "  ",
                    (" edited ", "reverse"),
                    ("  becomes current when it reaches the file", "dim"),
                )
            )

    @work(group="write", exclusive=True, exit_on_error=False)
    async def _write_typed(self) -> None:
        self._timer = None
        before = self.principle
        if await self.apply() and self.principle is not before:
            self.load_states()


def open_translation(
    draft: Draft | None, pid: str | None, controller: Controller, app: App[object]
) -> bool:
    """Push the translation screen for ``pid``; False (with a note) when there is nothing to show."""
    if draft is None or pid is None or pid not in draft.principles:
        app.notify("Select a principle first.")
        return False
    from drafter.tui.screens.reading import translation_languages

    langs = translation_languages(draft, app)
    if not langs:
        return False

    def done(_: None) -> None:
        if screen.changed:
            app.post_message(messages.DraftChanged(select=screen.pid))

    screen = TranslationScreen(controller, draft, pid, langs[0])
    app.push_screen(screen, done)
    return True
