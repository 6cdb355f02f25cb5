"""The editor as a lawyer uses it: references by picking, word-processor keys."""

from __future__ import annotations

from drafter.model import Principle
from drafter.tui.screens.reference_picker import ReferenceDialog
from drafter.tui.widgets.reference_area import ReferenceArea
from drafter.workspace import Workspace
from tests.conftest import git
from tests.tui.conftest import SIZE, app_for, loaded, settle, until

IDENTITY = "principles/identity.yaml"


def visible(area: ReferenceArea) -> str:
    """What the writer sees in the field (a no-break space looks like a space)."""
    return "\n".join(
        area.get_line(row).plain.replace("\u00a0", " ") for row in range(area.document.line_count)
    )


async def open_identity(pilot: object, app: object) -> ReferenceArea:
    await loaded(pilot, app)  # type: ignore[arg-type]
    await pilot.press("down", "down", "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    area = app.focused  # type: ignore[attr-defined]
    assert isinstance(area, ReferenceArea) and area.id == "text"
    return area


async def test_a_reference_shows_as_principle_n_never_as_syntax(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        assert visible(area) == (
            "The child has the right to an identity, as set out in Principle 1."
        )
        assert "[[" not in area.text


async def test_picking_a_reference_inserts_it_and_saves_the_id(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        await pilot.press("ctrl+end", *" See also ", "ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, ReferenceDialog))
        picker = app.screen
        rows = [str(o.prompt) for o in picker.query_one("#principles").options]
        assert rows[0].startswith("Principle 1") and "Best interests of the child" in rows[0]
        assert not any("Right to identity" in row for row in rows)  # not itself
        await pilot.press(*"records", "enter")
        await until(pilot, lambda: app.focused is area)
        assert visible(area).endswith("as set out in Principle 1. See also Principle 4")
        await pilot.press(".", "escape")
        await settle(pilot, app)
    text = (small.root / IDENTITY).read_text()
    assert "See also [[principle:records]]." in text


async def test_a_reference_is_one_unit_for_the_cursor_and_backspace(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        await pilot.press("ctrl+end", "left")  # before the full stop, after the reference
        end = area.cursor_location
        await pilot.press("left")
        assert area.cursor_location == (0, end[1] - len("Principle 1"))  # one step
        await pilot.press("right")
        assert area.cursor_location == end
        await pilot.press("backspace")
        assert visible(area) == "The child has the right to an identity, as set out in ."


async def test_typed_principle_n_is_offered_as_a_live_reference(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        await pilot.press("ctrl+end", *" Compare Principle 2")
        await pilot.pause()
        hint = str(app.main.query_one("#ref-hint").render())
        assert "“Principle 2” is typed as plain text" in hint
        assert "Ctrl+L" in hint and "Non-discrimination" in hint
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(app.screen, ReferenceDialog)
        assert visible(area).endswith("Compare Principle 2")
        await pilot.press("escape")
        await settle(pilot, app)
    assert "Compare [[principle:non-discrimination]]" in (small.root / IDENTITY).read_text()


async def test_a_broken_reference_is_underlined_and_explained(small: Workspace) -> None:
    small.write_principle(
        Principle(id="identity", title="Right to identity", text="As in [[principle:ghost]].")
    )
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        assert visible(area) == "As in Principle (missing: ghost)."
        line = area.get_line(0)
        styled = [s for s in line.spans if s.start == len("As in ")]
        assert styled and getattr(styled[0].style, "underline", False)
        hint = str(app.main.query_one("#ref-hint").render())
        assert "no longer exists" in hint
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        shown = [text for _severity, text in app.notices]
        assert any("refers to a principle that no longer exists" in m for m in shown)
        assert not any("principles/" in m or "[[" in m or ".yaml" in m for m in shown)
    assert git(small.root, "status", "--porcelain").strip() == "M principles/identity.yaml"


async def test_references_follow_a_move_while_editing(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        await pilot.press("alt+up", "alt+up")  # identity becomes Principle 1
        await pilot.pause()
        assert visible(area).endswith("as set out in Principle 2.")
        await pilot.press("escape")
        await settle(pilot, app)
    assert "[[principle:best-interests]]" in (small.root / IDENTITY).read_text()


async def test_select_all_and_replace_by_typing_then_undo(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        original = area.text
        await pilot.press("ctrl+a", *"Every child")
        assert area.text == "Every child"
        await pilot.press("ctrl+z", "ctrl+z")
        assert area.text == ""  # the typing first, a word at a time
        await pilot.press("ctrl+z")
        assert area.text == original  # then the replaced text


async def test_shift_arrows_select_and_typing_replaces(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        await pilot.press(*["shift+right"] * 9, *"Each")
        assert area.text.startswith("Each has the right")


async def test_home_end_and_ctrl_k_act_on_the_paragraph(small: Workspace) -> None:
    long = " ".join(["The child shall be heard in every matter affecting the child."] * 4)
    small.write_principle(
        Principle(id="identity", title="Right to identity", text=long + "\n\nNext.")
    )
    app = app_for(small)
    async with app.run_test(size=(80, 30)) as pilot:
        area = await open_identity(pilot, app)
        assert area.wrapped_document.height > 3  # the paragraph is wrapped on screen
        await pilot.press("end")
        assert area.cursor_location == (0, len(long))
        await pilot.press("home")
        assert area.cursor_location == (0, 0)
        await pilot.press(*["ctrl+right"] * 3, "ctrl+k")
        assert area.text == "The child shall\n\nNext."


async def test_ctrl_backspace_deletes_a_word(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        await pilot.press("ctrl+end", *" very well")
        await pilot.press("ctrl+backspace")
        assert area.text.endswith(". very ")
        await pilot.press("alt+backspace")  # where the terminal cannot send Ctrl+Backspace
        assert area.text.endswith(". ")
        await pilot.press("backspace")  # plain Backspace still deletes one character
        assert area.text.endswith(".")


async def test_undo_takes_back_a_word_at_a_time(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_identity(pilot, app)
        await pilot.press("ctrl+end", *" one two three")
        await pilot.press("ctrl+z")
        assert area.text.endswith(" one two ")
        await pilot.press("ctrl+z")
        assert area.text.endswith(" one ")
