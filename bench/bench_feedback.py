"""Word drafts in and feedback back: the Code civil as a Word draft, a marked-up returned copy.

Budgets (whole process): import of the Code civil as a Word draft ≤ 3 s; feedback import
of a returned copy with 500 tracked changes and 200 comments ≤ 2 s; feedback list on
5,000 records ≤ 0.5 s.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CORPUS, DRAFTER, cached_workspace, require_corpus

IMPORT_GOAL, FEEDBACK_GOAL, LIST_GOAL = 3.0, 2.0, 0.5
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _build_code_civil(path: Path) -> None:
    from drafter.git.repository import TRACKED
    from drafter.model import Document
    from drafter.workspace import Workspace
    from tests.corpus import parse_code_civil

    principles = parse_code_civil(CORPUS / "code-civil-fr" / "2015-03-22_commit-a191667dfd.txt")
    ws = Workspace.create(path)
    for p in principles:
        ws.write_principle(p)
    ws.write_document(
        Document(title="Code civil", language="fr", order=tuple(p.id for p in principles))
    )
    ws.save("Code civil", paths=(*TRACKED, ".gitignore"))


def _timed(cmd: list[str], runs: int, before=None) -> float:  # type: ignore[no-untyped-def]
    times = []
    for n in range(runs + 1):
        if before:
            before(n)
        started = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        if n:  # the first run warms the caches
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def _mark_up(source: Path, target: Path, changes: int, comments: int) -> None:
    """500 tracked replacements (first word of a text paragraph) and 200 comments."""
    from lxml import etree

    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members["word/document.xml"])
    w = f"{{{W}}}"
    done_changes = done_comments = 0
    body_comments = []
    for n, t in enumerate(root.iter(w + "t")):
        run = t.getparent()
        para = run.getparent()
        style = para.find(f"{w}pPr/{w}pStyle")
        kind = (style.get(w + "val") or "") if style is not None else ""
        if (
            kind.lower().startswith(("heading", "title", "sub", "toc"))
            or not t.text
            or " " not in t.text
        ):
            continue
        if done_changes < changes and n % 2 == 0:
            first, rest = t.text.split(" ", 1)
            t.text = " " + rest
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            d = etree.Element(
                w + "del",
                {
                    w + "id": str(1000 + n),
                    w + "author": "Relecteur",
                    w + "date": "2026-03-01T10:00:00Z",
                },
            )
            dr = etree.SubElement(d, w + "r")
            etree.SubElement(dr, w + "delText").text = first
            i = etree.Element(
                w + "ins",
                {
                    w + "id": str(5000 + n),
                    w + "author": "Relecteur",
                    w + "date": "2026-03-01T10:00:00Z",
                },
            )
            ir = etree.SubElement(i, w + "r")
            etree.SubElement(ir, w + "t").text = first.upper()
            index = para.index(run)
            para.insert(index, i)
            para.insert(index, d)
            done_changes += 1
        elif done_comments < comments and n % 2 == 1:
            cid = str(done_comments)
            index = para.index(run)
            para.insert(index, etree.Element(w + "commentRangeStart", {w + "id": cid}))
            para.insert(index + 2, etree.Element(w + "commentRangeEnd", {w + "id": cid}))
            ref = etree.Element(w + "r")
            etree.SubElement(ref, w + "commentReference", {w + "id": cid})
            para.insert(index + 3, ref)
            body_comments.append(
                f'<w:comment w:id="{cid}" w:author="Expert" w:date="2026-03-02T10:00:00Z">'
                f"<w:p><w:r><w:t>Remarque {cid}</w:t></w:r></w:p></w:comment>"
            )
            done_comments += 1
        if done_changes >= changes and done_comments >= comments:
            break
    members["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    members["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}">'
        + "".join(body_comments)
        + "</w:comments>"
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    print(f"  returned copy: {done_changes} tracked replacements, {done_comments} comments")


def main() -> int:
    require_corpus()
    for var, value in (("GIT_AUTHOR_NAME", "Bench"), ("GIT_AUTHOR_EMAIL", "bench@example.org"),
                       ("GIT_COMMITTER_NAME", "Bench"), ("GIT_COMMITTER_EMAIL", "bench@example.org")):  # fmt: skip
        os.environ.setdefault(var, value)
    from drafter.feedback import workspace_identity
    from drafter.workspace import Workspace
    from tests.feedback.copies import mark_copy

    ws_path = cached_workspace("code-civil-feedback", _build_code_civil)
    ws = Workspace.open(ws_path)
    draft = ws.draft()
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        docx_path = tmp / "code-civil.docx"
        subprocess.run(
            [*DRAFTER, "-C", str(ws_path), "export", "HEAD", "-o", str(docx_path)],
            check=True,
            capture_output=True,
        )
        mark_copy(
            docx_path,
            workspace=workspace_identity(ws),
            revision=ws.history.repo.head.commit.hexsha,
            principles=list(draft.document.order),
            round_id="bench",
        )

        def fresh(n: int) -> None:
            shutil.rmtree(tmp / "imported", ignore_errors=True)

        seconds = _timed([*DRAFTER, "import", str(docx_path), str(tmp / "imported")], 3, fresh)
        print(
            f"  drafter import: Code civil as a Word draft ({len(draft.document.order)} articles): {seconds:.2f} s (whole process)"
        )
        failed |= seconds > IMPORT_GOAL

        returned = tmp / "retour.docx"
        _mark_up(docx_path, returned, 500, 200)
        work = tmp / "ws"
        shutil.copytree(ws_path, work)

        def clear(n: int) -> None:
            shutil.rmtree(work / "feedback", ignore_errors=True)

        seconds = _timed([*DRAFTER, "-C", str(work), "feedback", "import", str(returned)], 3, clear)
        out = subprocess.run(
            [*DRAFTER, "-C", str(work), "feedback", "list", "--format", "json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        import json

        count = len(json.loads(out)["feedback"])
        print(
            f"  drafter feedback import: returned Code civil copy -> {count} records: {seconds:.2f} s (whole process)"
        )
        failed |= seconds > FEEDBACK_GOAL

        from drafter.feedback.records import FeedbackFile, Record, save

        many = FeedbackFile(round="bench", source="many", file="many.docx", against="0" * 40)
        order = draft.document.order
        many.records = [
            Record(
                id=f"r{n:05d}",
                kind="replacement",
                author="Expert",
                date="2026-03-01T10:00:00Z",
                principle=order[n % len(order)],
                field="text",
                at=n,
                quote="mot ancien",
                proposed="mot nouveau",
            )
            for n in range(5000)
        ]
        save(work, many)
        seconds = _timed([*DRAFTER, "-C", str(work), "feedback", "list"], 5)
        print(f"  drafter feedback list: 5,000+ records: {seconds:.2f} s (whole process)")
        failed |= seconds > LIST_GOAL
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
