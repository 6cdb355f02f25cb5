"""The clash screen and the sync dialog, driven as a user would with the keyboard."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static, TextArea

from drafter import clashes, sync
from drafter.merge import Clash
from drafter.tui.screens.clash import ClashScreen
from drafter.workspace import Workspace
from tests.conftest import git

BASE = "States shall ensure that the child's identity is preserved."
MINE = "States shall ensure that the child's identity is protected."
THEIRS = "States shall ensure that the child's identity is respected."


def member(path: Path, name: str) -> Workspace:
    git(path, "config", "user.name", name)
    git(path, "config", "user.email", f"{name.lower()}@example.org")
    return Workspace.open(path)


def set_text(ws: Workspace, text: str) -> None:
    _, p = ws.principle("identity")
    ws.write_principle(replace(p, text=text))
    ws.save("Edit")


def alice_shared_her_wording(tmp_path: Path) -> tuple[Workspace, Workspace, Path]:
    """Alice and Bob share a remote; Alice has reworded the principle and synced."""
    remote = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    alice = member(Workspace.init(tmp_path / "alice", "Principles").root, "Alice")
    alice.add_principle("Identity", pid="identity", text=BASE)
    alice.save("First")
    sync.sync(alice, str(remote))
    sync.clone(str(remote), tmp_path / "bob")
    bob = member(tmp_path / "bob", "Bob")
    set_text(alice, THEIRS)
    sync.sync(alice)
    return alice, bob, remote


@pytest.fixture
def clashing(tmp_path: Path) -> tuple[Workspace, Workspace, Path]:
    """Bob's copy right after a sync that clashed with Alice's wording."""
    alice, bob, remote = alice_shared_her_wording(tmp_path)
    set_text(bob, MINE)
    report = sync.sync(bob)
    assert [c.field for c in report.clashes] == ["text"]
    return alice, bob, remote


class Host(App[None]):
    """A bare app showing one clash screen, recording how it was dismissed."""

    def __init__(self, ws: Workspace, clash: Clash) -> None:
        super().__init__()
        self.ws = ws
        self.clash = clash
        self.outcome: bool | None = None

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(ClashScreen(self.ws, self.clash, self.ws.draft()), self._done)

    def _done(self, settled: bool | None) -> None:
        self.outcome = settled


def text_of(ws: Workspace) -> str:
    return ws.principle("identity")[1].text


async def test_the_screen_shows_base_mine_and_theirs(clashing: tuple[Workspace, ...]) -> None:
    _, bob, _ = clashing
    [clash] = clashes.pending(bob)
    app = Host(bob, clash)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClashScreen)
        shown = {
            key: str(screen.query_one(f"#text-{key}", Static).render())
            for key in ("base", "ours", "theirs")
        }
        assert shown == {"base": BASE, "ours": MINE, "theirs": THEIRS}
        ours = screen.query_one("#text-ours", Static).render()
        changed = [
            ours.plain[s.start : s.end] for s in ours.spans if getattr(s.style, "reverse", False)
        ]
        assert changed == ["protected"]  # the changed word stands out
        assert "Clash in Principle 1 (identity): text" in str(
            screen.query_one("#clash-title").render()
        )


async def test_taking_theirs_writes_it_and_closes_the_clash(
    clashing: tuple[Workspace, ...],
) -> None:
    _, bob, _ = clashing
    [clash] = clashes.pending(bob)
    app = Host(bob, clash)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert app.outcome is True
    assert text_of(bob) == THEIRS
    assert clashes.pending(bob) == []
    assert bob.pending_changes() == ["principles/identity.yaml"]  # saved only on Ctrl+S


async def test_a_combined_text_can_be_written_and_used(
    clashing: tuple[Workspace, ...],
) -> None:
    alice, bob, _ = clashing
    [clash] = clashes.pending(bob)
    app = Host(bob, clash)
    combined = "States shall ensure that the child's identity is protected and respected."
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        area = app.screen.query_one("#merged", TextArea)
        assert area.has_focus and area.text == MINE
        area.text = ""
        await pilot.press(*"States shall ensure that the child's identity is protected")
        await pilot.press(*" and respected.")
        await pilot.press("f2")
        await pilot.pause()
        assert app.outcome is True
    assert text_of(bob) == combined
    bob.save("Combine")
    assert sync.sync(bob).pushed
    sync.sync(alice)
    assert text_of(alice) == combined


async def test_escape_leaves_the_clash_open(clashing: tuple[Workspace, ...]) -> None:
    _, bob, _ = clashing
    [clash] = clashes.pending(bob)
    app = Host(bob, clash)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e", "escape", "escape")
        await pilot.pause()
        assert app.outcome is False
    assert text_of(bob) == MINE
    assert clashes.pending(bob) == [clash]


async def test_the_sync_dialog_brings_changes_in_and_reports(tmp_path: Path) -> None:
    from drafter.tui.app import make_app
    from drafter.tui.screens.sync import SyncDialog

    _alice, bob, _remote = alice_shared_her_wording(tmp_path)

    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        dialog = SyncDialog(app)
        app.push_screen(dialog)
        await pilot.pause()
        assert "Shares through origin" in str(dialog.query_one("#where", Static).render())
        await pilot.click("#sync")
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = str(dialog.query_one("#result", Static).render())
        assert "Principle 1 (Identity) changed" in result
    assert text_of(bob) == THEIRS


async def test_f9_opens_the_sync_dialog_which_offers_the_open_clashes(
    clashing: tuple[Workspace, ...],
) -> None:
    from drafter.tui.app import make_app
    from drafter.tui.screens.sync import SyncDialog

    _, bob, _ = clashing
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, SyncDialog)
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert "1 clash to resolve" in str(dialog.query_one("#result", Static).render())
        await pilot.click("#resolve")
        await pilot.pause()
        assert isinstance(app.screen, ClashScreen)
        await pilot.press("o")  # keep mine
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SyncDialog)
        assert "Every clash is settled" in str(app.screen.query_one("#result", Static).render())
    assert clashes.pending(bob) == []
    assert text_of(bob) == MINE
