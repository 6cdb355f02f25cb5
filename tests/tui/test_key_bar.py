"""The key bar at the bottom: whole, uncut, the same words at 80, 100 and 120 columns."""

from __future__ import annotations

import re

import pytest

from drafter.workspace import Workspace
from tests.tui.conftest import app_for, loaded, screen_text, settle

ENTRY = r"(?:Esc|Enter|Space|F\d+|Ctrl\+[A-Z]|Alt\+↑↓|[A-Z]) [A-Z][a-z]+(?: [a-z]+)*"
LINE = re.compile(rf"^ (?:{ENTRY})(?:  {ENTRY})* *$")

SCREENS = {
    "list": ((), ("F7 Add", "F5 History", "F6 Compare", "Ctrl+F Search", "F9 Sync", "Ctrl+Q Quit")),
    "editor": (("enter",), ("Esc List", "Ctrl+L Reference", "Ctrl+S Save")),
    "compare": (("f6",), ("Esc Back", "N Next change", "F4 Export redline")),
    "history": (("f5",), ("Esc Back", "Space Pick")),
    "meetings": (("f3",), ("O Open a meeting", "C Close the meeting")),
}


def key_bar_lines(app: object) -> list[str]:
    """The last lines of the screen, from the first line that starts with a key."""
    lines = screen_text(app)  # type: ignore[arg-type]
    bar = app.screen.query_one("KeyBar")  # type: ignore[attr-defined]
    return lines[len(lines) - bar.region.height :]


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize("screen", sorted(SCREENS))
async def test_the_key_bar_is_whole_at_every_width(
    small: Workspace, screen: str, width: int
) -> None:
    keys, expected = SCREENS[screen]
    app = app_for(small)
    async with app.run_test(size=(width, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press(*keys)
        await settle(pilot, app)
        await pilot.pause(0.1)
        lines = key_bar_lines(app)
    assert 1 <= len(lines) <= 2
    for line in lines:
        assert len(line) == width
        assert LINE.match(line), f"stray characters in the key bar: {line!r}"
    text = "  ".join(line.strip() for line in lines)
    assert "F1 Help" in text and "Ctrl+P All actions" in text
    for entry in expected:
        assert entry in text, f"{entry!r} missing at {width} columns: {text!r}"
