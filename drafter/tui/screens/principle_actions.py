"""Adding, deleting and renaming a principle from the main screen: the dialogs and the calls.

A mixin of :class:`~drafter.tui.screens.main.MainScreen`, kept apart so that screen stays
readable; the work itself is ``Workspace.add_principle`` and friends, on the workspace
thread.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from textual import work

from drafter.model import is_valid_id

if TYPE_CHECKING:
    from textual.app import App

    from drafter.model import Draft
    from drafter.tui.controller import MainController


class PrincipleActions:
    """F7 add, F8 delete, F2 change the id: each asks first, then writes the files."""

    if TYPE_CHECKING:
        draft: Draft | None
        controller: MainController
        editing: bool

        app: App[Any]

        def apply_edits(self, *, refresh: bool = True) -> Awaitable[bool]: ...
        def _target(self) -> str | None: ...
        def leave_editor(self, *, apply: bool = True) -> None: ...
        async def reload(self, select: str | None = None) -> bool: ...
        def open_editor(self, pid: str) -> None: ...
        def refresh_pending(self) -> object: ...

    @work(group="dialog", exclusive=True, exit_on_error=False)
    async def action_add(self) -> None:
        from drafter.tui.screens.dialogs import TextDialog

        if self.draft is None or not await self.apply_edits():
            return
        after = self._target()
        where = (
            f"It goes after Principle {self.draft.number_of(after)}."
            if after
            else "It will be the first principle."
        )
        title = await self.app.push_screen_wait(
            TextDialog(
                "Add a principle",
                f"Title of the new principle. {where}",
                placeholder="e.g. Right to know one's origins",
                ok="Add",
            )
        )
        if not title:
            return
        try:
            principle = await self.controller.blocking(
                self.controller.ws.add_principle, title, after=after
            )
        except Exception as exc:
            self.controller.report(exc, "Could not add the principle")
            return
        await self.reload(select=principle.id)
        self.open_editor(principle.id)
        self.refresh_pending()

    @work(group="dialog", exclusive=True, exit_on_error=False)
    async def action_delete(self) -> None:
        from drafter.tui.screens.dialogs import ConfirmDialog

        pid = self._target()
        if self.draft is None or pid is None or not await self.apply_edits():
            return
        number = self.draft.number_of(pid)
        title = self.draft.principles[pid].title
        sure = await self.app.push_screen_wait(
            ConfirmDialog(
                "Delete a principle",
                f"Delete Principle {number} “{title}”?\n\n"
                "The principles after it move up one number. Saved revisions keep it: "
                "you can still see it in the history.",
                yes="Delete",
                no="Keep it",
                danger=True,
            )
        )
        if not sure:
            return
        order = [p for p in self.draft.document.order if p in self.draft.principles]
        index = order.index(pid) if pid in order else 0
        after = order[index + 1 :] + order[:index][::-1]
        neighbour = after[0] if after else None
        if self.editing:
            self.leave_editor(apply=False)
        try:
            await self.controller.blocking(self.controller.ws.delete_principle, pid)
            self.controller.journal_writer.discard(pid)
        except Exception as exc:
            self.controller.report(exc, "Could not delete the principle")
        self.app.notify(f"Principle {number} “{title}” was deleted (not saved yet).", markup=False)
        await self.reload(select=neighbour)
        self.refresh_pending()

    @work(group="dialog", exclusive=True, exit_on_error=False)
    async def action_rename(self) -> None:
        from drafter.tui.screens.dialogs import TextDialog

        pid = self._target()
        if self.draft is None or pid is None or not await self.apply_edits():
            return
        taken = set(self.draft.principles) - {pid}

        def check(value: str) -> str | None:
            if not is_valid_id(value):
                return "Use lower-case letters, digits and hyphens, e.g. right-to-identity."
            if value in taken:
                return f"Another principle already has the id {value}."
            return None

        new = await self.app.push_screen_wait(
            TextDialog(
                "Change the principle's id",
                f"The id names the file of Principle {self.draft.number_of(pid)} and is what "
                "cross-references point to. References in other principles are updated.",
                value=pid,
                ok="Rename",
                check=check,
            )
        )
        if not new or new == pid:
            return
        was_editing = self.editing
        if self.editing:
            self.leave_editor()
        try:
            rewritten = await self.controller.blocking(
                self.controller.ws.rename_principle, pid, new
            )
            self.controller.journal_writer.discard(pid)
        except Exception as exc:
            self.controller.report(exc, "Could not rename")
            return
        await self.reload(select=new)
        refs = f"{rewritten} other principle{'s' if rewritten != 1 else ''}"
        self.app.notify(f"The id is now {new}; references in {refs} were updated.", markup=False)
        if was_editing:
            self.open_editor(new)
        self.refresh_pending()
