"""`drafter diff` on real drafts nobody here wrote (see ../shared/corpus/*/PROVENANCE.md).

The Contributor Covenant (CC BY 4.0, https://www.contributor-covenant.org) 2.0 and 3.0
draft series and the European Convention on Human Rights as in force in 2010 and 2014
are imported into workspaces with one meeting tag per version, then compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter.diff import DELETE, INSERT, compare_revisions, new_text, old_text
from drafter.workspace import Workspace
from tests.conftest import corpus_path, run_cli
from tests.corpus import build_series_workspace, parse_covenant, parse_echr

COVENANT_20 = {
    "rev-01": "rev-01-2019-09-26-f891a33.txt",
    "rev-02": "rev-02-2019-09-26-0660f7e.txt",
    "rev-03": "rev-03-2019-09-26-6504831.txt",
    "rev-08": "rev-08-2019-11-07-111fc61.txt",
    "rev-09": "rev-09-2019-11-07-42c65f7.txt",
}
COVENANT_30 = {
    "draft-05": "draft-05-1b2a1cf.txt",
    "draft-06": "draft-06-ab840d3.txt",
    "draft-09": "draft-09-e0324b3.txt",
}


def covenant_series(
    tmp_path_factory: pytest.TempPathFactory, version: str, drafts: dict[str, str]
) -> Workspace:
    """One tagged revision per real draft of a Contributor Covenant version."""
    versions = []
    for label, name in drafts.items():
        _title, principles = parse_covenant(
            corpus_path("contributor-covenant", f"en-{version}-history", name)
        )
        versions.append((label, principles))
    return build_series_workspace(
        tmp_path_factory.mktemp("covenant") / "ws", f"Contributor Covenant {version}", versions
    )


@pytest.fixture(scope="module")
def covenant20(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return covenant_series(tmp_path_factory, "2.0", COVENANT_20)


@pytest.fixture(scope="module")
def covenant30(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return covenant_series(tmp_path_factory, "3.0", COVENANT_30)


@pytest.fixture(scope="module")
def echr(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    pre10, p10 = parse_echr(corpus_path("treaties", "ECHR_en_2010-06-01_527d5ccf84.md"))
    pre14, p14 = parse_echr(corpus_path("treaties", "ECHR_en_2014-05-01_72138ebeb1.md"))
    return build_series_workspace(
        tmp_path_factory.mktemp("echr") / "ws",
        "European Convention on Human Rights",
        [("echr-2010", p10), ("echr-2014", p14)],
        preambles={"echr-2010": pre10, "echr-2014": pre14},
    )


def _json(ws: Workspace, *args: str) -> dict:  # type: ignore[type-arg]
    result = run_cli("-C", str(ws.root), "diff", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _entry(data: dict, pid: str) -> dict:  # type: ignore[type-arg]
    return next(e for e in data["principles"] if e["id"] == pid)


# --------------------------------------------------------------------------- ECHR


def test_echr_judges_may_no_longer_be_re_elected(echr: Workspace) -> None:
    data = _json(echr, "echr-2010", "echr-2014")
    art23 = _entry(data, "article-23")
    assert (art23["change"], art23["number_from"], art23["number_to"]) == ("modified", 23, 23)
    assert art23["title_to"] == "Terms of office and dismissal"
    text = [tuple(p) for p in art23["fields"]["text"]]
    at = text.index((INSERT, "not "))
    assert text[at - 1][1].endswith("They may ")
    assert text[at + 1][1].startswith("be re-elected.")
    # two spelling corrections in the same article
    assert (DELETE, "untill") in text and (INSERT, "until") in text
    assert (DELETE, "continues") in text and (INSERT, "continue") in text


def test_echr_corrections_and_retitles(echr: Workspace) -> None:
    data = _json(echr, "echr-2010", "echr-2014")
    assert data["stats"]["added"] == data["stats"]["removed"] == data["stats"]["moved"] == 0
    assert len(data["principles"]) == 59
    art8 = _entry(data, "article-8")
    assert art8["title_from"] == "Right to respect private and family life"
    assert art8["title_to"] == "Right to respect for private and family life"
    assert [tuple(p) for p in art8["fields"]["title"]] == [
        ("equal", "Right to respect "),
        ("insert", "for "),
        ("equal", "private and family life"),
    ]
    art29 = [tuple(p) for p in _entry(data, "article-29")["fields"]["text"]]
    assert art29.count((DELETE, "seperately")) == 2
    assert _entry(data, "article-1")["change"] == "unchanged"
    assert "fields" not in _entry(data, "article-1")
    # the preamble changed too (links added in the 2014 text)
    assert "Universal Declaration" in new_text(data["document"]["preamble"])


def test_echr_text_output(echr: Workspace) -> None:
    result = run_cli("-C", str(echr.root), "diff", "echr-2010", "echr-2014")
    out = result.stdout
    assert "Principle 23 — Terms of office and dismissal   (modified)" in out
    assert "They may {+not +}be re-elected." in out
    assert "Principle 1 —" not in out  # unchanged articles are not shown
    assert (
        out.rstrip()
        .splitlines()[-1]
        .startswith(
            "23 principles changed: 0 added, 0 removed, 23 modified, 0 moved; preamble changed;"
        )
    )


# --------------------------------------------------------------------------- Contributor Covenant


def test_covenant_front_matter_only_change_is_no_difference(covenant20: Workspace) -> None:
    result = run_cli("-C", str(covenant20.root), "diff", "rev-01", "rev-02")
    assert result.stdout == "No differences from rev-01 to rev-02.\n"


def test_covenant_typo_fix_in_scope(covenant20: Workspace) -> None:
    data = _json(covenant20, "rev-02", "rev-03")
    changed = [e["id"] for e in data["principles"] if e["change"] != "unchanged"]
    assert changed == ["scope"]
    pieces = [tuple(p) for p in _entry(data, "scope")["fields"]["text"]]
    assert (DELETE, "ourcommunity") in pieces
    assert (INSERT, "our community") in pieces


def test_covenant_renamed_enforcement_levels(covenant20: Workspace) -> None:
    """rev-09 numbered the four enforcement levels: new headings, hence new ids.

    Renamed by hand, with the same text: each level is one principle listed under its
    new id with its previous one (issue 12), never a removal plus an addition.
    """
    result = compare_revisions(covenant20, "rev-08", "rev-09")
    changes = {c.id: c for c in result.principles}
    for old, new in [
        ("correction", "1-correction"),
        ("warning", "2-warning"),
        ("temporary-ban", "3-temporary-ban"),
        ("permanent-ban", "4-permanent-ban"),
    ]:
        assert old not in changes
        assert changes[new].previous_id == old
        assert changes[new].change == "modified"
        assert changes[new].number_to == changes[new].number_from
        assert "text" not in changes[new].fields  # only the heading changed
    assert changes["4-permanent-ban"].title_to == "4. Permanent Ban"
    assert changes["4-permanent-ban"].title_from == "Permanent Ban"
    ids = [c.id for c in result.principles]
    at = ids.index("enforcement-guidelines")
    assert ids[at + 1 : at + 5] == [
        "1-correction", "2-warning", "3-temporary-ban", "4-permanent-ban",
    ]  # fmt: skip
    assert (result.stats.added, result.stats.removed) == (0, 0)
    data = _json(covenant20, "rev-08", "rev-09")
    assert _entry(data, "2-warning")["previous_id"] == "warning"


def test_covenant_30_standards_split_into_two_lists(covenant30: Workspace) -> None:
    data = _json(covenant30, "draft-05", "draft-06")
    positive = _entry(data, "examples-of-positive-desirable-behavior-include")
    assert (positive["change"], positive["number_to"]) == ("added", 3)
    items = new_text(positive["fields"]["items"]).split("\n")
    assert items[0] == "Showing empathy and kindness toward other people."
    standards = _entry(data, "our-community-standards")
    assert standards["change"] == "modified"
    assert "Showing empathy" in old_text(standards["fields"]["items"])
    assert "Showing empathy" not in new_text(standards["fields"]["items"])
    # the two insertions push the following principles down by two
    scope = _entry(data, "scope")
    assert (scope["change"], scope["number_from"], scope["number_to"]) == ("moved", 4, 6)
    text = run_cli("-C", str(covenant30.root), "diff", "draft-05", "draft-06").stdout
    assert "Principles 3–5 → 5–7   (moved: renumbered only, 3 principles)" in text


def test_covenant_30_working_edit_since_last_draft(covenant30: Workspace, tmp_path: Path) -> None:
    """The default comparison: the last meeting tag (draft-09) to the files on disk."""
    path = covenant30.root / "principles" / "scope.yaml"
    before = path.read_bytes()
    try:
        path.write_text(path.read_text().replace("community", "project community", 1))
        result = run_cli("-C", str(covenant30.root), "diff", "--stat")
        assert result.returncode == 0
        lines = result.stdout.splitlines()
        assert any("Scope" in line and "+1 -0" in line for line in lines), result.stdout
        assert lines[-1].startswith("1 principle changed: 0 added, 0 removed, 1 modified")
    finally:
        path.write_bytes(before)
