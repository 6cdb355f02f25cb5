"""One answer to "what moved": the diff, the merge and the redline ask the same functions."""

from __future__ import annotations

from drafter.diff import layout_steps, moved, reading_order
from drafter.merge import merge_order


def test_renumbering_alone_is_not_a_move() -> None:
    assert moved(["a", "b", "c"], ["new", "a", "b", "c"]) == set()
    assert moved(["a", "b", "c"], ["a", "c"]) == set()


def test_a_principle_moved_past_others_is_the_one_that_moved() -> None:
    assert moved(["a", "b", "c", "d"], ["a", "c", "d", "b"]) == {"b"}
    assert moved(["a", "b", "c", "d"], ["d", "a", "b", "c"]) == {"d"}


def test_reading_order_keeps_removed_principles_where_they_stood() -> None:
    assert reading_order(["a", "b", "c"], ["c", "a", "new"]) == ["c", "a", "b", "new"]
    assert reading_order(["gone", "a"], ["a"]) == ["gone", "a"]


def test_layout_steps_show_a_moved_principle_where_it_stood_and_where_it_stands() -> None:
    assert layout_steps(["a", "b", "c", "d"], ["a", "c", "d", "b", "e"]) == [
        ("a", "a"),
        ("b", None),  # b left here ...
        ("c", "c"),
        ("d", "d"),
        (None, "b"),  # ... and arrives here
        (None, "e"),
    ]
    assert layout_steps(["x", "a"], ["a"]) == [("x", None), ("a", "a")]
    assert layout_steps([], ["a"]) == [(None, "a")]


def test_the_merge_follows_the_same_answer() -> None:
    base = ["a", "b", "c", "d"]
    theirs = ["a", "c", "d", "b"]  # they moved b to the end
    ours = ["new", "a", "b", "c", "d"]  # we only added one: nothing of ours moved
    assert moved(base, theirs) == {"b"} and moved(base, ours) == set()
    order, both = merge_order(base, ours, theirs, {"new", "a", "b", "c", "d"})
    assert (order, both) == (["new", "a", "c", "d", "b"], [])
