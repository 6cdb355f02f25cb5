"""Numbering, cross-references, ids: what a reader sees of the model."""

from __future__ import annotations

import pytest

from drafter.errors import InvalidIdError
from drafter.model import (
    Document,
    Draft,
    Principle,
    Translation,
    check_id,
    clean_text,
    item_label,
    render_references,
    slugify,
)


def make_draft(*ids: str) -> Draft:
    return Draft(
        document=Document(title="T", order=ids),
        principles={pid: Principle(id=pid, title=pid.title()) for pid in ids},
    )


def test_numbers_follow_order_and_renumber_when_order_changes() -> None:
    draft = make_draft("best-interests", "parentage", "identity")
    assert [(n, p.id) for n, p in draft.ordered()] == [
        (1, "best-interests"),
        (2, "parentage"),
        (3, "identity"),
    ]
    moved = make_draft("identity", "best-interests", "parentage")
    assert moved.number_of("identity") == 1
    assert moved.number_of("parentage") == 3
    assert moved.number_of("nowhere") is None


def test_cross_references_render_with_the_drafts_own_numbers() -> None:
    text = "See [[principle:parentage]] and [[principle:identity]]."
    assert make_draft("parentage", "identity").render(text) == "See Principle 1 and Principle 2."
    assert (
        make_draft("identity", "x", "parentage").render(text) == "See Principle 3 and Principle 1."
    )


def test_unknown_cross_reference_stays_visible() -> None:
    assert render_references("cf. [[principle:gone]]", {}) == "cf. Principle [gone?]"


@pytest.mark.parametrize(
    ("index", "label"), [(0, "(a)"), (1, "(b)"), (25, "(z)"), (26, "(aa)"), (27, "(ab)")]
)
def test_item_labels(index: int, label: str) -> None:
    assert item_label(index) == label


@pytest.mark.parametrize(
    "bad",
    ["", "-rf", "../etc", "a/b", "Upper", "a b", "x" * 65, "é", "a.yaml", ".hidden", "--force"],
)
def test_ids_that_could_become_paths_or_options_are_refused(bad: str) -> None:
    with pytest.raises(InvalidIdError):
        check_id(bad)


@pytest.mark.parametrize("good", ["a", "0", "best-interests", "2017-05-verona", "x" * 64])
def test_valid_ids(good: str) -> None:
    assert check_id(good) == good


def test_slugify_makes_unique_valid_ids_from_titles() -> None:
    assert slugify("Right to identity") == "right-to-identity"
    assert slugify("Intérêt supérieur de l'enfant") == "interet-superieur-de-l-enfant"
    assert slugify("Right to identity", {"right-to-identity"}) == "right-to-identity-2"
    assert slugify("!!!") == "principle"
    assert check_id(slugify("x" * 200)) == "x" * 56


def test_clean_text_drops_invisible_trailing_whitespace_only() -> None:
    assert clean_text("  first line  \r\nsecond\t\n\n\n") == "  first line\nsecond"


def test_localized_falls_back_to_source_fields() -> None:
    p = Principle(
        id="a", title="Title", text="Text", translations={"fr": Translation(title="Titre")}
    )
    fr = p.localized("fr")
    assert (fr.title, fr.text) == ("Titre", "Text")
    assert p.localized("es") is p
