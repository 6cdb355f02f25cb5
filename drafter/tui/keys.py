"""The keys that work everywhere (DESIGN §6), listed first in every screen's help,
and how the help and the key bar name and choose a screen's keys."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

ALWAYS_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ / ↓", "Move through the list of principles"),
    ("Enter", "Edit the selected principle (the cursor goes into its text)"),
    ("Escape", "Leave the editor, back to the list (edits are kept, not yet saved)"),
    ("Ctrl+S", "Save: record the draft as a new revision, with a message"),
    ("Ctrl+Z / Ctrl+Y", "Undo / redo in the editor"),
    ("Ctrl+P", "Command palette: every action, by name"),
    ("Ctrl+F", "Search the titles and texts"),
    ("F1", "This help"),
    ("Ctrl+Q", "Quit (asks first if there are unsaved edits)"),
)

GLOBAL_KEYS: frozenset[str] = frozenset({"Ctrl+S", "Ctrl+F", "Ctrl+P", "F1", "Ctrl+Q"})
"""Of ``ALWAYS_KEYS``, the ones that do the same thing on every full screen."""

DIALOG_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "Next / previous field or button"),
    ("Enter", "Confirm, or press the highlighted button"),
    ("Escape", "Close without doing anything"),
    ("F1", "This help"),
    ("Ctrl+Q", "Quit (asks first if there are unsaved edits)"),
)
"""What every dialog understands, listed under its own keys."""


def _own_binding(namespace: object, binding: Binding) -> bool:
    """True for a key drafter itself binds (not one of Textual's widget or screen keys)."""
    for cls in type(namespace).__mro__:
        if cls.__module__.startswith("drafter."):
            for own in cls.__dict__.get("BINDINGS", ()):
                if isinstance(own, Binding) and own.action == binding.action:
                    return True
    return False


_KEY_WORDS = {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "escape": "Escape", "esc": "Escape"}
_KEY_WORDS |= {"enter": "Enter", "space": "Space", "tab": "Tab", "up": "↑", "down": "↓"}


def key_name(binding: Binding) -> str:
    """A key as the help writes it: "F7", "Alt+↑↓", "Escape", "Space"."""
    key = binding.key_display or binding.key.split(",")[0]
    return "+".join(_KEY_WORDS.get(part, part[:1].upper() + part[1:]) for part in key.split("+"))


def help_rows(app: App[Any], screen: Screen[Any], *, dialog: bool) -> list[tuple[str, str]]:
    """The keys of ``screen`` a person needs: drafter's own first, then the global ones.

    Textual's cursor and scrolling keys of the widgets (and Tab) are left out: they are
    what every list and text box does, and listing them buried the keys that matter.
    """
    rows: list[tuple[str, str]] = list(getattr(screen, "ALWAYS_KEYS", ()))
    seen = {description for _key, description in rows}
    covered = {part.strip().lower() for key, _description in rows for part in key.split("/")}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.description in seen or binding.key in covered:
            continue
        if binding.action in ("help", "app.help", "quit", "app.quit", "command_palette"):
            continue
        if binding.action in ("save", "app.save", "search", "app.search"):
            continue
        if not (binding.show or _own_binding(active.node, binding)):
            continue
        seen.add(binding.description)
        rows.append((key_name(binding), binding.tooltip or binding.description))
    keys = {key for key, _description in rows}
    if dialog:
        extra = [row for row in DIALOG_KEYS if row[0] not in keys]
    else:
        extra = [row for row in ALWAYS_KEYS if row[0] in GLOBAL_KEYS and row[1] not in seen]
    return rows + extra
