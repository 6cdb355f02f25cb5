"""Pinned pictures of the main, history and compare screens (fixed size, data and dates)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from drafter.workspace import Workspace
from tests.tui.conftest import SIZE, app_for, loaded, settle


def _ready(app: Any) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot, app)

    return run_before


def _after(app: Any, *keys: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot, app)
        await pilot.press(*keys)
        await settle(pilot, app)
        await pilot.pause(0.2)

    return run_before


def test_main_screen(snap_compare: Any, small: Workspace) -> None:
    app = app_for(small)
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready(app))


def test_main_screen_at_80x24(snap_compare: Any, small: Workspace) -> None:
    app = app_for(small)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after(app, "down", "down"))


def test_history_screen(snap_compare: Any, small: Workspace) -> None:
    app = app_for(small)
    assert snap_compare(app, terminal_size=SIZE, run_before=_after(app, "f5"))


def test_compare_screen(snap_compare: Any, small: Workspace) -> None:
    app = app_for(small)
    assert snap_compare(app, terminal_size=SIZE, run_before=_after(app, "alt+down", "f6"))


def test_editor_with_a_reference_at_80x24(snap_compare: Any, small: Workspace) -> None:
    """Principle 3 refers to Principle 1: shown as words, highlighted, never as syntax."""
    app = app_for(small)
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=_after(app, "down", "down", "enter", "ctrl+end")
    )


def test_reference_picker_at_80x24(snap_compare: Any, small: Workspace) -> None:
    app = app_for(small)
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=_after(app, "down", "down", "enter", "ctrl+l")
    )


def test_save_dialog_at_80x24(snap_compare: Any, small: Workspace) -> None:
    """The default button marked ▸ and bold, so it shows without colour too."""
    app = app_for(small)
    keys = ("enter", "ctrl+end", *" Always.", "ctrl+s")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after(app, *keys))
