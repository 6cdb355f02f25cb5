"""The numbered list of principles: number, unsaved marker, status badge, title."""

from __future__ import annotations

from collections.abc import Set

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from drafter.model import Draft
from drafter.tui.widgets.badges import status_badge

UNSAVED_MARK = "●"


class PrincipleList(OptionList):
    """One row per principle in document order; the option id is the principle id.

    An OptionList draws only the rows on screen, so thousands of principles cost little.
    """

    DEFAULT_CSS = """
    PrincipleList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show(self, draft: Draft, unsaved: Set[str], *, keep: str | None = None) -> None:
        """Rebuild every row; the highlight stays on ``keep`` (or the current one)."""
        keep = keep or self.highlighted_id
        width = len(str(len(draft.document.order)))
        self.set_options(
            Option(row(draft, number, principle.id, unsaved, width), id=principle.id)
            for number, principle in draft.ordered()
        )
        if self.option_count:
            index = 0
            if keep is not None:
                try:
                    index = self.get_option_index(keep)
                except Exception:
                    index = 0
            self.highlighted = index

    def update_row(self, draft: Draft, pid: str, unsaved: Set[str]) -> None:
        try:
            index = self.get_option_index(pid)
        except Exception:
            return
        number = draft.number_of(pid)
        if number is None:
            return
        width = len(str(len(draft.document.order)))
        self.replace_option_prompt_at_index(index, row(draft, number, pid, unsaved, width))

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def select_id(self, pid: str) -> bool:
        try:
            self.highlighted = self.get_option_index(pid)
        except Exception:
            return False
        self.scroll_to_highlight()
        return True


def row(draft: Draft, number: int, pid: str, unsaved: Set[str], width: int) -> Content:
    principle = draft.principles[pid]
    mark = (UNSAVED_MARK, "bold $warning") if pid in unsaved else " "
    return Content.assemble(
        (f"{number:>{width}}", "bold"),
        " ",
        mark,
        " ",
        status_badge(principle.status, short=True),
        " ",
        draft.render(principle.title) or "(untitled)",
    )
