"""The clash screen: one field both sides changed, shown as base, ours and theirs, to settle.

The workspace file holds our version while the clash is open, so the draft stays valid;
this screen writes the chosen (or edited) text through :func:`drafter.clashes.choose`,
which also closes the clash. Saving (Ctrl+S) then records it, and the next sync shares it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static, TextArea

from drafter.merge import Clash, Value, word_changes
from drafter.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from drafter.model import Draft
    from drafter.workspace import Workspace


def as_text(value: Value) -> str:
    """A field as the user edits it: list entries one per line."""
    return "\n".join(value) if isinstance(value, tuple) else value


def marked(base: str, other: str) -> Text:
    """``other`` exactly, with the words it changed from ``base`` highlighted.

    Removed words are not repeated here: the base column beside it shows them.
    """
    text = Text()
    for op, piece in word_changes(base, other):
        if op == 0:
            text.append(piece)
        elif op > 0:
            text.append(piece, style="bold reverse")
    return text or Text("(empty)")


class ClashScreen(Screen[bool]):
    """Shows base / ours / theirs of one clashing field; dismisses True once settled."""

    CSS_PATH = "clash.tcss"
    SCREEN_NAME = "Clash"
    HELP = (
        "You and another member changed the same words. Your version is in the file for now. "
        "Keep yours (O), take theirs (T), or write a combined text (E, then F2)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "take('ours')", "Keep mine", tooltip="Keep this copy's version"),
        Binding("t", "take('theirs')", "Take theirs", tooltip="Take the shared copy's version"),
        Binding("b", "take('base')", "Base", tooltip="Go back to the version before both"),
        Binding("e", "edit", "Edit", tooltip="Write a combined text, starting from yours"),
        Binding("f2", "use_edited", "Use edited", tooltip="Use the text being edited"),
        Binding("escape", "back", "Later", tooltip="Leave it open for now"),
    ]
    """
    | Key | Does |
    | :- | :- |
    | o | Keep this copy's version |
    | t | Take the shared copy's version |
    | b | Go back to the base version |
    | e | Edit a combined text (starting from ours) |
    | f2 | Use the edited text |
    | escape | Stop editing; again: leave the clash open for later |
    """

    def __init__(
        self,
        ws: Workspace,
        clash: Clash,
        draft: Draft | None = None,
        *,
        position: tuple[int, int] = (1, 1),
    ) -> None:
        super().__init__()
        self.ws = ws
        self.clash = clash
        self.draft = draft
        self.position = position
        self.editing = False

    def heading(self) -> str:
        clash = self.clash
        if clash.principle:
            number = self.draft.number_of(clash.principle) if self.draft else None
            where = f"Principle {number} ({clash.principle})" if number else clash.principle
        else:
            where = clash.path
        n, total = self.position
        count = f"  —  clash {n} of {total}" if total > 1 else ""
        return f"Clash in {where}: {clash.field}{count}"

    def compose(self) -> ComposeResult:
        base, ours, theirs = (
            as_text(v) for v in (self.clash.base, self.clash.ours, self.clash.theirs)
        )
        yield Label(self.heading(), id="clash-title")
        yield Static(self.HELP, id="clash-hint")
        with Horizontal(id="versions"):
            for key, title, body in (
                ("base", "Before both changes (base)", Text(base or "(empty)")),
                ("ours", "Mine — in the file now (O)", marked(base, ours)),
                ("theirs", "Theirs — the shared copy (T)", marked(base, theirs)),
            ):
                with VerticalScroll(classes="version", id=f"version-{key}"):
                    yield Label(title, classes="version-title")
                    yield Static(body, classes="version-text", id=f"text-{key}")
        yield Label("Combined text — F2 uses it, Escape stops editing", id="merged-title")
        yield TextArea(ours, id="merged", soft_wrap=True, show_line_numbers=False)
        yield Label("", id="clash-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_editor(False)

    def _show_editor(self, show: bool) -> None:
        self.editing = show
        self.query_one("#merged-title").display = show
        area = self.query_one("#merged", TextArea)
        area.display = show
        if show:
            area.focus()
        else:
            self.query_one("#version-ours").focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_edited":
            return self.editing
        return True

    # ----------------------------------------------------------------- actions

    def action_edit(self) -> None:
        self._show_editor(True)

    def action_back(self) -> None:
        if self.editing:
            self._show_editor(False)
        else:
            self.dismiss(False)

    async def action_take(self, side: str) -> None:
        await self._settle(getattr(self.clash, side), f"took {'mine' if side == 'ours' else side}")

    async def action_use_edited(self) -> None:
        text = self.query_one("#merged", TextArea).text
        value: Value = text
        if isinstance(self.clash.ours, tuple):  # list entries, one per line
            value = tuple(line for line in text.split("\n") if line.strip())
        await self._settle(value, "used the combined text")

    async def _settle(self, value: Value, how: str) -> None:
        from drafter import clashes

        try:
            await self._run(clashes.choose, self.ws, self.clash, value)
        except Exception as exc:
            self.query_one("#clash-error", Label).update(f"Not settled: {exc}")
            return
        self.notify(
            f"{self.heading()}: {how}. Save (Ctrl+S), then sync to share it.",
            title="Clash settled",
            markup=False,
        )
        self.dismiss(True)

    async def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """On the app's workspace thread when there is one, so writes stay in order."""
        blocking = getattr(self.app, "blocking", None)
        if blocking is not None:
            return await blocking(fn, *args)
        return await asyncio.to_thread(fn, *args)
