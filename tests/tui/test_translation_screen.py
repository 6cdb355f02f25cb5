"""Translations in the editor: badges in the list, the side-by-side view, confirm, reading."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import Label, Static, TextArea

from drafter.model import Translation
from drafter.translations import translation_state
from drafter.tui.screens.reading import ReadingScreen
from drafter.tui.screens.translation import TranslationScreen, source_content
from drafter.workspace import Workspace
from tests.tui.conftest import SIZE, app_for, list_rows, loaded, settle, until

FR_TEXT = "L'intérêt supérieur de l'enfant doit être une considération primordiale."


@pytest.fixture
def translated(small: Workspace) -> Workspace:
    return make_translated(small)


def make_translated(small: Workspace) -> Workspace:
    """Principle 1 translated into French (then its English re-worded: stale); no Spanish."""
    small.write_document(replace(small.document(), translations=("fr", "es")))
    _, p = small.principle("best-interests")
    fr = Translation(title="Intérêt supérieur de l'enfant", text=FR_TEXT)
    small.write_principle(replace(p, translations={"fr": fr}))
    small.save("French translation")
    _, p = small.principle("best-interests")
    small.write_principle(replace(p, text=p.text.replace("the primary", "a primary")))
    return small


def _label(screen: TranslationScreen, name: str) -> str:
    return str(screen.query_one(f"#tr-label-{name}", Label).render())


async def test_the_list_shows_a_badge_per_language(translated: Workspace) -> None:
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        rows = list_rows(app)
        assert "f!e–" in rows[0]  # French stale, Spanish missing
        assert "f–e–" in rows[1]
        assert "Best interests of the child" in rows[0]


async def test_the_preview_says_the_badges_in_words(translated: Workspace) -> None:
    """``f!e–`` in the list; beside it, the highlighted principle's translations in words."""
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        preview = str(app.main.query_one("#preview", Static).render())
        assert "!  Out of date (the English changed): French" in preview
        assert "–  Not translated yet: Spanish" in preview
        await pilot.press("down")
        preview = str(app.main.query_one("#preview", Static).render())
        assert "Not translated yet: French, Spanish" in preview
        assert "Out of date" not in preview


async def test_f10_shows_source_beside_translation_with_the_change_marked(
    translated: Workspace,
) -> None:
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, TranslationScreen))
        screen = app.screen
        await until(pilot, lambda: screen.row is not None)
        heading = str(screen.query_one("#tr-heading", Label).render())
        assert heading == ("Principle 1 — Best interests of the child   English → French · stale")
        assert "current" in _label(screen, "title")
        assert "stale" in _label(screen, "text") and "changed since (marked)" in _label(
            screen, "text"
        )
        assert screen.query_one("#tr-target-text", TextArea).text == FR_TEXT
        assert app.focused is screen.query_one("#tr-target-text")  # the stale field first
        source = str(screen.query_one("#tr-source-text", Static).render())
        assert "shall be thea primary consideration" in source  # deleted, then inserted
        # the fields a principle does not have are not shown
        assert not screen.query_one("#tr-row-items").display


def test_the_change_is_marked_with_styles() -> None:
    from drafter.model import Document, Draft, Principle

    draft = Draft(Document(title="T", order=("a",)), {"a": Principle(id="a", title="A")})
    pieces = (("equal", "shall be "), ("delete", "the"), ("insert", "a"), ("equal", " rule"))
    content = source_content(draft, draft.principles["a"], "text", pieces)
    styled = {content.plain[s.start : s.end]: str(s.style) for s in content.spans}
    assert "strike" in styled["the"] and "underline" in styled["a"]


async def test_editing_the_translation_in_place_makes_it_current(translated: Workspace) -> None:
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, TranslationScreen))
        screen = app.screen
        await until(pilot, lambda: screen.row is not None)
        area = screen.query_one("#tr-target-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("backspace", *" (révisé).")
        await pilot.pause()
        assert "edited" in _label(screen, "text")
        await pilot.press("escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, TranslationScreen)
        await until(pilot, lambda: "f✓e–" in list_rows(app)[0])
    _, p = translated.principle("best-interests")
    assert p.translations["fr"].text.endswith("considération primordiale (révisé).")
    assert translation_state(p, "fr").state == "current"


async def test_f10_in_a_field_confirms_it_without_changing_the_words(
    translated: Workspace,
) -> None:
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, TranslationScreen))
        screen = app.screen
        await until(pilot, lambda: screen.row is not None)
        screen.query_one("#tr-target-text", TextArea).focus()
        await pilot.press("f10")
        await settle(pilot, app)
        await until(pilot, lambda: "current" in _label(screen, "text"))
        assert "· current" in str(screen.query_one("#tr-heading", Label).render())
    _, p = translated.principle("best-interests")
    assert p.translations["fr"].text == FR_TEXT
    assert translation_state(p, "fr").state == "current"


async def test_ctrl_t_switches_language_and_missing_fields_are_empty(
    translated: Workspace,
) -> None:
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, TranslationScreen))
        screen = app.screen
        await pilot.press("ctrl+t")
        await until(pilot, lambda: screen.row is not None and screen.lang == "es")
        assert "English → Spanish · missing" in str(screen.query_one("#tr-heading").render())
        assert screen.query_one("#tr-target-title", TextArea).text == ""
        assert "missing" in _label(screen, "title")
        await pilot.press("ctrl+pagedown")
        await until(pilot, lambda: screen.pid == "non-discrimination" and screen.row is not None)
        assert screen.query_one("#tr-row-items").display  # this one has lettered items


async def test_reading_the_whole_draft_in_french_then_spanish(translated: Workspace) -> None:
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        screen = app.screen
        heading = str(screen.query_one("#tr-heading", Label).render())
        assert heading == "Reading in French — 0 current, 1 stale, 3 not (fully) translated"
        text = screen.text()
        assert "Principle 1 — Intérêt supérieur de l'enfant" in text
        assert "[text: the English changed since]" in text
        assert "Principle 2 — Non-discrimination\n[not translated yet: shown in English]" in text
        await pilot.press("ctrl+t")
        assert "Reading in Spanish" in str(screen.query_one("#tr-heading", Label).render())
        await pilot.press("ctrl+t")
        assert str(screen.query_one("#tr-heading", Label).render()) == "Reading in English"
        assert "Intérêt" not in screen.text() and "Principle 4 — Preservation" in screen.text()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReadingScreen)


async def test_without_translation_languages_f10_says_how_to_add_them(small: Workspace) -> None:
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        assert "f–" not in list_rows(app)[0]  # no badges at all
        await pilot.press("f10")
        await pilot.pause()
        assert not isinstance(app.screen, TranslationScreen)
        notes = [text for _severity, text in app.notices]
        assert any("translations: [fr, es]" in n for n in notes)


async def test_the_palette_offers_both_actions(translated: Workspace) -> None:
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Translate the principle" in titles
        assert "Read the draft in another language" in titles


async def test_editing_the_english_in_the_editor_makes_its_translation_stale(
    translated: Workspace,
) -> None:
    from drafter.translations import confirm

    _, p = translated.principle("best-interests")
    translated.write_principle(confirm(p, "fr")[0])  # French current to begin with
    translated.save("French confirmed")
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        assert "f✓e–" in list_rows(app)[0]
        await pilot.press("enter")
        await pilot.pause()
        app.focused.move_cursor(app.focused.document.end)
        await pilot.press(*" In every case.")
        await pilot.press("escape")
        await settle(pilot, app)
        await until(pilot, lambda: "f!e–" in list_rows(app)[0])
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, TranslationScreen))
        screen = app.screen
        await until(pilot, lambda: screen.row is not None)
        assert "stale" in _label(screen, "text")
        assert "consideration. In every case." in str(
            screen.query_one("#tr-source-text", Static).render()
        )
        assert screen.row.fields["text"].source_diff[-1] == ("insert", " In every case.")


async def test_a_pause_in_typing_writes_the_translation_and_ctrl_s_saves_it(
    translated: Workspace,
) -> None:
    from textual.widgets import Input

    from tests.conftest import git

    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, TranslationScreen))
        screen = app.screen
        await until(pilot, lambda: screen.row is not None)
        area = screen.query_one("#tr-target-title", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*" (révisé)")
        await until(
            pilot,
            lambda: "(révisé)" in (translated.root / "principles/best-interests.yaml").read_text(),
        )
        await until(pilot, lambda: "current" in _label(screen, "title"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.query("#answer"))
        assert "Best interests" in app.screen.query_one("#answer", Input).value
        await pilot.press("enter")
        await settle(pilot, app)
    assert "(révisé)" in git(translated.root, "show", "HEAD:principles/best-interests.yaml")


async def test_a_long_draft_is_drawn_as_the_reader_scrolls(small: Workspace) -> None:
    from drafter.model import Principle
    from drafter.tui.screens.reading import BATCH, ReadingPane

    ids = tuple(f"article-{n}" for n in range(1, 2 * BATCH + 6))
    for pid in ids:
        small.write_principle(
            Principle(id=pid, title=f"Article {pid[8:]}", text="Words. " * 30, translations={
                "fr": Translation(title=f"Article {pid[8:]} (fr)", text="Mots. " * 30)
            })
        )  # fmt: skip
    small.write_document(replace(small.document(), order=ids, translations=("fr",)))
    app = app_for(small)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        screen = app.screen
        await pilot.pause()
        assert screen.shown == BATCH
        assert f"Principle {BATCH} — Article {BATCH} (fr)" in screen.text()
        assert f"Principle {BATCH + 1} —" not in screen.text()
        pane = screen.query_one(ReadingPane)
        # the reader keeps going to the end, as a person would, until nothing more appears
        # (each batch is drawn when the end is reached; a busy machine draws it later)
        for _ in range(200):
            if screen.shown == len(ids) and pane.scroll_y >= pane.max_scroll_y - 1:
                break
            await pilot.press("end")
            await pilot.pause(0.05)
        assert screen.shown == len(ids)
        assert f"Principle {len(ids)} — Article {len(ids)} (fr)" in screen.text()


async def test_looking_without_editing_changes_nothing(translated: Workspace) -> None:
    path = translated.root / "principles/best-interests.yaml"
    path.write_text(path.read_text().replace("Intérêt supérieur", "Intérêt  supérieur"))
    before = path.read_bytes()
    app = app_for(translated)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, TranslationScreen))
        await until(pilot, lambda: app.screen.row is not None)
        await pilot.press("ctrl+t", "ctrl+t", "escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, TranslationScreen)
    assert path.read_bytes() == before
    assert translation_state(translated.principle("best-interests")[1], "fr").state == "stale"
