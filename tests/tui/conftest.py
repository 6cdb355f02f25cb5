"""A small workspace with fixed authors and dates, and helpers to drive the app."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from drafter import store
from drafter.history import Identity
from drafter.model import Document, Meeting, Principle
from drafter.tui.app import DrafterApp, make_app
from drafter.workspace import Workspace

WHEN = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
ANA = Identity("Ana Lawyer", "ana@example.org")
BEN = Identity("Ben Social", "ben@example.org")
SIZE = (100, 30)

PRINCIPLES = (
    Principle(
        id="best-interests",
        title="Best interests of the child",
        status="agreed",
        text="The best interests of the child shall be a primary consideration.",
    ),
    Principle(
        id="non-discrimination",
        title="Non-discrimination",
        status="under-discussion",
        text="No child shall suffer discrimination because of the circumstances of birth.",
        items=("on grounds of the surrogacy arrangement;", "on grounds of parentage."),
    ),
    Principle(
        id="identity",
        title="Right to identity",
        status="draft",
        text="The child has the right to an identity, as set out in [[principle:best-interests]].",
        commentary="See the Convention, articles 7 and 8.",
    ),
    Principle(
        id="records",
        title="Preservation of records",
        status="bracketed",
        text="[States shall] keep records of the child's origins.",
    ),
)


def build_small(root: Path) -> Workspace:
    """Four principles, one closed meeting (Rome) and one save after it; fixed dates."""
    ws = Workspace.create(root)
    for p in PRINCIPLES:
        ws.write_principle(p)
    ws.write_document(
        Document(title="Principles on children's rights", order=tuple(p.id for p in PRINCIPLES))
    )
    paths = (store.DOCUMENT_FILE, store.PRINCIPLES_DIR, store.MEETINGS_DIR, ".gitignore")
    ws.save("First draft", author=ANA, when=WHEN, paths=paths)
    rome = Meeting(
        id="2024-03-rome",
        name="Experts' Group meeting",
        place="Rome, Italy",
        start=date(2024, 3, 4),
        end=date(2024, 3, 6),
    )
    ws.open_meeting(rome, author=ANA, when=WHEN + timedelta(days=3))
    p = PRINCIPLES[0]
    ws.write_principle(
        Principle(
            id=p.id,
            title=p.title,
            status=p.status,
            text="The best interests of the child shall be the primary consideration.",
        )
    )
    ws.save("Strengthen Principle 1", author=BEN, when=WHEN + timedelta(days=4))
    ws.close_meeting(author=ANA, when=WHEN + timedelta(days=5))
    records = PRINCIPLES[3]
    ws.write_principle(
        Principle(
            id=records.id,
            title=records.title,
            status="under-discussion",
            text="States shall keep records of the child's origins for at least 75 years.",
        )
    )
    ws.save("Settle the records principle", author=BEN, when=WHEN + timedelta(days=10))
    return ws


@pytest.fixture(scope="session")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: every test gets a copy (git history included), which is much faster."""
    root = tmp_path_factory.mktemp("template") / "ws"
    build_small(root)
    return root


@pytest.fixture
def small(small_template: Path, tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(small_template, root, symlinks=True)
    return Workspace.open(root)


def app_for(ws: Workspace) -> DrafterApp:
    return make_app(Workspace.open(ws.root))


async def settle(pilot: Pilot[object], app: DrafterApp, *, timeout: float = 10.0) -> None:
    """Wait until the background work is done, or a dialog waits for the user.

    ``app.workers.wait_for_complete()`` alone would wait for ever on a worker that
    waits for a dialog's answer; so it races with the appearance of a dialog.
    """
    import asyncio

    from textual.screen import ModalScreen
    from textual.worker import WorkerCancelled, WorkerFailed

    async def idle() -> None:
        while True:
            # shielded: cancelling a wait on a worker would cancel the worker itself
            waiting = asyncio.ensure_future(app.workers.wait_for_complete())
            waiting.add_done_callback(lambda task: task.cancelled() or task.exception())
            try:
                await asyncio.shield(waiting)
            except (WorkerCancelled, WorkerFailed):  # replaced by a newer one, or reported
                continue
            if all(worker.is_finished for worker in app.workers):
                return

    async def dialog() -> None:
        await pilot.pause(0.02)  # a dialog being closed is still on top for a moment
        while not isinstance(app.screen, ModalScreen):
            await asyncio.sleep(0.01)

    waiting = [
        asyncio.ensure_future(idle()),
        asyncio.ensure_future(dialog()),
    ]
    _done, pending = await asyncio.wait(
        waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
    )
    for task in pending:
        task.cancel()
    await pilot.pause()


async def until(pilot: Pilot[object], condition: object, *, timeout: float = 10.0) -> None:
    """Wait until ``condition()`` is true; fail the test with a clear message otherwise."""
    for _ in range(int(timeout / 0.02)):
        if condition():  # type: ignore[operator]
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {condition}")


async def loaded(pilot: Pilot[object], app: DrafterApp) -> None:
    """Wait until the list shows the draft and the background checks are done."""
    await until(pilot, lambda: app.main is not None and app.main.draft is not None)
    await settle(pilot, app)


def list_rows(app: DrafterApp) -> list[str]:
    from drafter.tui.widgets.principle_list import PrincipleList

    plist = app.main.query_one(PrincipleList)  # type: ignore[union-attr]
    return [str(option.prompt) for option in plist.options]


def screen_text(app: DrafterApp) -> list[str]:
    """The lines of the screen as a person reads them: characters only, no colours."""
    return [strip.text for strip in app.screen._compositor.render_strips()]
