"""Principle-aware, word-level differences between two drafts, as plain data.

Principles are aligned by id first, so a renumbered or moved principle is a move and
not a deletion plus an insertion; only then is each changed field diffed word by word
with diff-match-patch. Nothing here formats output: see ``drafter.diff_render``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from drafter.errors import DrafterError, RevisionError, ValidationError
from drafter.model import CROSS_REF_RE, ID_RULE, Document, Draft, Principle, render_references
from drafter.refs import MEETING_TAG_PREFIX, WORKING, revision_candidates
from drafter.sequence import longest_increasing
from drafter.store import (
    DOCUMENT_FILE,
    PRINCIPLES_DIR,
    parse_document,
    parse_principle,
    principle_path,
)

if TYPE_CHECKING:
    from diff_match_patch import diff_match_patch

    from drafter.workspace import Workspace

Piece = tuple[str, str]  # (op, text), op in {"equal", "insert", "delete"}

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
ADDED, REMOVED, MODIFIED, MOVED, UNCHANGED = "added", "removed", "modified", "moved", "unchanged"

#: The fields compared for every principle, in the order they are reported.
PRINCIPLE_FIELDS: tuple[str, ...] = ("title", "status", "text", "items", "commentary", "tags")
TRANSLATED_FIELDS: tuple[str, ...] = ("title", "text", "items", "commentary")

# A cross-reference (one token, so it is never split), a word (letters, digits, combining
# accents), a run of whitespace, or one other character.
_TOKEN_RE = re.compile(r"\[\[principle:[^\]\s]*\]\]|(?:\w|[\u0300-\u036f])+|\s+|.", re.DOTALL)
_WORD_RE = re.compile(r"\[\[principle:[^\]\s]*\]\]|(?:\w|[\u0300-\u036f])+")

# Code points that stand for tokens: the private-use areas first (no character there has
# letter/space properties that diff-match-patch's semantic scoring would react to), then
# the rest of Unicode above Latin-1, never a surrogate (not encodable, split by some tools).
_CODE_RANGES: tuple[tuple[int, int], ...] = (
    (0xE000, 0xF8FF + 1),
    (0xF0000, 0xFFFFD + 1),
    (0x100000, 0x10FFFD + 1),
    (0x0100, 0xD800),
    (0xF900, 0xF0000),
)
_CODE_CAPACITY = sum(end - start for start, end in _CODE_RANGES)

_dmp: diff_match_patch | None = None


def _engine() -> diff_match_patch:
    """One diff-match-patch instance with no time limit.

    The default ``Diff_Timeout`` of 1 s silently returns a cut-short (coarser) diff on
    large inputs, which would make results depend on the machine's speed.
    """
    global _dmp
    if _dmp is None:
        from diff_match_patch import diff_match_patch

        _dmp = diff_match_patch()
        _dmp.Diff_Timeout = 0
    return _dmp


def _code_point(index: int) -> str:
    if index < 0x1900:  # the Basic Multilingual Plane's private-use area: the usual case
        return chr(0xE000 + index)
    for start, end in _CODE_RANGES:
        if index < end - start:
            return chr(start + index)
        index -= end - start
    raise ValueError("too many distinct tokens")  # pragma: no cover - guarded by caller


def tokens(text: str) -> list[str]:
    """Words, whitespace runs and single punctuation marks; joined they give ``text`` back."""
    return _TOKEN_RE.findall(text)


def words(text: str) -> int:
    """How many words a text holds (for the inserted/deleted statistics)."""
    return len(_WORD_RE.findall(text))


def word_diff(old: str, new: str) -> list[Piece]:
    """The word-level difference from ``old`` to ``new``.

    Each token becomes one character (the "lines to chars" technique applied to words),
    so diff-match-patch compares words rather than letters: edits never start or end in
    the middle of a word, and semantic cleanup merges scattered small matches into
    readable replacements. Joining the equal and delete pieces gives ``old`` exactly;
    joining the equal and insert pieces gives ``new`` exactly.
    """
    if old == new:
        return [(EQUAL, old)] if old else []
    if not old:
        return [(INSERT, new)]
    if not new:
        return [(DELETE, old)]
    old_tokens, new_tokens = tokens(old), tokens(new)
    vocabulary = list(dict.fromkeys(old_tokens + new_tokens))
    if len(vocabulary) > _CODE_CAPACITY:  # pragma: no cover - over a million distinct words
        raise ValueError("text too large for a word diff")
    table = {tok: _code_point(n) for n, tok in enumerate(vocabulary)}
    a = "".join(map(table.__getitem__, old_tokens))
    b = "".join(map(table.__getitem__, new_tokens))
    dmp = _engine()
    diffs = _anchored(dmp, a, b, 0)
    dmp.diff_cleanupMerge(diffs)
    dmp.diff_cleanupSemantic(diffs)
    decode = {ch: tok for tok, ch in table.items()}.__getitem__
    names = {0: EQUAL, 1: INSERT, -1: DELETE}
    return _merge((names[op], "".join(map(decode, chars))) for op, chars in diffs)


# Below this many tokens (both sides together) diff-match-patch's bisection is fast.
_SMALL = 64
_MAX_DEPTH = 40


def _anchored(dmp: diff_match_patch, a: str, b: str, depth: int) -> list[tuple[int, str]]:
    """diff-match-patch's diff of two encoded texts, split first at "patience" anchors.

    With ``Diff_Timeout`` at 0 the bisection is O(N·D) in pure Python: 1.2 s for one
    heavily rewritten AI Act article. Words that occur exactly once on each side and in
    the same relative order (the longest such chain) are almost always true matches;
    diffing only the stretches between them gives the same or better word diffs about
    25x faster, and the diff is never cut short.
    """
    if a == b:
        return [(0, a)] if a else []
    if not a:
        return [(1, b)]
    if not b:
        return [(-1, a)]
    prefix = dmp.diff_commonPrefix(a, b)
    head, a, b = a[:prefix], a[prefix:], b[prefix:]
    suffix = dmp.diff_commonSuffix(a, b)
    tail = a[len(a) - suffix :] if suffix else ""
    if suffix:
        a, b = a[:-suffix], b[:-suffix]
    result: list[tuple[int, str]] = [(0, head)] if head else []
    if not a or not b or len(a) + len(b) < _SMALL or depth > _MAX_DEPTH:
        if a or b:
            result.extend(dmp.diff_main(a, b, False))
    else:
        anchors = _unique_chain(a, b)
        if not anchors and _overlap(a, b) < _REWRITTEN:
            # A rewritten stretch: shared tokens are mostly spaces and "the", which
            # semantic cleanup would fold into the replacement anyway; bisecting them
            # was the slowest part of diffing a heavily amended text.
            result += [(-1, a), (1, b)]
        elif not anchors:
            result.extend(dmp.diff_main(a, b, False))
        else:
            i0 = j0 = 0
            for i, j in anchors:
                result.extend(_anchored(dmp, a[i0:i], b[j0:j], depth + 1))
                result.append((0, a[i]))
                i0, j0 = i + 1, j + 1
            result.extend(_anchored(dmp, a[i0:], b[j0:], depth + 1))
    if tail:
        result.append((0, tail))
    return result


_REWRITTEN = 0.3  # below this share of common tokens a long stretch counts as rewritten


def _overlap(a: str, b: str) -> float:
    """The share of tokens two stretches have in common (as multisets)."""
    from collections import Counter

    common = Counter(a) & Counter(b)
    return sum(common.values()) / max(len(a), len(b))


def _unique_chain(a: str, b: str) -> list[tuple[int, int]]:
    """Positions (i, j) of characters unique in both texts, longest increasing chain."""
    from collections import Counter

    count_a, count_b = Counter(a), Counter(b)
    where_b = {ch: j for j, ch in enumerate(b) if count_b[ch] == 1}
    pairs = [(i, where_b[ch]) for i, ch in enumerate(a) if count_a[ch] == 1 and ch in where_b]
    return [pairs[k] for k in longest_increasing([j for _i, j in pairs])]


def _merge(pieces: Iterable[Piece]) -> list[Piece]:
    """Adjacent pieces of the same kind as one; empty pieces dropped.

    A replacement is always written deletion first, then insertion, whatever order the
    diff produced them in, so every reader shows "[-old-]{+new+}" the same way.
    """
    merged: list[Piece] = []
    for op, text in pieces:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    # Normalise runs of insert/delete between equal pieces to "delete then insert".
    result: list[Piece] = []
    run: dict[str, str] = {}
    for op, text in merged:
        if op == EQUAL:
            if run:
                result.extend((k, run[k]) for k in (DELETE, INSERT) if k in run)
                run = {}
            result.append((op, text))
        else:
            run[op] = run.get(op, "") + text
    result.extend((k, run[k]) for k in (DELETE, INSERT) if k in run)
    return result


def old_text(pieces: Iterable[Piece]) -> str:
    return "".join(text for op, text in pieces if op != INSERT)


def new_text(pieces: Iterable[Piece]) -> str:
    return "".join(text for op, text in pieces if op != DELETE)


def with_references(
    pieces: Iterable[Piece], old_numbers: Mapping[str, int], new_numbers: Mapping[str, int]
) -> list[Piece]:
    """Pieces with ``[[principle:id]]`` shown as "Principle N", each side numbered as in
    its own revision: a reference kept while its target was renumbered reads
    "Principle 5" deleted, "Principle 6" inserted.
    """
    out: list[Piece] = []
    for op, text in pieces:
        if op == DELETE:
            out.append((op, render_references(text, old_numbers)))
        elif op == INSERT:
            out.append((op, render_references(text, new_numbers)))
        elif "[[" not in text:
            out.append((op, text))
        else:
            pos = 0
            for match in CROSS_REF_RE.finditer(text):
                out.append((EQUAL, text[pos : match.start()]))
                before = render_references(match.group(0), old_numbers)
                after = render_references(match.group(0), new_numbers)
                if before == after:
                    out.append((EQUAL, before))
                else:
                    out += [(DELETE, before), (INSERT, after)]
                pos = match.end()
            out.append((EQUAL, text[pos:]))
    return _merge(out)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class PrincipleChange:
    """One principle seen in both revisions (or in one of them), aligned by id.

    ``fields`` holds only the fields whose value differs; a list field is compared as its
    entries joined by newlines; a field that does not exist counts as "". ``old``/``new``
    may be None for an unchanged principle read from git, which is never parsed.
    """

    id: str
    change: str  # "added" | "removed" | "modified" | "moved" | "unchanged"
    number_from: int | None
    number_to: int | None
    title_from: str | None  # raw titles: cross-references not rendered
    title_to: str | None
    fields: dict[str, list[Piece]] = field(default_factory=dict)
    old: Principle | None = None
    new: Principle | None = None

    @property
    def renumbered(self) -> bool:
        return (
            self.number_from is not None
            and self.number_to is not None
            and self.number_from != self.number_to
        )

    @property
    def words_inserted(self) -> int:
        return sum(words(t) for pieces in self.fields.values() for op, t in pieces if op == INSERT)

    @property
    def words_deleted(self) -> int:
        return sum(words(t) for pieces in self.fields.values() for op, t in pieces if op == DELETE)


@dataclass(frozen=True)
class DiffStats:
    added: int
    removed: int
    modified: int
    moved: int
    words_inserted: int
    words_deleted: int


@dataclass(frozen=True)
class DraftDiff:
    """Everything that changed from one revision to another, in reading order.

    ``old``/``new`` carry the complete documents (order, preamble), so each side's
    cross-references can be numbered as in that side; their ``principles`` may hold only
    the principles that had to be parsed.
    """

    from_label: str
    to_label: str
    old: Draft
    new: Draft
    principles: list[PrincipleChange]
    stats: DiffStats
    preamble: list[Piece] | None = None

    @property
    def changed(self) -> list[PrincipleChange]:
        return [c for c in self.principles if c.change != UNCHANGED]

    def only(self, pid: str) -> DraftDiff:
        """The same comparison restricted to one principle (``--principle``)."""
        kept = [c for c in self.principles if c.id == pid]
        return DraftDiff(
            self.from_label, self.to_label, self.old, self.new, kept, _stats(kept), None
        )


# --------------------------------------------------------------------------- comparing


def principle_fields(old: Principle | None, new: Principle | None) -> dict[str, list[Piece]]:
    """Word diffs of every field that differs between two versions of a principle."""
    result: dict[str, list[Piece]] = {}
    for name in PRINCIPLE_FIELDS:
        a = _field(old, name)
        b = _field(new, name)
        if a != b:
            result[name] = word_diff(a, b)
    langs = sorted({*(old.translations if old else ()), *(new.translations if new else ())})
    for lang in langs:
        for name in TRANSLATED_FIELDS:
            a = _field(old, name, lang)
            b = _field(new, name, lang)
            if a != b:
                result[f"translations.{lang}.{name}"] = word_diff(a, b)
    return result


def _field(p: Principle | None, name: str, lang: str | None = None) -> str:
    if p is None:
        return ""
    if name == "status":
        return p.status
    if name == "tags":
        return "\n".join(p.tags)
    return p.field_text(name, lang)


def _classify(
    pid: str, number_from: int | None, number_to: int | None, fields: Mapping[str, object]
) -> str:
    if number_from is None and number_to is not None:
        return ADDED
    if number_to is None and number_from is not None:
        return REMOVED
    if fields:
        return MODIFIED
    if number_from != number_to:
        return MOVED
    return UNCHANGED


def reading_order(old_order: tuple[str, ...], new_order: tuple[str, ...]) -> list[str]:
    """Every id of both orders: the new order, each removed id placed where it stood.

    A removed principle follows the nearest principle before it in the old order that
    still exists (or opens the list), so a reader sees the gap where it was.
    """
    in_new = set(new_order)
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for pid in old_order:
        if pid in in_new:
            anchor = pid
        else:
            after.setdefault(anchor, []).append(pid)
    result = list(after.get(None, []))
    for pid in new_order:
        result.append(pid)
        result.extend(after.get(pid, []))
    return result


def _stats(changes: Iterable[PrincipleChange], preamble: list[Piece] | None = None) -> DiffStats:
    counts = {ADDED: 0, REMOVED: 0, MODIFIED: 0, MOVED: 0, UNCHANGED: 0}
    inserted = deleted = 0
    for c in changes:
        counts[c.change] += 1
        if c.fields:
            inserted += c.words_inserted
            deleted += c.words_deleted
    for op, text in preamble or ():
        if op == INSERT:
            inserted += words(text)
        elif op == DELETE:
            deleted += words(text)
    return DiffStats(
        added=counts[ADDED],
        removed=counts[REMOVED],
        modified=counts[MODIFIED],
        moved=counts[MOVED],
        words_inserted=inserted,
        words_deleted=deleted,
    )


def _ids(draft: Draft) -> tuple[str, ...]:
    """The order, then any principle missing from it (an invalid but readable workspace)."""
    order = draft.document.order
    listed = set(order)
    return order + tuple(sorted(p for p in draft.principles if p not in listed))


def compare_drafts(
    old: Draft, new: Draft, *, from_label: str = "", to_label: str = ""
) -> DraftDiff:
    """Compare two fully parsed drafts (every principle present in each)."""
    old_ids, new_ids = _ids(old), _ids(new)
    old_numbers = {pid: n for n, pid in enumerate(old.document.order, start=1)}
    new_numbers = {pid: n for n, pid in enumerate(new.document.order, start=1)}
    changes: list[PrincipleChange] = []
    for pid in reading_order(old_ids, new_ids):
        a = old.principles.get(pid)
        b = new.principles.get(pid)
        if a is None and b is None:
            continue
        changes.append(_change(pid, a, b, old_numbers.get(pid), new_numbers.get(pid)))
    return _finish(old, new, changes, from_label, to_label)


def _change(
    pid: str,
    a: Principle | None,
    b: Principle | None,
    number_from: int | None,
    number_to: int | None,
) -> PrincipleChange:
    fields = principle_fields(a, b) if a != b else {}
    if a is None:
        number_from = None
    if b is None:
        number_to = None
    return PrincipleChange(
        id=pid,
        change=_classify(pid, number_from, number_to, fields),
        number_from=number_from,
        number_to=number_to,
        title_from=a.title if a is not None else None,
        title_to=b.title if b is not None else None,
        fields=fields,
        old=a,
        new=b,
    )


def _finish(
    old: Draft, new: Draft, changes: list[PrincipleChange], from_label: str, to_label: str
) -> DraftDiff:
    preamble = None
    if old.document.preamble != new.document.preamble:
        preamble = word_diff(old.document.preamble, new.document.preamble)
    return DraftDiff(
        from_label=from_label,
        to_label=to_label,
        old=old,
        new=new,
        principles=changes,
        stats=_stats(changes, preamble),
        preamble=preamble,
    )


def compare_revisions(
    ws: Workspace, a: str | None = None, b: str | None = None, *, principle: str | None = None
) -> DraftDiff:
    """Compare two revisions of a workspace (defaults: last meeting tag -> working files).

    Only what differs is parsed. git already knows which principle files differ (their
    blob ids), so a principle whose file is the same on both sides is "unchanged" or
    "moved" from the order alone, and its title is read from the file's ``title:`` line
    without building the whole principle. On the Code civil (2,800 principles, a handful
    changed) that makes the difference between parsing 5,600 files and parsing ten.
    Unchanged principles are therefore not validated here: ``drafter check`` does that.

    ``principle`` restricts the comparison to one id (and parses nothing else).
    """
    with _Git(ws.root) as git:
        return _compare(git, ws.root, a, b, principle)


def _compare(
    git: _Git, root: Path, a: str | None, b: str | None, principle: str | None
) -> DraftDiff:
    if a is None:
        a = git.last_meeting()
        if a is None:
            raise DrafterError(
                "no meeting has been closed yet, so there is no default revision to compare "
                "with: name one, e.g. drafter diff HEAD (the last save)"
            )
    if b is None:
        b = WORKING
    disk = _Disk(root)
    old_side = _Side(git, root, a, disk)
    new_side = _Side(git, root, b, disk)
    old_doc = old_side.document()
    new_doc = new_side.document()
    old_shas, new_shas = old_side.principle_shas(), new_side.principle_shas()
    ids = reading_order(_side_ids(old_doc, old_shas), _side_ids(new_doc, new_shas))
    if principle is not None:
        if principle not in old_shas and principle not in new_shas:
            raise DrafterError(f"no principle {principle!r} at {a} or at {b}")
        ids = [principle]
    old_numbers = {pid: n for n, pid in enumerate(old_doc.order, start=1)}
    new_numbers = {pid: n for n, pid in enumerate(new_doc.order, start=1)}

    differing = [p for p in ids if old_shas.get(p) != new_shas.get(p)]
    same = [p for p in ids if p in old_shas and old_shas.get(p) == new_shas.get(p)]
    old_parsed = old_side.principles([p for p in differing if p in old_shas])
    new_parsed = new_side.principles([p for p in differing if p in new_shas])
    titles = new_side.titles(same)

    changes: list[PrincipleChange] = []
    for pid in ids:
        if pid in titles:
            n_from, n_to = old_numbers.get(pid), new_numbers.get(pid)
            changes.append(
                PrincipleChange(
                    id=pid,
                    change=MOVED if n_from != n_to else UNCHANGED,
                    number_from=n_from,
                    number_to=n_to,
                    title_from=titles[pid],
                    title_to=titles[pid],
                )
            )
        else:
            changes.append(
                _change(
                    pid,
                    old_parsed.get(pid),
                    new_parsed.get(pid),
                    old_numbers.get(pid),
                    new_numbers.get(pid),
                )
            )
    old = Draft(document=old_doc, principles=old_parsed)
    new = Draft(document=new_doc, principles=new_parsed)
    if principle is not None:
        return DraftDiff(a, b, old, new, changes, _stats(changes), None)
    return _finish(old, new, changes, a, b)


def _side_ids(document: Document, shas: Mapping[str, str]) -> tuple[str, ...]:
    """Ids in order that have a file, then files missing from the order (sorted)."""
    listed = set(document.order)
    return tuple(p for p in document.order if p in shas) + tuple(
        sorted(p for p in shas if p not in listed)
    )


# --------------------------------------------------------------------------- reading git


class _Git:
    """Read-only access to a workspace's objects through one ``git cat-file --batch``.

    GitPython costs ~50 ms to import and walks trees in Python, and one git process per
    request costs a few milliseconds each; one batch process answers every question a
    diff asks (resolving both revisions, their trees, the blobs that differ), which is
    what keeps a whole ``drafter diff`` within a small multiple of ``git diff`` itself.
    """

    _CHUNK = 512  # requests written before reading answers: stays below a pipe's buffer

    def __init__(self, root: Path) -> None:
        self.root = root
        self._batch: tuple[int, BinaryIO, BinaryIO] | None = None  # pid, its stdin, its stdout

    def __enter__(self) -> _Git:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._batch is not None:
            pid, stdin, stdout = self._batch
            self._batch = None
            try:
                stdin.close()
            except BrokenPipeError:
                pass
            stdout.close()
            os.waitpid(pid, 0)

    def _spawn(self, *args: str) -> tuple[int, BinaryIO, BinaryIO]:
        """Start git with pipes to its stdin and stdout (stderr discarded).

        ``os.posix_spawnp`` rather than ``subprocess``, whose import (with selectors and
        threading) costs more than everything a small diff does.
        """
        in_read, in_write = os.pipe()
        out_read, out_write = os.pipe()
        devnull = os.open(os.devnull, os.O_WRONLY)
        actions = [
            (os.POSIX_SPAWN_DUP2, in_read, 0),
            (os.POSIX_SPAWN_DUP2, out_write, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ]
        try:
            pid = os.posix_spawnp(
                "git", ["git", "-C", str(self.root), *args], _git_env(), file_actions=actions
            )
        except FileNotFoundError:
            for fd in (in_write, out_read):
                os.close(fd)
            raise DrafterError("git is not installed (drafter needs the git program)") from None
        finally:
            for fd in (in_read, out_write, devnull):
                os.close(fd)
        # file descriptors, not paths: closed by close() / run()
        return pid, open(in_write, "wb"), open(out_read, "rb")  # noqa: PTH123

    def run(self, *args: str) -> tuple[int, bytes]:
        """(exit status, output) of one git command that reads nothing."""
        pid, stdin, stdout = self._spawn(*args)
        stdin.close()
        with stdout:
            out = stdout.read()
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), out

    def objects(self, names: list[str]) -> list[tuple[str, bytes, str] | None]:
        """(type, content, sha) of each named object (a sha, rev^{commit}...); None if absent."""
        if self._batch is None:
            self._batch = self._spawn("cat-file", "--batch")
        _pid, stdin, stdout = self._batch
        result: list[tuple[str, bytes, str] | None] = []
        for start in range(0, len(names), self._CHUNK):
            chunk = names[start : start + self._CHUNK]
            try:
                stdin.write("".join(f"{name}\n" for name in chunk).encode("utf-8"))
                stdin.flush()
            except BrokenPipeError:
                raise DrafterError(f"{self.root}: git cannot read this repository") from None
            for _name in chunk:
                header = stdout.readline().split()
                if len(header) != 3:  # "<name> missing" / "ambiguous", or git stopped
                    if not header:
                        raise DrafterError(f"{self.root}: git cannot read this repository")
                    result.append(None)
                    continue
                size = int(header[2])
                data = stdout.read(size + 1)[:size]
                result.append((header[1].decode(), data, header[0].decode()))
        return result

    def resolve(self, rev: str) -> tuple[str, str]:
        """(commit sha, tree sha) from a meeting id, a tag, a sha or an expression like HEAD~2."""
        candidates = revision_candidates(rev)
        found = self.objects([f"{name}^{{commit}}" for name in candidates] + ["HEAD"])
        for answer in found[:-1]:
            if answer is not None and answer[0] == "commit":
                return answer[2], answer[1][5:45].decode()  # "tree <sha>" comes first
        if not (self.root / ".git").exists():
            raise RevisionError(f"{self.root}: not a drafter workspace (no git repository)")
        if found[-1] is None:
            raise RevisionError(f"no revision {rev!r}: nothing has been saved yet")
        raise RevisionError(f"no revision {rev!r}: not a meeting, tag or commit of this workspace")

    def last_meeting(self) -> str | None:
        """The most recent meeting reachable from HEAD, by its id."""
        status, out = self.run(
            "describe", "--tags", "--abbrev=0", f"--match={MEETING_TAG_PREFIX}*", "HEAD"
        )
        tag = out.decode().strip() if status == 0 else ""
        return tag[len(MEETING_TAG_PREFIX) :] if tag.startswith(MEETING_TAG_PREFIX) else None

    def tree(self, tree_sha: str) -> dict[str, str]:
        """{path: blob sha} of drafter.yaml and principles/*.yaml in a root tree."""
        result: dict[str, str] = {}
        root = self.objects([tree_sha])[0]
        if root is None:
            return result
        top = _tree_entries(root[1])
        if DOCUMENT_FILE in top and not top[DOCUMENT_FILE][0]:
            result[DOCUMENT_FILE] = top[DOCUMENT_FILE][1]
        if PRINCIPLES_DIR in top and top[PRINCIPLES_DIR][0]:
            sub = self.objects([top[PRINCIPLES_DIR][1]])[0]
            if sub is not None:
                for name, (is_dir, sha) in _tree_entries(sub[1]).items():
                    if not is_dir and name.endswith(".yaml"):
                        result[f"{PRINCIPLES_DIR}/{name}"] = sha
        return result

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """The contents of many blobs, by sha."""
        unique = sorted(set(shas))
        return {
            sha: answer[1]
            for sha, answer in zip(unique, self.objects(unique), strict=True)
            if answer is not None
        }


_TREE_ENTRY = re.compile(rb"(\d+) ([^\0]*)\0(.{20})", re.DOTALL)


def _tree_entries(data: bytes) -> dict[str, tuple[bool, str]]:
    """{name: (is a folder, sha)} from a raw git tree object ("<mode> <name>\\0<20 bytes>")."""
    return {
        name.decode("utf-8", "surrogateescape"): (mode == b"40000", sha.hex())
        for mode, name, sha in _TREE_ENTRY.findall(data)
    }


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"  # reading must never take the index lock
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


_PRINCIPLE_PATH = re.compile(rf"{PRINCIPLES_DIR}/({ID_RULE})\.yaml")
_ORDER_BLOCK = re.compile(rb"^order:\n((?:- [a-z0-9][a-z0-9-]{0,63}\n)+)", re.MULTILINE)
_DOCUMENTS: dict[bytes, Document] = {}  # the last document parsed: often the same both sides


def _fast_document(data: bytes) -> Document | None:
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
    try:
        document = parse_document(DOCUMENT_FILE, rest)
    except ValidationError:
        return None
    return replace(document, order=order)


class _Side:
    """One side of a comparison: a commit's tree, or the working files on disk.

    Blob contents are looked up first among the working files (by blob id) and only then
    asked of git: reading a file is several times cheaper than inflating a loose object,
    which matters when 2,000 renumbered principles need their titles.
    """

    def __init__(self, git: _Git, root: Path, rev: str, disk: _Disk) -> None:
        self.label = rev
        self.git = git
        self.disk = disk
        if rev == WORKING:
            self.files = disk.shas()
        else:
            self.files = git.tree(git.resolve(rev)[1])

    def read(self, paths: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        missing: list[str] = []
        # A few blobs come faster from git than reading and hashing every working file.
        use_disk = self.label == WORKING or len(paths) >= _DISK_WORTHWHILE
        for path in paths:
            sha = self.files.get(path)
            if sha is None:
                continue
            data = self.disk.by_sha(path, sha) if use_disk else None
            if data is None:
                missing.append(path)
            else:
                found[path] = data
        if missing:
            contents = self.git.blobs([self.files[p] for p in missing])
            for path in missing:
                if self.files[path] in contents:
                    found[path] = contents[self.files[path]]
        return found

    def document(self) -> Document:
        data = self.read([DOCUMENT_FILE]).get(DOCUMENT_FILE)
        where = "the working files" if self.label == WORKING else self.label
        if data is None:
            raise DrafterError(f"{DOCUMENT_FILE} is missing at {where}: not a drafter workspace")
        cached = _DOCUMENTS.get(data)
        if cached is None:
            cached = _fast_document(data) or self._parse(parse_document, DOCUMENT_FILE, data)
            _DOCUMENTS.clear()
            _DOCUMENTS[data] = cached
        return cached

    def principle_shas(self) -> dict[str, str]:
        """{principle id: blob sha} for every principle file with a valid name."""
        match = _PRINCIPLE_PATH.fullmatch
        result: dict[str, str] = {}
        for path, sha in self.files.items():
            found = match(path)
            if found is not None:
                result[found.group(1)] = sha
        return result

    def principles(self, ids: list[str]) -> dict[str, Principle]:
        data = self.read([principle_path(pid) for pid in ids])
        return {
            pid: self._parse(parse_principle, principle_path(pid), data[principle_path(pid)])
            for pid in ids
            if principle_path(pid) in data
        }

    def titles(self, ids: list[str]) -> dict[str, str]:
        data = self.read([principle_path(pid) for pid in ids])
        result: dict[str, str] = {}
        for pid in ids:
            path = principle_path(pid)
            if path not in data:
                continue
            title = peek_title(data[path])
            if title is None:
                title = self._parse(parse_principle, path, data[path]).title
            result[pid] = title
        return result

    def _parse(self, parse: Callable[[str, bytes], _T], path: str, data: bytes) -> _T:
        try:
            return parse(path, data)
        except ValidationError as exc:
            if self.label == WORKING:
                raise
            raise ValidationError(
                [replace(p, path=f"{p.path} (at {self.label})") for p in exc.problems]
            ) from None


_DISK_WORTHWHILE = 64


class _Disk:
    """The working files, read once and only when something asks for them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, bytes] | None = None
        self._shas: dict[str, str] | None = None

    def shas(self) -> dict[str, str]:
        if self._shas is None:
            if self._files is None:
                self._files = _read_working(self.root)
            self._shas = {path: _blob_sha(data) for path, data in self._files.items()}
        return self._shas

    def by_sha(self, path: str, sha: str) -> bytes | None:
        """The file on disk at ``path`` if its content is the blob ``sha``."""
        if self._files is None:
            self.shas()
        assert self._shas is not None and self._files is not None
        return self._files[path] if self._shas.get(path) == sha else None


_T = TypeVar("_T")
_TITLE_LINE = re.compile(rb"^title:[ \t]*(.*?)[ \t\r]*$", re.MULTILINE)
_PLAIN_START = re.compile(r"[^\s'\"|>&*!%@`{}\[\],#?:~-]")


def peek_title(data: bytes) -> str | None:
    """The top-level title of a principle file when it is a simple one-line plain scalar.

    This is what drafter itself writes for almost every title, and reading one line is
    ~100x cheaper than parsing the file. Anything unusual (quotes, block scalars, comments,
    continuation lines, null-like words) returns None and the caller parses the file.
    """
    match = _TITLE_LINE.search(data)
    if match is None:
        return None
    try:
        value = match.group(1).decode("utf-8")
    except UnicodeDecodeError:
        return None
    end = match.end()
    if data[end + 1 : end + 2] in (b" ", b"\t"):
        return None  # a continuation line follows
    if (
        not value
        or not _PLAIN_START.match(value)
        or " #" in value
        or "\t#" in value
        or ": " in value
        or value.endswith(":")
        or value in ("null", "Null", "NULL")
    ):
        return None
    return value


def _blob_sha(data: bytes) -> str:
    """The id git gives a file's content (as drafter.history.blob_sha, without GitPython)."""
    digest = _sha1(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


try:  # the C constructor alone: importing hashlib's wrapper costs ~5 ms more per process
    from _hashlib import openssl_sha1 as _sha1
except ImportError:  # pragma: no cover - Python built without OpenSSL
    from hashlib import sha1 as _sha1


def _read_working(root: Path) -> dict[str, bytes]:
    """drafter.yaml and every principles/*.yaml on disk (meetings are not compared).

    Raw ``os.open``/``os.read`` relative to the folder: half the cost of ``open()`` when
    2,800 files must be read.
    """
    files: dict[str, bytes] = {}
    for folder, wanted in (("", DOCUMENT_FILE), (PRINCIPLES_DIR, None)):
        try:
            dir_fd = os.open(root / folder if folder else root, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            names = [wanted] if wanted else os.listdir(dir_fd)  # noqa: PTH208 - by fd
            for name in names:
                if not name.endswith(".yaml") or name.startswith("."):
                    continue
                try:
                    fd = os.open(name, os.O_RDONLY, dir_fd=dir_fd)
                except (FileNotFoundError, IsADirectoryError):
                    continue
                try:
                    data = os.read(fd, 16384)
                    if len(data) == 16384:  # a long file: read on to the end
                        chunks = [data]
                        while chunk := os.read(fd, 1 << 20):
                            chunks.append(chunk)
                        data = b"".join(chunks)
                except IsADirectoryError:
                    continue
                finally:
                    os.close(fd)
                files[f"{folder}/{name}" if folder else name] = data
        finally:
            os.close(dir_fd)
    return files


__all__ = [
    "DiffStats",
    "DraftDiff",
    "Piece",
    "PrincipleChange",
    "compare_drafts",
    "compare_revisions",
    "new_text",
    "old_text",
    "reading_order",
    "with_references",
    "word_diff",
    "words",
]
