"""Export: choose the revision, an optional redline base, a template, line numbers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from drafter.refs import WORKING
from drafter.tui.screens.dialogs import Dialog
from drafter.tui.widgets.tick_box import TickBox
from drafter.tui.words import meeting_short

if TYPE_CHECKING:
    from drafter.tui.controller import Controller


class ExportDialog(Dialog[str]):
    """Writes a DOCX in the background, with progress; dismisses with the file's path."""

    title_text = "Export to Word"
    HELP = (
        "Choose the draft to export and, for a redline, the earlier draft to mark the "
        "changes from. Enter or Space opens a choice; Tab moves on. The file goes into the "
        "workspace's exports folder."
    )

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Close")]

    def __init__(
        self,
        controller: Controller,
        rev: str | None = None,
        redline_from: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.propose_latest = rev is None
        """Opened without a choice: right after a meeting closed, propose its draft."""
        self.rev = rev or WORKING
        self.labels = labels or {}
        self.redline_from = redline_from
        self.written: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export"):
            yield Label("Export to Word (DOCX)", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Draft", classes="form-label")
                yield Select(
                    [("Working draft (as it is now)", WORKING)],
                    id="rev",
                    allow_blank=False,
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Redline from", classes="form-label")
                yield Select(
                    [],
                    id="base",
                    prompt="No redline — a clean consolidated document",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Template", classes="form-label")
                yield Input(
                    id="template", placeholder="optional: a .docx whose styles to use", compact=True
                )
            with Horizontal(classes="form-row"):
                yield Label("", classes="form-label")
                yield TickBox("Number the lines (for consultations)", id="lines", compact=True)
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="result")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#rev", Select).focus()
        self.load_choices()

    @work(group="choices", exit_on_error=False)
    async def load_choices(self) -> None:
        ws = self.controller.ws
        try:
            tags = await self.controller.blocking(ws.history.meeting_tags)
            draft = await self.controller.blocking(ws.draft)
            head = await self.controller.blocking(ws.head_sha)
        except Exception as exc:
            self.controller.report(exc, "Could not list the revisions")
            return
        meetings = [m for m in reversed(draft.meetings_by_date()) if m.id in tags]
        if self.propose_latest and meetings and tags[meetings[0].id] == head:
            self.rev = meetings[0].id  # nothing saved since it closed: its draft is wanted
        choices = [(f"Agreed at {meeting_short(m)}", m.id) for m in meetings]
        rev_choices = [("Working draft (as it is now)", WORKING), *choices]
        if self.rev not in {WORKING, *tags}:
            rev_choices.append(
                (self.labels.get(self.rev, "A saved revision").capitalize(), self.rev)
            )
        rev = self.query_one("#rev", Select)
        rev.set_options(rev_choices)
        rev.value = self.rev
        base = self.query_one("#base", Select)
        base_choices = list(choices)
        if self.redline_from and self.redline_from not in tags:
            words = self.labels.get(self.redline_from, "A saved revision").capitalize()
            base_choices.append((words, self.redline_from))
        base.set_options(base_choices)
        if self.redline_from:
            base.value = self.redline_from

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(self.written)

    def action_cancel(self) -> None:
        self.dismiss(self.written)

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        self.run_export()

    @work(group="export", exclusive=True, exit_on_error=False)
    async def run_export(self) -> None:
        from drafter.export import export_workspace

        rev_value = self.query_one("#rev", Select).value
        base_value = self.query_one("#base", Select).value
        rev = rev_value if isinstance(rev_value, str) else WORKING
        base = base_value if isinstance(base_value, str) else None
        template_text = self.query_one("#template", Input).value.strip()
        template = Path(template_text).expanduser() if template_text else None
        lines = self.query_one("#lines", TickBox).value
        bar = self.query_one("#progress", ProgressBar)
        button = self.query_one("#export", Button)
        error = self.query_one("#error", Label)
        result_label = self.query_one("#result", Static)
        error.update("")
        result_label.update("Writing the document …")
        bar.display = True
        bar.update(total=100, progress=0)
        button.disabled = True

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        await self.controller.flush_edits()
        try:
            result = await self.controller.blocking(
                export_workspace,
                self.controller.ws,
                rev,
                redline_from=base,
                template=template,
                line_numbers=lines,
                progress=progress,
            )
        except Exception as exc:
            result_label.update("")
            error.update(f"Not exported: {exc}")
            self.controller.report(exc, "Export failed")
            return
        finally:
            button.disabled = False
        bar.update(total=100, progress=100)
        self.written = str(result.path)
        text = f"Written: {result.path}"
        if result.warnings:
            text += "\n" + "\n".join(f"Note: {w}" for w in result.warnings[:5])
        result_label.update(text)
        self.notify(f"Exported to {result.path}", title="Export finished", markup=False)
