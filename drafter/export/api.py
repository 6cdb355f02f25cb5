"""Exporting a workspace's revisions: names, labels, authors and default file names.

This is the layer the CLI and the TUI share: it turns revision names into drafts and
title-page labels, picks the output file, and calls the pure writers in ``docx``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import DrafterError, ExportError
from drafter.model import Draft, Meeting, format_date
from drafter.refs import WORKING
from drafter.store import EXPORTS_DIR

if TYPE_CHECKING:
    from drafter.consultations import Consultation
    from drafter.export._marks import Marking
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


def describe_revision(
    ws: Workspace, rev: str, draft: Draft, lang: str | None = None
) -> RevisionInfo:
    """Label, date and author of a revision, for the title page and tracked changes;
    the label in the export's language (drafter's own words and the dates)."""
    from drafter.export._common import VOCABULARIES

    words = VOCABULARIES.get((lang or draft.document.language).split(",")[0], VOCABULARIES["en"])
    if rev == WORKING:
        now = datetime.now().astimezone()
        try:
            author = ws.history.identity().name
        except DrafterError:
            author = "drafter"
        return RevisionInfo(
            rev,
            WORKING,
            words.working.format(format_date(now.date(), words.code)),
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
            words.agreed.format(meeting.label(words.code)),
            meeting.last_day or when.date(),
            author,
            when,
            f"revision {commit.hexsha[:8]}",
        )
    short = commit.hexsha[:8]
    return RevisionInfo(
        rev,
        short,
        words.working.format(format_date(when.date(), words.code)),
        when.date(),
        author,
        when,
        f"revision {short}",
    )


def _note(info: RevisionInfo, lang: str) -> str:
    """The title page's last line; no commit id (those are in the file's properties)."""
    from drafter.export._common import VOCABULARIES

    words = VOCABULARIES.get(lang, VOCABULARIES["en"])
    return words.exported.format(format_date(date.today(), words.code))


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
    status: bool = True,
    progress: Progress | None = None,
    author: str | None = None,
    consultation: str | None = None,
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

    parallel = _parallel_languages(lang)
    if parallel is not None:
        if redline_from is not None:
            raise ExportError("a parallel edition (--lang A,B) cannot be a redline")
        lang = None
    options = ExportOptions(
        lang=lang, template=template, line_numbers=line_numbers, toc=toc, status=status
    )
    if template is not None and not Path(template).exists():
        raise ExportError(f"template {template}: no such file")
    draft = ws.draft(rev)
    check_language(draft, lang)
    words_lang = (parallel[0] if parallel else lang) or draft.document.language
    info = describe_revision(ws, rev, draft, words_lang)
    base_draft = ws.draft(redline_from) if redline_from is not None else None
    base = (
        describe_revision(ws, redline_from, base_draft, words_lang)
        if base_draft is not None and redline_from is not None
        else None
    )
    if output is None:
        path = default_output(ws, draft, info, base)
        path.parent.mkdir(exist_ok=True)
    else:
        path = Path(output)
        if path.is_dir():
            raise ExportError(f"{output}: is a folder; give a file name ending in .docx")
    marking = _marking(ws, rev)
    round_ = None
    if consultation is not None:
        round_ = _round(
            ws, rev, consultation, marking.revision, lang or draft.document.language, path
        )
        marking = replace(marking, round=round_.id)
    if parallel is not None:
        from drafter.export.docx import write_parallel

        warnings = write_parallel(
            draft,
            path,
            title=TitleInfo(info.label, info.day, _note(info, words_lang)),
            langs=parallel,
            options=options,
            progress=progress,
            author=draft.document.secretariat or info.author,
            marking=marking,
        )
    elif base_draft is None or base is None:
        warnings = write_consolidated(
            draft,
            path,
            title=TitleInfo(info.label, info.day, _note(info, words_lang)),
            options=options,
            progress=progress,
            author=draft.document.secretariat or info.author,
            marking=marking,
        )
    else:
        assert redline_from is not None
        history = None if author else _history(ws, redline_from, rev, base_draft, draft)
        warnings = write_redline(
            base_draft,
            draft,
            path,
            old_title=TitleInfo(base.label, base.day),
            new_title=TitleInfo(info.label, info.day, _note(info, words_lang)),
            stamp=ChangeStamp(author or info.author, info.when),
            options=options,
            progress=progress,
            history=history,
            marking=marking,
            creator=draft.document.secretariat or None,
        )
    if round_ is not None:
        from drafter.consultations import save_round

        save_round(ws.root, round_)
    gaps = _left_out(draft) + (_left_out(base_draft) if base_draft is not None else [])
    return ExportResult(path, list(dict.fromkeys(gaps)) + list(warnings))


def _parallel_languages(lang: str | None) -> tuple[str, str] | None:
    """("en", "fr") for ``--lang en,fr`` (a parallel edition); None for one language."""
    if lang is None or "," not in lang:
        return None
    parts = [part.strip() for part in lang.split(",")]
    if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
        raise ExportError(
            f"--lang {lang}: a parallel edition takes two different languages, e.g. en,fr"
        )
    return parts[0], parts[1]


def _round(
    ws: Workspace, rev: str, name: str, revision: str, language: str, path: Path
) -> Consultation:
    """The round to record; checked before anything is written (a taken id is refused)."""
    from drafter.consultations import Consultation, load_rounds, round_id

    if rev == WORKING:
        raise ExportError(
            "a consultation copy is sent from a saved revision: save first "
            "(drafter save -m ...) and export that revision, e.g. drafter export HEAD"
        )
    rid = round_id(name)
    asked = rev.removeprefix("meeting/")
    meeting = asked if ws.history.meeting_tags().get(asked) == revision else None
    try:
        shown = path.resolve().relative_to(ws.root.resolve()).as_posix()
    except ValueError:
        shown = str(path.resolve())
    c = Consultation(rid, name, revision, date.today(), language, shown, meeting)
    for existing in load_rounds(ws.root):
        if existing.id == rid and not existing.same_round(c):
            raise ExportError(
                f"consultations/{rid}.yaml: a consultation round {rid!r} already exists "
                f"({existing.name}, sent {existing.date.isoformat()}); choose another name"
            )
    return c


def _marking(ws: Workspace, rev: str) -> Marking:
    """What the export says about its origin (drafter.* properties); see ``_marks``."""
    from drafter.export._marks import Marking

    revisions = ws.history.revisions()
    root = revisions[-1].sha if revisions else ""
    if rev == WORKING:
        head = ws.history.resolve("HEAD").hexsha if revisions else ""
        return Marking(workspace=root, revision=head, working=True)
    return Marking(workspace=root, revision=ws.history.resolve(rev).hexsha)


def _history(
    ws: Workspace, old: str, new: str, old_draft: Draft, new_draft: Draft
) -> list[tuple[Draft, tuple[str, datetime]]] | None:
    """The draft after each revision from ``old`` to ``new``, with who made it and when.

    None when the two are not on one line of history (then every change is credited to
    the newer revision, as before); reading stops early when one revision did it all.
    """
    from drafter.authorship import chain, drafts

    steps = chain(ws, old, new)
    if not steps:
        return None
    if len(steps) == 1:
        return [(new_draft, steps[0].stamp)]
    changed = {
        pid
        for pid in set(old_draft.principles) | set(new_draft.principles)
        if old_draft.principles.get(pid) != new_draft.principles.get(pid)
    }
    versions = [*drafts(ws, steps[:-1], changed, new_draft), new_draft]
    return [(d, step.stamp) for d, step in zip(versions, steps, strict=True)]


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
