"""Reading a workspace quickly: the order without YAML, files remembered once parsed.

drafter.yaml's order block, one "- id" line per principle, is read with a regex (see
:func:`fast_document`). What a file gives is a function of its name and bytes alone, so
the working files of a workspace remember what each file read without a problem gave
(the document, each principle and meeting) in ``.git/drafter-parsed.json`` (never
shared), keyed by a hash of the two. A changed file has a new key and is read again: an
entry can never give old words. Reading the Code civil's 2,800 principle files was most
of drafter's start; on a small workspace, the editor opening files it has read before
needs neither the YAML parser nor PyYAML (a fifteenth of its start). A lost, damaged or
unwritable memo only costs time (:func:`read_memo`, :func:`write_memo`, also used by the
translations' memo). ``drafter check`` does not use it: it reads every file and reports
every problem.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from drafter.errors import ValidationError
from drafter.layout import DOCUMENT_FILE, git_dir
from drafter.model import Document, DocumentText, Meeting, Parsed, Principle, Translation

MEMO_FILE = "drafter-parsed.json"
_VERSION = 2


_ORDER_BLOCK = re.compile(rb"^order:\n((?:- [a-z0-9][a-z0-9-]{0,63}\n)+)", re.MULTILINE)


def fast_document(data: bytes) -> Document | None:
    """drafter.yaml as drafter writes it, without building 2,800 YAML nodes for the order.

    The order block ("order:" then one "- id" line per principle) is read with a regex
    and the rest of the file goes through the normal parser; any surprise (a comment,
    an odd id, a duplicate, a problem elsewhere) returns None and the caller parses the
    whole file, so errors are still reported with their real line numbers.
    """
    block = _ORDER_BLOCK.search(data)
    if block is None:
        return None
    after = data[block.end() : block.end() + 1]
    if after in (b"-", b" ", b"\t", b"#"):
        return None
    order = tuple(line[2:].decode() for line in block.group(1).splitlines())
    if len(set(order)) != len(order):
        return None
    rest = data[: block.start()] + b"order: []\n" + data[block.end() :]
    from drafter.yaml_files import parse_document

    try:
        document = parse_document(DOCUMENT_FILE, rest)
    except ValidationError:
        return None
    return replace(document, order=order)


def memo_for(root: Path, *, working: bool) -> ParseMemo:
    """The memo for a read of a workspace's files: a real one for its working files,
    otherwise (a revision's files are read from git) one that remembers nothing."""
    folder = git_dir(root)
    if not working or not folder.is_dir():
        return ParseMemo(None)
    return ParseMemo(folder / MEMO_FILE)


def memo_key(path: str, data: bytes) -> str:
    """What an entry is remembered by: the file's name and its exact bytes."""
    return hashlib.blake2b(path.encode() + b"\0" + data, digest_size=16).hexdigest()


class ParseMemo:
    """The memo of one read of the working files: entries found, entries to keep."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        """Where the memo is kept; None for one that remembers nothing."""
        memo = read_memo(path, _VERSION) if path is not None else {}
        entries = memo.get("files")
        self._old: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self._now: dict[str, Any] = {}

    def get(self, path: str, data: bytes, kind: type[Parsed]) -> Parsed | None:
        """What this exact file gave when read before, if it was a ``kind``; else None."""
        if self.path is None:
            return None
        key = memo_key(path, data)
        entry = self._old.get(key)
        value = _from_entry(entry)
        if not isinstance(value, kind):
            return None
        self._now[key] = entry
        return value

    def put(self, path: str, data: bytes, value: Parsed) -> None:
        """Remember what ``data`` gave, read without a problem."""
        if self.path is not None:
            self._now[memo_key(path, data)] = _entry(value)

    def save(self) -> None:
        """Keep the entries of today's files (and only those), if anything changed."""
        if self.path is None or self._now.keys() == self._old.keys():
            return
        write_memo(self.path, _VERSION, {"files": self._now})


def read_memo(path: Path, version: int) -> dict[str, Any]:
    """A memo file's content, or {} if it is missing, damaged or of another version."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    return data


def write_memo(path: Path, version: int, content: dict[str, Any]) -> None:
    """Write a memo file whole (or not at all: a read-only repository keeps none)."""
    from drafter.store import atomic_write

    data = {"version": version, **content}
    try:
        atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass  # the memo is only a speed-up


def _entry(value: Parsed) -> list[Any]:
    if isinstance(value, Principle):
        translations = {
            lang: [t.title, t.text, list(t.items), t.commentary, dict(t.source)]
            for lang, t in value.translations.items()
        }
        p = value
        fields = [p.id, p.title, p.status, p.text, list(p.items), p.commentary, list(p.tags)]
        return ["principle", *fields, translations]
    if isinstance(value, Meeting):
        m = value
        start, end = (d.isoformat() if d else None for d in (m.start, m.end))
        return ["meeting", m.id, m.name, m.place, start, end, list(m.participants), m.notes]
    d = value
    translated = {lang: [t.title, t.preamble] for lang, t in d.translated.items()}
    return [
        "document", d.title, d.language, list(d.translations), d.preamble, list(d.order),
        d.current_meeting, d.secretariat, d.symbol, d.original_language_note, translated,
    ]  # fmt: skip


def _from_entry(entry: Any) -> Parsed | None:
    """What an entry holds, or None if it is not of a shape written above."""
    if not isinstance(entry, list) or not entry:
        return None
    kind, *fields = entry
    if kind == "principle" and len(fields) == 8:
        return _principle(fields)
    if kind == "meeting" and len(fields) == 7:
        return _meeting(fields)
    if kind == "document" and len(fields) == 10:
        return _document(fields)
    return None


def _principle(fields: list[Any]) -> Principle | None:
    pid, title, status, text, items, commentary, tags, translations = fields
    if not (_texts(pid, title, status, text, commentary) and _lists(items, tags)):
        return None
    if not isinstance(translations, dict):
        return None
    langs: dict[str, Translation] = {}
    for lang, t in translations.items():
        if not isinstance(t, list) or len(t) != 5:
            return None
        t_title, t_text, t_items, t_commentary, source = t
        if not (_texts(t_title, t_text, t_commentary) and _lists(t_items)):
            return None
        if not isinstance(source, dict) or not _texts(*source, *source.values()):
            return None
        langs[lang] = Translation(t_title, t_text, tuple(t_items), t_commentary, source)
    return Principle(pid, title, status, text, tuple(items), commentary, tuple(tags), langs)


def _meeting(fields: list[Any]) -> Meeting | None:
    mid, name, place, start, end, participants, notes = fields
    if not (_texts(mid, name, place, notes) and _lists(participants)):
        return None
    days = []
    for day in (start, end):
        if day is not None and not isinstance(day, str):
            return None
        try:
            days.append(date.fromisoformat(day) if day else None)
        except ValueError:
            return None
    return Meeting(mid, name, place, days[0], days[1], tuple(participants), notes)


def _document(fields: list[Any]) -> Document | None:
    title, language, translations, preamble, order, current, secretariat, symbol, note, tr = fields
    if not (_texts(title, language, preamble, secretariat, symbol) and _lists(translations, order)):
        return None
    if not (current is None or isinstance(current, str)) or not isinstance(note, bool):
        return None
    if not isinstance(tr, dict) or not all(
        isinstance(t, list) and len(t) == 2 and _texts(*t) for t in tr.values()
    ):
        return None
    translated = {lang: DocumentText(t[0], t[1]) for lang, t in tr.items()}
    return Document(
        title, language, tuple(translations), preamble, tuple(order), current,
        secretariat, symbol, note, translated,
    )  # fmt: skip


def _texts(*values: Any) -> bool:
    return all(isinstance(v, str) for v in values)


def _lists(*values: Any) -> bool:
    return all(isinstance(v, list) and _texts(*v) for v in values)
