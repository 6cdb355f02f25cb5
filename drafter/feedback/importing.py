"""Reading returned copies into a workspace's feedback files, once each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import DrafterError
from drafter.feedback.records import FeedbackError, FeedbackFile, load_all, save
from drafter.model import check_id, slugify

if TYPE_CHECKING:
    from drafter.docx_in import Markup
    from drafter.model import Draft
    from drafter.workspace import Workspace

_SHA = re.compile(r"[0-9a-f]{40}\Z")


@dataclass
class ImportResult:
    path: Path
    file: FeedbackFile
    added: int
    already: int
    formatting: int
    warning: str = ""


def workspace_identity(ws: Workspace) -> str:
    """The root commit of the workspace's history: the same in every clone.

    Found exactly as the exporter finds what it writes into ``drafter.workspace``: the
    oldest revision of the history in topological order.
    """
    revisions = ws.history.revisions()
    return revisions[-1].sha if revisions else ""


def import_copies(
    ws: Workspace,
    paths: list[str | Path],
    *,
    round_id: str | None = None,
    from_: str | None = None,
    against: str | None = None,
) -> list[ImportResult]:
    """Read every file first (all or nothing), then write one feedback file per copy."""
    from drafter.docx_in import open_docx, read_markup
    from drafter.feedback.reader import read_records

    identity = workspace_identity(ws)
    existing = {ff.path: ff for ff in load_all(ws.root)}
    planned: list[tuple[Path, FeedbackFile, int, int, int, str]] = []
    for raw in paths:
        path = Path(raw)
        markup = read_markup(open_docx(path))
        theirs = markup.properties.get("drafter.workspace", "")
        if theirs and identity and theirs != identity:
            raise FeedbackError(
                f"{path}: a copy of another workspace (not exported from this one): refused"
            )
        rev = _sent_revision(ws, markup, against, path)
        draft = ws.draft(rev)
        rid = round_id or markup.properties.get("drafter.round", "")
        if not rid:
            raise FeedbackError(
                f"{path}: the copy names no consultation round: give one with --round ID"
            )
        check_id(rid, "round id")
        source = slugify(path.stem)
        editor = (
            from_ or markup.core.get("lastModifiedBy") or markup.core.get("creator") or "unknown"
        )
        edited = markup.core.get("modified") or None
        records = read_records(
            markup, draft, round_id=rid, source=source, editor=editor, edited=edited
        )
        warning = ""
        if markup.properties.get("drafter.working") == "true" and not against:
            warning = (
                "the copy was made from unsaved working files: words that differed from "
                "the last saved revision show as edits (export saved revisions for consultations)"
            )
        ff = FeedbackFile(round=rid, source=source, file=path.name, against=rev)
        old = existing.get(ff.path)
        if old is not None:
            known = {r.id for r in old.records}
            fresh = [r for r in records if r.id not in known]
            ff = old
            ff.records = [*old.records, *fresh]
            planned.append(
                (
                    path,
                    ff,
                    len(fresh),
                    len(records) - len(fresh),
                    markup.counts.formatting_total,
                    warning,
                )
            )
        else:
            ff.records = records
            planned.append((path, ff, len(records), 0, markup.counts.formatting_total, warning))
    results = []
    for path, ff, added, already, formatting, warning in planned:
        if added or not (ws.root / ff.path).exists():
            save(ws.root, ff)
        results.append(ImportResult(path, ff, added, already, formatting, warning))
    return results


def _sent_revision(ws: Workspace, markup: Markup, against: str | None, path: Path) -> str:
    """The commit the copy was made from: --against, the copy's own record, or by content."""
    if against:
        return ws.history.resolve(against).hexsha
    rev = markup.properties.get("drafter.revision", "")
    if _SHA.match(rev):
        try:
            return ws.history.resolve(rev).hexsha
        except DrafterError:
            raise FeedbackError(
                f"{path}: made from revision {rev[:8]}, which this workspace does not have: "
                "sync first, or name the revision with --against REV"
            ) from None
    return _revision_by_content(ws, markup, path)


def _revision_by_content(ws: Workspace, markup: Markup, path: Path) -> str:
    from drafter.feedback.reader import sent_paragraphs
    from drafter.store import build_draft

    returned = {" ".join(p.rejected().split()) for p in markup.paras if p.rejected().strip()}
    candidates = [revision.sha for revision in ws.history.revisions(40)]
    best, score = "", -1.0
    for sha in candidates:
        draft: Draft | None
        draft, _ = build_draft(
            ws.history.tree_files(ws.history.resolve(sha)), label=sha, strict=False
        )
        if draft is None:
            continue
        sent = [" ".join(p.text.split()) for p in sent_paragraphs(draft)]
        if not sent:
            continue
        hits = sum(1 for t in sent if t in returned) / len(sent)
        if hits > score:
            best, score = sha, hits
    if not best or score < 0.3:
        raise FeedbackError(
            f"{path}: cannot tell which revision this copy was made from: "
            "name it with --against REV"
        )
    return best
