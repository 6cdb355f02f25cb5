"""The feedback screen: badges on the list, each proposal in context, keys to decide."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from drafter.tui.app import DrafterApp
from drafter.tui.screens.feedback import FeedbackScreen
from drafter.tui.widgets.principle_list import PrincipleList
from drafter.workspace import Workspace
from tests.conftest import run_cli
from tests.feedback.copies import comment, mark_as_sent, move, track


def _returned(demo: Path, exported: Path) -> None:
    def review(copy: Path) -> None:
        track(copy, "take into account", "consider", "NGO")
        comment(copy, "Commentary", "Too long.", "UNICEF")

    _import_copy(demo, exported, "ngo.docx", review)


def _row_text(app: DrafterApp, index: int) -> str:
    plist = app.screen.query_one(PrincipleList)
    return str(plist.get_option_at_index(index).prompt)


def _import_copy(demo: Path, exported: Path, name: str, mark: Callable[[Path], None]) -> None:
    """A copy of the export, marked up by ``mark`` as a reviewer would, read as feedback."""
    copy = exported.with_name(name)
    shutil.copy(exported, copy)
    mark_as_sent(copy, Workspace.open(demo), round_id="africa")
    mark(copy)
    assert run_cli("-C", str(demo), "feedback", "import", str(copy)).returncode == 0


async def _feedback_screen(pilot: Pilot[int], app: DrafterApp) -> FeedbackScreen:
    for _ in range(50):
        if isinstance(app.screen, FeedbackScreen) and app.screen.pairs:
            break
        await pilot.pause(0.05)
    screen = app.screen
    assert isinstance(screen, FeedbackScreen)
    return screen


async def _decided(pilot: Pilot[int], screen: FeedbackScreen, index: int, status: str) -> None:
    for _ in range(50):
        if len(screen.pairs) > index and screen.pairs[index][1].status == status:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"record {index} never became {status}")


async def test_badges_panel_and_decisions(demo: Path, exported: Path) -> None:
    _returned(demo, exported)
    app = DrafterApp(Workspace.open(demo))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(50):
            if app.screen.query(PrincipleList) and app.screen.query_one(PrincipleList).option_count:
                break
            await pilot.pause(0.05)
        assert _row_text(app, 0).rstrip().endswith(" 2")  # two open records on Principle 1
        await pilot.press("f12")
        screen = await _feedback_screen(pilot, app)
        details = str(screen.query_one("#feedback-details").render())
        assert "take into account" in details and "consider" in details
        await pilot.press("a")
        await _decided(pilot, screen, 0, "accepted")
        await pilot.press("down", "n")
        await pilot.pause()
        await pilot.press(*"Shortened.", "enter")
        await _decided(pilot, screen, 1, "answered")
        assert screen.pairs[1][1].response == "Shortened."
        await pilot.press("escape")
        await pilot.pause(0.2)
    items = Workspace.open(demo).draft().principles["best-interests"].items
    assert "shall consider" in items[1]


async def test_a_move_shows_where_the_words_go_and_accept_moves_them(
    demo: Path, exported: Path
) -> None:
    sentence = "The consent of the surrogate mother shall be free and informed."

    def review(copy: Path) -> None:
        move(copy, sentence, "States shall establish legal parentage", "Expert")

    _import_copy(demo, exported, "expert.docx", review)
    app = DrafterApp(Workspace.open(demo))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.main.show_principle("surrogate-consent")
        await pilot.press("f12")
        screen = await _feedback_screen(pilot, app)
        details = str(screen.query_one("#feedback-details").render())
        number = Workspace.open(demo).draft().number_of("legal-parentage")
        assert f"Moved to Principle {number} — Legal parentage  (text)" in details
        assert details.count(sentence) == 2  # where it leaves, and arriving in its sentence
        await pilot.press("a")
        await _decided(pilot, screen, 0, "accepted")
        await pilot.pause(0.2)
        assert "applied to the working text" in " ".join(text for _s, text in app.notices)
    draft = Workspace.open(demo).draft()
    assert sentence not in draft.principles["surrogate-consent"].text
    assert sentence in draft.principles["legal-parentage"].text


async def test_all_open_feedback_names_each_principle_by_number(demo: Path, exported: Path) -> None:
    _returned(demo, exported)

    def review(copy: Path) -> None:
        comment(copy, "Commentary", "A comment far longer than one line of the list. " * 3, "IRC")

    _import_copy(demo, exported, "long.docx", review)
    app = DrafterApp(Workspace.open(demo))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_feedback(True)
        screen = await _feedback_screen(pilot, app)
        rows = screen.query_one("#feedback-list", OptionList)
        assert rows.option_count == 3
        texts = [str(rows.get_option_at_index(n).prompt) for n in range(3)]
        assert all(t.split()[1] == "1" for t in texts)  # all on Principle 1
        await pilot.pause()
        assert rows.virtual_size.height == 3  # one line a record, however long its words
