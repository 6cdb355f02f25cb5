"""A principle as a reader sees it: numbered, cross-references shown as "Principle N"."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from drafter.model import Draft, Principle, item_label
from drafter.translations import CURRENT, MISSING, STALE, STATES, language_name, translation_state
from drafter.tui.widgets.badges import status_badge
from drafter.tui.widgets.translation_badges import MARKS, STYLES


class PrinciplePreview(Static):
    """The rendered principle; the editor's fields stay raw, this shows the result."""

    DEFAULT_CSS = """
    PrinciplePreview {
        padding: 0 1;
    }
    """

    _shown: tuple[Draft, Principle | None] | None = None

    def show(self, draft: Draft, principle: Principle | None) -> None:
        # The same draft and principle show the same words: no update, so no layout
        # (back from the editor with nothing changed, the list's highlight moving back).
        if self._shown is not None and self._shown[0] is draft and self._shown[1] is principle:
            return
        self._shown = (draft, principle)
        self.update(render(draft, principle) if principle else Content(""))

    def show_message(self, message: str) -> None:
        self._shown = None
        self.update(Content(message))


def first_preview(draft: Draft | None) -> str | Content:
    """What the preview shows before the list is filled: the first principle, if any."""
    if draft is None:
        return "Loading the draft …"
    first = next(draft.ordered(), None)
    return render(draft, first[1]) if first else ""


def render(draft: Draft, p: Principle) -> Content:
    number = draft.number_of(p.id)
    title = draft.render(p.title) or "(untitled)"
    heading = f"Principle {number} — {title}" if number else title
    parts: list[Content] = [
        Content.styled(heading, "bold"),
        Content.assemble(status_badge(p.status), ("  id: " + p.id, "dim")),
        *translation_lines(draft, p),
        Content(""),
    ]
    if p.text:
        parts += [Content(draft.render(p.text)), Content("")]
    for n, item in enumerate(p.items):
        parts.append(Content(f"{item_label(n)} {draft.render(item)}"))
    if p.items:
        parts.append(Content(""))
    if p.commentary:
        parts += [
            Content.styled("Commentary", "bold italic $text-muted"),
            Content.styled(draft.render(p.commentary), "italic"),
        ]
    return Content("\n").join(parts)


def translation_lines(draft: Draft, p: Principle) -> list[Content]:
    """The list's badges (``f✓e!``) in words, a line for each state, e.g.
    "! Out of date (the English changed): French, Spanish"."""
    langs: dict[str, list[str]] = {}
    for lang in draft.document.translations:
        langs.setdefault(translation_state(p, lang).state, []).append(language_name(lang))
    source = language_name(draft.document.language)
    words = {
        CURRENT: "Translation up to date",
        STALE: f"Out of date (the {source} changed)",
        MISSING: "Not translated yet",
    }
    return [
        Content.assemble(
            (f" {MARKS[state]} ", STYLES[state]), f" {words[state]}: ", ", ".join(names)
        )
        for state, names in sorted(langs.items(), key=lambda kv: STATES.index(kv[0]))
    ]
