"""What a lawyer reads: no programmer words, nothing shown by colour alone, counts that add up."""

from __future__ import annotations

import re

from drafter.search import search_draft
from drafter.tui.screens.compare import CompareScreen
from drafter.tui.screens.dialogs import TextDialog
from drafter.tui.screens.export import ExportDialog
from drafter.tui.screens.meetings import MeetingsScreen
from drafter.workspace import Workspace
from tests.tui.conftest import SIZE, app_for, loaded, screen_text, settle, until

PROGRAMMER_WORDS = re.compile(r"meeting/|\b[0-9a-f]{7,40}\b|\[\[|\.yaml|discuss\b|bracket\b")


def shown(app: object) -> str:
    return "\n".join(screen_text(app))  # type: ignore[arg-type]


async def test_the_default_button_is_marked_without_colour(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", "ctrl+end", *" Always.", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, TextDialog))
        await pilot.pause()
        text = shown(app)
        assert "▸ Save" in text and "▸ Cancel" not in text  # Enter saves from the message
        await pilot.press("tab", "tab")  # to the Cancel button
        await pilot.pause()
        text = shown(app)
        assert "▸ Cancel" in text and "▸ Save" not in text


async def test_checkboxes_read_x_or_blank(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.pause()
        assert "[ ] Number the lines" in shown(app)
        await pilot.click("#lines")
        await pilot.pause()
        assert "[x] Number the lines" in shown(app)


async def test_list_and_compare_say_statuses_in_full_words(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app)
        listing = shown(app)
        assert "under discussion" in listing and "agreed" in listing
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        await settle(pilot, app)
        await pilot.pause(0.2)
        text = shown(app)
        assert "Bracketed → Under discussion" in text
        assert not PROGRAMMER_WORDS.search(text), PROGRAMMER_WORDS.search(text)


async def test_meetings_are_named_with_all_their_days_and_no_tag(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f3")
        await until(pilot, lambda: isinstance(app.screen, MeetingsScreen))
        await settle(pilot, app)
        await pilot.pause()
        text = shown(app)
        assert "4–6 March 2024" in text and "Rome" in text
        assert "The draft agreed at Rome is kept" in text
        assert not PROGRAMMER_WORDS.search(text), PROGRAMMER_WORDS.search(text)


async def test_the_top_bar_counts_principles_not_files(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", "ctrl+end", *" One.", "escape")  # a text and
        await pilot.press("alt+down")  # a move: three files, one principle
        await settle(pilot, app)
        await until(pilot, lambda: "not saved" in shown(app))
        assert "● not saved: 1 principle, the order" in shown(app)


async def test_messages_never_cover_the_text(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        await settle(pilot, app)
        await pilot.press("c")  # "Showing only changed principles."
        await pilot.pause()
        assert not list(app.screen.query("Toast"))
        bar = app.screen.query_one("KeyBar")
        lines = screen_text(app)
        assert "Showing only changed principles." in lines[len(lines) - bar.region.height]
        changes = app.screen.query_one("#changes")
        assert changes.region.bottom <= bar.region.y  # the list ends above the message


async def test_export_proposes_the_meeting_just_closed(small: Workspace) -> None:
    from datetime import date

    from drafter.model import Meeting
    from tests.tui.conftest import ANA

    small.open_meeting(
        Meeting(id="2024-06-geneva", name="Experts", place="Geneva", start=date(2024, 6, 1)),
        author=ANA,
    )
    small.close_meeting(author=ANA)
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        dialog = app.screen
        await until(pilot, lambda: dialog.query_one("#rev").value == "2024-06-geneva")
        assert "Agreed at Geneva, 1 June 2024" in shown(app)


def test_search_snippets_are_cut_between_words(small: Workspace) -> None:
    draft = small.draft()
    long = " ".join(["The child shall be heard in every matter affecting the child."] * 3)
    from dataclasses import replace

    p = replace(draft.principles["identity"], text=long + " Registration at birth.")
    draft = replace(draft, principles={**draft.principles, "identity": p})
    hit = next(h for h in search_draft(draft, "registration") if h.id == "identity")
    inner = hit.snippet.strip("…")
    words = [*long.split(), "Registration", "at", "birth."]
    assert all(word in words for word in inner.split()), hit.snippet
