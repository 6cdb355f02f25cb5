"""Esc answered at once, in a real terminal: drafter's driver wakes when a lone Escape is due.

How fast is measured by bench/bench_tui_keys.py; here: the input thread sleeps only until
a pending Escape's deadline, the app uses that driver on Linux and macOS, and in a real
terminal (tmux) arrow keys, Enter and a lone Escape all still arrive as the keys they are,
also in one burst sent as the list first shows (while the editor is still being built).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual import constants
from textual._xterm_parser import XTermParser

from drafter.tui.app import make_app
from drafter.tui.driver import IDLE_WAKE, QuickEscapeDriver, input_wait, set_escape_wait
from drafter.workspace import Workspace


def test_a_lone_escape_wakes_the_input_thread_at_its_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(constants, "ESCAPE_DELAY", constants.ESCAPE_DELAY)  # undone after
    assert set_escape_wait({}) == 0.015  # drafter's wait, shorter than Textual's 100 ms
    assert set_escape_wait({"ESCDELAY": "100"}) == 0.1  # a person's own is kept
    assert set_escape_wait({"ESCDELAY": "soon"}) == 0.015
    set_escape_wait({})
    parser = XTermParser()
    assert input_wait(parser, 0.0) == IDLE_WAKE  # nothing pending: Textual's own interval
    list(parser.feed("\x1b"))  # Escape, or the start of an arrow key's sequence?
    deadline = parser._timeout_time
    assert deadline is not None
    assert input_wait(parser, deadline - constants.ESCAPE_DELAY) == pytest.approx(
        constants.ESCAPE_DELAY
    )
    assert input_wait(parser, deadline + 1) == 0.0
    list(parser.feed("[A"))  # it was the Up key
    assert input_wait(parser, deadline) == IDLE_WAKE


@pytest.mark.skipif(sys.platform == "win32", reason="Textual's Windows driver reads keys as events")
def test_the_app_uses_the_quick_escape_driver(small: Workspace) -> None:
    assert make_app(small).get_driver_class() is QuickEscapeDriver


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", f"drafter-test-{os.getpid()}", *args],
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def _wait_for(test: object, what: str) -> str:
    for _ in range(300):
        pane = _tmux("capture-pane", "-t", "t", "-p")
        if test(pane):  # type: ignore[operator]
            return pane
        time.sleep(0.05)
    raise AssertionError(f"{what} never showed; the screen:\n{pane}")


def test_keys_arrive_whole_in_a_real_terminal(small: Workspace) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the real-terminal test needs it")
    drafter = Path(sys.executable).with_name("drafter")
    _tmux("new-session", "-d", "-s", "t", "-x", "100", "-y", "30", f"{drafter} -C {small.root}")
    try:
        _wait_for(lambda p: "all saved" in p, "the list")
        _tmux("send-keys", "-t", "t", "Down")  # an escape sequence: ESC [ B
        _wait_for(lambda p: "Principle 2 —" in p, "the second principle")
        _tmux("send-keys", "-t", "t", "Enter")
        _wait_for(lambda p: "Editing Principle 2" in p, "the editor")
        _tmux("send-keys", "-t", "t", "Escape")  # a lone ESC, nothing after it
        pane = _wait_for(lambda p: "Editing Principle" not in p, "the list again")
        assert "[B" not in pane and "not saved" not in pane  # no stray characters typed
        _tmux("send-keys", "-t", "t", "C-q")
        _wait_for(lambda p: "all saved" not in p, "drafter quitting")
    finally:
        _tmux("kill-server")


def test_a_burst_of_keys_right_after_the_start_arrives_whole(small: Workspace) -> None:
    """Down, Enter, Ctrl+End, words and Escape in one write, as the list first shows:
    the editor is still being built, and every key still lands, in order."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the real-terminal test needs it")
    drafter = Path(sys.executable).with_name("drafter")
    second = small.draft().document.order[1]
    words = " Typed in one burst."
    _tmux("new-session", "-d", "-s", "t", "-x", "100", "-y", "30", f"{drafter} -C {small.root}")
    try:
        _wait_for(lambda p: "all saved" in p, "the list")
        _tmux(
            "send-keys", "-t", "t", "Down", "Enter", "C-End", ";",
            "send-keys", "-t", "t", "-l", words, ";",
            "send-keys", "-t", "t", "Escape",
        )  # fmt: skip
        _wait_for(lambda p: "not saved" in p and "Editing" not in p, "the edit, back in the list")
        for _ in range(100):  # the file is written a moment after the list shows the mark
            if small.draft().principles[second].text.endswith(words):
                break
            time.sleep(0.05)
        assert small.draft().principles[second].text.endswith(words)
        _tmux("send-keys", "-t", "t", "C-q")
        _wait_for(lambda p: "Quit" in p or "all saved" not in p, "drafter asking or quitting")
    finally:
        _tmux("kill-server")


FRAMES_PROBE = """
import sys, types
app = types.ModuleType("drafter.tui.app")  # stands in for the app: reports what it finds


def run(ws):
    import textual.constants
    print(textual.constants.MAX_FPS, round(sys.getswitchinterval() * 1000, 3))
    return 0


app.run = run
sys.modules["drafter.tui.app"] = app
from drafter.cli import main
sys.exit(main(["-C", sys.argv[1]]))
"""


@pytest.mark.parametrize(("own", "expected"), [(None, "240 1.0"), ("30", "30 1.0")])
def test_the_editor_draws_frames_soon_after_each_key(
    small: Workspace, own: str | None, expected: str
) -> None:
    """Textual's 60 frames a second made a key's frame wait up to 17 ms for its turn:
    ``drafter`` sets 240 before Textual loads (a person's own TEXTUAL_FPS is kept) and lets
    the thread writing frames take over within 1 ms."""
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    if own is not None:
        env["TEXTUAL_FPS"] = own
    result = subprocess.run(
        [sys.executable, "-c", FRAMES_PROBE, str(small.root)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected.split()


def test_full_collections_wait_for_a_pause_in_the_typing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full collection walked the Code civil's objects for 11-27 ms in whichever key's
    frame it fell: once the screen is up, it runs when nobody has typed for a moment."""
    import gc

    from drafter.tui import startup

    now = [100.0]
    pending = [0]
    collected: list[int] = []
    monkeypatch.setattr(startup.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, pending[0]))
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(1) or 0)
    collector = startup.IdleCollector()
    collector.input_seen()
    pending[0] = startup.FULL_EVERY
    assert not collector.tick()  # due, but a key just arrived
    now[0] += startup.IDLE_AFTER
    assert collector.tick() and collected == [1]  # a pause: collected
    pending[0] = startup.FULL_EVERY - 1
    assert not collector.tick()  # idle, but nothing due
    collector.input_seen()
    pending[0] = 10 * startup.FULL_EVERY
    assert collector.tick()  # typing without a pause for long: collected all the same
