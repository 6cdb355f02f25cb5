"""Meetings: the list, opening a new one (a form) and closing the current one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from drafter.model import Meeting, date_range, is_valid_id, slugify
from drafter.tui import messages
from drafter.tui.screens.dialogs import ConfirmDialog, Dialog
from drafter.tui.widgets.key_bar import KeyBar
from drafter.tui.words import meeting_place, meeting_words

if TYPE_CHECKING:
    from drafter.tui.controller import Controller

DEFAULT_NAME = "Experts' Group meeting"


class MeetingsScreen(Screen[None]):
    """Every meeting in date order, with whether its agreed draft was recorded."""

    CSS_PATH = "meetings.tcss"
    SCREEN_NAME = "meetings"
    HELP = (
        "Open a meeting when it starts: every save is then recorded as made during it. "
        "Close it at the end: the draft as it stands becomes the draft agreed at that "
        "meeting, which you can compare with and export later."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("o", "open_meeting", "Open a meeting"),
        Binding("c", "close_meeting", "Close the meeting"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, controller: Controller, then: str | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.then = then
        """An action to run once the meetings are shown (the palette's "Open a meeting")."""
        self.meetings: list[Meeting] = []
        self.current: str | None = None
        self.tags: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Label("Meetings", id="meetings-title")
        yield Label("", id="meetings-state")
        yield OptionList(id="meetings")
        yield Static("", id="meeting-details")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#meetings", OptionList).focus()
        self.load()

    @work(group="load", exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        ws = self.controller.ws
        try:
            draft = await self.controller.blocking(ws.draft)
            self.tags = await self.controller.blocking(ws.history.meeting_tags)
        except Exception as exc:
            self.controller.report(exc, "Could not read the meetings")
            return
        self.meetings = draft.meetings_by_date()
        self.current = draft.document.current_meeting
        options = []
        dates_width = max((len(date_range(m.start, m.end)) for m in self.meetings), default=0)
        place_width = max((len(m.place or m.name) for m in self.meetings), default=0)
        for m in self.meetings:
            if m.id in self.tags:
                state = Content.styled(" draft agreed ", "#ffffff on #2e8b57")
            elif m.id == self.current:
                state = Content.styled(" open now ", "bold #1e1e1e on #e6b422")
            else:
                state = Content("")
            options.append(
                Option(
                    Content.assemble(
                        (date_range(m.start, m.end).ljust(dates_width), "bold"),
                        "  ",
                        ((m.place or m.name).ljust(place_width), ""),
                        " ",
                        state,
                    ),
                    id=m.id,
                )
            )
        meetings = self.query_one("#meetings", OptionList)
        meetings.set_options(options)
        if options:
            meetings.highlighted = len(options) - 1
        line = self.query_one("#meetings-state", Label)
        if self.current:
            current = draft.meetings.get(self.current)
            line.update(
                f"Open now: {meeting_words(current) if current else self.current}. "
                "Press C to close it when the meeting has agreed the draft."
            )
        else:
            line.update("No meeting is open. Press O to open one when a meeting starts.")
        self._details()
        if self.then:
            then, self.then = self.then, None
            await self.run_action(then)

    @on(OptionList.OptionHighlighted, "#meetings")
    def _details(self) -> None:
        option = self.query_one("#meetings", OptionList).highlighted_option
        meeting = next((m for m in self.meetings if option and m.id == option.id), None)
        details = self.query_one("#meeting-details", Static)
        if meeting is None:
            details.update("")
            return
        lines = [f"{meeting.name}, {meeting.place}" if meeting.place else meeting.name]
        lines.append(f"Dates: {date_range(meeting.start, meeting.end)}   (id: {meeting.id})")
        if meeting.participants:
            lines.append("Participants: " + ", ".join(meeting.participants))
        if meeting.id in self.tags:
            lines.append(
                f"The draft agreed at {meeting_place(meeting)} is kept: compare with it (F6 on "
                "the list) or export it to Word (F4)."
            )
        details.update("\n".join(lines))

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(group="action", exclusive=True, exit_on_error=False)
    async def action_open_meeting(self) -> None:
        if self.current:
            self.notify(
                "A meeting is already open: close it first (C).", severity="warning", timeout=6
            )
            return
        taken = {m.id for m in self.meetings}
        meeting = await self.app.push_screen_wait(MeetingDialog(taken))
        if meeting is None:
            return
        if not await self.controller.ensure_identity():
            return
        if not await self.controller.flush_edits():
            return
        try:
            await self.controller.blocking(self.controller.ws.open_meeting, meeting)
        except Exception as exc:
            self.controller.report(exc, "Could not open the meeting")
            return
        self.notify(
            f"Meeting open: {meeting_words(meeting)}. Saves are now recorded for it.",
            markup=False,
        )
        await self._after_change()

    @work(group="action", exclusive=True, exit_on_error=False)
    async def action_close_meeting(self) -> None:
        if not self.current:
            self.notify("No meeting is open.", severity="warning")
            return
        meeting = next((m for m in self.meetings if m.id == self.current), None)
        where = meeting_words(meeting) if meeting else self.current
        sure = await self.app.push_screen_wait(
            ConfirmDialog(
                "Close the meeting",
                f"Close {where}?\n\nThe draft as it stands now — unsaved edits included — "
                "is saved and recorded as the draft agreed at this meeting. You can compare "
                "with it and export it later.",
                yes="Close the meeting",
                no="Not yet",
            )
        )
        if not sure:
            return
        if not await self.controller.ensure_identity():
            return
        if not await self.controller.flush_edits():
            return
        try:
            await self.controller.blocking(self.controller.ws.close_meeting)
        except Exception as exc:
            self.controller.report(exc, "Could not close the meeting")
            return
        place = meeting_place(meeting) if meeting else self.current
        self.notify(
            f"Meeting closed: the draft agreed at {place} is recorded. Export it with F4.",
            markup=False,
        )
        await self._after_change()

    async def _after_change(self) -> None:
        self.load()
        self.post_message(messages.DraftChanged())


class MeetingDialog(Dialog[Meeting]):
    """The form for a new meeting; the id is suggested from the date and the place."""

    title_text = "Open a meeting"
    HELP = (
        "Fill in the place and the dates (YYYY-MM-DD); the id is suggested from them. "
        "Enter in any field opens the meeting."
    )

    def __init__(self, taken: set[str]) -> None:
        super().__init__()
        self.taken = taken
        self._id_touched = False

    def compose(self) -> ComposeResult:
        today = date.today().isoformat()
        with Vertical(classes="dialog"):
            yield Label("Open a meeting", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Name", classes="form-label")
                yield Input(DEFAULT_NAME, id="name", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Place", classes="form-label")
                yield Input(id="place", placeholder="City, Country", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("First day", classes="form-label")
                yield Input(today, id="start", placeholder="YYYY-MM-DD", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Last day", classes="form-label")
                yield Input(id="end", placeholder="YYYY-MM-DD (optional)", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Participants", classes="form-label")
                yield Input(
                    id="participants",
                    placeholder="Names, separated by commas (optional)",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Id", classes="form-label")
                yield Input(id="mid", placeholder="e.g. 2018-06-rome", compact=True)
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Open the meeting", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#place", Input).focus()

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value.strip()

    @on(Input.Changed, "#place")
    @on(Input.Changed, "#start")
    def _suggest_id(self) -> None:
        if self._id_touched:
            return
        place = self._value("place").split(",")[0]
        start = self._value("start")[:7]
        if place:
            mid = self.query_one("#mid", Input)
            mid.value = slugify(f"{start} {place}", self.taken)
            self._id_touched = False

    @on(Input.Changed, "#mid")
    def _touched(self, event: Input.Changed) -> None:
        if self.query_one("#mid", Input).has_focus:
            self._id_touched = True

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        error = self.query_one("#error", Label)
        try:
            meeting = self._meeting()
        except ValueError as exc:
            error.update(str(exc))
            return
        self.dismiss(meeting)

    def _meeting(self) -> Meeting:
        name, mid = self._value("name"), self._value("mid")
        if not name:
            raise ValueError("Please give the meeting a name.")
        if not is_valid_id(mid):
            raise ValueError("The id uses lower-case letters, digits and hyphens (2018-06-rome).")
        if mid in self.taken:
            raise ValueError(f"There is already a meeting with the id {mid}.")
        start = _day(self._value("start"), "First day")
        end = _day(self._value("end"), "Last day") if self._value("end") else None
        if start is None:
            raise ValueError("Please give the first day (YYYY-MM-DD).")
        if end is not None and end < start:
            raise ValueError("The last day is before the first day.")
        participants = tuple(p.strip() for p in self._value("participants").split(",") if p.strip())
        return Meeting(
            id=mid,
            name=name,
            place=self._value("place"),
            start=start,
            end=end,
            participants=participants,
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def _day(value: str, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what}: {value!r} is not a date; write it as YYYY-MM-DD.") from None
