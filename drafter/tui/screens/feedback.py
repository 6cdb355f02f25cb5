"""Feedback from returned copies: each comment and proposal on a principle, and decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from drafter.feedback.records import FeedbackFile, Record
from drafter.tui import messages
from drafter.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from drafter.model import Draft
    from drafter.tui.controller import Controller

_STATUS_STYLE = {
    "open": "#ffffff on #1f6feb",
    "accepted": "#ffffff on #2e8b57",
    "rejected": "#ffffff on #b22222",
    "answered": "#1e1e1e on #a8a8a8",
}
_CONTEXT = 80  # characters of the sent text shown on each side of a proposal


def describe(draft: Draft | None, ff: FeedbackFile, r: Record) -> Content:
    """A record in full: where, who, the proposal as a word diff in its sentence, the thread."""
    parts: list[Content | str | tuple[str, str]] = []
    where = "Outside any principle"
    if r.principle and draft is not None and r.principle in draft.principles:
        n = draft.number_of(r.principle)
        where = f"Principle {n} — {draft.render(draft.principles[r.principle].title)}"
    parts += [(where, "bold"), f"  ({r.field or 'general'})\n"]
    parts.append(f"{r.kind.capitalize()} by {r.author or '(unknown)'}")
    parts.append(f", {r.date[:10]}" if r.date else "")
    parts.append(f" — copy {ff.file or ff.source}, round {ff.round}\n\n")
    before, after = _context(draft, r)
    if r.kind == "comment":
        if r.quote:
            parts += ["On: ", (r.quote, "italic"), "\n\n"]
        parts.append(r.comment or "")
        for reply in r.replies:
            parts += ["\n\n", (f"{reply.author}: ", "bold"), reply.text]
    else:
        parts.append(before)
        if r.quote:
            parts.append((r.quote, "strike $error"))
        if r.proposed and r.kind != "move":
            parts.append((r.proposed, "underline $success"))
        parts.append(after)
        if r.kind == "move":
            parts += _arrival(draft, r)
    parts += ["\n\n", (f" {r.status} ", _STATUS_STYLE.get(r.status, "reverse"))]
    if r.response:
        parts.append(f"  {r.response}")
    return Content.assemble(*parts)


def _arrival(draft: Draft | None, r: Record) -> list[str | tuple[str, str]]:
    """Where a move's words went, shown arriving in their new sentence."""
    pid, _, name = (r.moved_to or "").partition("/")
    if r.moved_to == "":
        return ["\n\nMoved out of the principles (the title page or the preamble)."]
    if draft is None or pid not in draft.principles:
        return ["\n\nWhere the words went is not known: make the move by hand."]
    title = draft.render(draft.principles[pid].title)
    parts: list[str | tuple[str, str]] = [
        "\n\nMoved to ",
        (f"Principle {draft.number_of(pid)} — {title}", "bold"),
        f"  ({name})\n",
    ]
    if r.moved_at is not None and r.status == "open":  # once accepted, the words are there
        before, after = _around(draft, pid, name, r.moved_at, "")
        parts += [before, (r.quote or "", "underline $success"), after]
    return parts


def _context(draft: Draft | None, r: Record) -> tuple[str, str]:
    """The sent words around a proposal (from the working draft when the copy's is gone)."""
    if draft is None or not r.principle or not r.field or r.at is None:
        return "", ""
    return _around(draft, r.principle, r.field, r.at, r.quote or "")


def _around(draft: Draft, pid: str, name: str, at: int, quote: str) -> tuple[str, str]:
    """The words of field ``name`` before and after ``quote`` at ``at``, if it is there."""
    if pid not in draft.principles:
        return "", ""
    from drafter.feedback.reader import sent_field

    text = sent_field(draft, pid, name)
    if not 0 <= at <= len(text) or text[at : at + len(quote)] != quote:
        return "", ""
    end = at + len(quote)
    before = text[max(0, at - _CONTEXT) : at]
    after = text[end : end + _CONTEXT]
    return ("…" if at > _CONTEXT else "") + before, after + (
        "…" if end + _CONTEXT < len(text) else ""
    )


class FeedbackScreen(Screen[None]):
    """The feedback on one principle (or every open record), with keys to decide."""

    SCREEN_NAME = "feedback"
    HELP = (
        "Comments and proposed changes from returned consultation copies. Accept applies a "
        "proposal to the working text, merged with what the group has written since (a "
        "move: the words leave one place and arrive at the other); a proposal whose words "
        "have changed since is reported and nothing is applied. "
        "Reject and Answer record the group's decision and response."
    )
    DEFAULT_CSS = """
    FeedbackScreen #feedback-title { padding: 0 1; text-style: bold; }
    FeedbackScreen #feedback-list { height: 40%; text-wrap: nowrap; text-overflow: ellipsis; }
    FeedbackScreen #feedback-pane { height: 1fr; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("a", "accept", "Accept"),
        Binding("r", "reject", "Reject"),
        Binding("n", "answer", "Answer"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, controller: Controller, principle: str | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.principle = principle
        """Only this principle's feedback; None: every open record."""
        self.pairs: list[tuple[FeedbackFile, Record]] = []
        self.draft: Draft | None = None

    def compose(self) -> ComposeResult:
        yield Label("Feedback", id="feedback-title")
        yield OptionList(id="feedback-list")
        with VerticalScroll(id="feedback-pane"):
            yield Static("", id="feedback-details")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#feedback-list", OptionList).focus()
        self.load()

    @work(group="load", exclusive=True, exit_on_error=False)
    async def load(self, keep: str | None = None) -> None:
        from drafter.feedback.records import list_records

        ws = self.controller.ws
        try:
            self.draft = await self.controller.blocking(ws.draft)
            self.pairs = await self.controller.blocking(
                list_records,
                ws.root,
                principle=self.principle,
                status=None if self.principle else "open",
            )
        except Exception as exc:
            self.controller.report(exc, "Could not read the feedback")
            return
        title = "Open feedback on every principle"
        if self.principle and self.draft and self.principle in self.draft.principles:
            n = self.draft.number_of(self.principle)
            title = f"Feedback on Principle {n} — {self.draft.render(self.draft.principles[self.principle].title)}"
        opened = sum(1 for _, r in self.pairs if r.status == "open")
        self.query_one("#feedback-title", Label).update(
            f"{title}  ({opened} open of {len(self.pairs)})"
        )
        options = self.query_one("#feedback-list", OptionList)
        options.set_options(Option(self._row(ff, r), id=r.id) for ff, r in self.pairs)
        if not self.pairs:
            self.query_one("#feedback-details", Static).update(
                "No feedback here. Read returned copies with: drafter feedback import FILE.docx"
            )
            return
        ids = [r.id for _, r in self.pairs]
        options.highlighted = ids.index(keep) if keep in ids else 0

    def _row(self, ff: FeedbackFile, r: Record) -> Content:
        said = r.comment if r.kind == "comment" else (r.proposed or r.quote or "")
        said = " ".join((said or "").split())
        number = ""  # every open record: which principle each is on, by its number
        if self.principle is None and self.draft is not None:
            n = self.draft.number_of(r.principle) if r.principle else None
            number = f"{n if n else '–':>3} "
        return Content.assemble(
            (f" {r.status[:4]} ", _STATUS_STYLE.get(r.status, "reverse")),
            f" {number}{r.kind:<11} {r.author[:18]:<18} ",
            said[:200],
        )

    def current(self) -> tuple[FeedbackFile, Record] | None:
        index = self.query_one("#feedback-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.pairs):
            return None
        return self.pairs[index]

    @on(OptionList.OptionHighlighted, "#feedback-list")
    def show_details(self) -> None:
        pair = self.current()
        if pair is not None:
            self.query_one("#feedback-details", Static).update(describe(self.draft, *pair))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_accept(self) -> None:
        self.decide("accept")

    def action_reject(self) -> None:
        self.decide("reject")

    def action_answer(self) -> None:
        self.decide("answer")

    @work(group="decide", exclusive=True, exit_on_error=False)
    async def decide(self, what: str) -> None:
        from drafter import feedback
        from drafter.tui.screens.dialogs import TextDialog

        pair = self.current()
        if pair is None:
            return
        record = pair[1]
        text: str | None = None
        if what in ("reject", "answer"):
            text = await self.app.push_screen_wait(
                TextDialog(
                    "Reject" if what == "reject" else "Answer",
                    "The reason (optional):" if what == "reject" else "The group's answer:",
                    value=record.response or "",
                    check=None if what == "reject" else _needs_text,
                )
            )
            if text is None:
                return
        ws = self.controller.ws
        try:
            if what == "accept":
                result = await self.controller.blocking(feedback.accept, ws, record.id)
                done = (
                    "applied to the working text"
                    if result.applied
                    else "recorded; make the move by hand"
                    if record.kind == "move"
                    else "recorded"
                )
                self.notify(f"Accepted: {done}. Ctrl+S saves it.")
            elif what == "reject":
                await self.controller.blocking(feedback.reject, ws, record.id, text or None)
            else:
                await self.controller.blocking(feedback.answer, ws, record.id, text or "")
        except Exception as exc:
            self.controller.report(exc, "Could not record the decision")
            return
        self.load(keep=record.id)
        self.post_message(messages.DraftChanged())


def _needs_text(value: str) -> str | None:
    return None if value.strip() else "Write the answer first."
