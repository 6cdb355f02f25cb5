"""The diff engine: exact word diffs, alignment by id, statistics, and the JSON object."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter import diff_render
from drafter.diff import (
    DELETE,
    EQUAL,
    INSERT,
    compare_drafts,
    new_text,
    old_text,
    peek_title,
    reading_order,
    with_references,
    word_diff,
    words,
)
from drafter.model import Document, Draft, Principle, Translation
from drafter.store import dump_principle, parse_principle

# --------------------------------------------------------------------------- word_diff

# Letters with accents, quotes of every kind, line breaks, punctuation and cross-references:
# what a multilingual draft contains.
_ALPHABET = "aeéèêëiïoöuüçñßÆœ  \t\n\n.,;:!?'\"“”‘’«»()[]-–—/§0123456789"
_WORDS = st.sampled_from(
    ["child", "enfant", "niño", "shall", "must", "not", "État", "l’enfant", "Principle",
     "[[principle:best-interests]]", "[[principle:parentage]]", "\n\n", "\n", " ", ", ", "."]
)  # fmt: skip
texts = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=80),
    st.lists(_WORDS, max_size=40).map("".join),
    st.text(max_size=40),  # anything at all, astral characters and private-use ones included
)


def _check_pieces(old: str, new: str) -> list[tuple[str, str]]:
    pieces = word_diff(old, new)
    assert old_text(pieces) == old
    assert new_text(pieces) == new
    assert all(op in (EQUAL, INSERT, DELETE) and text for op, text in pieces)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(pieces)), pieces
    return pieces


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=texts, new=texts)
def test_joining_pieces_rebuilds_both_texts_exactly(old: str, new: str) -> None:
    _check_pieces(old, new)


@settings(max_examples=150, deadline=None)
@given(base=st.lists(_WORDS, min_size=1, max_size=60), edits=st.lists(_WORDS, max_size=5))
def test_a_small_edit_of_a_long_text_rebuilds_exactly(base: list[str], edits: list[str]) -> None:
    old = "".join(base)
    cut = len(base) // 2
    new = "".join(base[:cut] + edits + base[cut + 1 :])
    _check_pieces(old, new)


def test_empty_fields() -> None:
    assert word_diff("", "") == []
    assert word_diff("", "New text.") == [(INSERT, "New text.")]
    assert word_diff("Old text.", "") == [(DELETE, "Old text.")]
    assert word_diff("Same.", "Same.") == [(EQUAL, "Same.")]


def test_changes_are_whole_words() -> None:
    assert word_diff("The child shall be registered.", "The child must be registered.") == [
        (EQUAL, "The child "),
        (DELETE, "shall"),
        (INSERT, "must"),
        (EQUAL, " be registered."),
    ]
    # a character diff would keep the shared "re" of "registered"/"recorded"
    assert word_diff("registered", "recorded") == [(DELETE, "registered"), (INSERT, "recorded")]


def test_accented_words_are_single_words() -> None:
    pieces = word_diff("L'État protège l'enfant né.", "L'État protège l'enfant née.")
    assert (DELETE, "né") in pieces
    assert (INSERT, "née") in pieces


def test_semantic_cleanup_joins_a_rewritten_phrase() -> None:
    pieces = word_diff("The cat sat on the mat.", "A dog sat on the mat.")
    assert pieces[:2] == [(DELETE, "The cat"), (INSERT, "A dog")]


def test_a_cross_reference_changes_as_one_word() -> None:
    pieces = word_diff("See [[principle:parentage]].", "See [[principle:nationality]].")
    assert (DELETE, "[[principle:parentage]]") in pieces
    assert (INSERT, "[[principle:nationality]]") in pieces
    assert words("See [[principle:parentage]] now") == 3


def test_long_rewritten_texts_stay_exact() -> None:
    old = "\n\n".join(f"Paragraph {n}: the State shall protect child {n}." for n in range(300))
    new = "\n\n".join(
        f"Paragraph {n}: the State must protect every child {n * 7 % 300}."
        for n in range(0, 300, 2)
    )
    _check_pieces(old, new)


def test_words_counts_words_not_punctuation() -> None:
    assert words("") == 0
    assert words("The child's right — to a name.") == 7
    assert words("Décret n° 2014-1") == 4  # "°" and "-" are not words


# --------------------------------------------------------------------------- alignment


def _draft(
    *principles: Principle, order: tuple[str, ...] | None = None, preamble: str = ""
) -> Draft:
    doc = Document(title="T", preamble=preamble, order=order or tuple(p.id for p in principles))
    return Draft(document=doc, principles={p.id: p for p in principles})


A = Principle(id="best-interests", title="Best interests", text="The child comes first.")
B = Principle(id="parentage", title="Legal parentage", text="The child shall have parents.")
C = Principle(id="nationality", title="Nationality", text="Every child has a nationality.")


def _summary(old: Draft, new: Draft) -> list[tuple[str, str, int | None, int | None]]:
    d = compare_drafts(old, new)
    return [(c.id, c.change, c.number_from, c.number_to) for c in d.principles]


def test_unchanged_drafts() -> None:
    d = compare_drafts(_draft(A, B), _draft(A, B))
    assert [c.change for c in d.principles] == ["unchanged", "unchanged"]
    assert d.stats.words_inserted == d.stats.words_deleted == 0
    assert all(c.fields == {} for c in d.principles)


def test_added_principle_numbers_and_words() -> None:
    d = compare_drafts(_draft(A, B), _draft(A, C, B))
    assert [(c.id, c.change, c.number_from, c.number_to) for c in d.principles] == [
        ("best-interests", "unchanged", 1, 1),
        ("nationality", "added", None, 2),
        ("parentage", "moved", 2, 3),
    ]
    added = d.principles[1]
    assert added.title_from is None and added.title_to == "Nationality"
    assert added.fields["text"] == [(INSERT, C.text)]
    assert added.fields["status"] == [(INSERT, "draft")]
    assert d.stats.added == 1 and d.stats.moved == 1
    assert d.stats.words_inserted == words("Nationality") + words("draft") + words(C.text)


def test_removed_principle_stays_where_it_stood() -> None:
    assert _summary(_draft(A, C, B), _draft(A, B)) == [
        ("best-interests", "unchanged", 1, 1),
        ("nationality", "removed", 2, None),
        ("parentage", "moved", 3, 2),
    ]
    # each removed id follows the nearest surviving id before it in the old order
    assert reading_order(("x", "a", "y", "b", "z"), ("b", "a")) == ["x", "b", "z", "a", "y"]


def test_a_move_is_a_move_not_a_deletion_and_an_insertion() -> None:
    d = compare_drafts(_draft(A, B, C), _draft(C, A, B))
    assert [(c.id, c.change, c.number_from, c.number_to) for c in d.principles] == [
        ("nationality", "moved", 3, 1),
        ("best-interests", "moved", 1, 2),
        ("parentage", "moved", 2, 3),
    ]
    assert d.stats.words_inserted == d.stats.words_deleted == 0
    assert all(not c.fields for c in d.principles)


def test_modified_and_moved() -> None:
    b2 = replace(B, text="The child must have parents.")
    d = compare_drafts(
        _draft(A, B),
        _draft(B.__class__(**{**b2.__dict__}), A, order=("parentage", "best-interests")),
    )
    change = d.principles[0]
    assert (change.id, change.change, change.number_from, change.number_to) == (
        "parentage", "modified", 2, 1
    )  # fmt: skip
    assert change.renumbered
    assert change.fields == {
        "text": [
            (EQUAL, "The child "),
            (DELETE, "shall"),
            (INSERT, "must"),
            (EQUAL, " have parents."),
        ]
    }
    assert diff_render.heading_parts(d, change) == (
        "Principle 2 → 1",
        "Legal parentage",
        "modified, moved",
    )


def test_a_split_principle_is_one_removal_and_two_additions() -> None:
    part1 = Principle(id="parentage-recognition", title="Recognition", text="The child shall.")
    part2 = Principle(id="parentage-procedure", title="Procedure", text="have parents.")
    d = compare_drafts(_draft(A, B), _draft(A, part1, part2))
    assert [(c.id, c.change) for c in d.principles] == [
        ("best-interests", "unchanged"),
        ("parentage", "removed"),
        ("parentage-recognition", "added"),
        ("parentage-procedure", "added"),
    ]
    assert (d.stats.added, d.stats.removed, d.stats.modified) == (2, 1, 0)


def test_retitled_principle() -> None:
    d = compare_drafts(_draft(A, B), _draft(A, replace(B, title="Legal parenthood")))
    change = d.principles[1]
    assert change.change == "modified"
    assert (change.title_from, change.title_to) == ("Legal parentage", "Legal parenthood")
    assert change.fields == {
        "title": [(EQUAL, "Legal "), (DELETE, "parentage"), (INSERT, "parenthood")]
    }


def test_items_status_commentary_tags_and_translations() -> None:
    old = replace(
        B,
        items=("first", "second"),
        translations={"fr": Translation(title="Filiation", text="L'enfant a des parents.")},
    )
    new = replace(
        B,
        status="agreed",
        items=("first", "second, amended", "third"),
        commentary="Why.",
        tags=("identity",),
        translations={
            "fr": Translation(title="Filiation", text="L'enfant doit avoir des parents."),
            "es": Translation(title="Filiación"),
        },
    )
    fields = compare_drafts(_draft(old), _draft(new)).principles[0].fields
    assert set(fields) == {
        "status", "items", "commentary", "tags", "translations.es.title", "translations.fr.text"
    }  # fmt: skip
    assert old_text(fields["items"]) == "first\nsecond"
    assert new_text(fields["items"]) == "first\nsecond, amended\nthird"
    assert fields["status"] == [(DELETE, "draft"), (INSERT, "agreed")]
    assert fields["translations.es.title"] == [(INSERT, "Filiación")]
    assert new_text(fields["translations.fr.text"]) == "L'enfant doit avoir des parents."


def test_preamble_change() -> None:
    d = compare_drafts(
        _draft(A, preamble="Recalling the Convention."),
        _draft(A, preamble="Recalling the Convention and its Protocols."),
    )
    assert (
        d.preamble is not None
        and new_text(d.preamble) == "Recalling the Convention and its Protocols."
    )
    assert d.stats.words_inserted == 3
    assert json.loads(diff_render.render_json(d))["document"] == {
        "preamble": [list(p) for p in d.preamble]
    }


def test_references_are_numbered_as_in_each_revision() -> None:
    pieces = word_diff(
        "See [[principle:parentage]] and [[principle:x]].", "See [[principle:parentage]]."
    )
    shown = with_references(pieces, {"parentage": 2, "x": 3}, {"parentage": 5})
    assert shown == [
        (EQUAL, "See "),
        (DELETE, "Principle 2 and Principle 3"),
        (INSERT, "Principle 5"),
        (EQUAL, "."),
    ]


# --------------------------------------------------------------------------- JSON


def test_json_has_exactly_the_documented_shape() -> None:
    b2 = replace(B, text="The child must have parents.")
    d = compare_drafts(
        _draft(A, B, C), _draft(C, b2), from_label="2017-05-verona", to_label="working"
    )
    data = json.loads(diff_render.render_json(d))
    assert list(data) == ["from", "to", "principles", "stats"]
    assert (data["from"], data["to"]) == ("2017-05-verona", "working")
    assert data["stats"] == {
        "added": 0, "removed": 1, "modified": 1, "moved": 1,
        "words_inserted": 1, "words_deleted": 1 + words(A.title) + words(A.text) + 1,
    }  # fmt: skip
    by_id = {p["id"]: p for p in data["principles"]}
    assert [p["id"] for p in data["principles"]] == ["best-interests", "nationality", "parentage"]
    assert by_id["nationality"] == {
        "id": "nationality", "change": "moved", "number_from": 3, "number_to": 1,
        "title_from": "Nationality", "title_to": "Nationality", "fields": {},
    }  # fmt: skip
    assert by_id["parentage"]["fields"] == {
        "text": [
            ["equal", "The child "],
            ["delete", "shall"],
            ["insert", "must"],
            ["equal", " have parents."],
        ]
    }
    removed = by_id["best-interests"]
    assert (removed["change"], removed["number_from"], removed["number_to"]) == ("removed", 1, None)
    assert removed["title_to"] is None
    for entry in data["principles"]:
        if "fields" in entry:
            assert set(entry) == {
                "id",
                "change",
                "number_from",
                "number_to",
                "title_from",
                "title_to",
                "fields",
            }


def test_json_unchanged_principles_have_no_fields() -> None:
    data = json.loads(diff_render.render_json(compare_drafts(_draft(A), _draft(A))))
    assert data["principles"] == [
        {"id": "best-interests", "change": "unchanged", "number_from": 1, "number_to": 1,
         "title_from": "Best interests", "title_to": "Best interests"}
    ]  # fmt: skip


# --------------------------------------------------------------------------- text and markdown


def _sample_diff():  # type: ignore[no-untyped-def]
    b2 = replace(B, text="The child must have parents, as [[principle:nationality]] says.")
    b1 = replace(B, text="The child shall have parents, as [[principle:nationality]] says.")
    return compare_drafts(
        _draft(A, b1, C), _draft(C, A, b2), from_label="verona", to_label="working"
    )


def test_text_output_without_a_terminal() -> None:
    out = diff_render.render_text(_sample_diff())
    assert "\x1b[" not in out
    assert "Principle 2 → 3 — Legal parentage   (modified, moved)" in out
    # the reference reads as numbered on each side: nationality was 3, is now 1
    assert (
        "  text: The child [-shall-]{+must+} have parents, as [-Principle 3-]{+Principle 1+} says."
        in out
    )
    assert "Principle 3 → 1 — Nationality   (moved)" in out
    assert out.rstrip().endswith(
        "3 principles changed: 0 added, 0 removed, 1 modified, 2 moved; 1 word inserted, 1 deleted"
    )


def test_text_output_in_colour() -> None:
    out = diff_render.render_text(_sample_diff(), color=True)
    assert "\x1b[31;9mshall\x1b[0m\x1b[32;4mmust\x1b[0m" in out
    assert "[-" not in out


def test_markdown_output() -> None:
    out = diff_render.render_markdown(_sample_diff())
    assert out.startswith("## Changes from verona to working\n")
    assert "### Principle 2 → 3 — Legal parentage (modified, moved)" in out
    assert (
        "> The child ~~shall~~**must** have parents, as ~~Principle 3~~**Principle 1** says." in out
    )


def test_stat_output() -> None:
    out = diff_render.render_stat(_sample_diff())
    lines = out.splitlines()
    assert any(
        line.split()[:5] == ["Principle", "2", "→", "3", "Legal"] and "+1 -1" in line
        for line in lines
    )
    assert "moved" in out
    assert "|" in diff_render.render_stat(_sample_diff(), markdown=True)


def test_long_unchanged_stretches_are_elided_in_text() -> None:
    long_old = " ".join(f"word{n}" for n in range(100)) + " shall end."
    long_new = " ".join(f"word{n}" for n in range(100)) + " must end."
    d = compare_drafts(_draft(replace(A, text=long_old)), _draft(replace(A, text=long_new)))
    out = diff_render.render_text(d)
    assert "word5 " not in out
    assert "… word90" in out and "[-shall-]{+must+}" in out


# --------------------------------------------------------------------------- title peeking


@pytest.mark.parametrize(
    "title",
    ["Best interests", "2017", "yes", "null", "", "A: b", "Title # not a comment", "'quoted'",
     "- dash", "Ünïcödé — title", "Trailing:", "[brackets]", "{braces}", "#hash", "a\nb",
     "tab\tinside", "  leading spaces"],
)  # fmt: skip
def test_peeked_titles_agree_with_the_parser(title: str) -> None:
    data = dump_principle(Principle(id="p", title=title)).encode()
    peeked = peek_title(data)
    assert peeked is None or peeked == parse_principle("principles/p.yaml", data).title


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=30))
def test_peeked_titles_never_disagree(title: str) -> None:
    data = dump_principle(Principle(id="p", title=title)).encode()
    peeked = peek_title(data)
    assert peeked is None or peeked == parse_principle("principles/p.yaml", data).title


def test_hand_written_titles_fall_back_to_the_parser() -> None:
    assert peek_title(b"id: p\ntitle: Long title\n  continued here\n") is None
    assert peek_title(b"id: p\ntitle: Plain # comment\n") is None
    assert peek_title(b"id: p\ntitle: Plain title\ntext: x\n") == "Plain title"


# --------------------------------------------------------------------------- fast document


@pytest.mark.parametrize(
    "document",
    [
        Document(title="T", order=("a", "b-2", "c")),
        Document(title="T", order=()),
        Document(
            title="Principles: a title",
            language="fr",
            translations=("en", "es"),
            preamble="Line one.\n\nLine two: with - dash\n- not an item",
            order=tuple(f"article-{n}" for n in range(500)),
            current_meeting="2017-05-verona",
        ),
    ],
)
def test_fast_document_reading_equals_the_parser(document: Document) -> None:
    from drafter.quick_read import fast_document
    from drafter.store import dump_document, parse_document

    data = dump_document(document).encode()
    fast = fast_document(data)
    assert fast is None or fast == parse_document("drafter.yaml", data)
    if document.order:
        assert fast == document


def test_fast_document_reading_leaves_odd_files_to_the_parser() -> None:
    from drafter.quick_read import fast_document

    assert fast_document(b"title: T\norder:\n- a\n- a\n") is None  # duplicate
    assert fast_document(b"title: T\norder:\n- a\n- Bad_Id\n") is None
    assert fast_document(b"title: T\norder:\n- a\n  # indented comment\n") is None
    assert fast_document(b"title: T\nbogus: 1\norder:\n- a\n") is None


def test_markdown_falls_back_to_html_where_emphasis_would_not_render() -> None:
    d = compare_drafts(
        _draft(replace(A, text="health professionals and others")),
        _draft(replace(A, text="health professionals, intermediaries and others")),
    )
    out = diff_render.render_markdown(d)
    assert "> health professionals<ins>, intermediaries</ins> and others" in out


def test_a_rewritten_paragraph_is_one_replacement() -> None:
    old = " ".join(f"alpha{n}" for n in range(80)) + " the end"
    new = " ".join(f"beta{n}" for n in range(90)) + " the end"
    pieces = _check_pieces("Keep. " + old, "Keep. " + new)
    assert pieces[0] == (EQUAL, "Keep. ")
    assert [op for op, _ in pieces] == [EQUAL, DELETE, INSERT, EQUAL]
