"""The numbered list of principles: number, unsaved marker, status badge, title."""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any

from textual import events
from textual.content import Content, Span
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from drafter.model import Draft
from drafter.tui.widgets import feedback_badge
from drafter.tui.widgets.badges import status_words
from drafter.tui.widgets.translation_badges import translation_badges

UNSAVED_MARK = "●"


class PrincipleList(OptionList):
    """One row per principle in document order; the option id is the principle id.

    An OptionList draws only the rows on screen, so thousands of principles cost little.
    """

    DEFAULT_CSS = """
    PrincipleList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(
        self,
        *,
        on_highlight: Callable[[], None] | None = None,
        on_open: Callable[[str], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._on_highlight = on_highlight
        self._on_open = on_open
        self._held: list[events.Key] | None = None
        self.ids: list[str] = []
        """Principle id of each row; kept here (not as option ids) so rows can swap."""
        self._index: dict[str, int] = {}
        self._shown: tuple[Draft, frozenset[str]] | None = None

    def show(self, draft: Draft, unsaved: Set[str], *, keep: str | None = None) -> None:
        """Rebuild every row; the highlight stays on ``keep`` (or the current one)."""
        keep = keep or self.highlighted_id
        marks = frozenset(unsaved)
        if self._shown is not None and self._shown == (draft, marks) and self.ids:
            if keep:
                self.select_id(keep)
            return
        width = len(str(len(draft.document.order)))
        self.ids = [p.id for _n, p in draft.ordered()]
        self._index = {pid: i for i, pid in enumerate(self.ids)}
        self.set_options(
            Option(row(draft, number, principle.id, unsaved, width))
            for number, principle in draft.ordered()
        )
        self._shown = (draft, marks)
        if self.option_count:
            self.highlighted = self._index.get(keep, 0) if keep else 0

    def swap(self, draft: Draft, a: str, b: str, unsaved: Set[str]) -> None:
        """Two neighbours changed places: redraw just those two rows."""
        ia, ib = self._index.get(a), self._index.get(b)
        if ia is None or ib is None:
            self.show(draft, unsaved, keep=a)
            return
        self.ids[ia], self.ids[ib] = b, a
        self._index[a], self._index[b] = ib, ia
        self._shown = (draft, frozenset(unsaved))
        for pid in (a, b):
            self.update_row(draft, pid, unsaved)

    def update_row(self, draft: Draft, pid: str, unsaved: Set[str]) -> None:
        index = self._index.get(pid)
        number = draft.number_of(pid)
        if index is None or number is None or pid not in draft.principles:
            return
        width = len(str(len(draft.document.order)))
        # A row is one line whatever its words (no wrapping), so its height never
        # changes: only the rows on screen are drawn again. Textual's
        # replace_option_prompt measured every row again, 20-40 ms among the Code
        # civil's 2,800 at each keystroke that marked a principle unsaved.
        self.get_option_at_index(index)._set_prompt(row(draft, number, pid, unsaved, width))
        self._option_render_cache.clear()
        self.refresh()
        self._shown = (draft, frozenset(unsaved))

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Tell the screen at once, not by a message: what the highlight shows is drawn
        in the same frame as the highlight (a message arrives a frame later)."""
        super().watch_highlighted(highlighted)
        if self._on_highlight is not None and self.is_mounted:
            self._on_highlight()

    # ----------------------------------------------------------------- keys typed ahead
    #
    # Keys reach the list in a burst (a fast typist, a paste, a script): Enter, then the
    # words meant for the text. Every key after Enter belongs to the editor, even those
    # already on their way to the list, and even while the editor is still being built.

    def on_key(self, event: events.Key) -> None:
        if self._held is not None:  # the editor is being built: kept for it
            self._held.append(event)
        elif not self.has_focus and self.app.focused is not None:
            self._pass_on(event, self.app.focused)  # sent here before the focus moved on
        elif event.key == "enter" and self._on_open is not None:
            pid = self.highlighted_id  # opened at once, before the next key is read
            if pid is None:
                return
            self._on_open(pid)
        else:
            return
        event.stop()
        event.prevent_default()

    def hold_keys(self) -> None:
        """Keep every key from now on, until :meth:`release_keys` (the editor is coming)."""
        if self._held is None:
            self._held = []

    def release_keys(self) -> None:
        """Send the kept keys, in order, to the widget that now has the focus."""
        held, self._held = self._held or [], None
        target = self.app.focused
        if target is not None and target is not self:
            for event in held:
                self._pass_on(event, target)

    @staticmethod
    def _pass_on(event: events.Key, target: object) -> None:
        target.post_message(events.Key(event.key, event.character))  # type: ignore[attr-defined]

    @property
    def highlighted_id(self) -> str | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.ids):
            return None
        return self.ids[index]

    def select_id(self, pid: str) -> bool:
        index = self._index.get(pid)
        if index is None:
            return False
        self.highlighted = index
        self.scroll_to_highlight()
        return True


def row(draft: Draft, number: int, pid: str, unsaved: Set[str], width: int) -> Content:
    """One row, built as one text with its styled spans (quick for thousands of rows)."""
    principle = draft.principles[pid]
    parts: list[tuple[str, str]] = [
        (f"{number:>{width}}", "bold"),
        (" ", ""),
        (UNSAVED_MARK, "bold $warning") if pid in unsaved else (" ", ""),
        (" ", ""),
        status_words(principle.status, short=True),
        (" ", ""),
        *translation_badges(draft, principle),  # per language: current / stale / missing
        (draft.render(principle.title) or "(untitled)", ""),
    ]
    spans: list[Span] = []
    at = 0
    for text, style in parts:
        if style:
            spans.append(Span(at, at + len(text), style))
        at += len(text)
    content = Content("".join(text for text, _style in parts), spans)
    if feedback_badge.OPEN.get(pid):
        content = Content.assemble(content, " ", feedback_badge.badge(pid))
    return content
