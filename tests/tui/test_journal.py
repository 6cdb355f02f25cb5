"""Nothing typed is lost: a kill 50 ms after the last key, then recovery with a word diff."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from drafter.journal import Journal
from drafter.tui.screens.dialogs import ChoiceDialog
from drafter.workspace import Workspace
from tests.tui.conftest import SIZE, app_for, settle, until

TYPED = " Typed just before the kill."

CHILD = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from drafter.tui.app import make_app
    from drafter.workspace import Workspace

    async def main() -> None:
        app = make_app(Workspace.open(sys.argv[1]))
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            while app.main is None or app.main.draft is None:
                await pilot.pause(0.02)
            await app.workers.wait_for_complete()
            await pilot.press("enter", "ctrl+end")
            for key in sys.argv[2]:
                await pilot.press("space" if key == " " else key)
            await asyncio.sleep(0.05)  # 50 ms after the last key, the process is killed
            print("killing", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    asyncio.run(main())
    """
)


def test_a_kill_50_ms_after_the_last_key_loses_nothing(small: Workspace) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(small.root), TYPED],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == -9, result.stderr  # killed, not exited
    assert "killing" in result.stdout
    entries = Journal.for_workspace(small).entries()
    assert entries["best-interests"]["text"].endswith("primary consideration." + TYPED)
    assert TYPED not in (small.root / "principles/best-interests.yaml").read_text()


async def test_recovery_shows_the_words_that_changed(small: Workspace) -> None:
    draft = small.draft()
    p = draft.principles["best-interests"]
    from dataclasses import replace

    Journal.for_workspace(small).record(
        replace(p, text=p.text.replace("the primary", "a decisive"), status="bracketed")
    )
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        lines = [label.render() for label in app.screen.query(".details Label")]
        plain = [str(line) for line in lines]
        assert plain[0] == "Principle 1 — Best interests of the child"
        assert "  Status: Agreed → Bracketed" in plain
        text = next(line for line in lines if str(line).startswith("  Text:"))
        assert str(text) == (
            "  Text: The best interests of the child shall be the primary a decisive consideration."
        )
        struck = [str(text)[s.start : s.end] for s in text.spans if "strike" in str(s.style)]
        underlined = [str(text)[s.start : s.end] for s in text.spans if "underline" in str(s.style)]
        assert struck[-1] == "the primary" and underlined[-1] == "a decisive"
        await pilot.click("#restore")
        await settle(pilot, app)
    assert (
        "shall be a decisive consideration."
        in (small.root / "principles/best-interests.yaml").read_text()
    )
