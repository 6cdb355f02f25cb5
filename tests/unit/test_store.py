"""The on-disk format: exact round-trips, deterministic bytes, and errors with file:line."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter import store
from drafter.errors import Problem, ValidationError, WorkspaceError
from drafter.model import Document, Meeting, Principle, Translation, clean_text

FULL = Principle(
    id="best-interests",
    title="Best interests of the child: a primary consideration",
    status="agreed",
    text="In all actions concerning children born through surrogacy, « l'intérêt » first.\n\nSecond paragraph with a [[principle:parentage]] reference.",
    items=("the child's views;", 'the "quality" of care; and', "yes"),
    commentary="Commentary one.\n\nCommentary two — with a dash.",
    tags=("identity", "parentage"),
    translations={
        "fr": Translation(
            title="Intérêt supérieur", text="Texte.\n\nDeux.", items=("un",), commentary="Note."
        ),
        "es": Translation(title="Interés superior"),
    },
)


def test_every_field_round_trips() -> None:
    text = store.dump_principle(FULL)
    assert store.parse_principle("principles/best-interests.yaml", text) == FULL


def test_document_and_meeting_round_trip() -> None:
    doc = Document(
        title="T",
        language="en",
        translations=("fr", "es"),
        preamble="A.\n\nB.",
        order=("a", "b"),
        current_meeting="m1",
    )
    assert store.parse_document("drafter.yaml", store.dump_document(doc)) == doc
    meeting = Meeting(
        id="m1",
        name="Experts' Group",
        place="Verona, Italy",
        start=date(2017, 5, 18),
        end=date(2017, 5, 20),
        participants=("A", "B"),
        notes="N.\n\nM.",
    )
    assert store.parse_meeting("meetings/m1.yaml", store.dump_meeting(meeting)) == meeting


def test_written_yaml_is_readable_and_deterministic() -> None:
    long_paragraph = "word " * 400
    principle = Principle(id="a", title="A", text=long_paragraph.strip() + "\n\nTwo.")
    first = store.dump_principle(principle)
    assert first == store.dump_principle(store.parse_principle("principles/a.yaml", first))
    lines = first.splitlines()
    assert [line.split(":")[0] for line in lines if line and not line.startswith(" ")] == [
        "id",
        "title",
        "status",
        "text",
    ]
    assert "text: |" in lines
    assert any(len(line) > 1500 for line in lines), "a paragraph is never wrapped"
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_keys_are_written_in_the_documented_order() -> None:
    keys = [
        line.split(":")[0]
        for line in store.dump_principle(FULL).splitlines()
        if line and not line.startswith((" ", "-"))
    ]
    assert keys == ["id", "title", "status", "text", "items", "commentary", "tags", "translations"]


texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80
)


@settings(max_examples=150, deadline=None)
@given(title=texts, text=texts, items=st.lists(texts, max_size=3), commentary=texts)
def test_round_trip_of_arbitrary_text(
    title: str, text: str, items: list[str], commentary: str
) -> None:
    p = Principle(
        id="p",
        title=clean_text(title),
        text=clean_text(text),
        items=tuple(clean_text(i) for i in items),
        commentary=clean_text(commentary),
    )
    try:
        dumped = store.dump_principle(p)
    except Exception as exc:  # pragma: no cover - reported with the example
        raise AssertionError(f"could not write {p!r}") from exc
    assert store.parse_principle("principles/p.yaml", dumped) == p


def problems_of(path: str, text: str | bytes) -> list[str]:
    with pytest.raises(ValidationError) as info:
        store.parse_principle(path, text)
    return [str(p) for p in info.value.problems]


def test_syntax_error_names_file_and_line() -> None:
    assert problems_of("principles/a.yaml", "id: a\ntitle: [unclosed\nstatus: draft\n") == [
        "principles/a.yaml:3: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_unknown_missing_and_mistyped_keys() -> None:
    found = problems_of(
        "principles/a.yaml", "id: a\nstatuss: draft\ntext:\n  - not text\nitems: just one\n"
    )
    assert (
        "principles/a.yaml:2: unknown key 'statuss' in a principle (allowed: id, title, status, text, items, commentary, tags, translations)"
        in found
    )
    assert "principles/a.yaml:1: missing key 'title' in a principle" in found
    assert "principles/a.yaml:4: text: expected text, found a list" in found
    assert "principles/a.yaml:5: items: expected a list, found single value" in found


def test_ids_must_follow_the_rule_and_match_the_file_name() -> None:
    assert problems_of("principles/a.yaml", "id: b\ntitle: T\n") == [
        "principles/a.yaml:1: id 'b' differs from the file name 'a'"
    ]
    found = problems_of("principles/a.yaml", "id: ../../etc\ntitle: T\n")
    assert found[0].startswith("principles/a.yaml:1: id '../../etc' breaks the id rule")


def test_duplicate_keys_and_bad_status() -> None:
    found = problems_of("principles/a.yaml", "id: a\ntitle: T\ntitle: U\nstatus: final\n")
    assert "principles/a.yaml:3: duplicate key 'title'" in found
    assert (
        "principles/a.yaml:4: status 'final' is not one of: draft, under-discussion, bracketed, agreed"
        in found
    )


def test_yaml_scalars_are_kept_as_typed() -> None:
    p = store.parse_principle(
        "principles/a.yaml", "id: a\ntitle: 2017\ntext: yes\nitems: [no, 1.5, null-ish]\n"
    )
    assert (p.title, p.text, p.items) == ("2017", "yes", ("no", "1.5", "null-ish"))


def test_hostile_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    hostile = (
        "id: a\n"
        f"title: !!python/object/apply:os.system ['touch {marker}']\n"
        f"text: !!python/object/new:subprocess.check_output [['touch', '{marker}']]\n"
        "commentary: !!python/name:os.system\n"
    )
    found = problems_of("principles/a.yaml", hostile)
    assert not marker.exists()
    assert found == [
        "principles/a.yaml:2: title: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed (plain text only)",
        "principles/a.yaml:3: text: the tag 'tag:yaml.org,2002:python/object/new:subprocess.check_output' is not allowed (plain text only)",
        "principles/a.yaml:4: commentary: the tag 'tag:yaml.org,2002:python/name:os.system' is not allowed (plain text only)",
    ]


def test_cross_file_problems_are_all_reported_with_lines() -> None:
    files = {
        "drafter.yaml": b"title: T\norder:\n- a\n- ghost\n- a\n",
        "principles/a.yaml": b"id: a\ntitle: A\ntext: see [[principle:nowhere]]\n",
        "principles/stray.yaml": b"id: stray\ntitle: S\n",
        "principles/Bad Name.yaml": b"id: x\ntitle: X\n",
        "meetings/m.yaml": b"id: m\nname: [\n",
    }
    _draft, problems = store.build_draft(files)
    found = {str(p) for p in problems}
    assert found == {
        "drafter.yaml:5: order lists 'a' twice",
        "drafter.yaml:4: order names 'ghost' but there is no principles/ghost.yaml",
        "principles/stray.yaml:1: principle 'stray' is missing from the order in drafter.yaml",
        "principles/a.yaml:3: cross-reference [[principle:nowhere]] names no principle",
        "principles/Bad Name.yaml: file name is not a valid principle id",
        "meetings/m.yaml:3: YAML syntax error: did not find expected node content",
    }


def test_atomic_write_replaces_whole_file_and_leaves_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "principles" / "a.yaml"
    store.atomic_write(target, "one\n")
    store.atomic_write(target, "two\n")
    assert target.read_text() == "two\n"
    assert [p.name for p in target.parent.iterdir()] == ["a.yaml"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.yaml"
    store.atomic_write(target, "old\n")

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(WorkspaceError, match=r"a\.yaml: cannot be written \(disk full\)"):
        store.atomic_write(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_text_that_is_not_utf8_is_reported_with_its_line() -> None:
    assert problems_of("principles/a.yaml", b"id: a\ntitle: \xff\xfe bad\n") == [
        "principles/a.yaml:2: not UTF-8 text (invalid leading UTF-8 octet)"
    ]


def test_atomic_write_gives_files_the_usual_permissions(tmp_path: Path) -> None:
    """A file drafter writes is readable by whoever could read the folder (not 0600)."""
    old = os.umask(0o022)
    try:
        target = tmp_path / "a.yaml"
        store.atomic_write(target, "one\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o664)  # a mode the user chose is kept on rewrite
        store.atomic_write(target, "two\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_validation_error_counts_the_other_problems_in_plain_english() -> None:
    one = Problem("a.yaml", 2, "bad")
    assert str(ValidationError([])) == "invalid workspace"
    assert str(ValidationError([one])) == "a.yaml:2: bad"
    assert str(ValidationError([one, one])) == (
        "a.yaml:2: bad (and 1 more problem: drafter check lists them)"
    )
    assert str(ValidationError([one, one, one])).endswith(
        "(and 2 more problems: drafter check lists them)"
    )


def test_an_unknown_reference_repeated_in_one_file_is_reported_once() -> None:
    """A translation repeating a broken reference is one thing to fix, not two."""
    files = {
        "drafter.yaml": b"title: T\ntranslations: [fr]\norder:\n- a\n",
        "principles/a.yaml": (
            b"id: a\ntitle: A\ntext: see [[principle:gone]] and [[principle:gone]]\n"
            b"translations:\n  fr:\n    text: voir [[principle:gone]]\n"
        ),
    }
    _draft, problems = store.build_draft(files)
    assert [str(p) for p in problems] == [
        "principles/a.yaml:3: cross-reference [[principle:gone]] names no principle"
    ]
