"""The principle-level three-way merge: what each side changed survives, clashes are named."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.merge import (
    merge_drafts,
    merge_list_text,
    merge_order,
    merge_set,
    merge_text,
    word_changes,
)
from drafter.model import Document, Draft, Meeting, Principle, Translation

P1 = "In all actions concerning children, the best interests of the child shall be a primary consideration."
P2 = "States shall ensure that the child's identity is preserved."
P3 = "Intermediaries shall be licensed and supervised."
BASE_TEXT = f"{P1}\n\n{P2}\n\n{P3}"


def principle(pid: str, **fields: object) -> Principle:
    values: dict[str, object] = {"title": pid.replace("-", " ").title(), "text": f"Text of {pid}."}
    values.update(fields)
    return Principle(id=pid, **values)  # type: ignore[arg-type]


def draft(*principles: Principle, order: tuple[str, ...] | None = None, **doc: object) -> Draft:
    document = Document(title="Principles", order=order or tuple(p.id for p in principles))
    return Draft(document=replace(document, **doc), principles={p.id: p for p in principles})


# --------------------------------------------------------------------------- text


def test_edits_in_different_paragraphs_both_survive() -> None:
    ours = BASE_TEXT.replace("shall be a primary", "must be the primary")
    theirs = BASE_TEXT.replace("licensed and supervised", "licensed, registered and supervised")
    merged = merge_text(BASE_TEXT, ours, theirs)
    assert merged == (
        f"{P1.replace('shall be a primary', 'must be the primary')}\n\n{P2}\n\n"
        f"{P3.replace('licensed and', 'licensed, registered and')}"
    )


def test_edits_to_different_words_of_one_sentence_both_survive() -> None:
    merged = merge_text(
        P2, P2.replace("States", "All States"), P2.replace("preserved", "protected")
    )
    assert merged == "All States shall ensure that the child's identity is protected."


def test_changing_the_same_words_differently_is_a_clash() -> None:
    ours = P2.replace("shall ensure", "must ensure")
    theirs = P2.replace("shall ensure", "should ensure")
    assert merge_text(P2, ours, theirs) is None


def test_an_insertion_inside_a_phrase_the_other_side_rewrote_is_a_clash() -> None:
    ours = P2.replace("the child's identity", "the identity of the child")
    theirs = P2.replace("child's identity", "child's full identity")
    assert merge_text(P2, ours, theirs) is None


def test_the_same_edit_on_both_sides_is_no_clash() -> None:
    edited = P2.replace("preserved", "protected")
    assert merge_text(P2, edited, edited) == edited
    both = BASE_TEXT.replace("preserved", "protected")
    theirs_more = both.replace("licensed", "authorised")
    assert merge_text(BASE_TEXT, both, theirs_more) == theirs_more


def test_paragraphs_added_at_the_same_place_are_both_kept_ours_first() -> None:
    merged = merge_text(P1, f"{P1}\n\n{P2}", f"{P1}\n\n{P3}")
    assert merged == f"{P1}\n\n{P2}\n\n{P3}"


def test_one_sided_changes_are_taken_whole() -> None:
    assert merge_text(P1, P2, P1) == P2
    assert merge_text(P1, P1, P3) == P3
    assert merge_text("", "", "New text.") == "New text."


def test_items_merge_entry_by_entry() -> None:
    base = ("the child's views;", "the child's health; and", "the child's identity.")
    ours = ("the child's views and wishes;", *base[1:])
    theirs = (*base[:2], "the child's identity and origins.")
    assert merge_list_text(base, ours, theirs) == (
        "the child's views and wishes;",
        "the child's health; and",
        "the child's identity and origins.",
    )
    both_added = merge_list_text(base, (*base, "ours new;"), (*base, "theirs new."))
    assert both_added == (*base, "ours new;", "theirs new.")
    assert merge_list_text(base, ("x", *base[1:]), ("y", *base[1:])) is None


def test_tags_keep_additions_and_removals_of_both() -> None:
    assert merge_set(("a", "b"), ("a", "b", "c"), ("b", "d")) == ("b", "c", "d")


@settings(max_examples=60, deadline=None)
@given(
    paragraphs=st.lists(
        st.text(alphabet="abcdefgh ", min_size=1, max_size=30).map(lambda s: f"w {s.strip()} z"),
        min_size=2,
        max_size=6,
    ),
    data=st.data(),
)
def test_disjoint_paragraph_edits_always_merge_to_both(
    paragraphs: list[str], data: st.DataObject
) -> None:
    n = len(paragraphs)
    mine = data.draw(st.sets(st.integers(0, n - 1)))
    other = data.draw(st.sets(st.integers(0, n - 1)).map(lambda s: s - mine))
    ours = [f"OURS {p}" if i in mine else p for i, p in enumerate(paragraphs)]
    theirs = [f"{p} THEIRS" if i in other else p for i, p in enumerate(paragraphs)]
    expected = [
        f"OURS {p}" if i in mine else f"{p} THEIRS" if i in other else p
        for i, p in enumerate(paragraphs)
    ]
    merged = merge_text("\n\n".join(paragraphs), "\n\n".join(ours), "\n\n".join(theirs))
    assert merged == "\n\n".join(expected)


# --------------------------------------------------------------------------- order


def test_principles_added_on_both_sides_are_kept_after_their_predecessors() -> None:
    order, _ = merge_order("abc", "abXc", "aYbc", "abcXY")
    assert order == ["a", "Y", "b", "X", "c"]


def test_moves_on_both_sides_are_both_applied() -> None:
    # we moved e to the front; they moved a to the end
    order, both = merge_order("abcde", "eabcd", "bcdea", "abcde")
    assert order == ["e", "b", "c", "d", "a"]
    assert both == []


def test_a_principle_moved_differently_on_both_sides_keeps_our_place() -> None:
    order, both = merge_order("abcd", "bcad", "bcda", "abcd")
    assert order == ["b", "c", "a", "d"]
    assert both == ["a"]


def test_deleted_principles_leave_the_order() -> None:
    order, _ = merge_order("abcd", "abd", "acd", "ad")
    assert order == ["a", "d"]


# --------------------------------------------------------------------------- drafts


def test_a_principle_changed_on_one_side_only_is_taken() -> None:
    base = draft(principle("a"), principle("b"))
    ours = draft(principle("a", text="Our text."), principle("b"))
    theirs = draft(principle("a"), principle("b", status="agreed"))
    result = merge_drafts(base, ours, theirs)
    assert result.clashes == []
    assert result.draft.principles["a"].text == "Our text."
    assert result.draft.principles["b"].status == "agreed"


def test_different_fields_of_one_principle_merge() -> None:
    base = draft(principle("a", text=BASE_TEXT, commentary="Note."))
    ours = draft(principle("a", text=BASE_TEXT, status="bracketed", title="Best interests"))
    ours_p = replace(ours.principles["a"], commentary="Note.")
    ours = draft(ours_p)
    theirs = draft(
        principle(
            "a", text=BASE_TEXT.replace("licensed", "authorised"), commentary="A longer note."
        )
    )
    result = merge_drafts(base, ours, theirs)
    merged = result.draft.principles["a"]
    assert result.clashes == []
    assert merged.title == "Best interests"
    assert merged.status == "bracketed"
    assert "authorised and supervised" in merged.text
    assert merged.commentary == "A longer note."


def test_a_status_set_to_two_values_is_a_clash_keeping_ours() -> None:
    base = draft(principle("a"))
    result = merge_drafts(
        base, draft(principle("a", status="agreed")), draft(principle("a", status="bracketed"))
    )
    assert result.draft.principles["a"].status == "agreed"
    [clash] = result.clashes
    assert (clash.principle, clash.field, clash.base, clash.ours, clash.theirs) == (
        "a",
        "status",
        "draft",
        "agreed",
        "bracketed",
    )


def test_a_text_clash_keeps_ours_and_records_all_three_versions() -> None:
    base = draft(principle("a", text=P2))
    ours = draft(principle("a", text=P2.replace("shall", "must")))
    theirs = draft(principle("a", text=P2.replace("shall", "should")))
    result = merge_drafts(base, ours, theirs)
    assert result.draft.principles["a"].text == ours.principles["a"].text
    [clash] = result.clashes
    assert clash.path == "principles/a.yaml"
    assert (clash.base, clash.theirs) == (P2, theirs.principles["a"].text)
    assert "<<<<" not in result.draft.principles["a"].text


def test_deleted_on_one_side_and_edited_on_the_other_is_kept_and_reported() -> None:
    base = draft(principle("a"), principle("b"))
    ours = draft(principle("a"))  # we deleted b
    theirs = draft(principle("a"), principle("b", text="Improved text of b."))
    result = merge_drafts(base, ours, theirs)
    assert result.draft.principles["b"].text == "Improved text of b."
    assert result.draft.document.order == ("a", "b")
    assert any("'b'" in n and "kept" in n for n in result.notices)
    # and the other way round
    result = merge_drafts(base, theirs, ours)
    assert "b" in result.draft.principles


def test_deleted_on_one_side_untouched_on_the_other_is_deleted() -> None:
    base = draft(principle("a"), principle("b"))
    result = merge_drafts(base, draft(principle("a")), base)
    assert set(result.draft.principles) == {"a"}
    assert result.draft.document.order == ("a",)


def test_the_same_id_added_on_both_sides_merges_field_by_field() -> None:
    base = draft(principle("a"))
    ours = draft(principle("a"), principle("n", title="New", text="Ours.", tags=("x",)))
    theirs = draft(principle("a"), principle("n", title="New", text="Ours.", tags=("y",)))
    result = merge_drafts(base, ours, theirs)
    assert result.clashes == []
    assert result.draft.principles["n"].tags == ("x", "y")


def test_translations_merge_per_language_and_field() -> None:
    fr = Translation(title="Titre", text="Texte.")
    base = draft(principle("a", translations={"fr": fr}))
    ours = draft(principle("a", translations={"fr": replace(fr, title="Nouveau titre")}))
    theirs = draft(
        principle(
            "a",
            translations={"fr": replace(fr, text="Texte revu."), "es": Translation(title="Título")},
        )
    )
    merged = merge_drafts(base, ours, theirs).draft.principles["a"].translations
    assert merged["fr"] == Translation(title="Nouveau titre", text="Texte revu.")
    assert merged["es"].title == "Título"


def test_document_preamble_and_meetings_merge() -> None:
    verona = Meeting(id="verona", name="Meeting", place="Verona")
    base = draft(principle("a"), preamble=BASE_TEXT)
    ours = draft(principle("a"), preamble=BASE_TEXT.replace("licensed", "authorised"))
    theirs = replace(
        draft(principle("a"), preamble=BASE_TEXT.replace("States", "All States")),
        meetings={"verona": verona},
    )
    result = merge_drafts(base, ours, theirs)
    assert "authorised" in result.draft.document.preamble
    assert "All States" in result.draft.document.preamble
    assert result.draft.meetings == {"verona": verona}


def test_word_changes_rebuild_both_texts() -> None:
    other = P2.replace("shall ensure", "must guarantee").replace("preserved", "kept")
    pieces = word_changes(P2, other)
    assert "".join(t for op, t in pieces if op <= 0) == P2
    assert "".join(t for op, t in pieces if op >= 0) == other
    assert (1, "must") in pieces and (-1, "shall") in pieces
