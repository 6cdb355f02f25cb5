"""The keys that work everywhere (DESIGN §6), listed first in every screen's help."""

from __future__ import annotations

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
