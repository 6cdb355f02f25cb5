"""Esc answered at once: Textual's terminal driver, waking when a lone Escape is due.

A terminal sends Escape as the same byte that starts the sequences of arrow and
function keys, so a lone Escape is only known to be one when nothing follows it within
a short wait. Textual waits 100 ms and checks that deadline only when its input thread
wakes, which it does every 100 ms when no key arrives: Esc (leave the editor, close a
dialog) took 100-150 ms to show, every other key a few milliseconds. This driver waits
15 ms (editors such as Neovim advise 10-20 ms; terminals send a key's whole sequence in
one write, read in one go, so nothing is misread) and wakes at the deadline. A person's
own ``ESCDELAY`` (milliseconds, as for ncurses programs) is kept, e.g. 100 over a very
slow connection. Everything else is Textual's own.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Mapping

from textual import constants
from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from drafter.tui.startup import IDLE_COLLECTOR

IDLE_WAKE = 0.1
"""How often the input thread wakes with no key pending (Textual's own interval)."""

ESCAPE_WAIT_MS = 15
"""How long a lone Escape waits for the rest of a sequence, unless ESCDELAY says."""


def set_escape_wait(environ: Mapping[str, str] = os.environ) -> float:
    """Textual's wait after a lone Escape, in seconds: ``ESCDELAY`` if valid, else 15 ms.

    Textual reads its ``ESCAPE_DELAY`` at each Escape; it is set here, once the driver
    starts, so it holds whatever was imported first.
    """
    text = environ.get("ESCDELAY", "")
    ms = int(text) if text.isdigit() and 0 < int(text) <= 10_000 else ESCAPE_WAIT_MS
    setattr(constants, "ESCAPE_DELAY", ms / 1000)  # noqa: B010 - a Final the parser re-reads
    return ms / 1000


def input_wait(parser: XTermParser, now: float) -> float:
    """Seconds the input thread may sleep: until a pending Escape's deadline, or idle."""
    due: float | None = getattr(parser, "_timeout_time", None)
    if due is None:
        return IDLE_WAKE
    return min(IDLE_WAKE, max(0.0, due - now))


class QuickEscapeDriver(LinuxDriver):
    """Textual's Linux and macOS driver; only the input thread's sleep differs."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual 8.2's loop, with :func:`input_wait`)."""
        set_escape_wait()
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not data:  # standard input is a pipe
                        break
                    IDLE_COLLECTOR.input_seen()  # no full collection while keys come
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(input_wait(parser, get_time())))
            selector.unregister(self.fileno)
            process(selector.select(IDLE_WAKE), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
