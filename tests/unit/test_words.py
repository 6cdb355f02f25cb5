"""The word engine at its extremes: both texts always rebuilt, the bounded path taken.

Issue 9's cases (every word changed, every third word changed, huge paragraphs) are
shrunk to hypothesis sizes by lowering the engine's thresholds, so every path of the
bounded comparison (paragraphs, sentences, the step budget, whole replacements) runs
on small inputs; the real sizes are measured by bench/bench_extreme_diff.py.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.diff import DELETE, EQUAL, INSERT, diff_tokens, new_text, old_text, tokens, word_diff
from drafter.merge import merge_text, word_changes

engine: ModuleType = importlib.import_module("drafter.diff.words")

_WORDS = st.sampled_from(
    ["child", "enfant", "shall", "must", "not", "the", "État", "l’enfant", "a", "of",
     "[[principle:best-interests]]", "\n\n", "\n", " ", " ", " ", ", ", ". ", "; ", "?"]
)  # fmt: skip
texts = st.lists(_WORDS, max_size=120).map("".join)


_TINY = {
    "_DIRECT": 6,
    "_SMALL": 4,
    "_BISECT_STEPS": 3,
    "_STEP_FACTOR": 1,
    "_UNIT_EDITS": 2,
    "_UNIT_TESTS": 1,
    "_LCS_CELLS": 12,
}


@contextmanager
def tiny_budgets() -> Iterator[None]:
    """Every threshold of the engine lowered so small texts take the bounded paths."""
    mp = pytest.MonkeyPatch()
    try:
        for name, value in _TINY.items():
            assert hasattr(engine, name)
            mp.setattr(engine, name, value)
        yield
    finally:
        mp.undo()


def _every_word_changed(text: str) -> str:
    return "".join(t.upper() + "x" if t[:1].isalnum() else t for t in tokens(text))


def _every_third_word_changed(text: str) -> str:
    out, n = [], 0
    for t in tokens(text):
        if t[:1].isalnum():
            n += 1
            if n % 3 == 0:
                t = t[::-1] + "z"
        out.append(t)
    return "".join(out)


def _check(old: str, new: str) -> None:
    pieces = word_diff(old, new)
    assert old_text(pieces) == old
    assert new_text(pieces) == new
    assert all(text for _op, text in pieces)
    assert all(a[0] != b[0] for a, b in pairwise(pieces))


def _rebuild(old: str, new: str) -> None:
    """The merge engine's runs, applied to the old tokens, give the new text."""
    a, b = tokens(old), tokens(new)
    i = j = 0
    out_old: list[str] = []
    out_new: list[str] = []
    for op, n in diff_tokens(a, b):
        if op == EQUAL:
            assert a[i : i + n] == b[j : j + n]
            out_old += a[i : i + n]
            out_new += b[j : j + n]
            i, j = i + n, j + n
        elif op == DELETE:
            out_old += a[i : i + n]
            i += n
        else:
            out_new += b[j : j + n]
            j += n
    assert ("".join(out_old), "".join(out_new)) == (old, new)
    pieces = word_changes(old, new)
    assert "".join(t for op, t in pieces if op <= 0) == old
    assert "".join(t for op, t in pieces if op >= 0) == new


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_any_two_texts_are_rebuilt_on_the_bounded_paths(old: str, new: str) -> None:
    with tiny_budgets():
        _check(old, new)
        _rebuild(old, new)


@settings(max_examples=80, deadline=None)
@given(texts)
def test_every_word_changed_is_rebuilt(old: str) -> None:
    new = _every_word_changed(old)
    _check(old, new)
    _rebuild(old, new)


@settings(max_examples=80, deadline=None)
@given(texts)
def test_every_third_word_changed_is_rebuilt(old: str) -> None:
    new = _every_third_word_changed(old)
    _check(old, new)
    _rebuild(old, new)
    assert merge_text(old, new, old) == new  # one side's extreme edit is simply taken


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=2, max_size=12))
def test_many_paragraphs_every_third_word_changed_on_the_bounded_paths(
    paragraphs: list[str],
) -> None:
    old = "\n\n".join(paragraphs)
    with tiny_budgets():
        for new in (_every_third_word_changed(old), _every_word_changed(old)):
            _check(old, new)
            _rebuild(old, new)


def _paragraphs(count: int, words: int, prefix: str = "w") -> str:
    return "\n\n".join(
        " ".join(f"{prefix}{p}x{k % 7}" if k % 2 else f"the{k % 5}" for k in range(words)) + "."
        for p in range(count)
    )


def test_a_long_text_is_aligned_paragraph_by_paragraph() -> None:
    """200 paragraphs, every third word changed: each paragraph break stays in place.

    Diffed as one sequence, repeated words would let edits run across paragraph breaks;
    aligned by paragraphs first, every break is an unchanged piece of its own context.
    """
    old = _paragraphs(200, 40)
    new = _every_third_word_changed(old)
    pieces = word_diff(old, new)
    assert (old_text(pieces), new_text(pieces)) == (old, new)
    assert all("\n\n" not in text for op, text in pieces if op != EQUAL)
    assert sum(text.count("\n\n") for op, text in pieces if op == EQUAL) == 199
    assert sum(1 for op, _t in pieces if op == DELETE) >= 200 * 40 // 3 // 2


def test_a_long_text_with_every_word_changed_becomes_one_replacement() -> None:
    """Nothing in common but the spaces: one deletion and one insertion, not 12,000 pieces
    (the unbounded engine needed minutes for this)."""
    old = " ".join(f"word{n}" for n in range(6_000))
    new = " ".join(f"other{n}" for n in range(6_000))
    assert word_diff(old, new) == [(DELETE, old), (INSERT, new)]
    assert diff_tokens(tokens(old), tokens(new))[0][0] in (DELETE, INSERT)
    _rebuild(old, new)


def test_one_huge_paragraph_is_aligned_sentence_by_sentence() -> None:
    old = " ".join(
        f"Sentence {n} says the{n % 3} child{n % 5} shall have rights{n % 7}." for n in range(900)
    )
    new = old.replace("shall", "must")
    pieces = word_diff(old, new)
    assert (old_text(pieces), new_text(pieces)) == (old, new)
    assert [t for op, t in pieces if op == DELETE] == ["shall"] * 900
    assert [t for op, t in pieces if op == INSERT] == ["must"] * 900


def test_a_merge_of_two_sides_each_changing_every_third_word() -> None:
    """Thousands of edits on each side, never touching: all of them survive the merge
    (pairing each edit of theirs with ours by bisection, not by trying every pair)."""
    base_words = [f"mot{n % 97}" + ("." if n % 12 == 11 else "") for n in range(6_000)]

    def changed(*rests: int) -> str:
        return " ".join(w.upper() if n % 3 in rests else w for n, w in enumerate(base_words))

    base, both = changed(), changed(0, 1)
    assert merge_text(base, changed(0), changed(1)) == both
    # ... and an edit of theirs on a word we changed too is still found among them
    assert merge_text(base, changed(0), changed(1).replace("mot3 ", "autre ", 1)) is None


def test_diff_match_patch_is_used_in_one_place_only() -> None:
    """One word engine (issue 13): no other module creates its own diff-match-patch."""
    root = Path(engine.__file__).resolve().parents[1]
    for library in ("diff_match_patch", "rapidfuzz"):
        users = sorted(
            str(path.relative_to(root))
            for path in root.rglob("*.py")
            if library in path.read_text(encoding="utf-8")
        )
        assert users == ["diff/words.py"], library
    from drafter.diff import DELETE, EQUAL, INSERT, Piece, reading_order, tokens, word_diff, words

    assert (EQUAL, INSERT, DELETE) == ("equal", "insert", "delete")
    assert callable(reading_order) and callable(words) and callable(word_diff)
    assert tokens("a b") == ["a", " ", "b"] and Piece == tuple[str, str]


def test_enum_values_are_the_json_strings_of_the_contract() -> None:
    import json

    from drafter.diff import Change, Op

    assert json.dumps([Op.EQUAL, Op.INSERT, Op.DELETE]) == '["equal", "insert", "delete"]'
    assert json.dumps(list(Change)) == ('["added", "removed", "modified", "moved", "unchanged"]')
