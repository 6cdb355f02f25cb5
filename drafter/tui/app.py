"""The Textual app: screens wired to the workspace core; no business logic lives here.

Every call into the workspace that touches files, git, diffs or exports runs on one
background thread (``DrafterApp.blocking``), so the screen never freezes and the
operations happen in the order the user asked for them; the journal of unsaved typing
has a thread of its own (:class:`drafter.journal.JournalWriter`). The app is the
:class:`~drafter.tui.controller.Controller` every screen is given, and routes the
app-wide messages of :mod:`drafter.tui.messages`.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from drafter.errors import DrafterError, WorkspaceError
from drafter.tui import messages
from drafter.tui.controller import done
from drafter.tui.keys import help_rows, key_name
from drafter.tui.startup import quicker_driver, read_first_draft

if TYPE_CHECKING:
    from textual.driver import Driver

    from drafter.journal import Journal, JournalWriter
    from drafter.model import Draft
    from drafter.save_plan import SavePlan
    from drafter.tui.screens.main import MainScreen
    from drafter.workspace import Workspace

T = TypeVar("T")


class DrafterApp(App[int]):
    """The drafting app for one workspace."""

    CSS_PATH = "app.tcss"
    TITLE = "drafter"
    DEFAULT_MODE = "main"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+f", "search", "Search"),
        Binding("f1", "help", "Help", priority=True),
        Binding("f9", "sync", "Sync", tooltip="Share saved work with the group"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]
    """
    | Key | Does |
    | :- | :- |
    | ctrl+s | Save the draft as a new revision |
    | ctrl+f | Search titles and texts |
    | f1 | Keys of the current screen |
    | f9 | Sync with the shared workspace |
    | ctrl+q | Quit, asking first if there are unsaved edits |
    """

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self._ws = ws
        self.notices: list[tuple[str, str]] = []
        """(severity, text) of every message shown, oldest first."""
        self._journal: Journal | None = None
        self._journal_writer: JournalWriter | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafter-ws")
        self._first_draft = read_first_draft(ws)
        self.title = "drafter"
        # a mode (not get_default_screen) so the screen's .tcss is loaded
        self.add_mode("main", self._main_screen)

    def get_driver_class(self) -> type[Driver]:
        return quicker_driver(super().get_driver_class())

    def _main_screen(self) -> Screen[Any]:
        from drafter.tui.screens.main import MainScreen

        return MainScreen(self)

    @property
    def ws(self) -> Workspace:
        return self._ws

    def take_first_draft(self) -> Draft | None:
        """The draft read at start, once; None afterwards (later reads see new files)."""
        draft, self._first_draft = self._first_draft, None
        return draft

    @property
    def main(self) -> MainScreen | None:
        """The main screen (the bottom of the stack) once it exists."""
        from drafter.tui.screens.main import MainScreen

        stack = self.screen_stack if self._screen_stacks else []
        for screen in stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    @property
    def journal(self) -> Journal:
        """The journal of unsaved typing; first asked for on the workspace thread (git)."""
        if self._journal is None:
            from drafter.journal import Journal

            self._journal = Journal.for_workspace(self.ws)
        return self._journal

    @property
    def journal_writer(self) -> JournalWriter:
        """Writes the journal on its own thread: typing never waits for the disk."""
        if self._journal_writer is None:
            from drafter.journal import JournalWriter

            def failed(exc: BaseException) -> None:
                self.call_from_thread(self.report, exc, "Could not keep a copy of your edit")

            self._journal_writer = JournalWriter(self.journal, on_error=failed)
        return self._journal_writer

    def flush_edits(self) -> Awaitable[bool]:
        """The editor's unwritten edit goes to its file; see ``Controller.flush_edits``."""
        main = self.main
        return done(True) if main is None else main.apply_edits()

    async def blocking(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a workspace call on the background thread and wait for it without freezing."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Messages go above the keys of the screen (never over the text being read).

        Only over a dialog, which has no key bar, is a message a floating toast. Every
        message is also kept in ``notices`` (the tests read them there).
        """
        from textual.content import Content

        from drafter.tui.widgets.key_bar import KeyBar

        text = Content.from_markup(message).plain if markup else message
        full = f"{title}: {text}" if title else text
        self.notices.append((severity, full))
        bars = list(self.screen.query(KeyBar)) if self._screen_stacks else []
        if not bars:
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
            return
        wait = timeout if timeout is not None else (12 if severity == "error" else 5)
        bars[0].show_message(full, severity, wait)

    def report(self, exc: BaseException, what: str) -> None:
        """A failure as a notification a person can act on; never a crash."""
        if isinstance(exc, DrafterError):
            text = str(exc)
        elif isinstance(exc, OSError):
            text = f"{exc.strerror or exc} ({exc.filename})" if exc.filename else str(exc)
        else:
            text = f"unexpected problem: {type(exc).__name__}: {exc}"
        self.notify(text, title=what, severity="error", timeout=12, markup=False)

    async def on_unmount(self) -> None:
        self._executor.shutdown(wait=True)
        if self._journal_writer is not None:
            self._journal_writer.close()

    # ----------------------------------------------------------------- app-wide messages

    def on_draft_changed(self, message: messages.DraftChanged) -> None:
        main = self.main
        if main is not None:
            main.load_draft(select=message.select)

    def on_compare_requested(self, message: messages.CompareRequested) -> None:
        self.open_compare(message.a, message.b, message.labels)

    def on_export_requested(self, message: messages.ExportRequested) -> None:
        self.open_export(message.rev, message.redline_from, message.labels)

    def on_feedback_requested(self, message: messages.FeedbackRequested) -> None:
        self.open_feedback()

    def on_save_requested(self, message: messages.SaveRequested) -> None:
        self.action_save()

    def on_history_requested(self, message: messages.HistoryRequested) -> None:
        self.open_history()

    async def on_meetings_requested(self, message: messages.MeetingsRequested) -> None:
        await self.open_meetings(message.then)

    def on_principle_requested(self, message: messages.PrincipleRequested) -> None:
        main = self._to_main()
        if main is not None:
            main.show_principle(message.pid)

    # ----------------------------------------------------------------- checks

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save and search wait while a dialog is open (a dialog answers first)."""
        return not (action in ("save", "search") and isinstance(self.screen, ModalScreen))

    # ----------------------------------------------------------------- identity

    async def ensure_identity(self) -> bool:
        """Ask for a name and e-mail the first time this computer saves; False if refused."""
        from drafter.tui.screens.dialogs import IdentityDialog

        try:
            await self.blocking(self.ws.history.identity)
            return True
        except WorkspaceError:
            pass
        answer = await self.push_screen_wait(IdentityDialog())
        if not answer:
            self.notify(
                "Not saved: drafter needs your name and e-mail to record who made each revision.",
                severity="warning",
            )
            return False
        from drafter.history import Identity

        try:
            await self.blocking(self.ws.history.set_identity, Identity(*answer))
        except Exception as exc:
            self.report(exc, "Could not remember your name")
            return False
        return True

    # ----------------------------------------------------------------- save

    def action_save(self) -> None:
        self.save_worker()

    @work(exclusive=True, group="save", exit_on_error=False)
    async def save_worker(self) -> None:
        await self.save_interactive()

    async def save_interactive(self) -> bool:
        """Write pending edits, ask for a message, commit. True when something was saved.

        The working files are read once, into a save plan; the dialog and the commit use it.
        """
        from drafter.tui.screens.dialogs import TextDialog

        main = self.main
        if main is not None and not await main.apply_edits(refresh=False):
            return False
        try:
            plan = await self.blocking(self.ws.prepare_save)
        except Exception as exc:
            self.report(exc, "Cannot save")
            return False
        if plan.nothing_to_save:
            self.notify("Nothing to save: the draft is as it was last saved.")
            return False
        if plan.problems:
            more = len(plan.explained) - 1
            also = f" (and {more} more problem{'s' if more != 1 else ''})" if more > 0 else ""
            self.notify(
                f"{plan.explained[0]}{also}",
                title="Not saved yet: the draft has a problem",
                severity="error",
                timeout=15,
                markup=False,
            )
            return False
        if not await self.ensure_identity():
            return False
        message = await self.push_screen_wait(
            TextDialog(
                "Save a new revision",
                "Describe what changed. The message is kept in the history with your name "
                "and the date.",
                value=plan.message,
                ok="Save",
                details="Changed: " + plan.describe(),
            )
        )
        if message is None:
            return False
        try:
            sha = await self.blocking(self.ws.save, plan, message)
        except Exception as exc:
            self.report(exc, "Could not save")
            return False
        if sha is None:
            self.notify("Nothing to save: the draft is as it was last saved.")
        else:
            self.notify(f"Saved: {message}", markup=False)
        if main is not None:
            main.mark_saved()
        return sha is not None

    # ----------------------------------------------------------------- quit

    async def action_quit(self) -> None:
        if any(worker.group == "quit" and not worker.is_finished for worker in self.workers):
            return  # already asking: a second question would leave the first one dead
        self.quit_worker()

    @work(exclusive=True, group="quit", exit_on_error=False)
    async def quit_worker(self) -> None:
        from drafter.tui.screens.dialogs import ChoiceDialog

        if not await self.flush_edits():
            return
        try:
            plan: SavePlan | None = await self.blocking(self.ws.prepare_save)
        except Exception:
            plan = None
        if plan is not None and not plan.nothing_to_save:
            choice = await self.push_screen_wait(
                ChoiceDialog(
                    "Quit drafter?",
                    f"Not saved yet: {plan.describe()} "
                    "If you quit without saving, your edits stay in the files and are shown "
                    "with ● next time, but they are not recorded as a revision.",
                    [
                        ("save", "Save, then quit", "primary"),
                        ("quit", "Quit without saving", "warning"),
                        ("stay", "Stay", "default"),
                    ],
                    focus="save",
                )
            )
            if choice == "save":
                if not await self.save_interactive():
                    return
            elif choice != "quit":
                return
        self.exit(0)

    # ----------------------------------------------------------------- other screens

    def _to_main(self) -> MainScreen | None:
        """Close whatever is above the main screen (history, compare …)."""
        while len(self.screen_stack) > 1 and self.screen is not self.main:
            self.pop_screen()
        return self.main

    def action_help(self) -> None:
        """F1 works everywhere, dialogs included; pressed again it closes the help."""
        from drafter.tui.screens.dialogs import Dialog, HelpDialog

        screen = self.screen
        if isinstance(screen, HelpDialog):
            screen.dismiss(None)
            return
        name = str(getattr(screen, "SCREEN_NAME", None) or getattr(screen, "title_text", "drafter"))
        intro = getattr(screen, "HELP", "")
        self.push_screen(
            HelpDialog(name, help_rows(self, screen, dialog=isinstance(screen, Dialog)), intro)
        )

    def action_search(self) -> None:
        self.search_worker()

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search_worker(self) -> None:
        from drafter.tui.screens.search import SearchDialog

        main = self._to_main()
        if main is None or main.draft is None:
            return
        self.flush_edits()
        pid = await self.push_screen_wait(SearchDialog(main.draft))
        if pid:
            main.show_principle(pid)

    def open_history(self) -> None:
        from drafter.tui.screens.history import HistoryScreen

        self.flush_edits()
        main = self.main
        pid = main.selected_id() if main is not None else None
        selected = (pid, main.draft.label(pid)) if main and main.draft and pid else None
        self.push_screen(HistoryScreen(self, selected))

    def open_compare(
        self, a: str | None = None, b: str = "working", labels: dict[str, str] | None = None
    ) -> None:
        """Compare two revisions; without ``a``, the last meeting with the working draft."""
        from drafter.tui.screens.compare import CompareScreen

        self.flush_edits()
        main = self.main
        meetings = main.draft.meetings if main is not None and main.draft is not None else {}
        self.push_screen(CompareScreen(self, a, b, labels or {}, meetings))

    def open_feedback(self, every: bool = False) -> None:
        """Feedback on the selected principle (or every open record): see screens/feedback."""
        from drafter.tui.screens.feedback import FeedbackScreen
        from drafter.tui.widgets.principle_list import PrincipleList

        pid = None
        self.flush_edits()
        if self.main is not None:
            pid = self.main.query_one(PrincipleList).highlighted_id
        self._to_main()
        self.push_screen(FeedbackScreen(self, None if every else pid))

    def feedback_changed(self) -> None:
        """A decision was recorded: badges and texts on the main screen are read again."""
        if self.main is not None:
            self.main.load_draft()

    async def open_meetings(self, then: str | None = None) -> None:
        """The meetings screen; ``then`` ("open_meeting", "close_meeting") runs once it shows."""
        from drafter.tui.screens.meetings import MeetingsScreen

        self.flush_edits()
        screen = self.screen
        if isinstance(screen, MeetingsScreen):
            if then:
                await screen.run_action(then)
            return
        self._to_main()
        self.push_screen(MeetingsScreen(self, then=then))

    def action_sync(self) -> None:
        self.open_sync()

    def open_sync(self) -> None:
        """Share saved work through the group's remote; clashes open the clash screen."""
        from drafter.tui.screens.clash import ClashScreen
        from drafter.tui.screens.sync import SyncDialog

        if isinstance(self.screen, ModalScreen | ClashScreen):  # a sync is under way
            return
        self._to_main()
        self.push_screen(SyncDialog(self))

    def open_export(
        self,
        rev: str | None = None,
        redline_from: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> None:
        from drafter.tui.screens.export import ExportDialog

        self.flush_edits()
        self.push_screen(ExportDialog(self, rev, redline_from, labels))

    # ----------------------------------------------------------------- command palette

    def _screen_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The keys of history, compare and meetings, by name, while that screen is open."""
        from drafter.tui.screens.main import MainScreen

        if isinstance(screen, MainScreen | ModalScreen):
            return
        for binding in type(screen).BINDINGS:
            if not isinstance(binding, Binding) or binding.action.startswith("app."):
                continue
            if binding.action == "back":
                continue

            def run(action: str = binding.action) -> None:
                screen.run_worker(screen.run_action(action))

            what = binding.tooltip or binding.description
            yield SystemCommand(binding.description, f"{what} ({key_name(binding)})", run)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        def on_main(action: str) -> Callable[[], None]:
            def run() -> None:
                main = self._to_main()
                if main is not None:
                    main.run_worker(main.run_action(action))

            return run

        yield SystemCommand("Save", "Record the draft as a new revision (Ctrl+S)", self.action_save)
        yield SystemCommand("Search", "Find principles by words (Ctrl+F)", self.action_search)
        yield SystemCommand(
            "Insert a reference to another principle",
            "A live “Principle N” at the cursor, which follows renumbering (Ctrl+L)",
            on_main("insert_reference"),
        )
        yield SystemCommand("Add a principle", "After the selected one (F7)", on_main("add"))
        yield SystemCommand(
            "Delete the principle", "Delete the selected principle (F8)", on_main("delete")
        )
        yield SystemCommand("Move the principle up", "One place up (Alt+↑)", on_main("move_up"))
        yield SystemCommand(
            "Move the principle down", "One place down (Alt+↓)", on_main("move_down")
        )
        yield SystemCommand(
            "Rename the principle's id", "Cross-references follow (F2)", on_main("rename")
        )
        yield SystemCommand(
            "Translate the principle",
            "Source beside each translation; stale changes marked (F10)",
            on_main("translate"),
        )
        yield SystemCommand(
            "Read the draft in another language",
            "The whole draft in French, Spanish … (Ctrl+T)",
            on_main("read_in"),
        )
        yield from self._screen_commands(screen)
        yield SystemCommand("Meetings", "Open, close and list meetings (F3)", self.open_meetings)
        yield SystemCommand(
            "Feedback on this principle",
            "Comments and proposals from returned copies: accept, reject, answer (F12)",
            self.open_feedback,
        )
        yield SystemCommand(
            "All open feedback", "Every open comment and proposal", lambda: self.open_feedback(True)
        )
        yield SystemCommand(
            "Open a meeting",
            "When a meeting starts: saves are then recorded for it (F3, then O)",
            lambda: self.open_meetings(then="open_meeting"),
        )
        yield SystemCommand(
            "Close the meeting",
            "Record the draft agreed at the open meeting (F3, then C)",
            lambda: self.open_meetings(then="close_meeting"),
        )
        yield SystemCommand("Export to Word", "Write a DOCX file (F4)", lambda: self.open_export())
        yield SystemCommand("History", "Saved revisions, by meeting (F5)", self.open_history)
        yield SystemCommand(
            "Compare with the last meeting",
            "What changed since the last meeting's draft (F6)",
            lambda: self.open_compare(),
        )
        yield SystemCommand(
            "Sync with the shared workspace",
            "Bring in the others' changes, merge, share your saved work; resolve clashes (F9)",
            self.open_sync,
        )
        yield SystemCommand(
            "Read the files again",
            "After fixing a file in another program (Ctrl+R)",
            on_main("reload"),
        )
        yield SystemCommand("Help", "Keys of this screen (F1)", self.action_help)
        yield SystemCommand("Quit", "Leave drafter (Ctrl+Q)", self.action_quit)
        yield SystemCommand("Theme", "Change the colours", self.action_change_theme)


def make_app(ws: Workspace) -> DrafterApp:
    """The app for ``ws``; the CLI, the tests and the benchmark all build it here."""
    return DrafterApp(ws)


def run(ws: Workspace) -> int:
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal Textual would draw into a pipe and read an empty input
        # forever, at full speed.
        raise DrafterError(
            "the editor needs a terminal (input or output is not one): open drafter in a "
            "terminal window, or use its commands (drafter --help)"
        )
    app = make_app(ws)
    result = app.run()
    return int(result or 0)
