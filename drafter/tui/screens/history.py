"""History: saved revisions grouped by meeting, newest first; pick two to compare."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from drafter.model import Meeting
from drafter.refs import WORKING
from drafter.tui import messages
from drafter.tui.widgets.key_bar import KeyBar
from drafter.tui.words import meeting_words

if TYPE_CHECKING:
    from drafter.authorship import PrincipleRevision
    from drafter.history import MeetingGroup, Revision
    from drafter.tui.controller import Controller


def when(rev: Revision) -> str:
    return f"{rev.date.day:>2} {rev.date:%b %Y  %H:%M}"


class HistoryScreen(Screen[None]):
    """Each saved revision with its author, date and message, under its meeting."""

    CSS_PATH = "history.tcss"
    SCREEN_NAME = "history"
    HELP = (
        "Revisions are grouped by the meeting whose draft they led to, newest first. "
        "Enter compares the highlighted revision with the working draft. To compare two "
        "revisions, pick one with Space, then press Enter on the other. P shows only the "
        "revisions that changed the principle selected in the list, with who changed which "
        "words, and shows them all again."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("space", "pick", "Pick", tooltip="Pick (or unpick) a revision to compare"),
        Binding(
            "enter",
            "compare",
            "Compare",
            tooltip="Compare the highlighted revision with the working draft, or with the "
            "picked one",
            priority=True,  # before the list's own Enter, so the footer shows it
        ),
        Binding(
            "p",
            "principle",
            "This principle",
            tooltip="Only the revisions that changed "
            "the selected principle, with the words changed (P again: all)",
        ),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, controller: Controller, principle: tuple[str, str] | None = None) -> None:
        """``principle``: (id, label) of the principle selected in the list, if any."""
        super().__init__()
        self.controller = controller
        self.principle = principle
        self.only_principle = False
        self.picked: list[str] = []
        self.labels: dict[str, str] = {WORKING: "the working draft"}
        self.rows: dict[str, Content] = {}

    def compose(self) -> ComposeResult:
        yield Label("History of the draft", id="history-title")
        yield Label(
            "Enter: compare with the working draft · Space: pick a revision, "
            "then Enter on another to compare the two · Esc: back",
            id="history-hint",
        )
        yield OptionList(id="revisions")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#revisions", OptionList).focus()
        self.load()

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        ws = self.controller.ws
        try:
            groups = await self.controller.blocking(ws.log)
            draft = await self.controller.blocking(ws.draft)
        except Exception as exc:
            self.controller.report(exc, "Could not read the history")
            return
        self.show(groups, draft.meetings, draft.document.current_meeting)

    def show(
        self, groups: list[MeetingGroup], meetings: Mapping[str, Meeting], current: str | None
    ) -> None:
        options: list[Option] = []
        working = Content.assemble(
            ("  Working draft", "bold"),
            ("  — the files as they are now, unsaved edits included", "dim"),
        )
        self.rows[WORKING] = working
        options.append(Option(working, id=WORKING))
        for n, group in enumerate(groups):
            options.append(
                Option(self._heading(group, meetings, current), id=f"group-{n}", disabled=True)
            )
            for rev in group.revisions:
                row = Content.assemble(
                    "  ",
                    (when(rev), "dim"),
                    "  ",
                    (f"{rev.author[:20]:<20}", "bold"),
                    "  ",
                    rev.subject,
                )
                self.rows[rev.sha] = row
                tag = next((t for t in rev.tags if t.startswith("meeting/")), None)
                if tag:
                    mid = tag.removeprefix("meeting/")
                    meeting = meetings.get(mid)
                    place = meeting.place.split(",")[0] if meeting and meeting.place else mid
                    self.labels[rev.sha] = f"the draft agreed at {place}"
                else:
                    self.labels[rev.sha] = f"the revision of {when(rev).strip()} ({rev.subject})"
                options.append(Option(row, id=rev.sha))
        revisions = self.query_one("#revisions", OptionList)
        revisions.set_options(options)
        revisions.highlighted = 0

    @staticmethod
    def _heading(
        group: MeetingGroup, meetings: Mapping[str, Meeting], current: str | None
    ) -> Content:
        mid = group.meeting
        meeting = meetings.get(mid) if mid else None
        label = meeting_words(meeting) if meeting else (mid or "")
        if group.tagged:
            text = f"Meeting: {label} — agreed draft"
        elif mid or current:
            target = meeting or meetings.get(current or "")
            towards = meeting_words(target) if target else mid or current
            text = f"Since the last meeting — towards {towards} (open)"
        else:
            text = "Since the last meeting"
        return Content.styled(f"▌ {text}", "bold $accent")

    # ----------------------------------------------------------------- picking

    def _highlighted(self) -> str | None:
        option = self.query_one("#revisions", OptionList).highlighted_option
        return option.id if option is not None else None

    def action_pick(self) -> None:
        rid = self._highlighted()
        if rid is None:
            return
        if rid in self.picked:
            self.picked.remove(rid)
        else:
            self.picked.append(rid)
            if len(self.picked) > 2:
                self.picked.pop(0)
        self._redraw_marks()

    def _redraw_marks(self) -> None:
        revisions = self.query_one("#revisions", OptionList)
        for rid, row in self.rows.items():
            mark = Content.styled("✔ ", "bold $success") if rid in self.picked else Content("  ")
            try:
                index = revisions.get_option_index(rid)
            except Exception:
                continue
            revisions.replace_option_prompt_at_index(index, mark + row[2:])

    @on(OptionList.OptionSelected, "#revisions")
    def _selected(self) -> None:
        self.action_compare()

    def action_compare(self) -> None:
        target = self._highlighted()
        if target is None:
            return
        picked = list(self.picked)
        if len(picked) == 2:
            a, b = picked
        elif len(picked) == 1 and picked[0] != target:
            a, b = picked[0], target
        elif len(picked) == 1:
            a, b = picked[0], WORKING
        else:
            a, b = target, WORKING
        if a == b:
            self.notify("Pick a saved revision to compare with the working draft.")
            return
        revisions = self.query_one("#revisions", OptionList)
        if revisions.get_option_index(a) < revisions.get_option_index(b):
            a, b = b, a  # older first: the list is newest first
        self.post_message(
            messages.CompareRequested(a, b, labels={a: self.labels[a], b: self.labels[b]})
        )

    def action_back(self) -> None:
        self.app.pop_screen()

    # ----------------------------------------------------------------- one principle

    def action_principle(self) -> None:
        if self.principle is None:
            self.notify("Select a principle in the list first, then open the history.")
            return
        self.only_principle = not self.only_principle
        title = self.query_one("#history-title", Label)
        if self.only_principle:
            title.update(f"History of {self.principle[1]}")
            self.load_principle()
        else:
            title.update("History of the draft")
            self.load()

    @work(exclusive=True, exit_on_error=False)
    async def load_principle(self) -> None:
        from drafter.authorship import principle_log

        assert self.principle is not None
        pid, label = self.principle
        try:
            log = await self.controller.blocking(lambda: principle_log(self.controller.ws, pid))
        except Exception as exc:
            self.controller.report(exc, f"Could not read the history of {label}")
            return
        self.show_principle_log(list(reversed(log)), label)

    def show_principle_log(self, log: list[PrincipleRevision], label: str) -> None:
        """Newest first: when, who, in which meeting, the message, then the words changed."""
        from drafter.authorship import changed_words

        options: list[Option] = [Option(self.rows[WORKING], id=WORKING)]
        if not log:
            options.append(
                Option(Content.styled(f"  {label} has not been saved yet.", "dim"), disabled=True)
            )
        for entry in log:
            step = entry.step
            meeting = f"  · meeting {step.meeting}" if step.meeting else ""
            row = Content.assemble(
                "  ",
                (f"{step.when.day:>2} {step.when:%b %Y  %H:%M}", "dim"),
                "  ",
                (f"{step.author[:20]:<20}", "bold"),
                "  ",
                step.subject,
                (meeting, "dim"),
            )
            lines = [row]
            if entry.change != "modified":
                lines.append(Content.styled(f"      {entry.change}", "italic"))
            for name, pieces in entry.fields.items():
                lines.append(
                    Content.styled(f"      {_field_words(name)}: {changed_words(pieces)}", "dim")
                )
            self.rows[step.sha] = row
            self.labels.setdefault(step.sha, f"the revision of {step.when:%d %b %Y %H:%M}")
            options.append(Option(Content("\n").join(lines), id=step.sha))
        revisions = self.query_one("#revisions", OptionList)
        revisions.set_options(options)
        revisions.highlighted = 0


def _field_words(name: str) -> str:
    """ "translations.fr.title" as a reader says it: "title (French)"."""
    if not name.startswith("translations."):
        return name
    from drafter.translations import language_name

    _, lang, field = [*name.split("."), "", ""][:3]
    return f"{field} ({language_name(lang)})"
