"""How the app is put together: controller, messages, the workspace thread, one tree read."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.message import Message

from drafter import store
from drafter.tui.screens.dialogs import TextDialog
from drafter.tui.screens.meetings import MeetingDialog, MeetingsScreen
from drafter.tui.widgets.editor import PrincipleEditor
from drafter.workspace import Workspace
from tests.tui.conftest import SIZE, app_for, loaded, settle, until

TUI = Path(__file__).resolve().parents[2] / "drafter" / "tui"


def test_no_screen_or_widget_imports_the_app() -> None:
    """Screens get a controller; only app.py knows the App class."""
    for folder in ("screens", "widgets"):
        for path in (TUI / folder).glob("*.py"):
            source = path.read_text()
            assert "DrafterApp" not in source, path.name
            assert "drafter.tui.app" not in source, path.name


async def test_open_meetings_then_acts_when_meetings_is_already_open(small: Workspace) -> None:
    """The palette's "Open a meeting" while Meetings shows: the form opens (it did nothing)."""
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f3")
        await settle(pilot, app)
        assert isinstance(app.screen, MeetingsScreen)
        await app.open_meetings(then="open_meeting")
        await until(pilot, lambda: isinstance(app.screen, MeetingDialog))


async def test_ctrl_s_reads_the_working_files_once(
    small: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", "ctrl+end", *" Always.")
        await app.workers.wait_for_complete()
        reads: list[str] = []
        real = store.read_tree
        monkeypatch.setattr(
            store,
            "read_tree",
            lambda root: reads.append(threading.current_thread().name) or real(root),
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, TextDialog))
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, TextDialog))
        await app.workers.wait_for_complete()
        saved = reads[:1]
    assert saved and saved[0].startswith("drafter-ws")  # on the workspace thread
    assert len(reads) == 1  # the plan; the commit and the list's marks reuse it
    assert (
        "primary consideration. Always."
        in (small.root / "principles/best-interests.yaml").read_text()
    )


async def test_edits_reach_the_files_on_the_workspace_thread(
    small: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    real = Workspace.write_principle

    def spy(self: Workspace, principle: object) -> None:
        threads.append(threading.current_thread().name)
        real(self, principle)  # type: ignore[arg-type]

    monkeypatch.setattr(Workspace, "write_principle", spy)
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", "ctrl+end", *" Indeed.", "escape")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: bool(threads))
    assert threads and all(name.startswith("drafter-ws") for name in threads)
    assert "consideration. Indeed." in (small.root / "principles/best-interests.yaml").read_text()


async def test_the_editor_says_what_was_edited(small: Workspace) -> None:
    """PrincipleEditor.Edited carries the principle and whether it differs from the file."""
    seen: list[Message] = []
    app = app_for(small)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", "ctrl+end", *" Yes")
        await pilot.pause()
        edited = [m for m in seen if isinstance(m, PrincipleEditor.Edited)]
        assert edited, "no Edited message"
        last = edited[-1]
        assert last.principle.text.endswith("primary consideration. Yes")
        assert last.dirty and last.control is app.main.query_one(PrincipleEditor)
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await pilot.pause()
        last = [m for m in seen if isinstance(m, PrincipleEditor.Edited)][-1]
        assert not last.dirty  # back to the text in the file
