"""The main screen: list, editing, saving, reordering, adding, deleting, renaming."""

from __future__ import annotations

from drafter.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, HelpDialog, TextDialog
from drafter.tui.widgets.editor import PrincipleEditor
from drafter.tui.widgets.preview import PrinciplePreview
from drafter.workspace import Workspace
from tests.conftest import git
from tests.tui.conftest import SIZE, app_for, list_rows, loaded, settle, until


async def test_list_shows_numbers_status_and_titles(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        rows = list_rows(app)
        assert len(rows) == 4
        assert rows[0].startswith("1") and "Best interests of the child" in rows[0]
        assert "agreed" in rows[0]
        assert "bracket" not in rows[0] and "discuss" in rows[3]
        preview = str(app.main.query_one(PrinciplePreview).render())
        assert "Principle 1 — Best interests of the child" in preview


async def test_enter_edits_and_ctrl_s_commits_with_message_and_author(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("down", "enter")
        await pilot.pause()
        focused = app.focused
        assert focused is not None and focused.id == "text"  # the cursor is in the text
        focused.move_cursor(focused.document.end)
        await pilot.press(*" Always.")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        assert "Non-discrimination" in dialog.query_one("#answer").value  # default message
        assert dialog.details == "Changed: Principle 2 (Non-discrimination)."  # not a file id
        await pilot.press("enter")
        await settle(pilot, app)
    log = git(small.root, "log", "-1", "--format=%an|%s")
    assert log.strip() == "Test Author|Edit Principle 2 (Non-discrimination)"
    text = (small.root / "principles/non-discrimination.yaml").read_text()
    assert "circumstances of birth. Always." in text
    assert git(small.root, "status", "--porcelain").strip() == ""


async def test_the_rows_of_the_list_keep_their_colours_while_editing(small: Workspace) -> None:
    """Only the border and the highlighted row say where the keys go: a background that
    changed with focus restyled every row on each Enter and Esc (a frame's worth of work,
    bench/bench_tui_keys.py)."""
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        plist = app.main.query_one("#list")
        highlighted, other = list(plist.render_line(0)), list(plist.render_line(2))
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.editing and not plist.has_focus
        assert list(plist.render_line(2)) == other
        assert list(plist.render_line(0)) != highlighted  # shown as not having the keys


async def test_escape_writes_the_edit_to_the_file_without_saving(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        app.focused.move_cursor(app.focused.document.end)
        await pilot.press(*" Indeed.")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.focused is not None and app.focused.id == "list"
        assert "●" in list_rows(app)[0]
        drawn = app.main.query_one("#list").render_line(0).text
        assert "●" in drawn and "Best interests" in drawn  # the row on screen, not only its text
        state = str(app.main.query_one("#doc-state").render())
        assert "not saved: 1 principle" in state  # principles counted, not files
    assert (
        "primary consideration. Indeed."
        in (small.root / "principles/best-interests.yaml").read_text()
    )
    assert "best-interests" in git(small.root, "status", "--porcelain")


async def test_ctrl_end_and_ctrl_home_go_to_the_end_and_start_of_the_text(
    small: Workspace,
) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", "ctrl+end", *" Indeed.")
        area = app.main.query_one("#text")
        assert area.text.endswith("primary consideration. Indeed.")
        await pilot.press("ctrl+home", "X")
        assert area.text.startswith("XThe best")


async def test_undo_and_redo_in_the_editor(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter")
        area = app.main.query_one("#text")
        before = area.text
        await pilot.press(*"xyz")
        await pilot.pause()
        assert area.text != before
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert area.text == before
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "xyz" in area.text
        # the title field has undo too
        title = app.main.query_one("#title")
        title.focus()
        await pilot.press("end", *"!!")
        assert title.value.endswith("!!")
        await pilot.press("ctrl+z")
        assert not title.value.endswith("!!")


async def test_move_down_renumbers_at_once_and_in_the_file(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("alt+down")
        rows = list_rows(app)  # no waiting: the numbers change immediately
        assert rows[0].startswith("1") and "Non-discrimination" in rows[0]
        assert rows[1].startswith("2") and "Best interests" in rows[1]
        await settle(pilot, app)
        # a cross-reference follows the move: Principle 3 refers to Best interests, now 2
        await pilot.press("down")
        await pilot.pause()
        preview = str(app.main.query_one(PrinciplePreview).render())
        assert "as set out in Principle 2" in preview
    order = Workspace.open(small.root).draft().document.order
    assert order[:2] == ("non-discrimination", "best-interests")


async def test_add_principle_after_the_selected_one(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f7")
        await settle(pilot, app)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Right to family life", "enter")
        await settle(pilot, app)
        rows = list_rows(app)
        assert len(rows) == 5 and "Right to family life" in rows[1] and rows[1].startswith("2")
        assert isinstance(app.main.query_one(PrincipleEditor).original.id, str)
        assert app.main.editing
    assert (small.root / "principles/right-to-family-life.yaml").exists()


async def test_delete_asks_first_and_cancel_keeps_it(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f8")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Delete Principle 1" in app.screen.question
        await pilot.press("enter")  # the focused button is "Keep it"
        await settle(pilot, app)
        assert len(list_rows(app)) == 4
        await pilot.press("f8")
        await settle(pilot, app)
        await pilot.click("#yes")
        await settle(pilot, app)
        rows = list_rows(app)
        assert len(rows) == 3 and rows[0].startswith("1") and "Non-discrimination" in rows[0]
    assert not (small.root / "principles/best-interests.yaml").exists()


async def test_rename_id_rewrites_cross_references(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f2")
        await settle(pilot, app)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("ctrl+u", *"Bad Id", "enter")
        await pilot.pause()
        assert "lower-case" in str(app.screen.query_one("#error").render())
        await pilot.press("ctrl+u", *"child-best-interests", "enter")
        await settle(pilot, app)
    assert (small.root / "principles/child-best-interests.yaml").exists()
    assert not (small.root / "principles/best-interests.yaml").exists()
    assert (
        "[[principle:child-best-interests]]"
        in (small.root / "principles/identity.yaml").read_text()
    )


async def test_f1_lists_the_keys_of_the_screen(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        described = dict(app.screen.rows)
        assert "Ctrl+S" in described and "Ctrl+Q" in described
        assert any("Add a principle" in d for d in described.values())
        assert any("Delete" in d for d in described.values())
        assert described["F7"] == "Add a principle after this one"
        # drafter's keys, not the cursor and scrolling keys of Textual's widgets
        assert not any(d in ("Scroll Left", "Page Right", "Focus Next") for d in described.values())
        assert app.focused is app.screen.query_one("#help-keys")  # ↑ ↓ scroll the list
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpDialog)


async def test_f1_works_in_a_dialog_and_closes_again(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("f7")
        await settle(pilot, app)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        described = dict(app.screen.rows)
        assert "Escape" in described and "Tab / Shift+Tab" in described
        assert "F7" not in described  # the keys of the screen underneath do not apply
        close = app.screen.query_one("#close")
        assert close.region.bottom <= 24  # the way out is on screen at 80x24
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)


async def test_command_palette_lists_every_action(small: Workspace) -> None:
    from textual.command import CommandList, CommandPalette

    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count >= 10)
        names = " | ".join(str(o.prompt) for o in commands.options)
        for action in (
            "Save",
            "Search",
            "Add a principle",
            "Delete the principle",
            "Move the principle up",
            "Move the principle down",
            "Rename the principle's id",
            "Meetings",
            "Export to Word",
            "History",
            "Compare with the last meeting",
            "Help",
            "Quit",
            "Open a meeting",
            "Close the meeting",
        ):
            assert action in names, action


async def palette_names(pilot: object, app: object) -> str:
    from textual.command import CommandList

    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await until(pilot, lambda: app.screen.query(CommandList))  # type: ignore[attr-defined]
    commands = app.screen.query_one(CommandList)  # type: ignore[attr-defined]
    await until(pilot, lambda: commands.option_count >= 10)
    return " | ".join(str(o.prompt) for o in commands.options)


async def test_the_palette_has_the_keys_of_history_and_compare(small: Workspace) -> None:
    from drafter.tui.screens.history import HistoryScreen

    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f5")
        await settle(pilot, app)
        assert isinstance(app.screen, HistoryScreen)
        footer = str(app.screen.query_one("KeyBar").render())
        assert "Compare" in footer  # Enter, the screen's main key, is in the footer
        names = await palette_names(pilot, app)
        assert "Compare the highlighted revision" in names and "Pick" in names
        await pilot.press("escape", "down", "enter")
        await settle(pilot, app)
        await until(pilot, lambda: type(app.screen).__name__ == "CompareScreen")
        names = await palette_names(pilot, app)
        assert "Next change" in names and "Export redline" in names


async def test_open_a_meeting_from_the_palette(small: Workspace) -> None:
    from drafter.tui.screens.meetings import MeetingDialog

    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.press(*"Open a meeting")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingDialog))


async def test_search_goes_to_the_principle(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*"ORIGINS")
        await pilot.pause()
        assert "1 principle found" in str(app.screen.query_one("#count").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.query_one("#list").highlighted_id == "records"


async def test_search_typing_in_the_results_goes_on_in_the_search_box(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+f", *"zzz", "down")  # no results: the cursor stays
        await pilot.pause()
        query = app.screen.query_one("#query")
        assert app.focused is query
        await pilot.press("backspace", "backspace", "backspace", *"child", "down")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#results")
        await pilot.press(*"ren")
        await pilot.pause()
        assert app.focused is query and query.value == "children"
        await pilot.press("down", "up")
        assert app.focused is query


async def test_quit_with_unsaved_edits_asks(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", *"More ")
        await pilot.press("ctrl+q")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#stay")
        await settle(pilot, app)
        assert app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot, app)
        await pilot.click("#quit")
        await pilot.pause()
        assert app.return_code == 0
    assert "More The best" in (small.root / "principles/best-interests.yaml").read_text()


async def test_ctrl_q_twice_asks_once_and_the_answer_works(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", *"More ")
        await pilot.press("ctrl+q")
        await settle(pilot, app)
        await pilot.press("ctrl+q")
        await settle(pilot, app)
        assert sum(isinstance(s, ChoiceDialog) for s in app.screen_stack) == 1
        await pilot.click("#quit")
        await pilot.pause()
        assert app.return_code == 0


async def test_quit_without_edits_does_not_ask(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+q")
        await settle(pilot, app)
        assert not app.is_running or not isinstance(app.screen, ChoiceDialog)
    assert app.return_code == 0


async def test_the_items_hint_wraps_at_80_columns(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        hint = app.main.query_one(PrincipleEditor).query_one(".hint")
        assert hint.size.height >= 2  # wrapped, not cut off after "leave an empty lin"
        assert hint.region.right <= app.main.query_one(PrincipleEditor).region.right
