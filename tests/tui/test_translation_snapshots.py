"""Pinned pictures of the translation view and the reading view at 80x24."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from drafter.tui.screens.translation import TranslationScreen
from drafter.workspace import Workspace
from tests.tui.conftest import app_for, loaded, settle, until
from tests.tui.test_translation_screen import make_translated


def test_translation_view_at_80x24(snap_compare: Any, small: Workspace) -> None:
    app = app_for(make_translated(small))

    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot, app)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, TranslationScreen))
        await until(pilot, lambda: app.screen.row is not None)
        await settle(pilot, app)
        for area in app.screen.query(TextArea):
            area.cursor_blink = False  # a blinking cursor would make the picture random
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_reading_view_at_80x24(snap_compare: Any, small: Workspace) -> None:
    app = app_for(make_translated(small))

    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot, app)
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
