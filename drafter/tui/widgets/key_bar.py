"""The keys of the current screen along the bottom: whole words, never cut, at any width.

Textual's Footer cuts the last keys off at 80 columns and draws its palette hint over
them ("palettet"). The key bar lays the keys out in whole entries on one line, or two
when the terminal is narrow, dropping the least needed ones only if even two lines
cannot hold them. F1 (help) and Ctrl+P (every action by name) are always shown.

Above the keys it shows the app's messages ("Saved", "Could not …") for a few seconds:
part of the layout, so unlike a floating toast a message never covers the text a person
is reading.
"""

from __future__ import annotations

import textwrap
from typing import ClassVar

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

ALWAYS: tuple[tuple[str, str], ...] = (("F1", "Help"), ("Ctrl+P", "All actions"))
"""Shown on every screen, at the end of the bar."""

DROPPED_FIRST: tuple[str, ...] = ("rename", "move_up", "delete", "export", "add")
"""Actions left out first when the screen is too narrow (the palette still has them)."""

FIRST: tuple[str, ...] = ("leave_editor", "back", "cancel", "insert_reference")
"""The way back, and the editor's own key, come first."""

GLOBAL_ORDER: tuple[str, ...] = ("save", "search", "sync", "quit")
"""The keys every screen shares, shown after the screen's own, always in this order."""

MAX_LINES = 2
MESSAGE_LINES = 3
"""A longer message is cut to this many lines (the app keeps the full text in its notices)."""

_KEY_WORDS = {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "escape": "Esc", "enter": "Enter"}
_KEY_WORDS |= {"space": "Space", "tab": "Tab", "up": "↑", "down": "↓", "delete": "Del"}


def key_label(binding: Binding) -> str:
    """ "Ctrl+S", "F7", "Esc", "Alt+↑↓": short, in the words printed on keyboards."""
    key = binding.key_display or binding.key.split(",")[0]
    parts = key.split("+")
    return "+".join(_KEY_WORDS.get(part, part[:1].upper() + part[1:]) for part in parts)


def layout(entries: list[tuple[str, str]], width: int) -> list[list[tuple[str, str]]]:
    """Whole entries in lines of at most ``width`` cells (an entry is never split)."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0
    for key, label in entries:
        size = len(key) + 1 + len(label)
        gap = 2 if lines[-1] else 0
        if lines[-1] and used + gap + size > width:
            lines.append([])
            used, gap = 0, 0
        lines[-1].append((key, label))
        used += gap + size
    return lines


class KeyBar(Widget):
    """The keys that matter on the current screen, from its active bindings."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    KeyBar > .key-bar--key {
        text-style: bold;
        color: $text-accent;
    }
    KeyBar > .key-bar--information {
        text-style: bold;
        color: $text-success;
    }
    KeyBar > .key-bar--warning {
        text-style: bold;
        color: $text-warning;
    }
    KeyBar > .key-bar--error {
        text-style: bold;
        color: $text-error;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--information",
        "key-bar--warning",
        "key-bar--error",
    }

    def __init__(self) -> None:
        super().__init__()
        self.message = ""
        self.severity = "information"
        self._clear_timer: object | None = None
        self._shown: list[tuple[str, str, str]] | None = None

    def show_message(self, text: str, severity: str = "information", timeout: float = 5) -> None:
        """Show ``text`` above the keys for ``timeout`` seconds."""
        self.message = " ".join(text.split())
        self.severity = severity
        if self._clear_timer is not None:
            self._clear_timer.stop()  # type: ignore[attr-defined]
        self._clear_timer = self.set_timer(timeout, self.clear_message)
        self.refresh(layout=True)

    def clear_message(self) -> None:
        self.message = ""
        self._clear_timer = None
        self.refresh(layout=True)

    def message_lines(self, width: int) -> list[str]:
        if not self.message:
            return []
        lines = textwrap.wrap(self.message, max(10, width), break_on_hyphens=False)
        if len(lines) > MESSAGE_LINES:
            lines = lines[:MESSAGE_LINES]
            lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
        return lines

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        # Focus moves change the bindings often without changing the keys shown; a
        # layout costs a whole frame, so only a real change asks for one.
        shown = self.entries()
        if shown != self._shown:
            self._shown = shown
            self.refresh(layout=True)

    def on_resize(self) -> None:
        self.refresh(layout=True)

    def entries(self) -> list[tuple[str, str, str]]:
        """(key, label, action) of the shown, enabled keys, in the screen's order."""
        found: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or not active.enabled:
                continue
            action = binding.action.removeprefix("app.")
            if action in ("help", "command_palette") or binding.description in seen:
                continue
            seen.add(binding.description)
            found.append((key_label(binding), binding.description, action))

        def rank(entry: tuple[str, str, str]) -> tuple[int, int]:
            _key, _label, action = entry
            if action in FIRST:
                return (0, FIRST.index(action))
            if action in GLOBAL_ORDER:
                return (2, GLOBAL_ORDER.index(action))
            return (1, found.index(entry))

        return sorted(found, key=rank)

    def lines(self, width: int) -> list[list[tuple[str, str]]]:
        entries = self.entries()
        always = list(ALWAYS)
        while True:
            shown = [(key, label) for key, label, _action in entries] + always
            lines = layout(shown, width)
            if len(lines) <= MAX_LINES:
                return lines
            droppable = [e for e in entries if e[2] in DROPPED_FIRST]
            victim = (
                min(droppable, key=lambda e: DROPPED_FIRST.index(e[2]))
                if droppable
                else (entries[-1] if entries else None)
            )
            if victim is None:
                return lines[:MAX_LINES]
            entries.remove(victim)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.message_lines(width)) + len(self.lines(width))

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        key_style = self.get_visual_style("key-bar--key", partial=True)
        rows = []
        severity = self.severity if self.severity in ("warning", "error") else "information"
        message_style = self.get_visual_style(f"key-bar--{severity}", partial=True)
        for text in self.message_lines(width):
            rows.append(Content.styled(text, message_style))
        for line in self.lines(width):
            parts: list[Content | tuple[str, object] | str] = []
            for key, label in line:
                if parts:
                    parts.append("  ")
                parts.append(Content.styled(key, key_style))
                parts.append(" " + label)
            rows.append(Content.assemble(*parts))  # type: ignore[arg-type]
        return Content("\n").join(rows)
