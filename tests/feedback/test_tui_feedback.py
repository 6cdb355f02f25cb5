"""The feedback screen: badges on the list, each proposal in context, keys to decide."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList

from drafter.tui.app import DrafterApp
from drafter.tui.screens.feedback import FeedbackScreen
from drafter.tui.widgets.principle_list import PrincipleList
from drafter.workspace import Workspace
from tests.conftest import run_cli
from tests.feedback.copies import comment, mark_as_sent, move, track


def _returned(demo: Path, exported: Path) -> None:
    ws = Workspace.open(demo)
    copy = exported.with_name("ngo.docx")
    shutil.copy(exported, copy)
    mark_as_sent(
        copy,
        ws,
        round_id="africa",
    )
    track(copy, "take into account", "consider", "NGO")
    comment(copy, "Commentary", "Too long.", "UNICEF")
    assert run_cli("-C", str(demo), "feedback", "import", str(copy)).returncode == 0


def _row_text(app: DrafterApp, index: int) -> str:
    plist = app.screen.query_one(PrincipleList)
    return str(plist.get_option_at_index(index).prompt)


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
        for _ in range(50):
            if isinstance(app.screen, FeedbackScreen) and app.screen.pairs:
                break
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, FeedbackScreen)
        details = str(screen.query_one("#feedback-details").render())
        assert "take into account" in details and "consider" in details
        await pilot.press("a")
        for _ in range(50):
            if screen.pairs and screen.pairs[0][1].status == "accepted":
                break
            await pilot.pause(0.05)
        assert screen.pairs[0][1].status == "accepted"
        await pilot.press("down", "n")
        await pilot.pause()
        await pilot.press(*"Shortened.", "enter")
        for _ in range(50):
            if screen.pairs[1][1].status == "answered":
                break
            await pilot.pause(0.05)
        assert screen.pairs[1][1].response == "Shortened."
        await pilot.press("escape")
        await pilot.pause(0.2)
    items = Workspace.open(demo).draft().principles["best-interests"].items
    assert "shall consider" in items[1]


async def test_a_move_shows_where_the_words_go_and_accept_moves_them(
    demo: Path, exported: Path
) -> None:
    copy = exported.with_name("expert.docx")
    shutil.copy(exported, copy)
    mark_as_sent(copy, Workspace.open(demo), round_id="africa")
    sentence = "The consent of the surrogate mother shall be free and informed."
    move(copy, sentence, "States shall establish legal parentage", "Expert")
    assert run_cli("-C", str(demo), "feedback", "import", str(copy)).returncode == 0
    app = DrafterApp(Workspace.open(demo))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.main.show_principle("surrogate-consent")
        await pilot.press("f12")
        for _ in range(50):
            if isinstance(app.screen, FeedbackScreen) and app.screen.pairs:
                break
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, FeedbackScreen)
        details = str(screen.query_one("#feedback-details").render())
        number = Workspace.open(demo).draft().number_of("legal-parentage")
        assert f"Moved to Principle {number} — Legal parentage  (text)" in details
        assert details.count(sentence) == 2  # where it leaves, and arriving in its sentence
        await pilot.press("a")
        for _ in range(50):
            if screen.pairs[0][1].status == "accepted":
                break
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        assert "applied to the working text" in " ".join(text for _s, text in app.notices)
    draft = Workspace.open(demo).draft()
    assert sentence not in draft.principles["surrogate-consent"].text
    assert sentence in draft.principles["legal-parentage"].text


async def test_all_open_feedback_names_each_principle_by_number(demo: Path, exported: Path) -> None:
    _returned(demo, exported)
    copy = exported.with_name("long.docx")
    shutil.copy(exported, copy)
    mark_as_sent(copy, Workspace.open(demo), round_id="africa")
    comment(copy, "Commentary", "A comment far longer than one line of the list. " * 3, "IRC")
    assert run_cli("-C", str(demo), "feedback", "import", str(copy)).returncode == 0
    app = DrafterApp(Workspace.open(demo))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_feedback(True)
        for _ in range(50):
            if isinstance(app.screen, FeedbackScreen) and app.screen.pairs:
                break
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, FeedbackScreen)
        rows = screen.query_one("#feedback-list", OptionList)
        assert rows.option_count == 3
        texts = [str(rows.get_option_at_index(n).prompt) for n in range(3)]
        assert all(t.split()[1] == "1" for t in texts)  # all on Principle 1
        await pilot.pause()
        assert rows.virtual_size.height == 3  # one line a record, however long its words
