"""Read the whole draft in one language, with what is untranslated or stale marked as such."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from drafter.model import Draft, item_label
from drafter.translations import FIELDS, MISSING, STALE, counts, language_name, translation_state

if TYPE_CHECKING:
    from drafter.tui.app import DrafterApp

_NOTE = "dim italic"


def reading(draft: Draft, lang: str) -> Content:
    """The draft as a reader of ``lang`` sees it.

    A field not translated yet appears in the source language, dimmed, after a note
    saying so; a stale one is shown with a note that the source changed since.
    """
    source = draft.document.language
    if lang == source:
        return _plain(draft)
    source_name = language_name(source)
    parts: list[Content] = [Content.styled(draft.render(draft.document.title), "bold"), Content("")]
    for number, p in draft.ordered():
        state = translation_state(p, lang)
        local = p.localized(lang)
        tr = p.translations.get(lang)
        heading = f"Principle {number} — {draft.render(local.title)}"
        parts.append(Content.styled(heading, "bold"))
        if state.state == MISSING and not any(f.state != MISSING for f in state.fields.values()):
            parts.append(Content.styled(f"[not translated yet: shown in {source_name}]", _NOTE))
        for name in FIELDS:
            f = state.fields.get(name)
            if f is None or name == "title":
                if f is not None and f.state == STALE:
                    parts.append(Content.styled("[title: the source changed since]", _NOTE))
                continue
            style = "dim" if f.state == MISSING else ""
            if (
                f.state == MISSING
                and tr is not None
                and any(g.state != MISSING for g in state.fields.values())
            ):
                parts.append(
                    Content.styled(f"[{name} not translated yet: in {source_name}]", _NOTE)
                )
            elif f.state == STALE:
                parts.append(Content.styled(f"[{name}: the {source_name} changed since]", _NOTE))
            if name == "items":
                parts += [
                    Content.styled(f"{item_label(i)} {draft.render(item)}", style)
                    for i, item in enumerate(local.items)
                ]
            elif name == "commentary":
                parts.append(Content.styled(draft.render(local.commentary), f"italic {style}"))
            else:
                parts.append(Content.styled(draft.render(local.text), style))
        parts.append(Content(""))
    return Content("\n").join(parts)


def _plain(draft: Draft) -> Content:
    parts = [Content.styled(draft.render(draft.document.title), "bold"), Content("")]
    for number, p in draft.ordered():
        parts.append(Content.styled(f"Principle {number} — {draft.render(p.title)}", "bold"))
        if p.text:
            parts.append(Content(draft.render(p.text)))
        parts += [Content(f"{item_label(i)} {draft.render(x)}") for i, x in enumerate(p.items)]
        if p.commentary:
            parts.append(Content.styled(draft.render(p.commentary), "italic"))
        parts.append(Content(""))
    return Content("\n").join(parts)


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

    @property
    def drafter(self) -> DrafterApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Label("", id="tr-heading")
        with VerticalScroll(id="reading-pane"):
            yield Static("", id="reading")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show()
        self.query_one("#reading-pane").focus()

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
        self.query_one("#reading", Static).update(reading(draft, lang))
        self.query_one("#reading-pane", VerticalScroll).scroll_home(animate=False)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_next_language(self) -> None:
        langs = (*self.draft.document.translations, self.draft.document.language)
        self.lang = (
            langs[(langs.index(self.lang) + 1) % len(langs)] if self.lang in langs else langs[0]
        )
        self.show()


def open_reading(draft: Draft | None, app: DrafterApp) -> bool:
    """Push the reading screen in the first translation language."""
    if draft is None:
        return False
    langs = draft.document.translations
    if not langs:
        app.notify(
            "This document has no translation languages: list them in drafter.yaml, "
            "e.g. translations: [fr, es]",
            severity="warning",
        )
        return False
    app.push_screen(ReadingScreen(draft, langs[0]))
    return True
