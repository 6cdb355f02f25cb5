"""Translation states: which source text each translated field translates, and what changed.

Every translated field records a short hash of the source field it was made from
(``translations.<lang>.source`` in the principle file). Comparing that record with the
source as it stands gives the field's state without reading any history:

- ``current``: the source still hashes to the record;
- ``stale``: the source changed since (or no record says what was translated: an
  *unconfirmed* translation, written before drafter kept records or by hand);
- ``missing``: the source field has words, the translation has none.

Only the diff of a stale field ("what changed in the English since") needs the past:
the principle's history is searched for the version whose field hashes to the record.
Nothing here knows about a terminal, Textual or XLIFF.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from drafter.errors import DrafterError
from drafter.model import CROSS_REF_RE, Draft, Principle, Translation

if TYPE_CHECKING:
    from drafter.diff import DraftDiff, Piece
    from drafter.workspace import Workspace

#: the fields of a principle that are translated, in the order they are reported
FIELDS: tuple[str, ...] = ("title", "text", "items", "commentary")
CURRENT, STALE, MISSING = "current", "stale", "missing"
STATES: tuple[str, ...] = (CURRENT, STALE, MISSING)
HASH_LENGTH = 8
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "ar": "Arabic",
    "ru": "Russian",
    "zh": "Chinese",
}


def language_name(code: str) -> str:
    """'French' for fr; the code itself for a language drafter has no name for."""
    return LANGUAGE_NAMES.get(code, code)


def source_hash(text: str) -> str:
    """The short hash recorded for a source field (items: joined with newlines)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def translated_text(tr: Translation | None, name: str) -> str:
    if tr is None:
        return ""
    value = getattr(tr, name)
    return "\n".join(value) if isinstance(value, tuple) else str(value)


def check_field(name: str) -> str:
    if name not in FIELDS:
        raise DrafterError(f"--field: {name!r} is not one of: {', '.join(FIELDS)}")
    return name


# --------------------------------------------------------------------------- states


@dataclass(frozen=True)
class FieldState:
    """One translated field: its state and, for a stale one, the source's change since."""

    name: str
    state: str
    recorded: str | None  # the hash recorded with the translation; None: no record
    source: str  # the hash of the source field as it stands
    source_diff: tuple[Piece, ...] = ()

    @property
    def unconfirmed(self) -> bool:
        """Stale because nothing says which source text it translates."""
        return self.state == STALE and self.recorded is None


@dataclass(frozen=True)
class TranslationState:
    """One principle in one language."""

    principle: str
    lang: str
    state: str
    fields: Mapping[str, FieldState] = field(default_factory=dict)

    def stale_fields(self) -> list[FieldState]:
        return [f for f in self.fields.values() if f.state == STALE]


Facts = dict[str, Any]
"""What states need from one principle, JSON-able so it can be memoised per file:
``{"title": str, "source": {field: hash or ""}, "tr": {lang: {field: [translated, record]}}}``."""


def facts(p: Principle) -> Facts:
    """The hashes and flags a principle's translation states follow from (no texts)."""
    source = {n: source_hash(t) if (t := p.field_text(n)) else "" for n in FIELDS}
    tr = {
        lang: {n: [bool(translated_text(t, n)), t.source.get(n)] for n in FIELDS}
        for lang, t in p.translations.items()
    }
    return {"title": p.title, "source": source, "tr": tr}


def row(pid: str, lang: str, f: Facts) -> TranslationState:
    """One principle's state in one language, from its facts."""
    fields: dict[str, FieldState] = {}
    tr = f["tr"].get(lang, {})
    for name in FIELDS:
        now = f["source"][name]
        translated, recorded = tr.get(name, (False, None))
        if not now and not translated:
            continue
        if not translated:
            state = MISSING
        elif recorded == now:
            state = CURRENT
        else:  # the source changed (or was removed), or nothing says what was translated
            state = STALE
        fields[name] = FieldState(name, state, recorded, now or source_hash(""))
    return TranslationState(pid, lang, overall(fields.values()), fields)


def field_state(p: Principle, lang: str, name: str) -> FieldState | None:
    """The state of one field; None when neither the source nor the translation has words."""
    return translation_state(p, lang).fields.get(name)


def overall(fields: Iterable[FieldState]) -> str:
    """A principle's state in a language: stale if any field is, else missing if any is."""
    states = {f.state for f in fields}
    if STALE in states:
        return STALE
    if MISSING in states:
        return MISSING
    return CURRENT


def translation_state(p: Principle, lang: str) -> TranslationState:
    """States without diffs: fast (hashes only), for badges and counts."""
    return row(p.id, lang, facts(p))


def languages(draft: Draft, lang: str | None = None) -> tuple[str, ...]:
    """The document's translation languages, or the one asked for (which must be one)."""
    langs = draft.document.translations
    if lang is None:
        return langs
    if lang not in langs:
        listed = ", ".join(langs) if langs else "none"
        raise DrafterError(
            f"--lang {lang}: not a translation language of this document "
            f"(drafter.yaml lists: {listed})"
        )
    return (lang,)


def states(
    ws: Workspace | None,
    draft: Draft,
    *,
    lang: str | None = None,
    principle: str | None = None,
    diffs: bool = True,
) -> list[TranslationState]:
    """One row per principle (document order) and translation language.

    With ``diffs`` and a workspace, each stale field carries the word diff of its source
    from the text the translation was made from (found in the history) to today's.
    """
    langs = languages(draft, lang)
    if principle is not None and principle not in draft.principles:
        raise DrafterError(f"no principle {principle!r}")
    ids = [principle] if principle else [p.id for _, p in draft.ordered()]
    rows = []
    for pid in ids:
        known = facts(draft.principles[pid])
        rows += [row(pid, lg, known) for lg in langs]
    if diffs and ws is not None:
        rows = with_diffs(ws, rows, lambda pid, name: draft.principles[pid].field_text(name))
    return rows


def with_diffs(
    ws: Workspace,
    rows: list[TranslationState],
    source_now: Callable[[str, str], str],
    known: dict[str, str] | None = None,
) -> list[TranslationState]:
    """Rows whose stale fields carry the word diff of their source since the translation.

    ``known`` ({hash: source text}) answers first and learns what the history adds.
    """
    wanted: dict[str, set[tuple[str, str]]] = {}
    known = {} if known is None else known
    for r in rows:
        for f in r.stale_fields():
            if f.recorded is not None and f.recorded not in known:
                wanted.setdefault(r.principle, set()).add((f.name, f.recorded))
    if wanted:
        for (_, _, digest), text in find_sources(ws, wanted).items():
            known[digest] = text
    if not any(f.recorded in known for r in rows for f in r.stale_fields()):
        return rows
    from drafter.diff import word_diff

    result = []
    for r in rows:
        stale = [f for f in r.stale_fields() if f.recorded in known]
        if stale:
            fields = dict(r.fields)
            for f in stale:
                new = source_now(r.principle, f.name)
                fields[f.name] = replace(
                    f, source_diff=tuple(word_diff(known[f.recorded or ""], new))
                )
            r = replace(r, fields=fields)
        result.append(r)
    return result


def find_sources(
    ws: Workspace, wanted: Mapping[str, set[tuple[str, str]]]
) -> dict[tuple[str, str, str], str]:
    """{(principle, field, hash): the source text that hashed so} for what the history holds.

    One ``git log --raw`` lists every saved version of the principle files (merges
    compared with their first parent, so a merged version counts); the versions of the
    principles asked about are read in one ``git cat-file --batch``, newest first, and
    the search for a principle stops once every hash asked for it is found.
    """
    from drafter import store
    from drafter.errors import ValidationError

    versions = _file_versions(ws, store.PRINCIPLES_DIR)
    paths = {pid: store.principle_path(pid) for pid in wanted}
    shas = [sha for path in paths.values() for _, sha in versions.get(path, ())]
    blobs = _blobs(ws, shas)
    found: dict[tuple[str, str, str], str] = {}
    for pid, needs in wanted.items():
        left = set(needs)
        for path_then, sha in versions.get(paths[pid], ()):
            if sha not in blobs:
                continue
            try:  # under the name it had then: a renamed principle keeps its history
                past = store.parse_principle(path_then, blobs[sha])
            except (ValidationError, ValueError):
                continue
            for name, digest in list(left):
                text = past.field_text(name)
                if source_hash(text) == digest:
                    found[(pid, name, digest)] = text
                    left.discard((name, digest))
            if not left:
                break
    return found


def _file_versions(ws: Workspace, folder: str) -> dict[str, list[tuple[str, str]]]:
    """{path now: [(path then, blob id)] of its saved contents, newest first} under ``folder``.

    Renames are followed (a principle whose id changed keeps its earlier versions).
    """
    from drafter.git.runner import Git

    result = Git(ws.root).run(
        "log", "--format=", "--raw", "--no-abbrev", "--find-renames",
        "--diff-merges=first-parent", "HEAD", "--", f"{folder}/", check=False,
    )  # fmt: skip
    if result.returncode != 0:  # nothing saved yet
        return {}
    versions: dict[str, list[tuple[str, str]]] = {}
    later_name: dict[str, str] = {}  # a path as it was before a rename -> its name now

    def now(path: str) -> str:
        seen = set()
        while path in later_name and path not in seen:
            seen.add(path)
            path = later_name[path]
        return path

    for line in result.stdout.decode("utf-8", "replace").splitlines():
        meta, tab, rest = line.partition("\t")
        fields = meta.split()
        if not tab or not line.startswith(":") or len(fields) < 5:
            continue
        sha, status = fields[3], fields[4]
        old_path, _, path = rest.partition("\t") if status.startswith("R") else ("", "", rest)
        if sha.strip("0"):  # all zeros: the file was deleted there
            known = versions.setdefault(now(path), [])
            if (path, sha) not in known:
                known.append((path, sha))
        if old_path:  # older versions of old_path are this file's past
            later_name[old_path] = now(path)
    return versions


def _blobs(ws: Workspace, shas: list[str]) -> dict[str, bytes]:
    """The contents of these blobs, read by one ``git cat-file --batch``."""
    if not shas:
        return {}
    from drafter.git.runner import Git

    unique = list(dict.fromkeys(shas))
    out = Git(ws.root).run("cat-file", "--batch", input="\n".join(unique).encode() + b"\n").stdout
    blobs: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) != 3:  # "<sha> missing"
            continue
        size = int(header[2])
        blobs[header[0].decode()] = out[pos : pos + size]
        pos += size + 1
    return blobs


def counts(rows: Iterable[TranslationState]) -> dict[str, dict[str, int]]:
    """{lang: {state: how many principles}}, every state present."""
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        per = result.setdefault(row.lang, dict.fromkeys(STATES, 0))
        per[row.state] += 1
    return result


# --------------------------------------------------------------------------- records


def _masked(text: str) -> str:
    """The text with every cross-reference target blanked out."""
    return CROSS_REF_RE.sub("[[principle:]]", text) if "[[" in text else text


def stamp(old: Principle | None, new: Principle) -> Principle:
    """``new`` with the source records a write should leave (the write path calls this).

    A translated field whose words changed was written for today's source: it records
    the source's hash (it is current). One whose words did not change keeps the record
    the caller gave (``confirm`` gives a new one) or else the one it had, so an edit of
    the English leaves it stale. A change of cross-reference targets only (a renamed
    principle, rewritten in source and translation alike) keeps the field's state.
    """
    translations: dict[str, Translation] = {}
    for lang, tr in new.translations.items():
        before = old.translations.get(lang) if old is not None else None
        record: dict[str, str] = {}
        for name in FIELDS:
            value = translated_text(tr, name)
            if not value:
                continue
            was = translated_text(before, name)
            given = tr.source.get(name)
            prev = before.source.get(name) if before is not None else None
            kept = given if given is not None else prev
            now = source_hash(new.field_text(name))
            if value == was:
                digest = kept
            elif was and _masked(value) == _masked(was):
                assert old is not None  # ``was`` is only non-empty with an old version
                was_current = prev is not None and prev == source_hash(old.field_text(name))
                digest = now if was_current else kept
            else:
                digest = now
            if digest:
                record[name] = digest
        translations[lang] = replace(tr, source=record)
    return replace(new, translations=translations)


def confirm(
    p: Principle, lang: str, fields: Iterable[str] | None = None
) -> tuple[Principle, list[str]]:
    """Mark translated fields current without changing their words.

    Returns the principle and the fields whose record changed. A field with no
    translation cannot be confirmed: that is an error naming it.
    """
    tr = p.translations.get(lang)
    names = list(fields) if fields is not None else None
    if tr is None or not any(translated_text(tr, n) for n in FIELDS):
        raise DrafterError(f"{p.id}: there is no {lang} translation to confirm")
    for name in names or ():
        check_field(name)
        if not translated_text(tr, name):
            raise DrafterError(f"{p.id}: the {lang} {name} is not translated: nothing to confirm")
    record = dict(tr.source)
    changed = []
    for name in names if names is not None else FIELDS:
        if not translated_text(tr, name):
            continue
        digest = source_hash(p.field_text(name))
        if record.get(name) != digest:
            record[name] = digest
            changed.append(name)
    translations = {**p.translations, lang: replace(tr, source=record)}
    return replace(p, translations=translations), changed


def update_translation(p: Principle, lang: str, name: str, value: str) -> Principle:
    """``p`` with one translated field replaced (items: one entry per non-blank line)."""
    check_field(name)
    tr = p.translations.get(lang, Translation())
    if name == "items":
        tr = replace(tr, items=tuple(line for line in value.split("\n") if line.strip()))
    elif name == "title":
        tr = replace(tr, title=value)
    elif name == "text":
        tr = replace(tr, text=value)
    else:
        tr = replace(tr, commentary=value)
    return replace(p, translations={**p.translations, lang: tr})


# --------------------------------------------------------------------------- diff --lang


def language_diff(diff: DraftDiff, lang: str) -> DraftDiff:
    """The same comparison restricted to one translation (``drafter diff --lang``).

    Only ``translations.<lang>.*`` fields remain (keys unchanged, so the JSON contract
    holds); a principle whose translation did not change is unchanged (or moved), and
    titles read in that language where the principle is translated.
    """
    from drafter.diff import (
        ADDED,
        DELETE,
        INSERT,
        MODIFIED,
        MOVED,
        REMOVED,
        UNCHANGED,
        DiffStats,
        words,
    )

    listed = {*diff.old.document.translations, *diff.new.document.translations}
    if lang not in listed:
        raise DrafterError(
            f"--lang {lang}: not a translation language of this document "
            f"(drafter.yaml lists: {', '.join(sorted(listed)) or 'none'})"
        )
    prefix = f"translations.{lang}."
    changes = []
    for c in diff.principles:
        fields = {k: v for k, v in c.fields.items() if k.startswith(prefix)}
        if c.change in (ADDED, REMOVED):
            change = c.change
        elif fields:
            change = MODIFIED
        else:
            change = MOVED if c.renumbered else UNCHANGED
        title_from = _title(c.old, lang, c.title_from)
        title_to = _title(c.new, lang, c.title_to)
        changes.append(
            replace(c, change=change, fields=fields, title_from=title_from, title_to=title_to)
        )
    pieces = [piece for c in changes for value in c.fields.values() for piece in value]
    stats = DiffStats(
        added=sum(c.change == ADDED for c in changes),
        removed=sum(c.change == REMOVED for c in changes),
        modified=sum(c.change == MODIFIED for c in changes),
        moved=sum(c.change == MOVED for c in changes),
        words_inserted=sum(words(t) for op, t in pieces if op == INSERT),
        words_deleted=sum(words(t) for op, t in pieces if op == DELETE),
    )
    return replace(diff, principles=changes, stats=stats, preamble=None)


def _title(p: Principle | None, lang: str, fallback: str | None) -> str | None:
    tr = p.translations.get(lang) if p is not None else None
    return tr.title if tr is not None and tr.title else fallback
