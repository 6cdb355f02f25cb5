"""Start-up: the first screen drawn soon, whole, and without pauses.

The draft is read before the app starts, so the first frame already shows the list:
the same read on the workspace thread competed with the screen being built and took
several times longer. On Linux and macOS the terminal driver answers Esc at once
(:mod:`drafter.tui.driver`).

The garbage collector waits until the first screen is drawn. Loading Textual, drafter
and the draft creates some hundred thousand objects that live as long as the app. Left
on, the collector walked them all during the first frame (a 20 ms pause, 40 ms in all);
afterwards, every full collection walked them again while keys were typed. Off during
start-up, then ``gc.freeze()``: those objects are set aside for good and the collector
only looks at what the editor creates from then on.

Once the screen is up, full collections wait for a pause in the typing
(:class:`IdleCollector`): on the Code civil each walked the draft's objects for 11-27 ms,
about every two seconds of editing, and landed in whichever key's frame was being drawn.
The young generations are collected as usual (2-3 ms).

Frames follow keys closely (:func:`quick_frames`): Textual draws at most 60 frames a
second, so a key's frame waited up to 17 ms for its turn, and the thread that writes
frames to the terminal waited up to 5 ms for Python's lock while the next frame was
being laid out.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver

    from drafter.model import Draft
    from drafter.workspace import Workspace

_held = False

FRAMES_PER_SECOND = 240
"""At most this many frames a second: a key's frame starts within about 4 ms (Textual
draws only what changed, so an idle screen costs nothing more)."""

SWITCH_INTERVAL = 0.001
"""Seconds Python lets one thread run before another may take over: the thread writing
a finished frame to the terminal gets its turn within 1 ms (5 ms by default)."""


def quick_frames() -> None:
    """Frames as soon as keys change the screen; before Textual is imported.

    A person's own ``TEXTUAL_FPS`` is kept.
    """
    os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
    sys.setswitchinterval(SWITCH_INTERVAL)


def read_first_draft(ws: Workspace) -> Draft | None:
    """The draft and its feedback counts; None if it cannot be read (the screen reads
    it again and shows what is wrong)."""
    from drafter.tui.widgets import feedback_badge

    try:
        draft = ws.draft()
        feedback_badge.refresh(ws.root)
    except Exception:
        return None
    return draft


def quicker_driver(driver: type[Driver]) -> type[Driver]:
    """Textual's driver for this terminal, or on Linux and macOS the one that answers Esc
    at once."""
    if driver.__module__ == "textual.drivers.linux_driver" and driver.__name__ == "LinuxDriver":
        from drafter.tui.driver import QuickEscapeDriver

        return QuickEscapeDriver
    return driver


def hold() -> None:
    """No collection until :func:`release` (called by the real start, not by tests)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release(app: App[object]) -> None:
    """After the first frame: set start-up's objects aside; from then on, full collections
    wait for a pause in the typing (young generations are collected as usual)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
        IDLE_COLLECTOR.start(app)


IDLE_AFTER = 0.5
"""Seconds without a key after which a full collection may run."""

FULL_EVERY = 10
"""Python's own pace: a full collection after this many collections of the middle one."""


class IdleCollector:
    """Full garbage collections in the pauses of typing, never in a key's frame."""

    def __init__(self) -> None:
        self.last_input = 0.0

    def input_seen(self) -> None:
        """A key (or any input) arrived: no full collection for a moment."""
        self.last_input = time.monotonic()

    def start(self, app: App[object]) -> None:
        young, middle, _full = gc.get_threshold()
        gc.set_threshold(young, middle, 2**30)  # never during keys: see tick
        app.set_interval(IDLE_AFTER / 2, self.tick, name="idle collector")

    def tick(self) -> bool:
        """Collect fully if due and nobody has typed for a moment (or, typing without a
        pause, once ten times overdue); True if it did."""
        pending = gc.get_count()[2]
        idle = time.monotonic() - self.last_input >= IDLE_AFTER
        if (pending >= FULL_EVERY and idle) or pending >= 10 * FULL_EVERY:
            gc.collect()
            return True
        return False


IDLE_COLLECTOR = IdleCollector()
