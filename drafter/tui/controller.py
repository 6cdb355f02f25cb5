"""What a screen may ask of the app: the workspace, its thread, error reports, pending edits.

Screens receive a :class:`Controller` when they are built instead of reaching into the
App: they can be tested with any object that has these few members, and the App is
free to change how it keeps the workspace, the thread and the editor.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from drafter.journal import Journal, JournalWriter
    from drafter.model import Draft
    from drafter.workspace import Workspace

T = TypeVar("T")


class Controller(Protocol):
    """The app as a screen sees it."""

    @property
    def ws(self) -> Workspace:
        """The workspace: read it only through :meth:`blocking` (files and git are slow)."""
        ...

    async def blocking(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` on the workspace thread and wait without freezing the screen.

        Calls run one at a time in the order they were made, so a write queued before a
        read is on disk when the read runs.
        """
        ...

    def report(self, exc: BaseException, what: str) -> None:
        """Show a failure as a notification a person can act on."""
        ...

    def flush_edits(self) -> Awaitable[bool]:
        """Send the editor's unwritten edit to its file (on the workspace thread).

        Returns at once; await the result to know the write succeeded. A caller that only
        reads afterwards need not wait: its own :meth:`blocking` call runs after the write.
        """
        ...

    async def ensure_identity(self) -> bool:
        """Ask for a name and e-mail the first time this computer saves; False if refused."""
        ...


class MainController(Controller, Protocol):
    """What the main screen needs besides: the journal of unsaved typing."""

    @property
    def journal(self) -> Journal:
        """The journal itself; first asked for on the workspace thread (it opens git)."""
        ...

    @property
    def journal_writer(self) -> JournalWriter:
        """Keeps typed text on disk on every change, on its own thread."""
        ...

    def take_first_draft(self) -> Draft | None:
        """The draft read before the first screen, once (None if unreadable or taken)."""
        ...


def done(value: bool) -> Awaitable[bool]:
    """An already-finished result, for :meth:`Controller.flush_edits` with nothing to do."""
    import asyncio

    future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    future.set_result(value)
    return future
