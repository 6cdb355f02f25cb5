"""Compare: principle by principle, word-level insertions and deletions in colour."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from drafter.tui import messages
from drafter.tui.widgets.badges import STATUS_LABELS
from drafter.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from drafter.diff import DraftDiff, PrincipleChange
    from drafter.model import Meeting
    from drafter.tui.controller import Controller

INSERT_STYLE = "bold #b5f5c5 on #1d5a2e underline"
DELETE_STYLE = "strike #ffc4c0 on #6b2222"
FIELD_NAMES = {
    "title": "Title",
    "status": "Status",
    "text": "Text",
    "items": "Items",
    "commentary": "Commentary",
    "tags": "Tags",
}
LABELS = {
    "added": ("added", "bold #ffffff on #2e8b57"),
    "removed": ("removed", "bold #ffffff on #b03a2e"),
    "modified": ("changed", "bold #1e1e1e on #e6b422"),
    "moved": ("moved", "bold #ffffff on #3b6ea8"),
    "unchanged": ("unchanged", "dim"),
}


def field_name(name: str) -> str:
    if name.startswith("translations."):
        _, lang, inner = name.split(".", 2)
        return f"{FIELD_NAMES.get(inner, inner)} ({lang})"
    return FIELD_NAMES.get(name, name)


def describe(diff: DraftDiff, change: PrincipleChange) -> Content:
    """One principle's change: a heading line, then each changed field word by word."""
    from drafter.diff import DELETE, INSERT, with_references
    from drafter.model import render_references

    old_numbers = diff.old.numbers()
    new_numbers = diff.new.numbers()
    number = change.number_to if change.number_to is not None else change.number_from
    title = change.title_to if change.title_to is not None else change.title_from or ""
    title = render_references(title, new_numbers if change.title_to is not None else old_numbers)
    word, style = LABELS.get(change.change, (change.change, "reverse"))
    width = len(str(max(len(diff.new.document.order), len(diff.old.document.order), 1)))
    parts: list[Content | str | tuple[str, str]] = [
        (f"Principle {number or '':>{width}}", "bold"),
        " ",
        (f" {word} ", style),
    ]
    if change.renumbered:
        parts.append((f"  renumbered: was Principle {change.number_from}", "italic $accent"))
    parts += ["  ", (title, "bold" if change.change != "unchanged" else "dim")]
    lines = [Content.assemble(*parts)]
    for name, pieces in change.fields.items():
        if change.change in ("added", "removed") and name in ("status", "tags"):
            continue
        body: list[tuple[str, str] | str] = []
        if name == "status":  # whole words, old → new, readable without colour too
            old = "".join(text for op, text in pieces if op != INSERT)
            new = "".join(text for op, text in pieces if op != DELETE)
            body += [
                (STATUS_LABELS.get(old, old), DELETE_STYLE),
                " → ",
                (STATUS_LABELS.get(new, new), INSERT_STYLE),
            ]
            pieces = []
        for op, text in with_references(pieces, old_numbers, new_numbers):
            text = text.replace("\n", "\n   ")  # keep every line of a field indented
            if op == INSERT:
                body.append((text, INSERT_STYLE))
            elif op == DELETE:
                body.append((text, DELETE_STYLE))
            else:
                body.append(text)
        lines.append(Content.styled(f"   {field_name(name)}:", "dim italic"))
        lines.append(Content.assemble("   ", *body))
    if len(lines) > 1:
        lines.append(Content(""))
    return Content("\n").join(lines)


class CompareScreen(Screen[None]):
    """What changed from revision A to revision B, one principle per entry."""

    CSS_PATH = "compare.tcss"
    SCREEN_NAME = "compare"
    HELP = (
        "Inserted words are green and underlined, deleted words red and struck through. "
        "N and P jump to the next and previous change; C shows only changed principles "
        "or all of them; F4 exports this comparison as a Word redline."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("n", "next_change", "Next change", tooltip="Jump to the next changed principle"),
        Binding(
            "p", "previous_change", "Previous", tooltip="Jump to the previous changed principle"
        ),
        Binding(
            "c", "toggle_changed", "Changed only", tooltip="Show only changed principles, or all"
        ),
        Binding(
            "f4", "export", "Export redline", tooltip="Export this comparison as a Word redline"
        ),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(
        self,
        controller: Controller,
        a: str | None,
        b: str,
        labels: dict[str, str],
        meetings: Mapping[str, Meeting] | None = None,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.meetings = meetings or {}
        self.a = a
        self.b = b
        self.labels = labels
        self.diff: DraftDiff | None = None
        self.only_changed = False

    def compose(self) -> ComposeResult:
        yield Label("Comparing …", id="compare-title")
        yield Label("", id="compare-summary")
        yield OptionList(id="changes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#changes", OptionList).focus()
        self.load()

    def label(self, rev: str) -> str:
        if rev in self.labels:
            return self.labels[rev]
        if rev == "working":
            return "the working draft"
        meeting = self.meetings.get(rev)
        if meeting is not None:
            return f"the draft agreed at {meeting.place.split(',')[0] or meeting.name}"
        return rev

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        from drafter.diff import compare_revisions

        ws = self.controller.ws
        try:
            if self.a is None and not await self.controller.blocking(ws.history.meeting_tags):
                self.notify(
                    "No meeting has been closed yet, so there is no agreed draft to compare "
                    "with. Close a meeting (F3, then C), or compare saved revisions in the "
                    "history (F5).",
                    title="Nothing to compare with yet",
                    severity="warning",
                    timeout=12,
                )
                self.app.pop_screen()
                return
            diff = await self.controller.blocking(compare_revisions, ws, self.a, self.b)
            if self.a is None and not diff.changed and not diff.preamble:
                # Nothing since the last meeting (it was just closed): the useful question
                # is then what that meeting changed, from the meeting before it.
                earlier = await self.controller.blocking(self._meeting_before, diff.from_label)
                if earlier is not None:
                    self.notify(
                        f"Nothing changed since {self.label(diff.from_label)}: showing what "
                        f"changed from {self.label(earlier)} to {self.label(diff.from_label)}.",
                        markup=False,
                    )
                    diff = await self.controller.blocking(
                        compare_revisions, ws, earlier, diff.from_label
                    )
        except Exception as exc:
            self.controller.report(exc, "Cannot compare")
            self.app.pop_screen()
            return
        self.diff = diff
        self.a = diff.from_label
        self.b = diff.to_label
        self.query_one("#compare-title", Label).update(
            f"Changes from {self.label(self.a)} to {self.label(self.b)}"
        )
        s = diff.stats
        summary = (
            f"{s.added} added · {s.removed} removed · {s.modified} changed · {s.moved} moved"
            f" — {s.words_inserted} words inserted, {s.words_deleted} deleted"
        )
        if diff.preamble:
            summary += " · preamble changed"
        if not diff.changed and not diff.preamble:
            summary = "No differences: the two drafts are the same."
        self.query_one("#compare-summary", Label).update(summary)
        self.only_changed = len(diff.principles) > 400
        self.show()

    def _meeting_before(self, meeting: str) -> str | None:
        """The closed meeting held just before ``meeting``, by date."""
        ws = self.controller.ws
        tags = ws.history.meeting_tags()
        held = [m.id for m in ws.draft().meetings_by_date() if m.id in tags]
        name = meeting.removeprefix("meeting/")
        if name not in held or held.index(name) == 0:
            return None
        return held[held.index(name) - 1]

    def show(self) -> None:
        if self.diff is None:
            return
        changes = self.query_one("#changes", OptionList)
        keep = changes.highlighted_option.id if changes.highlighted_option else None
        options = [
            Option(describe(self.diff, change), id=change.id)
            for change in self.diff.principles
            if not self.only_changed or change.change != "unchanged"
        ]
        changes.set_options(options)
        if options:
            index = 0
            if keep is not None:
                try:
                    index = changes.get_option_index(keep)
                except Exception:
                    index = 0
            changes.highlighted = index

    def _changed_indexes(self) -> list[int]:
        if self.diff is None:
            return []
        changes = self.query_one("#changes", OptionList)
        kinds = {c.id: c.change for c in self.diff.principles}
        return [
            i
            for i, option in enumerate(changes.options)
            if kinds.get(option.id or "") != "unchanged"
        ]

    def action_next_change(self) -> None:
        self._jump(+1)

    def action_previous_change(self) -> None:
        self._jump(-1)

    def _jump(self, direction: int) -> None:
        changes = self.query_one("#changes", OptionList)
        current = changes.highlighted if changes.highlighted is not None else -1
        indexes = self._changed_indexes()
        targets = [i for i in indexes if (i > current if direction > 0 else i < current)]
        if not targets:
            self.notify("No more changes in that direction.", timeout=2)
            return
        changes.highlighted = targets[0] if direction > 0 else targets[-1]
        changes.scroll_to_highlight(top=True)

    def action_toggle_changed(self) -> None:
        self.only_changed = not self.only_changed
        self.show()
        self.notify(
            "Showing only changed principles." if self.only_changed else "Showing all principles.",
            timeout=2,
        )

    def action_export(self) -> None:
        if self.diff is not None:
            a = self.a or self.diff.from_label
            labels = {a: self.label(a), self.b: self.label(self.b)}
            self.post_message(messages.ExportRequested(self.b, a, labels))

    def action_back(self) -> None:
        self.app.pop_screen()
