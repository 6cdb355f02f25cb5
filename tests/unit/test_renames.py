"""A renamed principle is one principle: in the diff (JSON, text, markdown) and the merge.

Issue 12: renaming an id (``drafter rename``, F2, or by hand) must never show as a
removal plus an addition, and a merge must follow a rename made on one side while the
other side edited the principle.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from drafter import diff_render
from drafter.diff import DELETE, INSERT, compare_drafts, compare_revisions, find_renames
from drafter.merge import merge_drafts
from drafter.model import Document, Draft, Principle
from drafter.workspace import Workspace
from tests.conftest import run_cli

TEXT = (
    "States shall ensure that a child born through surrogacy has a legal parent from "
    "birth, and that parentage established abroad is recognised."
)
PARENTAGE = Principle(id="parentage", title="Legal parentage", text=TEXT)
IDENTITY = Principle(
    id="identity",
    title="Identity",
    text="Every child has a right to identity, as [[principle:parentage]] recalls.",
)
OTHER = Principle(id="nationality", title="Nationality", text="Every child has a nationality.")


def _draft(*principles: Principle) -> Draft:
    return Draft(
        Document(title="T", order=tuple(p.id for p in principles)),
        {p.id: p for p in principles},
    )


def _rename_refs(p: Principle, old: str, new: str) -> Principle:
    return replace(p, text=p.text.replace(f"[[principle:{old}]]", f"[[principle:{new}]]"))


# --------------------------------------------------------------------------- diff


def test_a_renamed_principle_is_listed_once_under_its_new_id() -> None:
    renamed = replace(PARENTAGE, id="legal-parentage")
    old = _draft(IDENTITY, PARENTAGE, OTHER)
    new = _draft(_rename_refs(IDENTITY, "parentage", "legal-parentage"), renamed, OTHER)
    d = compare_drafts(old, new)
    assert [(c.id, c.change, c.previous_id) for c in d.principles] == [
        ("identity", "modified", None),  # its reference was rewritten
        ("legal-parentage", "modified", "parentage"),
        ("nationality", "unchanged", None),
    ]
    change = d.principles[1]
    assert (change.number_from, change.number_to, change.fields) == (2, 2, {})
    assert (d.stats.added, d.stats.removed) == (0, 0)
    data = json.loads(diff_render.render_json(d))
    entry = data["principles"][1]
    assert (entry["id"], entry["previous_id"], entry["change"]) == (
        "legal-parentage", "parentage", "modified"
    )  # fmt: skip
    assert "previous_id" not in data["principles"][0]
    # The rewritten reference reads "Principle 2" on both sides: nothing to show.
    text = diff_render.render_text(d)
    assert "Principle 2 — Legal parentage   (renamed from parentage)" in text
    assert "(removed)" not in text and "(added)" not in text
    assert "renamed from parentage" in diff_render.render_markdown(d)
    assert "renamed from parentage" in diff_render.render_stat(d)


def test_a_hand_rename_with_edits_shows_the_edits_and_the_rename() -> None:
    edited = replace(
        PARENTAGE, id="parentage-from-birth", text=TEXT.replace("shall ensure", "must ensure")
    )
    d = compare_drafts(_draft(PARENTAGE, OTHER), _draft(OTHER, edited))
    change = next(c for c in d.principles if c.id == "parentage-from-birth")
    assert change.previous_id == "parentage"
    assert (change.number_from, change.number_to) == (1, 2)
    assert [p for p in change.fields["text"] if p[0] != "equal"] == [
        (DELETE, "shall"),
        (INSERT, "must"),
    ]
    number, _title, kind = diff_render.heading_parts(d, change)
    assert (number, kind) == ("Principle 1 → 2", "modified, moved, renamed from parentage")
    assert "parentage" not in [c.id for c in d.principles]


def test_a_different_principle_under_a_new_id_is_still_removed_and_added() -> None:
    d = compare_drafts(_draft(PARENTAGE), _draft(replace(OTHER, id="citizenship")))
    assert [(c.id, c.change) for c in d.principles] == [
        ("parentage", "removed"),
        ("citizenship", "added"),
    ]
    assert find_renames({"parentage": PARENTAGE}, {"citizenship": OTHER}) == {}


def test_renames_pair_best_matches_first() -> None:
    twin = replace(PARENTAGE, id="twin", text=TEXT + " It is registered.")
    renames = find_renames(
        {"parentage": PARENTAGE, "nationality": OTHER},
        {"a-new": replace(twin, id="a-new"), "b-new": replace(PARENTAGE, id="b-new")},
    )
    assert renames == {"parentage": "b-new"}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    w = Workspace.init(tmp_path / "ws", "Principles on surrogacy")
    w.add_principle("Legal parentage", pid="parentage", text=TEXT)
    w.add_principle("Identity", pid="identity", text=IDENTITY.text)
    w.save("First draft")
    return w


def test_drafter_diff_after_a_rename_lists_one_principle(ws: Workspace) -> None:
    ws.rename_principle("parentage", "legal-parentage")
    result = compare_revisions(ws, "HEAD")
    assert [(c.id, c.change, c.previous_id) for c in result.principles] == [
        ("legal-parentage", "modified", "parentage"),
        ("identity", "modified", None),
    ]
    out = run_cli("-C", str(ws.root), "diff", "HEAD", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["principles"][0]["previous_id"] == "parentage"
    assert (data["stats"]["added"], data["stats"]["removed"]) == (0, 0)
    text = run_cli("-C", str(ws.root), "diff", "HEAD", "--color", "never").stdout
    assert "Principle 1 — Legal parentage   (renamed from parentage)" in text
    # --principle accepts either id
    for pid in ("parentage", "legal-parentage"):
        one = compare_revisions(ws, "HEAD", principle=pid)
        assert [(c.id, c.previous_id) for c in one.principles] == [("legal-parentage", "parentage")]


# --------------------------------------------------------------------------- merge


def test_renamed_here_and_edited_there_merges_into_one_principle() -> None:
    base = _draft(PARENTAGE, IDENTITY, OTHER)
    ours = _draft(
        replace(PARENTAGE, id="legal-parentage"),
        _rename_refs(IDENTITY, "parentage", "legal-parentage"),
        OTHER,
    )
    theirs = _draft(
        replace(PARENTAGE, text=TEXT.replace("from birth", "from the moment of birth")),
        IDENTITY,
        replace(OTHER, text="Every child has a nationality; see [[principle:parentage]]."),
    )
    result = merge_drafts(base, ours, theirs)
    merged = result.draft
    assert result.clashes == [] and result.notices == []
    assert sorted(merged.principles) == ["identity", "legal-parentage", "nationality"]
    assert merged.document.order == ("legal-parentage", "identity", "nationality")
    assert merged.principles["legal-parentage"].text == TEXT.replace(
        "from birth", "from the moment of birth"
    )
    assert merged.principles["legal-parentage"].id == "legal-parentage"
    # their new reference to the old id follows the rename
    assert merged.principles["nationality"].text.endswith("see [[principle:legal-parentage]].")
    assert "[[principle:legal-parentage]]" in merged.principles["identity"].text


def test_edited_here_and_renamed_there_merges_into_one_principle() -> None:
    base = _draft(PARENTAGE, OTHER)
    ours = _draft(replace(PARENTAGE, title="Legal parenthood"), OTHER)
    theirs = _draft(OTHER, replace(PARENTAGE, id="legal-parentage"))
    result = merge_drafts(base, ours, theirs)
    assert result.clashes == []
    assert set(result.draft.principles) == {"legal-parentage", "nationality"}
    kept = result.draft.principles["legal-parentage"]
    assert (kept.id, kept.title, kept.text) == ("legal-parentage", "Legal parenthood", TEXT)
    assert result.draft.document.order == ("nationality", "legal-parentage")


def test_renamed_differently_on_both_sides_keeps_our_id() -> None:
    base = _draft(PARENTAGE)
    ours = _draft(replace(PARENTAGE, id="legal-parentage"))
    theirs = _draft(replace(PARENTAGE, id="parentage-at-birth", title="Parentage at birth"))
    result = merge_drafts(base, ours, theirs)
    assert list(result.draft.principles) == ["legal-parentage"]
    assert result.draft.principles["legal-parentage"].title == "Parentage at birth"
    assert result.draft.document.order == ("legal-parentage",)
    assert result.notices == [
        "Principle 'parentage' was renamed on both sides ('legal-parentage' here, "
        "'parentage-at-birth' on the other side): kept this copy's id"
    ]
