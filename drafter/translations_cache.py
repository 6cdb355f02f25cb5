"""Translation states of a whole workspace without re-reading YAML that has not changed.

Parsing thousands of principle files is what ``drafter translations`` would spend its
time on (the Code civil: 2,800 files, most of a second), yet a state follows from a
handful of hashes per file. Those facts are memoised per file content (keyed by the
same SHA-1 git gives the file), together with the earlier source texts found in the
history for stale diffs, in ``.git/drafter-translations.json``. The memo is a pure
function of content: a stale entry cannot give a wrong answer, a lost or damaged memo
only costs time, and one that cannot be written is simply not kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from drafter import store
from drafter.model import Draft, Principle
from drafter.quick_read import read_memo, write_memo
from drafter.translations import (
    FIELDS,
    Facts,
    TranslationState,
    facts,
    languages,
    row,
    with_diffs,
)

if TYPE_CHECKING:
    from pathlib import Path

    from drafter.workspace import Workspace

MEMO_FILE = "drafter-translations.json"
_VERSION = 1


def _memo_path(ws: Workspace) -> Path:
    from drafter.layout import git_dir

    return git_dir(ws.root) / MEMO_FILE


def _load(path: Path) -> dict[str, Any]:
    data = read_memo(path, _VERSION)
    files, sources = data.get("files"), data.get("sources")
    return {
        "files": files if isinstance(files, dict) else {},
        "sources": {k: v for k, v in sources.items() if isinstance(v, str)}
        if isinstance(sources, dict)
        else {},
    }


def _usable(known: Facts) -> bool:
    """A memo entry of the expected shape (anything else is recomputed)."""
    if not isinstance(known, dict) or not isinstance(known.get("title"), str):
        return False
    source, tr = known.get("source"), known.get("tr")
    if not isinstance(source, dict) or not all(isinstance(source.get(n), str) for n in FIELDS):
        return False
    return isinstance(tr, dict) and all(
        isinstance(per, dict)
        and all(
            isinstance(v, list)
            and len(v) == 2
            and isinstance(v[0], bool)
            and (v[1] is None or isinstance(v[1], str))
            for v in per.values()
        )
        for per in tr.values()
    )


def workspace_states(
    ws: Workspace, *, lang: str | None = None, principle: str | None = None
) -> tuple[Draft, list[TranslationState], dict[str, str]]:
    """Rows as ``drafter.translations.states`` gives them, with diffs, for the working files.

    Also returned: the draft (the document, and only the principles that had to be
    parsed) and every listed principle's title, for rendering.
    """
    from drafter.errors import DrafterError, ValidationError

    document = ws.document()
    bare = Draft(document=document, principles={})
    langs = languages(bare, lang)
    files = store.read_tree(ws.root)
    path = _memo_path(ws)
    memo = _load(path)
    old_files: Mapping[str, Facts] = memo.get("files", {})
    sources: dict[str, str] = dict(memo.get("sources", {}))
    kept: dict[str, Facts] = {}
    parsed: dict[str, Principle] = {}
    problems = []

    def parse(pid: str) -> Principle:
        if pid not in parsed:
            rel = store.principle_path(pid)
            parsed[pid] = store.parse_principle(rel, files[rel])
        return parsed[pid]

    ids = [pid for pid in document.order if store.principle_path(pid) in files]
    if principle is not None:
        if principle not in ids:
            raise DrafterError(f"no principle {principle!r}")
        ids = [principle]
    rows: list[TranslationState] = []
    per_file: dict[str, Facts] = {}
    for pid in ids:
        data = files[store.principle_path(pid)]
        key = hashlib.sha1(data).hexdigest()
        known = old_files.get(key)
        if known is None or not _usable(known):
            try:
                known = facts(parse(pid))
            except ValidationError as exc:
                problems.extend(exc.problems)
                continue
        kept[key] = known
        per_file[pid] = known
        rows += [row(pid, lg, known) for lg in langs]
    if problems:
        raise ValidationError(problems)
    rows = with_diffs(ws, rows, lambda pid, name: parse(pid).field_text(name), sources)
    if principle is None:
        _save(path, memo, kept, sources, per_file.values())
    draft = Draft(document=document, principles=parsed)
    return draft, rows, {pid: str(f["title"]) for pid, f in per_file.items()}


def _save(
    path: Path,
    memo: dict[str, Any],
    kept: dict[str, Facts],
    sources: dict[str, str],
    current: Any,
) -> None:
    """Keep the facts of today's files and the earlier sources their records name."""
    recorded = {
        rec
        for f in current
        for per_lang in f["tr"].values()
        for _translated, rec in per_lang.values()
        if rec
    }
    wanted_sources = {h: t for h, t in sources.items() if h in recorded}
    if memo.get("files") == kept and memo.get("sources") == wanted_sources:
        return
    write_memo(path, _VERSION, {"files": kept, "sources": wanted_sources})
