"""Reading a large workspace quickly: the order without YAML, principles remembered.

drafter.yaml's order block, one "- id" line per principle, is read with a regex (see
:func:`fast_document`). Reading the Code civil's 2,800 principle files is most of
drafter's start: each is parsed as YAML and every field checked. What a file gives is a
function of its name and bytes alone, so a workspace of :data:`MIN_PRINCIPLES` or more
remembers each principle it read without a problem in ``.git/drafter-parsed.json``
(never shared), keyed by a hash of the two. A changed file has a new key and is read
again: an entry can never give old words. A lost, damaged or unwritable memo only costs
time (:func:`read_memo`, :func:`write_memo`, also used by the translations' memo).
``drafter check`` does not use it: it reads every file and reports every problem.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from drafter.errors import ValidationError
from drafter.layout import DOCUMENT_FILE, PRINCIPLES_DIR, git_dir
from drafter.model import Document, Principle, Translation

MEMO_FILE = "drafter-parsed.json"
MIN_PRINCIPLES = 200
"""Below this many principle files, reading them all is quick: no memo is kept."""
_VERSION = 1


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
    from drafter.store import parse_document

    try:
        document = parse_document(DOCUMENT_FILE, rest)
    except ValidationError:
        return None
    return replace(document, order=order)


def memo_for(root: Path, files: Mapping[str, bytes], *, working: bool) -> ParseMemo:
    """The memo for a read of ``files``: a real one for the working files of a workspace
    large enough to need it, otherwise one that remembers nothing."""
    count = sum(1 for path in files if path.startswith(PRINCIPLES_DIR + "/"))
    folder = git_dir(root)
    if not working or count < MIN_PRINCIPLES or not folder.is_dir():
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
        entries = memo.get("principles")
        self._old: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self._now: dict[str, Any] = {}

    def get(self, path: str, data: bytes) -> Principle | None:
        """The principle remembered for this exact file, or None."""
        if self.path is None:
            return None
        key = memo_key(path, data)
        entry = self._old.get(key)
        principle = _principle(entry)
        if principle is not None:
            self._now[key] = entry
        return principle

    def put(self, path: str, data: bytes, principle: Principle) -> None:
        """Remember a principle read from ``data`` without a problem."""
        if self.path is not None:
            self._now[memo_key(path, data)] = _entry(principle)

    def save(self) -> None:
        """Keep the entries of today's files (and only those), if anything changed."""
        if self.path is None or self._now.keys() == self._old.keys():
            return
        write_memo(self.path, _VERSION, {"principles": self._now})


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


def _entry(p: Principle) -> list[Any]:
    translations = {
        lang: [t.title, t.text, list(t.items), t.commentary, dict(t.source)]
        for lang, t in p.translations.items()
    }
    return [
        p.id,
        p.title,
        p.status,
        p.text,
        list(p.items),
        p.commentary,
        list(p.tags),
        translations,
    ]


def _principle(entry: Any) -> Principle | None:
    """The principle an entry holds, or None if it is not of the shape written above."""
    if not isinstance(entry, list) or len(entry) != 8:
        return None
    pid, title, status, text, items, commentary, tags, translations = entry
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


def _texts(*values: Any) -> bool:
    return all(isinstance(v, str) for v in values)


def _lists(*values: Any) -> bool:
    return all(isinstance(v, list) and _texts(*v) for v in values)
