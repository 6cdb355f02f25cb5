"""Opening returned Word files safely, and reading reviewers' markup from real files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from drafter.docx_in import WordFileError, open_docx, read_markup
from tests.conftest import CORPUS

REVIEW = CORPUS / "word-review"
FILES = sorted(REVIEW.glob("*.docx")) if REVIEW.is_dir() else []


def _plain_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Principle 1 — Best interests")
    document.save(str(path))
    return path


def _rewrite(source: Path, target: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == member else zin.read(info))
    return target


# --------------------------------------------------------------------------- refusing


def test_a_good_file_opens(tmp_path: Path) -> None:
    package = open_docx(_plain_docx(tmp_path / "ok.docx"))
    markup = read_markup(package)
    assert [p.accepted() for p in markup.paras] == ["Principle 1 — Best interests"]


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.write_text("just some notes\n"), "not even a zip file"),
        (lambda p: p.write_bytes(b""), "not even a zip file"),
        (
            lambda p: p.write_bytes(
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                + b"\0" * 512
                + "EncryptedPackage".encode("utf-16-le")
            ),
            "protected by a password",
        ),
        (
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024),
            "Word 97-2003 file (.doc)",
        ),
    ],
    ids=["text", "empty", "encrypted", "legacy-doc"],
)
def test_what_is_not_a_docx_is_refused_in_one_line(tmp_path: Path, make, problem: str) -> None:
    path = tmp_path / "returned.docx"
    make(path)
    with pytest.raises(WordFileError) as info:
        open_docx(path)
    message = str(info.value)
    assert str(path) in message and problem in message and "\n" not in message


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    good = _plain_docx(tmp_path / "good.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good[: len(good) // 2])
    with pytest.raises(WordFileError, match="damaged or truncated"):
        open_docx(cut)


def test_corrupt_member_is_refused(tmp_path: Path) -> None:
    good = _plain_docx(tmp_path / "good.docx")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + 40):
        data[i] ^= 0x55
    bad = tmp_path / "bad.docx"
    bad.write_bytes(bytes(data))
    with pytest.raises(WordFileError, match="damaged"):
        open_docx(bad)


def test_a_zip_without_a_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(WordFileError, match=r"no word/document\.xml"):
        open_docx(path)


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    good = _plain_docx(tmp_path / "good.docx")
    bomb = tmp_path / "bomb.docx"
    shutil.copy(good, bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/zeros.bin", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(WordFileError, match="zip bomb"):
        open_docx(bomb)


def test_a_member_larger_than_it_declares_is_refused(tmp_path: Path) -> None:
    good = _plain_docx(tmp_path / "good.docx")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("word/document.xml")
    # shrink the declared size in the central directory: the reader must not trust it
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
    lying = tmp_path / "lying.docx"
    lying.write_bytes(bytes(data))
    assert info.file_size > 10
    with pytest.raises(WordFileError):
        open_docx(lying)


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>",
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>",
        b'<?xml version="1.0"?><!DOCTYPE html>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    ],
    ids=["billion-laughs", "external-entity", "plain-doctype"],
)
def test_doctype_and_entities_are_refused(tmp_path: Path, xml: bytes) -> None:
    good = _plain_docx(tmp_path / "good.docx")
    hostile = _rewrite(good, tmp_path / "hostile.docx", "word/document.xml", xml)
    with pytest.raises(WordFileError, match="DOCTYPE") as info:
        read_markup(open_docx(hostile))
    assert "hostile.docx" in str(info.value) and "root:" not in str(info.value)


def test_not_well_formed_xml_names_the_member(tmp_path: Path) -> None:
    good = _plain_docx(tmp_path / "good.docx")
    broken = _rewrite(good, tmp_path / "broken.docx", "word/document.xml", b"<w:document><w:body>")
    with pytest.raises(WordFileError, match=r"broken.docx: word/document.xml: not well-formed"):
        read_markup(open_docx(broken))


# --------------------------------------------------------------------------- the corpus


def _manifest() -> dict[str, dict[str, object]]:
    return json.loads((REVIEW / "MANIFEST.json").read_text())


def _corpus_or_skip() -> None:
    if not FILES:
        pytest.skip(f"the word-review corpus is not at {REVIEW}")


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_review_file_reads_with_the_manifest_counts(path: Path) -> None:
    _corpus_or_skip()
    expected = _manifest()[path.name]
    markup = read_markup(open_docx(path))
    c = markup.counts
    got = {
        "ins": c.ins,
        "del": c.dels,
        "moveFrom": c.move_from,
        "moveTo": c.move_to,
        "paraMarkIns": c.para_mark_ins,
        "paraMarkDel": c.para_mark_del,
        "pPrChange": c.formatting.get("pPrChange", 0),
        "rPrChange": c.formatting.get("rPrChange", 0),
        "comments": c.comments,
        "replies": c.replies,
        "done": c.resolved,
    }
    want = {key: expected.get(key, 0) for key in got}
    assert got == want
    authors = {comment.author for comment in markup.comments.values()} - {""}
    assert authors <= set(expected["comment_authors"])  # type: ignore[arg-type]
    # threads: every reply hangs under a top-level comment
    threads = markup.comment_threads()
    assert sum(1 + len(replies) for _, replies in threads) == c.comments


def _pandoc_words(native: Path) -> list[str]:
    out = subprocess.run(
        ["pandoc", "-f", "native", "-t", "plain", "--wrap=none", str(native)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.findall(r"\w+", out)


READINGS = [
    (path, mode, REVIEW / "expected" / f"{path.stem}_{suffix}.native")
    for path in FILES
    for mode, suffix in (("accept", "accept"), ("reject", "reject"), ("accept", "no_comments"))
    if (REVIEW / "expected" / f"{path.stem}_{suffix}.native").exists()
]


@pytest.mark.pandoc
@pytest.mark.parametrize(
    ("path", "mode", "native"), READINGS, ids=[f"{p.stem}-{n.stem[-6:]}" for p, _, n in READINGS]
)
def test_accepted_and_rejected_readings_match_pandoc(path: Path, mode: str, native: Path) -> None:
    _corpus_or_skip()
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed")
    markup = read_markup(open_docx(path))
    mine = re.findall(r"\w+", "\n".join(markup.reading(mode == "accept")))
    assert mine == _pandoc_words(native)


def test_readings_cover_the_corpus() -> None:
    _corpus_or_skip()
    assert len(FILES) == 38 and len(READINGS) == 9


def test_comment_anchors_threads_and_resolved_state() -> None:
    _corpus_or_skip()
    markup = read_markup(open_docx(REVIEW / "pandoc__comments.docx"))
    quotes = markup.quotes()
    assert quotes["0"] == "some text to have a comment"
    assert quotes["1"] == "a new paragraph.\nAnd so"  # a range across two paragraphs
    threads = {c.cid: [r.text for r in replies] for c, replies in markup.comment_threads()}
    assert threads["3"] == ["Do something else."]
    resolved = read_markup(open_docx(REVIEW / "superdoc__basic-resolved-comment.docx"))
    assert sorted(c.done for c in resolved.comments.values()) == [False, True]
    scrubbed = read_markup(open_docx(REVIEW / "pandoc__track_changes_scrubbed_metadata.docx"))
    changes = [t.change for p in scrubbed.paras for t in p.tokens if t.change and t.text]
    assert changes and all(c.author == "Author" and c.date is None for c in changes)


def test_moves_are_paired_by_name() -> None:
    _corpus_or_skip()
    markup = read_markup(open_docx(REVIEW / "pandoc__track_changes_move.docx"))
    moves = [t for p in markup.paras for t in p.tokens if t.change and t.text]
    assert {(t.change.kind, t.text) for t in moves if t.change} == {
        ("moveFrom", "Here is the text to be moved."),
        ("moveTo", "Here is the text to be moved."),
    }
    assert len({t.change.move for t in moves if t.change}) == 1


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_review_file_becomes_feedback_records(path: Path) -> None:
    """Read as a returned copy of an unrelated draft: nothing lost, nothing invented."""
    _corpus_or_skip()
    from drafter.feedback.reader import read_records
    from drafter.model import Document, Draft, Principle

    draft = Draft(
        Document(title="Unrelated", order=("one",)),
        {"one": Principle(id="one", title="One", text="Nothing in common.")},
    )
    markup = read_markup(open_docx(path))
    records = read_records(markup, draft, round_id="r", source="s", editor="x", edited=None)
    comments = [r for r in records if r.kind == "comment"]
    assert len(comments) == len(markup.comment_threads())
    assert sum(len(r.replies) for r in comments) == markup.counts.comments - len(comments)
    changed = any(t.change and t.text.strip() for p in markup.paras for t in p.tokens)
    assert changed == any(r.kind != "comment" for r in records)
    assert all(r.principle is None for r in records)  # nothing here is on "one"
    assert len({r.id for r in records}) == len(records)


def test_tracked_changes_become_the_right_kinds() -> None:
    _corpus_or_skip()
    from drafter.feedback.reader import read_records
    from drafter.model import Document, Draft

    draft = Draft(Document(title="Unrelated"), {})

    def kinds(name: str) -> list[tuple[str, str | None, str | None, str]]:
        markup = read_markup(open_docx(REVIEW / name))
        records = read_records(markup, draft, round_id="r", source="s", editor="x", edited=None)
        return [(r.kind, r.quote, r.proposed, r.author) for r in records if r.kind != "comment"]

    assert kinds("pandoc__track_changes_move.docx") == [
        (
            "move",
            "Here is the text to be moved.",
            "Here is the text to be moved.",
            "Jesse Rosenthal",
        )
    ]
    scrubbed = kinds("pandoc__track_changes_scrubbed_metadata.docx")
    assert [k[0] for k in scrubbed] == ["replacement"] and scrubbed[0][3] == "Author"


def test_comment_dates_come_from_utc_where_word_wrote_them() -> None:
    _corpus_or_skip()
    markup = read_markup(open_docx(REVIEW / "superdoc__WordOriginatedComments.docx"))
    # comments.xml says 2025-12-12T21:04:00Z (local time); commentsExtensible the true UTC
    assert markup.comments["0"].date == "2025-12-13T05:04:00Z"


def test_a_move_knows_where_its_words_went() -> None:
    _corpus_or_skip()
    from drafter.feedback.reader import read_records
    from drafter.model import Document, Draft

    markup = read_markup(open_docx(REVIEW / "pandoc__track_changes_move.docx"))
    records = read_records(
        markup, Draft(Document(title="x"), {}), round_id="r", source="s", editor="x", edited=None
    )
    (move,) = records
    assert (move.kind, move.moved_to) == ("move", "")  # moved, and within no principle
