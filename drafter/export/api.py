"""Exporting a workspace's revisions: names, labels, authors and default file names.

This is the layer the CLI and the TUI share: it turns revision names into drafts and
title-page labels, picks the output file, and calls the pure writers in ``docx``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import DrafterError, ExportError
from drafter.model import Draft, Meeting, format_date
from drafter.refs import WORKING
from drafter.store import EXPORTS_DIR

if TYPE_CHECKING:
    from drafter.export.docx import Progress
    from drafter.workspace import Workspace

_STOP_WORDS = frozenset(
    (
        *("a", "an", "and", "at", "by", "de", "del", "della", "der", "des", "di", "du"),
        *("el", "en", "et", "for", "from", "in", "la", "le", "les", "of", "on", "or"),
        *("su", "sur", "the", "to", "un", "une", "von", "with", "y"),
    )
)


@dataclass(frozen=True)
class RevisionInfo:
    """A revision as the export names it."""

    name: str  # as the user gave it
    slug: str  # for file names: a meeting id, "working" or a short sha
    label: str  # "Draft agreed at ..." / "Working draft, 3 May 2024"
    day: date
    author: str  # of the revision's newest commit (or the user, for working files)
    when: datetime  # timezone-aware
    source: str = ""  # "revision 1a2b3c4d" / "the working files"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    warnings: list[str] = field(default_factory=list)


def describe_revision(ws: Workspace, rev: str, draft: Draft) -> RevisionInfo:
    """Label, date and author of a revision, for the title page and tracked changes."""
    if rev == WORKING:
        now = datetime.now().astimezone()
        try:
            author = ws.history.identity().name
        except DrafterError:
            author = "drafter"
        return RevisionInfo(
            rev,
            WORKING,
            f"Working draft, {format_date(now.date())}",
            now.date(),
            author,
            now,
            "the working files",
        )
    commit = ws.history.resolve(rev)
    when = commit.authored_datetime
    author = str(commit.author.name or "unknown")
    tags = {mid for mid, sha in ws.history.meeting_tags().items() if sha == commit.hexsha}
    mid: str | None = None
    asked = rev.removeprefix("meeting/")
    if asked in tags:
        mid = asked
    elif tags:
        mid = max(tags, key=lambda m: _meeting_day(draft.meetings.get(m)) or date.min)
    if mid is not None:
        meeting = draft.meetings.get(mid) or Meeting(id=mid, name=mid)
        return RevisionInfo(
            rev,
            mid,
            f"Draft agreed at {meeting.label()}",
            meeting.last_day or when.date(),
            author,
            when,
            f"revision {commit.hexsha[:8]}",
        )
    short = commit.hexsha[:8]
    return RevisionInfo(
        rev,
        short,
        f"Working draft, {format_date(when.date())} (revision {short})",
        when.date(),
        author,
        when,
        f"revision {short}",
    )


def _note(info: RevisionInfo) -> str:
    return f"Exported on {format_date(date.today())} from {info.source}."


def _meeting_day(meeting: Meeting | None) -> date | None:
    return meeting.last_day if meeting else None


def short_name(title: str) -> str:
    """A file-name stem from the document title: its first four significant words.

    "Principles for the protection of the rights of children born through surrogacy"
    gives "principles-protection-rights-children".
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_title.lower()) if w not in _STOP_WORDS]
    return "-".join(words[:4])[:48].strip("-") or "document"


def default_output(
    ws: Workspace, draft: Draft, rev: RevisionInfo, base: RevisionInfo | None
) -> Path:
    from drafter.safe_files import open_folder

    name = short_name(draft.document.title)
    with open_folder(ws.root, EXPORTS_DIR, create=True):
        pass  # the exports folder must be a real folder inside the workspace, not a link
    if base is None:
        return ws.root / EXPORTS_DIR / f"{name}-{rev.slug}.docx"
    return ws.root / EXPORTS_DIR / f"{name}-redline-{base.slug}-{rev.slug}.docx"


def export_workspace(
    ws: Workspace,
    rev: str = WORKING,
    *,
    output: Path | None = None,
    redline_from: str | None = None,
    lang: str | None = None,
    template: Path | None = None,
    line_numbers: bool = False,
    toc: bool = True,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the consolidated document of ``rev`` (or its redline from ``redline_from``)."""
    from drafter.export.docx import (
        ChangeStamp,
        ExportOptions,
        TitleInfo,
        check_language,
        write_consolidated,
        write_redline,
    )

    options = ExportOptions(lang=lang, template=template, line_numbers=line_numbers, toc=toc)
    if template is not None and not Path(template).exists():
        raise ExportError(f"template {template}: no such file")
    draft = ws.draft(rev)
    check_language(draft, lang)
    info = describe_revision(ws, rev, draft)
    base_draft = ws.draft(redline_from) if redline_from is not None else None
    base = describe_revision(ws, redline_from, base_draft) if base_draft is not None else None
    if output is None:
        path = default_output(ws, draft, info, base)
        path.parent.mkdir(exist_ok=True)
    else:
        path = Path(output)
        if path.is_dir():
            raise ExportError(f"{output}: is a folder; give a file name ending in .docx")
    if base_draft is None or base is None:
        warnings = write_consolidated(
            draft,
            path,
            title=TitleInfo(info.label, info.day, _note(info)),
            options=options,
            progress=progress,
        )
    else:
        warnings = write_redline(
            base_draft,
            draft,
            path,
            old_title=TitleInfo(base.label, base.day),
            new_title=TitleInfo(info.label, info.day, _note(info)),
            stamp=ChangeStamp(info.author, info.when),
            options=options,
            progress=progress,
        )
    gaps = _left_out(draft) + (_left_out(base_draft) if base_draft is not None else [])
    return ExportResult(path, list(dict.fromkeys(gaps)) + list(warnings))


def _left_out(draft: Draft) -> list[str]:
    """What a hand-edited, not yet checked draft leaves out of the document, said aloud.

    Reading is lenient (``drafter save`` is strict), so an export would otherwise drop a
    principle missing from the order, or skip a number, without a word.
    """
    from drafter.store import DOCUMENT_FILE, principle_path

    listed = set(draft.document.order)
    found = [
        f"{principle_path(pid)} is not in the order in {DOCUMENT_FILE}, so it is left out "
        "(drafter check lists every problem)"
        for pid in sorted(set(draft.principles) - listed)
    ]
    found += [
        f"{DOCUMENT_FILE} lists {pid!r} but there is no {principle_path(pid)}: "
        f"Principle {n} is missing from the document"
        for n, pid in enumerate(draft.document.order, start=1)
        if pid not in draft.principles
    ]
    return found
