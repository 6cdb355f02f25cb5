"""Keys typed ahead are never lost: Enter and the words after it, while the editor is built.

The editor is built a moment after the list is on screen (the start stays quick); keys
that arrive before it is ready are kept and go into the text, in order. Here the build is
held back until every key has been pressed, so the keys are sure to arrive first.
"""

from __future__ import annotations

import asyncio

import pytest

from drafter.tui.screens.main import MainScreen
from drafter.workspace import Workspace
from tests.tui.conftest import SIZE, app_for, settle, until

TYPED = " Typed before the editor was ready."


async def test_keys_pressed_while_the_editor_is_built_go_into_the_text(
    small: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready = asyncio.Event()
    real_mount = MainScreen._mount_editor

    async def slow_mount(self: MainScreen) -> object:
        await ready.wait()
        return await real_mount(self)

    monkeypatch.setattr(MainScreen, "_mount_editor", slow_mount)
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main is not None and app.main.draft is not None)
        draft = app.main.draft  # type: ignore[union-attr]
        second = draft.document.order[1]
        assert app.main.selected_id() == draft.document.order[0]  # type: ignore[union-attr]
        await pilot.press("down", "enter", "ctrl+end")
        for key in TYPED:
            await pilot.press("space" if key == " " else key)
        await pilot.press("escape")
        assert app.main._editor is None  # type: ignore[union-attr]  # still being built
        ready.set()
        await settle(pilot, app)
        await until(pilot, lambda: not app.main.editing)  # type: ignore[union-attr]  # Escape too
        # every key, in order: the second principle, at the end of its text, in its file
        await until(pilot, lambda: small.draft().principles[second].text.endswith(TYPED))
        assert app.focused is app.main.query_one("#list")  # type: ignore[union-attr]
