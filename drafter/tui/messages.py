"""Messages any screen may post to the app; the app decides which screen acts on them.

Screens never call each other: the meetings screen says the draft changed, the history
screen asks for a comparison, and :class:`~drafter.tui.app.DrafterApp` routes it.
"""

from __future__ import annotations

from textual.message import Message


class DraftChanged(Message):
    """The working files changed outside the editor (a meeting, a sync, a clash resolved).

    Handled by ``DrafterApp.on_draft_changed``: the principles are read again.
    """

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.select = select
        """The principle to show once the draft is read again (None: keep the current one)."""


class CompareRequested(Message):
    """Show what changed from revision ``a`` to ``b``; handled by ``on_compare_requested``."""

    def __init__(
        self, a: str | None = None, b: str = "working", labels: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self.a = a
        self.b = b
        self.labels = labels or {}


class ExportRequested(Message):
    """Open the export dialog for ``rev``; handled by ``on_export_requested``."""

    def __init__(
        self,
        rev: str | None = None,
        redline_from: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.rev = rev
        """None: let the dialog propose (the meeting just closed, or the working draft)."""
        self.redline_from = redline_from
        self.labels = labels or {}


class PrincipleRequested(Message):
    """Bring a principle into view on the main screen; handled by ``on_principle_requested``."""

    def __init__(self, pid: str) -> None:
        super().__init__()
        self.pid = pid


class HistoryRequested(Message):
    """Show the saved revisions; handled by ``on_history_requested``."""


class MeetingsRequested(Message):
    """Show the meetings; ``then`` ("open_meeting", "close_meeting") runs once they show."""

    def __init__(self, then: str | None = None) -> None:
        super().__init__()
        self.then = then


class SaveRequested(Message):
    """Ctrl+S from a screen with its own Ctrl+S (it wrote its edit first); ``on_save_requested``."""


class FeedbackRequested(Message):
    """Show the feedback on the selected principle; handled by ``on_feedback_requested``."""
