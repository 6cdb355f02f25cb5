"""drafter feedback: returned copies in, the core group's decisions, the comments table out."""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from drafter.workspace import Workspace
from tests.conftest import git, run_cli
from tests.feedback.copies import comment, mark_as_sent, mark_copy, move, plain_edit, track

CONTRACT = {
    "id", "round", "source", "author", "date", "kind", "principle", "field", "quote",
    "proposed", "comment", "replies", "status", "response", "against",
}  # fmt: skip


def _copy(demo: Path, exported: Path, name: str, *, bookmarks: bool = True) -> Path:
    ws = Workspace.open(demo)
    target = exported.with_name(name)
    shutil.copy(exported, target)
    return mark_as_sent(
        target,
        ws,
        round_id="africa-2018",
        bookmarks=bookmarks,
    )


def _records(demo: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli("-C", str(demo), "feedback", "list", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["feedback"]  # type: ignore[no-any-return]


@pytest.fixture
def returned(demo: Path, exported: Path) -> Path:
    copy = _copy(demo, exported, "ngo-coalition.docx")
    track(
        copy,
        "competent authority independent",
        "competent and impartial authority independent",
        "NGO",
    )
    track(copy, "take into account", "consider", "NGO")
    plain_edit(copy, "Non-discrimination", "Non-discrimination and equality")
    comment(copy, "Commentary", "The commentary is too long.", "UNICEF")
    return copy


def test_every_piece_lands_on_its_principle_and_field(demo: Path, returned: Path) -> None:
    result = run_cli(
        "-C", str(demo), "feedback", "import", str(returned), "--from", "NGO Coalition"
    )
    assert result.returncode == 0, result.stderr
    assert "4 new records -> feedback/africa-2018/ngo-coalition.yaml" in result.stdout
    records = _records(demo)
    assert all(set(r) >= CONTRACT for r in records)
    seen = {
        (r["kind"], r["principle"], r["field"], r["quote"], r["proposed"], r["author"])
        for r in records
    }
    assert seen == {
        ("replacement", "best-interests", "items", "competent authority independent",
         "competent and impartial authority independent", "NGO"),
        ("replacement", "best-interests", "items", "take into account", "consider", "NGO"),
        ("edit", "non-discrimination", "title", None, " and equality", "NGO Coalition"),
        ("comment", "best-interests", "commentary", "Commentary", None, "UNICEF"),
    }  # fmt: skip
    head = Workspace.open(demo).history.repo.head.commit.hexsha
    assert {r["against"] for r in records} == {head}
    assert {r["round"] for r in records} == {"africa-2018"}
    assert {r["source"] for r in records} == {"ngo-coalition.docx"}
    assert {r["status"] for r in records} == {"open"}
    assert len({r["id"] for r in records}) == 4


def test_copies_without_bookmarks_are_placed_by_content(demo: Path, exported: Path) -> None:
    copy = _copy(demo, exported, "plain.docx", bookmarks=False)
    track(copy, "take into account", "consider", "NGO")
    plain_edit(copy, "shall enjoy all the rights", "shall enjoy every right")
    assert run_cli("-C", str(demo), "feedback", "import", str(copy)).returncode == 0
    got = {
        (r["kind"], r["principle"], r["field"], r["quote"], r["proposed"]) for r in _records(demo)
    }
    assert got == {
        ("replacement", "best-interests", "items", "take into account", "consider"),
        ("edit", "non-discrimination", "text", "all the rights", "every right"),
    }


def test_importing_the_same_copy_again_adds_nothing(demo: Path, returned: Path) -> None:
    assert run_cli("-C", str(demo), "feedback", "import", str(returned)).returncode == 0
    path = demo / "feedback" / "africa-2018" / "ngo-coalition.yaml"
    before = path.read_bytes()
    again = run_cli("-C", str(demo), "feedback", "import", str(returned))
    assert again.returncode == 0
    assert "0 new records (4 already imported)" in again.stdout
    assert path.read_bytes() == before
    assert len(_records(demo)) == 4


def test_a_copy_of_another_workspace_is_refused(demo: Path, exported: Path) -> None:
    copy = _copy(demo, exported, "stranger.docx")
    mark_copy(copy, workspace="0" * 40, revision="1" * 40, principles=[], round_id="x")
    result = run_cli("-C", str(demo), "feedback", "import", str(copy))
    assert result.returncode == 1
    assert "stranger.docx: a copy of another workspace" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (demo / "feedback").exists()


def test_bad_files_are_refused_and_nothing_is_written(demo: Path, tmp_path: Path) -> None:
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = run_cli("-C", str(demo), "feedback", "import", str(bad), "--round", "r1")
    assert result.returncode == 1 and "Word 97-2003" in result.stderr
    assert not (demo / "feedback").exists()


def test_accept_keeps_the_groups_later_rewording(demo: Path, returned: Path) -> None:
    run_cli("-C", str(demo), "feedback", "import", str(returned))
    ws = Workspace.open(demo)
    draft = ws.draft()
    principle = draft.principles["best-interests"]
    # the core group rewords another part of the same principle after the copy went out
    items = list(principle.items)
    items[1] = items[1].replace("continuity", "stability and continuity")
    ws.write_principle(principle.__class__(**{**principle.__dict__, "items": tuple(items)}))
    (first,) = [r for r in _records(demo) if r["quote"] == "competent authority independent"]
    result = run_cli("-C", str(demo), "feedback", "accept", str(first["id"]))
    assert result.returncode == 0, result.stderr
    now = Workspace.open(demo).draft().principles["best-interests"]
    assert "competent and impartial authority independent" in now.items[0]
    assert "stability and continuity" in now.items[1]
    assert {r["id"]: r["status"] for r in _records(demo)}[first["id"]] == "accepted"


def test_a_proposal_on_words_changed_since_is_a_clash(demo: Path, returned: Path) -> None:
    run_cli("-C", str(demo), "feedback", "import", str(returned))
    ws = Workspace.open(demo)
    principle = ws.draft().principles["best-interests"]
    items = list(principle.items)
    items[1] = items[1].replace("take into account", "weigh")
    ws.write_principle(principle.__class__(**{**principle.__dict__, "items": tuple(items)}))
    before = (demo / "principles" / "best-interests.yaml").read_bytes()
    (second,) = [r for r in _records(demo) if r["quote"] == "take into account"]
    result = run_cli("-C", str(demo), "feedback", "accept", str(second["id"]))
    assert result.returncode == 1 and "clashes with the working text" in result.stderr
    assert (demo / "principles" / "best-interests.yaml").read_bytes() == before
    assert {r["id"]: r["status"] for r in _records(demo)}[second["id"]] == "open"


def test_reject_answer_show_and_filters(demo: Path, returned: Path) -> None:
    run_cli("-C", str(demo), "feedback", "import", str(returned))
    records = _records(demo)
    by_kind = {r["kind"]: r for r in records}
    rid, cid = str(by_kind["edit"]["id"]), str(by_kind["comment"]["id"])
    assert (
        run_cli(
            "-C", str(demo), "feedback", "reject", rid, "-m", "Equality is in Principle 2"
        ).returncode
        == 0
    )
    assert run_cli("-C", str(demo), "feedback", "answer", cid, "-m", "Shortened.").returncode == 0
    after = {r["id"]: (r["status"], r["response"]) for r in _records(demo)}
    assert after[rid] == ("rejected", "Equality is in Principle 2")
    assert after[cid] == ("answered", "Shortened.")
    assert len(_records(demo, "--status", "open")) == 2
    assert len(_records(demo, "--principle", "non-discrimination")) == 1
    shown = run_cli("-C", str(demo), "feedback", "show", cid)
    assert "The commentary is too long." in shown.stdout and "answered — Shortened." in shown.stdout
    missing = run_cli("-C", str(demo), "feedback", "show", "nope")
    assert missing.returncode == 1 and "no feedback 'nope'" in missing.stderr


def test_feedback_is_saved_with_the_workspace(demo: Path, returned: Path) -> None:
    run_cli("-C", str(demo), "feedback", "import", str(returned))
    assert run_cli("-C", str(demo), "save", "-m", "Feedback from Africa").returncode == 0
    assert "feedback/africa-2018/ngo-coalition.yaml" in git(demo, "ls-files")


def test_the_comments_table_exports(demo: Path, returned: Path, tmp_path: Path) -> None:
    run_cli("-C", str(demo), "feedback", "import", str(returned))
    out = tmp_path / "table.csv"
    result = run_cli("-C", str(demo), "feedback", "export", "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0][:3] == ["Principle", "Part", "Reviewer"]
    assert ["Principle 1 — Best interests of the child", "Item (b)", "NGO", "ngo-coalition.docx",
            "Replace “take into account” with “consider”", "Open", ""] in rows  # fmt: skip
    parts = {(row[0], row[1]) for row in rows[1:]}
    assert ("Principle 1 — Best interests of the child", "Commentary, paragraph 1") in parts
    assert ("Principle 2 — Non-discrimination", "Title") in parts
    word = tmp_path / "table.docx"
    assert run_cli("-C", str(demo), "feedback", "export", "-o", str(word)).returncode == 0
    document = docx.Document(str(word))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    table = document.tables[0]
    assert len(table.rows) == 1 + 4
    assert "The commentary is too long." in "".join(c.text for r in table.rows for c in r.cells)


def test_accepting_words_around_a_cross_reference_keeps_the_reference(
    demo: Path, exported: Path
) -> None:
    copy = _copy(demo, exported, "refs.docx")
    plain_edit(copy, "consent in accordance with Principle 4", "consent as required by Principle 4")
    assert (
        run_cli("-C", str(demo), "feedback", "import", str(copy), "--from", "Expert").returncode
        == 0
    )
    (record,) = _records(demo)
    assert (record["principle"], record["field"]) == ("legal-parentage", "items")
    accepted = run_cli("-C", str(demo), "feedback", "accept", str(record["id"]))
    assert accepted.returncode == 0, accepted.stderr
    items = Workspace.open(demo).draft().principles["legal-parentage"].items
    assert "consent as required by [[principle:surrogate-consent]];" in items[0]


def test_a_copy_of_unsaved_working_files_says_so(demo: Path, exported: Path) -> None:
    ws = Workspace.open(demo)
    copy = exported.with_name("working.docx")
    shutil.copy(exported, copy)
    mark_as_sent(
        copy,
        ws,
        round_id="r1",
        working=True,
    )
    result = run_cli("-C", str(demo), "feedback", "import", str(copy))
    assert result.returncode == 0, result.stderr
    assert "0 new records" in result.stdout
    assert "note: the copy was made from unsaved working files" in result.stdout


def test_changes_outside_any_principle_are_kept_unplaced(demo: Path, exported: Path) -> None:
    copy = _copy(demo, exported, "front.docx")
    plain_edit(copy, "read as a whole", "read together")
    track(copy, "Principles on surrogacy", "Principles on children born through surrogacy", "Ed")
    assert run_cli("-C", str(demo), "feedback", "import", str(copy), "--from", "Ed").returncode == 0
    got = {
        (r["kind"], r["principle"], r["field"], r["quote"], r["proposed"]) for r in _records(demo)
    }
    assert got == {
        ("edit", None, None, "as a whole", "together"),
        ("replacement", None, None, "Principles on surrogacy",
         "Principles on children born through surrogacy"),
    }  # fmt: skip


def test_a_move_names_where_the_words_went(demo: Path, exported: Path, tmp_path: Path) -> None:
    copy = _copy(demo, exported, "moved.docx")
    sentence = "The consent of the surrogate mother shall be free and informed."
    move(copy, sentence, "States shall establish legal parentage", "Expert")
    assert run_cli("-C", str(demo), "feedback", "import", str(copy)).returncode == 0
    (record,) = _records(demo)
    assert (record["kind"], record["principle"], record["field"]) == (
        "move", "surrogate-consent", "text"
    )  # fmt: skip
    assert record["quote"] == sentence and record["moved_to"] == "legal-parentage/text"
    out = tmp_path / "t.csv"
    run_cli("-C", str(demo), "feedback", "export", "--format", "csv", "-o", str(out))
    assert f"Move “{sentence}” to Principle 3 (text)" in out.read_text()


def test_accepting_a_move_moves_the_words(demo: Path, exported: Path) -> None:
    """A reviewer dragged a sentence into another principle (Word's tracked move): accepted,
    the words leave the one and arrive where the reviewer put them, merged with the
    group's later edits of both."""
    copy = _copy(demo, exported, "moved.docx")
    sentence = "The consent of the surrogate mother shall be free and informed."
    move(copy, sentence, "States shall establish legal parentage", "Expert")
    assert run_cli("-C", str(demo), "feedback", "import", str(copy)).returncode == 0
    (record,) = _records(demo)
    assert isinstance(record["moved_at"], int)
    ws = Workspace.open(demo)
    _d, target = ws.principle("legal-parentage")
    ws.write_principle(replace(target, title="Legal parentage and its recognition"))
    accepted = run_cli("-C", str(demo), "feedback", "accept", str(record["id"]))
    assert accepted.returncode == 0, accepted.stderr
    assert "moved from surrogate-consent (text) to legal-parentage/text" in accepted.stdout
    draft = Workspace.open(demo).draft()
    source, target = draft.principles["surrogate-consent"], draft.principles["legal-parentage"]
    assert sentence not in source.text
    paragraph = next(p for p in target.text.split("\n\n") if "establish legal parentage" in p)
    assert paragraph.endswith(sentence)  # where the reviewer dropped it
    assert target.title == "Legal parentage and its recognition"  # the group's edit kept
    assert "\n\n\n" not in source.text
    assert {r["id"]: r["status"] for r in _records(demo)}[record["id"]] == "accepted"


def test_feedback_files_merge_record_by_record(demo: Path, returned: Path) -> None:
    from drafter.feedback.records import dump, merge_files, parse

    run_cli("-C", str(demo), "feedback", "import", str(returned))
    path = "feedback/africa-2018/ngo-coalition.yaml"
    base = (demo / path).read_bytes()
    ff = parse(path, base)
    a, b, c, d = ff.records

    def side(*records: object) -> bytes:
        return dump(replace(ff, records=list(records))).encode()

    ours = side(replace(a, status="accepted"), b, c, replace(d, status="answered", response="x"))
    theirs = side(a, replace(b, status="rejected"), c, replace(d, status="answered", response="y"))
    text, notices = merge_files(path, base, ours, theirs)
    merged = {r.id: (r.status, r.response) for r in parse(path, text.encode()).records}
    assert merged == {
        a.id: ("accepted", None),  # only we decided
        b.id: ("rejected", None),  # only they decided
        c.id: ("open", None),
        d.id: ("answered", "x"),  # both decided: ours kept, and said
    }
    assert notices == [
        f"{path}: feedback {d.id} was decided on both sides: kept this copy's decision"
    ]


def test_decisions_alone_are_something_to_save(demo: Path, returned: Path) -> None:
    ws = Workspace.open(demo)
    assert ws.pending_changes() == []
    run_cli("-C", str(demo), "feedback", "import", str(returned))
    assert Workspace.open(demo).pending_changes() == ["feedback/africa-2018/ngo-coalition.yaml"]
    assert Workspace.open(demo).default_message() == "Record feedback"
    assert run_cli("-C", str(demo), "save").returncode == 0
    assert Workspace.open(demo).pending_changes() == []
    (first, *_) = _records(demo)
    run_cli("-C", str(demo), "feedback", "reject", str(first["id"]), "-m", "No.")
    assert Workspace.open(demo).pending_changes() == ["feedback/africa-2018/ngo-coalition.yaml"]


def test_two_members_deciding_the_same_copys_feedback_keep_both_decisions(
    demo: Path, returned: Path, tmp_path: Path
) -> None:
    """Sync merges feedback files record by record: Alice rejects one proposal while Bob
    answers another; after both sync, each copy holds both decisions."""
    remote = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    assert run_cli("-C", str(demo), "feedback", "import", str(returned)).returncode == 0
    assert run_cli("-C", str(demo), "save", "-m", "Feedback from the NGO").returncode == 0
    assert run_cli("-C", str(demo), "sync", str(remote)).returncode == 0
    bob = tmp_path / "bob"
    assert run_cli("clone", str(remote), str(bob)).returncode == 0
    first, second = sorted(str(r["id"]) for r in _records(demo))[:2]
    assert (
        run_cli("-C", str(demo), "feedback", "reject", first, "-m", "Out of scope").returncode == 0
    )
    assert run_cli("-C", str(demo), "save", "-m", "Alice decides").returncode == 0
    assert run_cli("-C", str(demo), "sync").returncode == 0
    answer = run_cli("-C", str(bob), "feedback", "answer", second, "-m", "Discussed at Zurich")
    assert answer.returncode == 0, answer.stderr
    assert run_cli("-C", str(bob), "save", "-m", "Bob decides").returncode == 0
    merged = run_cli("-C", str(bob), "sync")
    assert merged.returncode == 0, merged.stderr
    assert run_cli("-C", str(demo), "sync").returncode == 0
    for copy in (demo, bob):
        status = {str(r["id"]): (r["status"], r["response"]) for r in _records(copy)}
        assert status[first] == ("rejected", "Out of scope")
        assert status[second] == ("answered", "Discussed at Zurich")
