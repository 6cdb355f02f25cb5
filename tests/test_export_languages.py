"""Exports that read as French or Spanish throughout: drafter's own words, dates, title and
preamble in the language; only the group's own records (meeting names, places) stay as
written. Read back from the Word file's paragraphs, header and footer."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from drafter import store
from drafter.merge import merge_drafts
from drafter.model import Document, DocumentText, Draft, date_range, format_date
from tests.conftest import module_demo, run_cli
from tests.unit.export_reading import paragraphs

ENGLISH_OF_DRAFTERS_OWN = re.compile(
    r"\b(Principle|Commentary|Contents|Exported on|Draft agreed|Working draft|Page \d+ of"
    r"|Meetings|Dates|Place|Under discussion|Translation pending"
    r"|January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from module_demo(tmp_path_factory)


def _export(demo: Path, tmp_path: Path, lang: str) -> Path:
    out = tmp_path / f"zurich-{lang}.docx"
    result = run_cli("-C", str(demo), "export", "2018-02-zurich", "--lang", lang, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _all_text(path: Path) -> str:
    """Body, headers and footers, as a reader of the file sees them."""
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if re.match(r"word/(header|footer)\d*\.xml", n)]
        furniture = " ".join(
            re.sub(r"<[^>]+>", " ", archive.read(n).decode("utf-8")) for n in parts
        )
    body = " ".join(text for _style, text in paragraphs(path))
    return body + " " + furniture


@pytest.mark.parametrize(
    ("lang", "title", "label", "opening"),
    [
        (
            "fr",
            "Principes pour la protection des droits des enfants nés d'une gestation pour autrui",
            "Projet adopté : Experts' Group meeting, Zurich, Switzerland, "
            "31 janvier – 2 février 2018",
            "Les présents principes énoncent les garanties minimales",
        ),
        (
            "es",
            "Principios para la protección de los derechos de los niños nacidos mediante "
            "gestación por sustitución",
            "Proyecto aprobado: Experts' Group meeting, Zurich, Switzerland, "
            "31 de enero – 2 de febrero de 2018",
            "Los presentes principios establecen las garantías mínimas",
        ),
    ],
)
def test_the_zurich_draft_in_french_and_spanish_has_no_english_of_drafters_own(
    demo: Path, tmp_path: Path, lang: str, title: str, label: str, opening: str
) -> None:
    path = _export(demo, tmp_path, lang)
    paras = paragraphs(path)
    texts = [text for _style, text in paras]
    assert texts[0] == title
    assert label in texts
    assert any(text.startswith(opening) for text in texts)
    # the meeting records stay as the group wrote them; drafter's own words never English
    text = _all_text(path)
    for record in ("Experts' Group meeting", "Core group meeting", "Zurich, Switzerland",
                   "London, United Kingdom", "Verona, Italy", "Geneva, Switzerland"):  # fmt: skip
        text = text.replace(record, "")
    found = sorted(set(ENGLISH_OF_DRAFTERS_OWN.findall(text)))
    assert found == [], f"English wording of drafter's own in the {lang} export: {found}"


def test_dates_are_written_in_the_language() -> None:
    assert format_date(date(2018, 2, 1), "fr") == "1er février 2018"
    assert format_date(date(2017, 5, 20), "es") == "20 de mayo de 2017"
    assert format_date(date(2017, 5, 20)) == "20 May 2017"
    assert date_range(date(2018, 1, 31), date(2018, 2, 2), "fr") == "31 janvier – 2 février 2018"
    assert date_range(date(2017, 5, 18), date(2017, 5, 20), "es") == "18–20 de mayo de 2017"
    assert date_range(date(2018, 1, 31), date(2018, 2, 2)) == "31 January 2018 – 2 February 2018"


def test_the_translated_title_and_preamble_are_kept_read_and_merged() -> None:
    text = (
        "title: Principles\nlanguage: en\ntranslations: [fr, es]\npreamble: Read as a whole.\n"
        "translated:\n  fr:\n    title: Principes\n    preamble: À lire comme un tout.\n"
        "order: []\n"
    )
    document = store.parse_document("drafter.yaml", text)
    assert document.translated == {"fr": DocumentText("Principes", "À lire comme un tout.")}
    assert store.dump_document(document) == text
    assert (document.title_in("fr"), document.title_in("es")) == ("Principes", "Principles")
    # one member translates the Spanish title while another rewords the French preamble
    ours = Document(**{**document.__dict__, "translated": {
        "fr": DocumentText("Principes", "À lire comme un ensemble."),
    }})  # fmt: skip
    theirs = Document(**{**document.__dict__, "translated": {
        **document.translated, "es": DocumentText(title="Principios"),
    }})  # fmt: skip
    merged = merge_drafts(
        Draft(document, {}), Draft(ours, {}), Draft(theirs, {})
    ).draft.document.translated
    assert merged == {
        "fr": DocumentText("Principes", "À lire comme un ensemble."),
        "es": DocumentText("Principios", ""),
    }


def test_a_bad_translated_block_is_named_with_its_line() -> None:
    text = "title: P\norder: []\ntranslated:\n  xx-!!: {title: T}\n  fr: {heading: T}\n"
    _draft, problems = store.build_draft({"drafter.yaml": text.encode()}, strict=False)
    assert [str(p) for p in problems] == [
        "drafter.yaml:4: translated: 'xx-!!' is not a language code such as fr",
        "drafter.yaml:5: unknown key 'heading' in translated 'fr' (allowed: title, preamble)",
    ]


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("fr", "Principes : 5 ajoutés, 11 modifiés. Mots insérés : "),
        ("es", "Principios: 5 añadidos, 11 modificados. Palabras insertadas: "),
    ],
)
def test_a_redline_in_french_or_spanish_speaks_that_language(
    demo: Path, tmp_path: Path, lang: str, summary: str
) -> None:
    out = tmp_path / f"redline-{lang}.docx"
    result = run_cli(
        "-C", str(demo), "export", "2018-02-zurich", "--redline-from", "2017-05-verona",
        "--lang", lang, "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    texts = [text for _style, text in paragraphs(out)]
    assert any(text.startswith(summary) for text in texts), texts[:8]
    text = _all_text(out)
    for record in ("Experts' Group meeting", "Core group meeting", "Zurich, Switzerland",
                   "Verona, Italy", "London, United Kingdom", "Geneva, Switzerland"):  # fmt: skip
        text = text.replace(record, "")
    assert sorted(set(ENGLISH_OF_DRAFTERS_OWN.findall(text))) == []


def test_the_title_page_says_how_many_principles_wait_for_their_translation(
    demo: Path, tmp_path: Path
) -> None:
    """After Zurich one principle was added in English only; the Zurich draft has none."""
    out = tmp_path / "working-fr.docx"
    result = run_cli("-C", str(demo), "export", "--lang", "fr", "-o", str(out))
    assert result.returncode == 0, result.stderr
    texts = [text for _style, text in paragraphs(out)]
    assert any(t.endswith("1 principe est en attente de traduction.") for t in texts), texts[:6]
    assert "[Traduction en attente]" in texts
    zurich = [text for _style, text in paragraphs(_export(demo, tmp_path, "fr"))]
    assert not any("en attente de traduction" in t for t in zurich)
