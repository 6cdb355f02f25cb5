"""How fast the TUI shows the principle list, and how it responds on a large workspace.

Launch: a real ``drafter -C WS`` process in a tmux pane of 100x30; the clock runs from
starting the process until the pane shows the list (the first principle's row). Beside
it, in the same run and the same way, a bare Textual app that only shows one line: on a
shared machine absolute times swing with the load, the ratio does not. Medians of 15
runs, taken in turn (bare, demo, Code civil, bare, …), after a warm-up. Budgets
(issue 14): the demo within 1.5x the bare app, the Code civil (about 2,800 principles)
within 2x.
Responsiveness (in-process, headless ``run_test``): moving down the list, paging, and
typing in the editor of the Code civil workspace, in milliseconds per key.
Run: .venv/bin/python bench/bench_tui_startup.py   (exits 1 if a budget is missed)
"""

from __future__ import annotations

import asyncio
import compileall
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import CORPUS, REPO, WORK, cached_workspace, require_corpus

TMUX = ["tmux", "-L", f"drafter-bench-{os.getpid()}"]
"""A server of our own: others' tmux sessions on this machine neither disturb nor end it."""

RUNS = 15
BUDGETS = {"demo": 1.5, "code-civil": 2.0}
"""Launch to list, as a multiple of a bare Textual app's launch to its first line."""

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare app ready")

Bare().run()
"""
CODE_CIVIL = CORPUS / "code-civil-fr"


def build_demo(path: Path) -> object:
    from drafter.sample import build_demo as build

    return build(path)


def build_code_civil(path: Path) -> object:
    from tests.corpus import build_series_workspace, parse_code_civil

    versions = [
        ("cc-2014", parse_code_civil(CODE_CIVIL / "2014-07-01_commit-22196cfc47.txt")),
        ("cc-2015", parse_code_civil(CODE_CIVIL / "2015-03-22_commit-a191667dfd.txt")),
    ]
    return build_series_workspace(path, "Code civil", versions)


def first_row_text(ws_path: Path) -> str:
    """What the first row of the list shows once the draft is loaded."""
    from drafter.workspace import Workspace

    draft = Workspace.open(ws_path).draft()
    _, first = next(draft.ordered())
    return draft.render(first.title)[:12]


def launch_seconds(command: str, expected: str) -> float:
    """Wall time from starting the process to ``expected`` on screen, seen through tmux."""
    session = f"bench-tui-{os.getpid()}"
    started = time.perf_counter()
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
        check=True,
    )
    try:
        while True:
            pane = subprocess.run(
                [*TMUX, "capture-pane", "-t", session, "-p"], capture_output=True, text=True
            ).stdout
            if expected in pane and "Loading the draft" not in pane:
                return time.perf_counter() - started
            if time.perf_counter() - started > 30:
                raise RuntimeError(f"{expected!r} never appeared:\n{pane}")
            time.sleep(0.005)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], capture_output=True)


def launch_commands(paths: dict[str, Path]) -> dict[str, tuple[str, str]]:
    """name: (command, text that shows it is up), the bare app first."""
    drafter = Path(sys.executable).with_name("drafter")
    bare = f"{shlex.quote(sys.executable)} -c {shlex.quote(BARE_APP)}"
    commands = {"bare": (bare, "bare app ready")}
    for name, path in paths.items():
        commands[name] = (f"{drafter} -C {path}", first_row_text(path))
    return commands


def median_launches(paths: dict[str, Path]) -> dict[str, float]:
    """Median launch of each, runs interleaved so a burst of load hits them all alike."""
    commands = launch_commands(paths)
    for command, expected in commands.values():
        launch_seconds(command, expected)  # warm-up: file cache, .pyc files
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, (command, expected) in commands.items():
            times[name].append(launch_seconds(command, expected))
    return {name: statistics.median(values) for name, values in times.items()}


async def responsiveness(ws_path: Path) -> dict[str, float]:
    """Milliseconds per key for list movement and typing, in a headless app."""
    from drafter.journal import Journal
    from drafter.tui.app import make_app
    from drafter.workspace import Workspace

    ws = Workspace.open(ws_path)
    app = make_app(ws)
    result: dict[str, float] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        while app.main is None or app.main.draft is None:
            await pilot.pause(0.005)
        await app.workers.wait_for_complete()

        started = time.perf_counter()
        for _ in range(100):
            await pilot.press("down")
        result["list: Down key (ms)"] = (time.perf_counter() - started) * 10
        started = time.perf_counter()
        for _ in range(20):
            await pilot.press("pagedown")
        result["list: Page Down key (ms)"] = (time.perf_counter() - started) * 50
        started = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        result["list: End, to the last row (ms)"] = (time.perf_counter() - started) * 1000
        await pilot.press("home", "enter")
        await pilot.pause()
        started = time.perf_counter()
        text = "Responsive typing check. " * 2
        for char in text:
            await pilot.press(char)
        result["editor: one keystroke (ms)"] = (time.perf_counter() - started) * 1000 / len(text)
        await pilot.pause(0.5)
        started = time.perf_counter()
        await pilot.press("alt+down")
        result["Alt+Down: move and renumber (ms)"] = (time.perf_counter() - started) * 1000
        await app.workers.wait_for_complete()
        Journal.for_workspace(ws).clear()
    # leave the bench workspace as it was
    subprocess.run(["git", "checkout", "--", "drafter.yaml", "principles"], cwd=ws_path, check=True)
    return result


def main() -> int:
    require_corpus()
    # as on any installed copy: drafter's bytecode cached (this machine otherwise sets
    # PYTHONDONTWRITEBYTECODE, and every start would compile drafter again)
    compileall.compile_dir(REPO / "drafter", quiet=1)
    if shutil.which("tmux") is None:
        sys.exit("tmux is not installed: cannot time a real terminal launch")
    WORK.mkdir(parents=True, exist_ok=True)
    demo = cached_workspace("tui-demo", build_demo)
    code_civil = cached_workspace("tui-code-civil", build_code_civil)
    missed = []
    # one idle session keeps our tmux server up between launches (not timed)
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keep", "sleep 3600"], check=True)
    try:
        launches = median_launches({"demo": demo, "code-civil": code_civil})
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True)
    bare = launches["bare"]
    print(f"launch to first line, bare Textual app: {bare:.2f} s")
    for name in ("demo", "code-civil"):
        seconds = launches[name]
        ratio = seconds / bare
        budget = BUDGETS[name]
        verdict = "ok" if ratio <= budget else "OVER BUDGET"
        print(
            f"launch to list, {name}: {seconds:.2f} s = {ratio:.2f}x the bare app "
            f"(budget {budget:.1f}x) {verdict}"
        )
        if ratio > budget:
            missed.append(name)
    print("per key, through Textual's test pilot (which adds its own wait for idle):")
    small = asyncio.run(responsiveness(demo))
    large = asyncio.run(responsiveness(code_civil))
    for label, value in large.items():
        unit = "{:.2f}" if "(s)" in label else "{:.0f}"
        print(f"  {label:<38} demo {unit.format(small[label])}   code-civil {unit.format(value)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
