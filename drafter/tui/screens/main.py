"""The main screen: the numbered list of principles beside the preview or the editor."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Label, OptionList

from drafter.errors import DrafterError
from drafter.layout import principle_id_from_path
from drafter.model import Draft
from drafter.tui import messages
from drafter.tui.controller import done
from drafter.tui.keys import ALWAYS_KEYS
from drafter.tui.screens.principle_actions import PrincipleActions
from drafter.tui.widgets.key_bar import KeyBar
from drafter.tui.widgets.preview import PrinciplePreview, first_preview
from drafter.tui.widgets.principle_list import PrincipleList
from drafter.tui.widgets.top_line import top_line
from drafter.workspace import normalized

if TYPE_CHECKING:
    from drafter.model import Principle
    from drafter.tui.controller import MainController
    from drafter.tui.widgets.editor import PrincipleEditor


class MainScreen(PrincipleActions, Screen[None]):
    """Principles on the left; on the right the highlighted one, read or edited."""

    CSS_PATH = "main.tcss"
    SCREEN_NAME = "principles"
    HELP = (
        "The list shows each principle's number, ● when it has unsaved edits, its status "
        "and its title. Edits go into the files as you leave the editor; Ctrl+S records "
        "them as a revision."
    )
    ALWAYS_KEYS = ALWAYS_KEYS  # the main screen lists every key that works everywhere
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "app.save", "Save", priority=True),
        Binding("escape", "leave_editor", "List", tooltip="Back to the list"),
        # Enter and the list's moves are handled as they arrive (priority), in order: the
        # keys typed right after Enter, in the same burst, already go to the text
        Binding("enter", "edit", "Edit", show=False, priority=True),
        *(
            Binding(key, f"list_move('{key}')", "", show=False, priority=True)
            for key in ("up", "down", "pageup", "pagedown", "home", "end")
        ),
        Binding("f1", "app.help", "Help", priority=True),
        Binding("f7", "add", "Add", tooltip="Add a principle after this one", priority=True),
        Binding("f8", "delete", "Delete", tooltip="Delete this principle (asks first)"),
        Binding(
            "alt+up",
            "move_up",
            "Move",
            key_display="alt+↑↓",
            tooltip="Move the principle up / down",
        ),
        Binding("alt+down", "move_down", "", show=False),  # described by alt+up
        Binding("f2", "rename", "Change id", tooltip="Change the principle's id"),
        Binding("f3", "meetings", "Meetings", tooltip="Open, close and list meetings"),
        Binding("f4", "export", "Export", tooltip="Write a Word document"),
        Binding("f5", "history", "History", tooltip="Saved revisions, by meeting"),
        Binding("f12", "feedback", "Feedback", tooltip="Feedback from returned copies", show=False),
        Binding(
            "f6", "compare", "Compare", tooltip="Changes since the last meeting", priority=True
        ),
        Binding("ctrl+f", "app.search", "Search"),
        # translations: screens in drafter/tui/screens/translation.py and reading.py
        Binding("f10", "translate", "Translate", tooltip="The principle beside its translations"),
        Binding("ctrl+t", "read_in", "Language", tooltip="Read the draft in another language"),
        Binding("ctrl+q", "app.quit", "Quit"),
        Binding(
            "ctrl+r",
            "reload",
            "Read again",
            tooltip="Read the files again (after fixing them in another program)",
            show=False,
        ),
    ]
    """
    | Key | Does |
    | :- | :- |
    | escape | Leave the editor |
    | f7 / f8 | Add / delete a principle |
    | alt+up / alt+down | Move the principle up / down |
    | f2 | Rename the principle's id |
    | f3 f4 f5 f6 | Meetings, export, history, compare |
    | f10 / ctrl+t | Translate the principle / read the draft in another language |
    | f12 | Feedback from returned copies |
    """

    def __init__(self, controller: MainController) -> None:
        super().__init__()
        self.controller = controller
        self.draft: Draft | None = None
        self.pending_paths: list[str] = []
        self.marked: set[str] = set()
        self.editing = False
        self._editor: PrincipleEditor | None = None
        """Built a moment after the list shows (it is most of the screen's start-up cost)."""
        self._editor_mounting: asyncio.Task[PrincipleEditor] | None = None
        self._ops = 0
        self._journal_checked = False
        self._labels: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        # With the draft read before the start, the first frame shows it whole: the top
        # bar and the preview are built with their words (an update would come a frame
        # later), the list is filled when mounted.
        first = self.draft = self.controller.take_first_draft()
        title, state = self._topbar_texts()
        self._labels = {"doc-title": title, "doc-state": state}
        with Horizontal(id="topbar"):
            yield Label(title, id="doc-title")
            yield Label(state, id="doc-state")
        with Horizontal(id="body"):
            yield PrincipleList(id="list", on_highlight=self._highlighted, on_open=self.open_editor)
            with (
                ContentSwitcher(initial="preview-pane", id="right"),
                VerticalScroll(id="preview-pane"),
            ):
                yield PrinciplePreview(first_preview(first), id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        from drafter.tui import startup

        self.call_after_refresh(startup.release, self.app)
        self.query_one(PrincipleList).focus()
        if self.draft is not None:  # read before the start (see compose)
            self.set_draft(self.draft)  # in the first frame, without a "Loading" one first
        self.load_draft(read=self.draft is None)

    # ----------------------------------------------------------------- loading

    @work(group="load", exclusive=True, exit_on_error=False)
    async def load_draft(self, select: str | None = None, *, read: bool = True) -> None:
        if read and not await self.reload(select=select):
            return
        if not self._journal_checked:
            # the list first: the rest of the start-up waits until it is on screen
            painted = asyncio.get_running_loop().create_future()

            def paint_done() -> None:
                if not painted.done():
                    painted.set_result(None)

            self.call_after_refresh(paint_done)
            await painted
            # A moment idle, so the frame reaches the terminal: heavy work straight
            # after the paint held the first frame back by 100-200 ms.
            await asyncio.sleep(0.05)
            self.build_editor()
            try:  # opening the journal opens git: on the workspace thread, once
                await self.controller.blocking(lambda: self.controller.journal_writer)
            except Exception as exc:
                self.controller.report(exc, "Could not open the journal of unsaved edits")
            self._journal_checked = True
            await self.offer_journal()
        self.refresh_pending()

    async def reload(self, select: str | None = None) -> bool:
        """Read the working draft again (in the background) and show it."""
        try:
            draft = await self.controller.blocking(self.controller.ws.draft)
        except Exception as exc:
            self.show_problem(exc)
            return False
        from drafter.tui.widgets import feedback_badge

        await self.controller.blocking(feedback_badge.refresh, self.controller.ws.root)
        self.set_draft(draft, select=select)
        return True

    def show_problem(self, exc: BaseException) -> None:
        self.controller.report(exc, "The draft cannot be read")
        lines = [str(p) for p in getattr(exc, "problems", [])] or [str(exc)]
        self.query_one(PrinciplePreview).show_message(
            "The draft cannot be read:\n\n"
            + "\n".join(lines[:30])
            + "\n\nFix the files named above (drafter check lists every problem), "
            "then press Ctrl+R to read them again."
        )

    def set_draft(self, draft: Draft, select: str | None = None) -> None:
        self.draft = draft
        plist = self.query_one(PrincipleList)
        plist.show(draft, self.marked, keep=select)
        editor = self._editor
        if self.editing and editor is not None:
            pid = editor.principle_id
            if pid is None or pid not in draft.principles:
                self.leave_editor(apply=False)
            elif editor.original is not None:
                editor.rebase(draft, editor.original)
        if not self.editing:
            self.show_preview()
        self.update_topbar()
        self.refresh_bindings()  # delete/move/rename need a selected principle

    async def offer_journal(self) -> None:
        """Edits a crash interrupted are offered back before anything else happens."""
        from drafter.tui.screens.recovery import offer_recovery

        if self.draft is None:
            return
        restored = await offer_recovery(self.app, self.controller, self.draft)
        if restored is not None:
            await self.reload(select=restored)

    @work(group="pending", exclusive=True, exit_on_error=False)
    async def refresh_pending(self) -> None:
        """Mark the principles whose files differ from the last save."""
        try:
            paths = await self.controller.blocking(self.controller.ws.pending_changes)
        except Exception:
            return
        self.pending_paths = paths
        marked = {pid for path in paths if (pid := principle_id_from_path(path))}
        editor = self._editor
        if self.editing and editor and editor.principle_id and editor.is_dirty():
            marked.add(editor.principle_id)
        self._set_marked(marked)

    def _set_marked(self, marked: set[str]) -> None:
        changed = marked ^ self.marked
        self.marked = marked
        if self.draft is not None:
            plist = self.query_one(PrincipleList)
            for pid in changed:
                plist.update_row(self.draft, pid, marked)
        self.update_topbar()

    def update_topbar(self) -> None:
        if self.draft is None:
            return
        title, state = self._topbar_texts()
        self._set_label("doc-title", title)
        self._set_label("doc-state", state)

    def _topbar_texts(self) -> tuple[str, str]:
        if self.draft is None:
            return "", ""
        return top_line(self.draft, self.pending_paths, self.marked)

    def _set_label(self, label_id: str, text: str) -> None:
        """Update a top-bar label only when its text changes: each update is a layout."""
        if self._labels.get(label_id) != text:
            self._labels[label_id] = text
            self.query_one(f"#{label_id}", Label).update(text)

    # ----------------------------------------------------------------- list and preview

    def _highlighted(self) -> None:
        if not self.editing:
            self.show_preview()

    @on(OptionList.OptionSelected, "#list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        ids = self.query_one(PrincipleList).ids
        if 0 <= event.option_index < len(ids):
            self.open_editor(ids[event.option_index])

    def show_preview(self) -> None:
        if self.draft is None:
            return
        preview = self.query_one(PrinciplePreview)
        pid = self.query_one(PrincipleList).highlighted_id
        if pid is None:
            preview.show_message(
                "No principles yet.\n\nPress F7 to add the first one, or Ctrl+P for every action."
            )
            return
        preview.show(self.draft, self.draft.principles.get(pid))

    def show_principle(self, pid: str) -> None:
        """Bring ``pid`` into view in the list, leaving the editor if it was open."""
        if self.editing:
            self.leave_editor()
        self.query_one(PrincipleList).select_id(pid)
        self.show_preview()

    def action_translate(self) -> None:
        from drafter.tui.screens.translation import open_translation

        self.apply_edits()  # written before the translation screen reads the files
        pid = self._target()
        open_translation(self.draft, pid, self.controller, self.app)

    def action_read_in(self) -> None:
        from drafter.tui.screens.reading import open_reading

        self.apply_edits()
        open_reading(self.draft, self.app)

    # ----------------------------------------------------------------- editing

    def build_editor(self) -> asyncio.Task[PrincipleEditor]:
        """Mount the editor once; every caller waits for the same mount."""
        if self._editor_mounting is None:
            self._editor_mounting = asyncio.ensure_future(self._mount_editor())
        return self._editor_mounting

    async def _mount_editor(self) -> PrincipleEditor:
        from drafter.tui.widgets.editor import PrincipleEditor

        editor = PrincipleEditor(id="editor")
        editor.display = False  # hidden until the switcher shows it (Enter)
        await self.query_one(ContentSwitcher).mount(editor)
        self._editor = editor
        return editor

    async def _open_when_ready(self, pid: str) -> None:
        plist = self.query_one(PrincipleList)
        try:
            await self.build_editor()
            self.open_editor(pid)
        finally:
            plist.release_keys()  # what was typed meanwhile goes into the text

    def open_editor(self, pid: str) -> None:
        if self.draft is None or pid not in self.draft.principles:
            return
        editor = self._editor
        if editor is None:  # not built yet: a moment after the start, or now
            self.query_one(PrincipleList).hold_keys()
            self.run_worker(self._open_when_ready(pid), group="editor")
            return
        if not (self.editing and editor.principle_id == pid):
            self.apply_edits()  # written before anything queued later; a failure is reported
            editor.load(self.draft, self.draft.principles[pid])
        self.editing = True
        self.query_one(ContentSwitcher).current = "editor"
        self.query_one(PrincipleList).select_id(pid)
        editor.focus_text()  # at once: keys already typed after Enter belong to the text
        self.refresh_bindings()

    def leave_editor(self, *, apply: bool = True) -> None:
        if apply:
            self.apply_edits()
        self.editing = False
        self.query_one(ContentSwitcher).current = "preview-pane"
        self.show_preview()
        self.set_focus(self.query_one(PrincipleList))  # at once, as for Enter
        self.refresh_bindings()

    def apply_edits(self, *, refresh: bool = True) -> Awaitable[bool]:
        """Send the editor's principle to its file if it changed (see ``flush_edits``).

        The screen shows the result at once; the file is written on the workspace
        thread, before anything queued there later. Await the result to know the write
        succeeded: if it failed, the editor keeps the edit as unwritten (and the journal
        keeps its copy).
        """
        editor = self._editor
        if editor is None:
            return done(True)
        editor.flush()
        if self.draft is None or editor.original is None or not editor.is_dirty():
            return done(True)
        principle = editor.current()
        if principle is None:
            return done(True)
        previous = editor.original
        saved = normalized(principle)
        self.draft = replace(self.draft, principles={**self.draft.principles, saved.id: saved})
        editor.rebase(self.draft, saved)
        self._set_marked(self.marked | {saved.id})
        self.query_one(PrincipleList).update_row(self.draft, saved.id, self.marked)
        return asyncio.ensure_future(self._write(saved, previous, refresh))

    async def _write(self, saved: Principle, previous: Principle, refresh: bool) -> bool:
        try:
            await self.controller.blocking(self.controller.ws.write_principle, saved)
        except Exception as exc:
            self.controller.report(exc, "Could not write your edit to the file")
            editor = self._editor
            if editor and editor.original == saved and self.draft is not None:
                editor.rebase(self.draft, previous)  # still unwritten: shown and kept as such
            return False
        self.controller.journal_writer.discard(saved.id)
        if refresh:
            self.refresh_pending()
        return True

    def mark_saved(self) -> None:
        """Everything in the files was just saved: clear the marks without reading them again."""
        self.pending_paths = []
        editor = self._editor
        pid = editor.principle_id if editor is not None and self.editing else None
        self._set_marked({pid} if editor is not None and pid and editor.is_dirty() else set())

    def on_principle_editor_edited(self, event: PrincipleEditor.Edited) -> None:
        """Every change goes to the journal at once (its own thread), so a kill loses nothing."""
        pid = event.principle.id
        if self._journal_checked:
            writer = self.controller.journal_writer
            if event.dirty:
                writer.record(event.principle)
            else:
                writer.discard(pid)
        else:  # the journal is still being opened: queue behind it on the workspace thread
            self.run_worker(self._journal_later(event.principle, event.dirty))
        if event.dirty:
            marked = self.marked | {pid}
        else:
            on_disk = f"principles/{pid}.yaml" in self.pending_paths
            marked = self.marked if on_disk else self.marked - {pid}
        if marked != self.marked:
            self._set_marked(marked)

    async def _journal_later(self, principle: Principle, dirty: bool) -> None:
        writer = await self.controller.blocking(lambda: self.controller.journal_writer)
        if dirty:
            writer.record(principle)
        else:
            writer.discard(principle.id)

    def on_principle_editor_reference_wanted(self, event: PrincipleEditor.ReferenceWanted) -> None:
        self.pick_reference(event.area)

    @work(group="dialog", exclusive=True, exit_on_error=False)
    async def pick_reference(self, area: Any) -> None:
        from drafter.tui.screens.reference_picker import ReferenceDialog

        editor = self._editor
        if self.draft is None or editor is None:
            return
        pid = await self.app.push_screen_wait(ReferenceDialog(self.draft, editor.principle_id))
        if pid:
            editor.insert_reference(area, pid)
        else:
            area.focus()

    def action_insert_reference(self) -> None:
        """From the palette: the editor's Ctrl+L."""
        if not self.editing or self._editor is None:
            self.notify("Open a principle first (Enter), then insert the reference where it goes.")
            return
        self._editor.action_insert_reference()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if self.editing and isinstance(event.widget, PrincipleList):
            self.leave_editor()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_editor":
            return self.editing
        if action in ("delete", "move_up", "move_down", "rename"):
            return self._target() is not None or None
        if action in ("add", "export", "compare"):
            return self.draft is not None or None  # dimmed while the draft cannot be read
        return True

    def selected_id(self) -> str | None:
        """The principle being edited, or else the one highlighted in the list."""
        return self._target()

    def _target(self) -> str | None:
        if self.editing and self._editor is not None:
            return self._editor.principle_id
        return self.query_one(PrincipleList).highlighted_id

    # ----------------------------------------------------------------- actions

    @work(group="dialog", exclusive=True, exit_on_error=False)
    async def action_reload(self) -> None:
        """Read the files again: after fixing a file drafter could not read, no restart."""
        if not await self.apply_edits():
            return
        self.load_draft(select=self._target())

    def action_leave_editor(self) -> None:
        focused = self.focused
        status_list_open = isinstance(focused, OptionList) and not isinstance(
            focused, PrincipleList
        )
        if not self.editing or status_list_open:
            raise SkipAction()  # Escape closes the status list first
        self.leave_editor()

    def action_list_move(self, key: str) -> None:
        plist = self.query_one(PrincipleList)
        if self.focused is not plist:
            raise SkipAction()
        action = {"up": "cursor_up", "down": "cursor_down", "pageup": "page_up"}
        action |= {"pagedown": "page_down", "home": "first", "end": "last"}
        getattr(plist, f"action_{action[key]}")()

    def action_edit(self) -> None:
        """Enter on the list: the editor, with the cursor in the text, at once."""
        plist = self.query_one(PrincipleList)
        if self.editing or self.focused is not plist or plist.highlighted_id is None:
            raise SkipAction()
        self.open_editor(plist.highlighted_id)

    def action_history(self) -> None:
        self.post_message(messages.HistoryRequested())

    def action_compare(self) -> None:
        self.post_message(messages.CompareRequested())

    def action_feedback(self) -> None:
        self.post_message(messages.FeedbackRequested())

    def action_meetings(self) -> None:
        self.post_message(messages.MeetingsRequested())

    def action_export(self) -> None:
        self.post_message(messages.ExportRequested())

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(+1)

    def _move(self, delta: int) -> None:
        """Renumber on screen at once; the file is rewritten in the background."""
        pid = self._target()
        if self.draft is None or pid is None:
            return
        order = list(self.draft.document.order)
        index = order.index(pid)
        target = index + delta
        if not 0 <= target < len(order):
            self.app.bell()
            return
        other = order[target]
        order[index], order[target] = other, pid
        self.draft = replace(self.draft, document=replace(self.draft.document, order=tuple(order)))
        plist = self.query_one(PrincipleList)
        plist.swap(self.draft, pid, other, self.marked)
        plist.select_id(pid)
        editor = self._editor
        if self.editing and editor is not None and editor.original is not None:
            editor.rebase(self.draft, editor.original)
        else:
            self.show_preview()
        self.pending_paths = sorted({*self.pending_paths, "drafter.yaml"})
        self.update_topbar()
        self.run_op(
            "Could not move the principle", self.controller.ws.move_principle, pid, target + 1
        )

    @work(group="ops", exit_on_error=False)
    async def run_op(self, what: str, fn: Any, *args: Any) -> None:
        """Queue a file write whose result the screen already shows.

        Writes run one after another on the workspace thread, so the last move wins; the
        draft is re-read only when a write failed, to show what the files really hold.
        """
        self._ops += 1
        failed = False
        try:
            await self.controller.blocking(fn, *args)
        except (DrafterError, OSError) as exc:
            self.controller.report(exc, what)
            failed = True
        finally:
            self._ops -= 1
        if failed:
            await self.reload()
        if self._ops == 0:
            self.refresh_pending()
