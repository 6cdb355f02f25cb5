"""Real material: the Contributor Covenant, whose French and Spanish lag behind the English.

Version 2.0 is imported in English with its French and Spanish translations (one
principle per section, sections aligned by position), saved as a meeting; then the
English of 2.1 replaces the source, translations untouched; then the translators' own
2.1 versions arrive. Which translations are stale at each step is what the real
translators' histories say.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from drafter.history import meeting_tag
from drafter.model import Document, Principle, Translation
from drafter.workspace import Workspace
from tests.conftest import run_cli
from tests.corpus import CORPUS, parse_covenant

COVENANT = CORPUS / "contributor-covenant"
pytestmark = pytest.mark.skipif(not COVENANT.exists(), reason="the shared corpus is not here")


def _version(version: str) -> tuple[list[Principle], dict[str, list[Principle]]]:
    _, english = parse_covenant(COVENANT / "en" / f"{version}.txt")
    others = {lang: parse_covenant(COVENANT / lang / f"{version}.txt")[1] for lang in ("fr", "es")}
    for sections in others.values():
        assert len(sections) == len(english)
    return english, others


def _translated(p: Principle, lang: str, section: Principle) -> Principle:
    tr = Translation(title=section.title, text=section.text, items=section.items)
    return replace(p, translations={**p.translations, lang: tr})


def _states(ws: Workspace) -> dict[str, dict[str, object]]:
    result = run_cli("-C", str(ws.root), "translations", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["translations"]
    return {f"{r['principle']}/{r['lang']}": r for r in rows}


def _stale(ws: Workspace) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, r in _states(ws).items():
        if r["state"] == "stale":
            pid, lang = key.split("/")
            found.setdefault(lang, []).append(pid)
    return found


@pytest.fixture(scope="module")
def covenant(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    from tests.conftest import use_private_git

    with pytest.MonkeyPatch.context() as mp:
        use_private_git(tmp_path_factory.mktemp("home"), mp)
        ws = Workspace.init(tmp_path_factory.mktemp("cov") / "ws", "Contributor Covenant")
        english, others = _version("2.0")
        for i, p in enumerate(english):
            for lang, sections in others.items():
                p = _translated(p, lang, sections[i])
            ws.write_principle(p)
        ws.write_document(
            Document(
                title="Contributor Covenant Code of Conduct",
                translations=("fr", "es"),
                order=tuple(p.id for p in english),
            )
        )
        ws.save("Version 2.0 in three languages")
        ws.history.tag(meeting_tag("v2-0"), "Version 2.0")
        yield ws


def test_translated_together_everything_is_current(covenant: Workspace) -> None:
    assert _stale(covenant) == {}
    assert {r["state"] for r in _states(covenant).values()} == {"current"}


def test_the_english_of_2_1_makes_exactly_the_changed_sections_stale(covenant: Workspace) -> None:
    english, _ = _version("2.1")
    draft = covenant.draft()
    for p in english:
        before = draft.principles[p.id]
        covenant.write_principle(replace(before, title=p.title, text=p.text, items=p.items))
    covenant.save("English 2.1")
    stale = _stale(covenant)
    # 2.1 added caste and colour, fixed a double space and points at version 2.1;
    # re-wrapped lines (most of the diff between the two files) change no words
    assert stale == {
        "fr": ["our-pledge", "4-permanent-ban", "attribution"],
        "es": ["our-pledge", "4-permanent-ban", "attribution"],
    }
    states = _states(covenant)
    pledge = states["our-pledge/fr"]["fields"]["text"]  # type: ignore[index]
    assert pledge["state"] == "stale"
    assert ["insert", "caste, color, "] in pledge["source_diff"]
    assert states["our-pledge/fr"]["fields"]["title"]["state"] == "current"  # type: ignore[index]
    assert states["our-standards/es"]["state"] == "current"

    # the translators' 2.1: French reworded the pledge and attribution, Spanish the pledge,
    # the standards and the attribution; neither touched the permanent ban, still stale
    _, others = _version("2.1")
    draft = covenant.draft()
    for i, pid in enumerate(draft.document.order):
        p = draft.principles[pid]
        for lang, sections in others.items():
            section = sections[i]
            old = p.translations[lang]
            if (section.title, section.text, section.items) != (old.title, old.text, old.items):
                p = _translated(p, lang, section)
        covenant.write_principle(p)
    assert _stale(covenant) == {"fr": ["4-permanent-ban"], "es": ["4-permanent-ban"]}
    text = run_cli("-C", str(covenant.root), "translations", "--lang", "fr").stdout
    assert "fr: 10 current, 1 stale, 0 missing (of 11 principles)" in text
    assert "sustained inappropriate behavior,[-  -]{+ +}harassment of an individual" in text
