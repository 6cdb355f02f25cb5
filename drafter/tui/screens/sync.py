"""Sync: share saved work through the group's remote, with progress, then settle clashes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, ProgressBar, Static

from drafter.tui import messages
from drafter.tui.screens.dialogs import Dialog

if TYPE_CHECKING:
    from drafter.sync import SyncReport
    from drafter.tui.controller import Controller

    class SyncController(Controller, Protocol):
        """Sync may ask for a save first."""

        async def save_interactive(self) -> bool: ...


def summary(report: SyncReport) -> str:
    """What happened, in the words the CLI uses."""
    lines: list[str] = []
    if report.set_up:
        lines.append(f"This workspace now shares through {report.remote} ({report.url}).")
    if report.incoming:
        lines.append("Brought in from the others: " + "; ".join(report.incoming[:6]))
        if len(report.incoming) > 6:
            lines[-1] += f" … ({len(report.incoming)} in all)"
    lines += [f"Note: {n}" for n in report.notices]
    if report.clashes:
        n = len(report.clashes)
        lines.append(
            f"{n} clash{'es' if n != 1 else ''}: your text was kept for now and nothing was "
            "sent. Resolve, save (Ctrl+S), then sync again to share."
        )
    if report.tags_in:
        lines.append("Meeting tags received: " + ", ".join(report.tags_in))
    if report.tags_out:
        lines.append("Meeting tags shared: " + ", ".join(report.tags_out))
    if report.pushed:
        lines.append(f"Your saved work is shared through {report.remote}.")
    if report.up_to_date:
        lines.append(f"Already in step with {report.remote}: nothing to bring in or send.")
    return "\n".join(lines)


class SyncDialog(Dialog[bool]):
    """Runs ``drafter.sync.sync`` in the background with progress; True if anything changed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Close")]

    def __init__(self, controller: SyncController) -> None:
        super().__init__()
        self.controller = controller
        self.changed = False
        self.remote_known = True

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog sync"):
            yield Label("Sync with the shared workspace", classes="dialog-title")
            yield Static(
                "Brings in the others' saved changes, merges them principle by principle with "
                "yours and sends your saved work. Unsaved edits are never sent.",
                classes="dialog-text",
            )
            yield Static("", id="where", classes="hint")
            yield Input(
                id="address",
                placeholder="address of the shared workspace (https://…, ssh://… or a folder)",
            )
            yield ProgressBar(id="progress", total=None, show_eta=False, show_percentage=False)
            yield Static("", id="steps")
            yield Static("", id="result")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Sync", id="sync", variant="primary")
                yield Button("Resolve clashes", id="resolve", variant="warning")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#resolve").display = False
        self.query_one("#address").display = False
        self.query_one("#sync", Button).focus()
        self.load_remote()

    @work(group="remote", exit_on_error=False)
    async def load_remote(self) -> None:
        from drafter import clashes
        from drafter.remote import display_url
        from drafter.sync import remotes

        ws = self.controller.ws
        try:
            known = await self.controller.blocking(remotes, ws)
            still_open = await self.controller.blocking(clashes.pending, ws)
        except Exception as exc:
            self.query_one("#error", Label).update(str(exc))
            return
        where = self.query_one("#where", Static)
        if known:
            name = "origin" if "origin" in known else sorted(known)[0]
            where.update(f"Shares through {name}: {display_url(known[name])}")
        else:
            self.remote_known = False
            where.update("Not shared yet: give the address of the group's shared workspace once.")
            self.query_one("#address").display = True
            self.query_one("#address", Input).focus()
        if still_open:
            self._offer_resolve(len(still_open))

    def _offer_resolve(self, n: int) -> None:
        self.query_one("#result", Static).update(
            f"{n} clash{'es' if n != 1 else ''} to resolve before syncing again."
        )
        button = self.query_one("#resolve", Button)
        button.display = True
        button.focus()

    # ----------------------------------------------------------------- buttons

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(self.changed)

    def action_cancel(self) -> None:
        self.dismiss(self.changed)

    @on(Button.Pressed, "#sync")
    @on(Input.Submitted, "#address")
    def _sync(self) -> None:
        self.run_sync()

    @on(Button.Pressed, "#resolve")
    def _resolve(self) -> None:
        self.resolve_clashes()

    # ----------------------------------------------------------------- work

    @work(group="sync", exclusive=True, exit_on_error=False)
    async def run_sync(self) -> None:
        from drafter.sync import sync
        from drafter.tui.screens.dialogs import ConfirmDialog

        app = self.controller
        error = self.query_one("#error", Label)
        steps = self.query_one("#steps", Static)
        result = self.query_one("#result", Static)
        button = self.query_one("#sync", Button)
        error.update("")
        remote = self.query_one("#address", Input).value.strip() or None
        if not self.remote_known and not remote:
            error.update("Give the address of the shared workspace first.")
            return
        if not await app.flush_edits():
            return
        plan = await app.blocking(app.ws.prepare_save)
        if not plan.nothing_to_save:
            save_first = await self.app.push_screen_wait(
                ConfirmDialog(
                    "Save before syncing?",
                    "Sync only shares saved work, and never saves by itself. "
                    f"Not saved yet: {plan.describe()} Save them now as a revision?",
                    yes="Save, then sync",
                )
            )
            if not save_first or not await app.save_interactive():
                error.update("Not synced: save your edits first.")
                return
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        button.disabled = True
        done: list[str] = []

        def progress(message: str) -> None:
            done.append(message)
            self.app.call_from_thread(steps.update, "\n".join(f"• {m}" for m in done[-4:]))

        try:
            report = await app.blocking(sync, app.ws, remote, progress=progress)
        except Exception as exc:
            error.update(f"Not synced: {exc}")
            app.report(exc, "Sync failed")
            return
        finally:
            bar.display = False
            button.disabled = False
        self.changed = self.changed or bool(report.merged)
        self.remote_known = True
        self.query_one("#address").display = False
        result.update(summary(report))
        if report.merged:
            self.post_message(messages.DraftChanged())
        if report.clashes:
            self._offer_resolve(len(report.clashes))
        else:
            self.notify(summary(report).split("\n")[-1], title="Synced", markup=False)

    @work(group="resolve", exclusive=True, exit_on_error=False)
    async def resolve_clashes(self) -> None:
        from drafter import clashes
        from drafter.tui.screens.clash import ClashScreen

        app = self.controller
        try:
            still_open = await app.blocking(clashes.pending, app.ws)
            draft = await app.blocking(app.ws.draft)
        except Exception as exc:
            app.report(exc, "Cannot show the clashes")
            return
        for n, clash in enumerate(still_open, start=1):
            settled = await self.app.push_screen_wait(
                ClashScreen(app.ws, clash, draft, position=(n, len(still_open)))
            )
            if not settled:
                break
            self.changed = True
        left = await app.blocking(clashes.pending, app.ws)
        self.post_message(messages.DraftChanged())
        if left:
            self._offer_resolve(len(left))
        else:
            self.query_one("#resolve").display = False
            self.query_one("#result", Static).update(
                "Every clash is settled. Save (Ctrl+S), then sync again to share."
            )
