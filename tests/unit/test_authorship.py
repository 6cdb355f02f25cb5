"""Following text through revisions: who inserted each character, who deleted each one."""

from __future__ import annotations

from datetime import UTC, datetime

from drafter.authorship import TextHistory, split_by_stamp
from drafter.diff import word_diff

ANA = ("Ana", datetime(2017, 6, 1, tzinfo=UTC))
BEN = ("Ben", datetime(2017, 7, 1, tzinfo=UTC))
CHO = ("Cho", datetime(2017, 8, 1, tzinfo=UTC))


def test_each_word_is_credited_to_the_revision_that_wrote_or_removed_it() -> None:
    versions = [
        "The child shall be heard.",
        "The child shall be heard in all proceedings.",  # Ana adds a phrase
        "The child must be heard in all proceedings.",  # Ben replaces a word
        "The child must be heard in all judicial proceedings.",  # Cho adds a word
    ]
    history = TextHistory(versions, [ANA, BEN, CHO], word_diff)
    final = versions[-1]
    owners = history.inserted_by
    assert {owners[i] for i in range(final.index("must"), final.index("must") + 4)} == {BEN}
    judicial = final.index("judicial")
    assert owners[judicial] == CHO
    assert owners[final.index("in all")] == ANA
    assert owners[0] is None  # "The" was there from the start
    first = versions[0]
    assert history.deleted_by[first.index("shall")] == BEN
    assert history.deleted_by[0] is None


def test_text_written_then_removed_between_the_drafts_leaves_no_trace() -> None:
    versions = ["a b", "a x b", "a b"]
    history = TextHistory(versions, [ANA, BEN], word_diff)
    assert history.inserted_by == [None, None, None]
    assert history.deleted_by == [None, None, None]


def test_split_by_stamp_cuts_where_the_author_changes() -> None:
    parts = split_by_stamp("abcd", [ANA, ANA, None, BEN], CHO)
    assert parts == [("ab", ANA), ("c", CHO), ("d", BEN)]
