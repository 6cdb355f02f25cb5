"""Meetings, history, compare, export, crash recovery, identity and error flows."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.journal import Journal
from drafter.model import Principle
from drafter.tui.screens.compare import CompareScreen
from drafter.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, IdentityDialog, TextDialog
from drafter.tui.screens.export import ExportDialog
from drafter.tui.screens.history import HistoryScreen
from drafter.tui.screens.meetings import MeetingDialog, MeetingsScreen
from drafter.workspace import Workspace
from tests.conftest import git
from tests.tui.conftest import SIZE, app_for, list_rows, loaded, settle, until


def option_texts(screen: object, selector: str) -> list[str]:
    return [str(o.prompt) for o in screen.query_one(selector).options]  # type: ignore[attr-defined]


async def test_open_and_close_a_meeting_tags_the_draft(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f3")
        await settle(pilot, app)
        assert isinstance(app.screen, MeetingsScreen)
        rows = option_texts(app.screen, "#meetings")
        assert any("Rome" in r and "draft agreed" in r for r in rows)
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, MeetingDialog)
        await pilot.press(*"Geneva, Switzerland")
        dialog = app.screen
        dialog.query_one("#start").value = "2024-06-10"
        dialog.query_one("#end").value = "2024-06-12"
        dialog.query_one("#participants").value = "Ana Lawyer, Ben Social"
        await pilot.pause()
        assert dialog.query_one("#mid").value == "2024-06-geneva"
        await pilot.click("#ok")
        await settle(pilot, app)
        assert isinstance(app.screen, MeetingsScreen)
        await until(
            pilot, lambda: "Open now" in str(app.screen.query_one("#meetings-state").render())
        )
        assert app.main.draft.document.current_meeting == "2024-06-geneva"
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await settle(pilot, app)
        await until(
            pilot,
            lambda: "No meeting is open" in str(app.screen.query_one("#meetings-state").render()),
        )
    assert "meeting/2024-06-geneva" in git(small.root, "tag").split()
    assert "Meeting: 2024-06-geneva" in git(small.root, "log", "-2", "--format=%B")


async def test_history_groups_revisions_by_meeting_newest_first(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f5")
        await settle(pilot, app)
        assert isinstance(app.screen, HistoryScreen)
        rows = option_texts(app.screen, "#revisions")
        assert rows[0].strip().startswith("Working draft")
        assert "Since the last meeting" in rows[1]
        assert "Settle the records principle" in rows[2] and "Ben Social" in rows[2]
        assert "Meeting: Experts' Group meeting, Rome, Italy, 4–6 March 2024" in rows[3]  # all days
        subjects = " | ".join(rows[4:])
        assert subjects.index("Draft agreed at Rome") < subjects.index("Strengthen Principle 1")
        assert subjects.index("Strengthen Principle 1") < subjects.index("First draft")


async def test_history_of_the_selected_principle_says_who_changed_which_words(
    small: Workspace,
) -> None:
    """Issue 12: the history offers, for the selected principle, the revisions that changed
    it, by whom, in which meeting, with the words changed; P again shows them all."""
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f5")  # Principle 1 is highlighted
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        title = str(screen.query_one("#history-title").render())
        assert title.startswith("History of Principle 1 (")
        rows = option_texts(screen, "#revisions")
        assert rows[0].strip().startswith("Working draft")
        strengthen = next(r for r in rows if "Strengthen Principle 1" in r)
        assert "Ben" in strengthen and "meeting 2024-03-rome" in strengthen
        assert "text: …child shall be [-a-]{+the+} primary consideration." in strengthen
        assert any("First draft" in r and "added" in r for r in rows)
        assert not any("Settle the records principle" in r for r in rows)  # another principle
        await pilot.press("p")
        await settle(pilot, app)
        assert any("Settle the records principle" in r for r in option_texts(screen, "#revisions"))
        assert str(screen.query_one("#history-title").render()) == "History of the draft"


async def test_history_compares_two_picked_revisions(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f5")
        await settle(pilot, app)
        revisions = app.screen.query_one("#revisions")
        first = next(i for i, o in enumerate(revisions.options) if "First draft" in str(o.prompt))
        revisions.highlighted = first
        await pilot.press("space")
        revisions.highlighted = 2  # "Settle the records principle"
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        title = str(screen.query_one("#compare-title").render())
        assert "First draft" in title and "Settle the records" in title
        summary = str(screen.query_one("#compare-summary").render())
        assert "2 changed" in summary


async def test_compare_with_the_last_meeting_shows_word_changes(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("alt+down")  # a move, unsaved: the working draft
        await settle(pilot, app)
        await pilot.press("f6")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert "from the draft agreed at Rome to the working draft" in str(
            screen.query_one("#compare-title").render()
        )
        summary = str(screen.query_one("#compare-summary").render())
        assert "1 changed" in summary and "2 moved" in summary
        changes = screen.query_one("#changes")
        texts = [str(o.prompt) for o in changes.options]
        assert len(texts) == 4
        records = next(t for t in texts if "Preservation of records" in t)
        assert "changed" in records and "for at least 75 years" in records
        assert any("renumbered: was Principle 1" in t for t in texts)
        # the inserted words carry the insertion style
        prompt = next(o.prompt for o in changes.options if o.id == "records")
        styled = {str(span.style) for span in prompt.spans}
        assert any("underline" in s for s in styled) and any("strike" in s for s in styled)
        await pilot.press("n")
        assert changes.highlighted_option.id in {"non-discrimination", "best-interests", "records"}
        await pilot.press("c")
        await pilot.pause()
        assert changes.option_count == 3  # the unchanged principle is hidden
        await pilot.press("c")
        await pilot.pause()
        assert changes.option_count == 4
        await pilot.press("escape")
        assert app.screen is app.main


async def test_export_writes_a_docx_and_shows_its_path(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f4")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await until(pilot, lambda: len(dialog.query_one("#base")._options) > 1)
        dialog.query_one("#base").value = "2024-03-rome"
        await pilot.click("#export")
        await until(pilot, lambda: dialog.written is not None, timeout=30)
        await pilot.pause()
        written = Path(dialog.written)
        assert written.exists() and written.suffix == ".docx"
        assert written.parent == small.root / "exports"
        assert "redline" in written.name
        assert str(written) in str(dialog.query_one("#result").render())


async def test_typing_is_journalled_before_it_reaches_the_file(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", *"Crash-proof ")
        await pilot.pause(0.6)  # the journal is written after a short pause in typing
        entries = Journal.for_workspace(small).entries()
        assert entries["best-interests"]["text"].startswith("Crash-proof The best")
        # the file itself is untouched until the editor is left
        assert "Crash-proof" not in (small.root / "principles/best-interests.yaml").read_text()
        await pilot.press("escape")
        await pilot.pause()
        assert Journal.for_workspace(small).entries() == {}


async def test_edits_interrupted_by_a_crash_are_offered_back(small: Workspace) -> None:
    # what a killed app leaves behind: a journal entry newer than the file
    draft = small.draft()
    p = draft.principles["identity"]
    Journal.for_workspace(small).record(
        Principle(id=p.id, title=p.title, status="bracketed", text="Recovered text.")
    )
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "Principle 3 — Right to identity" in [
            str(label.render()) for label in app.screen.query(".details Label")
        ]
        await pilot.click("#restore")
        await settle(pilot, app)
        assert "●" in list_rows(app)[2]
    restored = Workspace.open(small.root).draft().principles["identity"]
    assert restored.text == "Recovered text." and restored.status == "bracketed"
    assert Journal.for_workspace(small).entries() == {}


async def test_discarding_recovered_edits_leaves_the_files(small: Workspace) -> None:
    p = small.draft().principles["identity"]
    Journal.for_workspace(small).record(Principle(id=p.id, title="Lost", text="Lost"))
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.pause()
        await pilot.click("#discard")
        await settle(pilot, app)
    assert Workspace.open(small.root).draft().principles["identity"].title == p.title
    assert Journal.for_workspace(small).entries() == {}


async def test_first_save_without_git_identity_asks_for_name_and_email(
    small: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "newhome"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", *"New ")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, IdentityDialog)
        await pilot.press(*"Maria Rossi", "enter", *"maria@example.org", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")
        await settle(pilot, app)
    assert git(small.root, "log", "-1", "--format=%an <%ae>").strip() == (
        "Maria Rossi <maria@example.org>"
    )
    assert "Maria Rossi" in (home / ".gitconfig").read_text()


async def test_an_invalid_workspace_is_reported_not_a_crash(small: Workspace) -> None:
    (small.root / "principles/identity.yaml").write_text("id: identity\ntitle: [unclosed\n")
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await until(pilot, lambda: bool(app.notices))
        messages = " ".join(text for _severity, text in app.notices)
        assert "principles/identity.yaml" in messages
        preview = str(app.main.query_one("#preview").render())
        assert "The draft cannot be read" in preview
        assert "Ctrl+R" in preview
        assert app.is_running
        # fixed in another program: Ctrl+R reads the files again, no restart needed
        good = "id: identity\ntitle: Right to identity\nstatus: draft\ntext: The child.\n"
        (small.root / "principles/identity.yaml").write_text(good)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: len(list_rows(app)) == 4)
        assert "Right to identity" in " ".join(list_rows(app))


async def test_a_failed_save_is_a_notification(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter", *"Edit ")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        (small.history.git_dir / "index.lock").write_text("")  # another git is "running"
        await pilot.press("enter")
        await settle(pilot, app)
        await until(pilot, lambda: bool(app.notices))
        messages = " ".join(text for _severity, text in app.notices)
        assert "index.lock" in messages
        assert app.is_running


async def test_compare_before_any_meeting_says_what_to_do(tmp_path: Path) -> None:
    from drafter import store
    from drafter.model import Document
    from tests.tui.conftest import ANA, WHEN

    ws = Workspace.create(tmp_path / "ws")
    ws.write_principle(Principle(id="one", title="One", status="draft", text="Text."))
    ws.write_document(Document(title="T", order=("one",)))
    ws.save("First", author=ANA, when=WHEN, paths=(store.DOCUMENT_FILE, store.PRINCIPLES_DIR))
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f6")
        await settle(pilot, app)
        assert not isinstance(app.screen, CompareScreen)
        messages = " ".join(text for _severity, text in app.notices)
        assert "No meeting has been closed yet" in messages
        assert "drafter diff" not in messages  # a command line is no help in the editor
