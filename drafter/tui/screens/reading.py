"""Read the whole draft in one language, with what is untranslated or stale marked as such."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from drafter.model import Draft, Principle, item_label
from drafter.translations import FIELDS, MISSING, STALE, counts, language_name, translation_state
from drafter.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.app import App

_NOTE = "dim italic"
BATCH = 40
"""Principles drawn at a time: the next ones are drawn as the reader nears the end.

Drawing a whole code of law at once (2,800 articles) took seconds; a batch takes a blink.
"""


def principle_reading(draft: Draft, number: int, p: Principle, lang: str) -> Content:
    """One principle as a reader of ``lang`` sees it.

    A field not translated yet appears in the source language, dimmed, after a note
    saying so; a stale one is shown with a note that the source changed since.
    """
    source = draft.document.language
    if lang == source:
        return _plain(draft, number, p)
    source_name = language_name(source)
    state = translation_state(p, lang)
    local = p.localized(lang)
    untranslated = not any(f.state != MISSING for f in state.fields.values())
    parts = [Content.styled(f"Principle {number} — {draft.render(local.title)}", "bold")]
    if untranslated:
        parts.append(Content.styled(f"[not translated yet: shown in {source_name}]", _NOTE))
    for name in FIELDS:
        f = state.fields.get(name)
        if f is None:
            continue
        if f.state == STALE:
            parts.append(Content.styled(f"[{name}: the {source_name} changed since]", _NOTE))
        elif f.state == MISSING and not untranslated:
            parts.append(Content.styled(f"[{name} not translated yet: in {source_name}]", _NOTE))
        style = "dim" if f.state == MISSING else ""
        if name == "items":
            parts += [
                Content.styled(f"{item_label(i)} {draft.render(item)}", style)
                for i, item in enumerate(local.items)
            ]
        elif name == "commentary":
            parts.append(Content.styled(draft.render(local.commentary), f"italic {style}"))
        elif name == "text":
            parts.append(Content.styled(draft.render(local.text), style))
    return Content("\n").join(parts)


def _plain(draft: Draft, number: int, p: Principle) -> Content:
    parts = [Content.styled(f"Principle {number} — {draft.render(p.title)}", "bold")]
    if p.text:
        parts.append(Content(draft.render(p.text)))
    parts += [Content(f"{item_label(i)} {draft.render(x)}") for i, x in enumerate(p.items)]
    if p.commentary:
        parts.append(Content.styled(draft.render(p.commentary), "italic"))
    return Content("\n").join(parts)


class ReadingPane(VerticalScroll):
    """The scrolling page; asks its screen for more principles as the end comes near."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value >= self.max_scroll_y - 2 * self.size.height:
            screen = self.screen
            if isinstance(screen, ReadingScreen):
                screen.more()


class ReadingScreen(Screen[None]):
    """The whole draft in one language; Ctrl+T goes on to the next.

    | Key | Does |
    | :- | :- |
    | escape | Back to the list |
    | ctrl+t | The next language (the translations, then the source) |
    """

    CSS_PATH = "translation.tcss"
    SCREEN_NAME = "read"
    HELP = (
        "The whole draft in one language. What is not translated yet appears in the "
        "source language, dimmed, after a note; a translation whose source changed since "
        "is marked. Ctrl+T switches language; F10 on the list edits a translation."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+t", "next_language", "Language", tooltip="Read in the next language"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, draft: Draft, lang: str) -> None:
        super().__init__()
        self.draft = draft
        self.lang = lang
        self.shown = 0  # principles drawn so far

    def compose(self) -> ComposeResult:
        yield Label("", id="tr-heading")
        yield ReadingPane(id="reading-pane")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()
        self.query_one(ReadingPane).focus()

    def show(self) -> None:
        draft, lang = self.draft, self.lang
        heading = f"Reading in {language_name(lang)}"
        if lang != draft.document.language:
            rows = [translation_state(p, lang) for _n, p in draft.ordered()]
            per = counts(rows).get(lang, {})
            heading += (
                f" — {per.get('current', 0)} current, {per.get('stale', 0)} stale, "
                f"{per.get('missing', 0)} not (fully) translated"
            )
        self.query_one("#tr-heading", Label).update(heading)
        pane = self.query_one(ReadingPane)
        pane.remove_children()
        title = Content.styled(draft.render(draft.document.title), "bold")
        pane.mount(Static(title, classes="reading-title"))
        self.shown = 0
        self.more()
        pane.scroll_home(animate=False)

    def more(self) -> None:
        """Draw the next batch of principles, if any are left."""
        ordered = list(self.draft.ordered())
        batch = ordered[self.shown : self.shown + BATCH]
        if not batch:
            return
        self.shown += len(batch)
        self.query_one(ReadingPane).mount_all(
            Static(principle_reading(self.draft, n, p, self.lang), classes="reading-principle")
            for n, p in batch
        )

    def text(self) -> str:
        """What is drawn so far, as plain text (for tests and screen readers' sake)."""
        return "\n\n".join(str(s.render()) for s in self.query(Static).results(Static))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_next_language(self) -> None:
        langs = (*self.draft.document.translations, self.draft.document.language)
        self.lang = (
            langs[(langs.index(self.lang) + 1) % len(langs)] if self.lang in langs else langs[0]
        )
        self.show()


def translation_languages(draft: Draft, app: App[object]) -> tuple[str, ...]:
    """The document's translation languages; when it has none, say how to list them."""
    langs = draft.document.translations
    if not langs:
        app.notify(
            "This document has no translation languages: list them in drafter.yaml, "
            "e.g. translations: [fr, es]",
            severity="warning",
        )
    return langs


def open_reading(draft: Draft | None, app: App[object]) -> bool:
    """Push the reading screen in the first translation language."""
    if draft is None:
        return False
    langs = translation_languages(draft, app)
    if not langs:
        return False
    app.push_screen(ReadingScreen(draft, langs[0]))
    return True
