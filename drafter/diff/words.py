"""THE word engine: tokens, their code-point encoding, and one bounded diff-match-patch call.

Every word-level comparison in drafter (the diff, the sync merge, the clash view, the
redline) goes through :func:`word_diff` or :func:`diff_tokens`; this is the only module
that creates a ``diff_match_patch`` or asks rapidfuzz for an edit script.

Cost follows the size of the change, not of the text. Small texts are diffed as one
sequence of words, split first at "patience" anchors (words found once on each side).
Long texts are aligned first paragraph by paragraph, then sentence by sentence within
paragraphs that differ, and only the paragraphs or sentences that really differ are
diffed word by word (in one C pass of rapidfuzz when they are of paragraph size). A
stretch too different to diff within a fixed budget of steps becomes one replacement (a
deletion and an insertion): both texts are still rebuilt exactly, and the budget counts
steps, never seconds, so the answer is the same on every machine.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from itertools import accumulate
from math import isqrt
from typing import TYPE_CHECKING, cast

from drafter.sequence import longest_increasing, match_path

if TYPE_CHECKING:
    from diff_match_patch import diff_match_patch


class Op(StrEnum):
    """What a piece of a word diff does; the values are the JSON strings of DESIGN §4."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


EQUAL, INSERT, DELETE = Op.EQUAL, Op.INSERT, Op.DELETE

#: (op, text): an :class:`Op` (a ``str``) and the words it covers.
Piece = tuple[str, str]

#: diff-match-patch's own op numbers, as the encoded diff carries them.
Code = list[tuple[int, str]]
_NAMES = {0: EQUAL, 1: INSERT, -1: DELETE}

# A cross-reference (one token, so it is never split), a word (letters, digits, combining
# accents), the merge's list separator, a run of whitespace, or one other character.
ITEM_SEP = "\x1f"
_TOKEN_RE = re.compile(
    r"\[\[principle:[^\]\s]*\]\]|[\w\u0300-\u036f]+|\x1f|[^\S\x1f]+|.", re.DOTALL
)
_WORD_RE = re.compile(r"\[\[principle:[^\]\s]*\]\]|[\w\u0300-\u036f]+")
_SENTENCE_END = frozenset(".!?;")

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

# Below this many tokens (both sides together) a text is diffed as one sequence, exactly
# as drafts of ordinary size always were; above it, paragraphs and sentences come first.
_DIRECT = 2400
# Below this many tokens diff-match-patch's bisection is fast without anchors.
_SMALL = 64
_MAX_DEPTH = 40
# On the long-text path, stretches up to this many cells (tokens of one side times tokens
# of the other) get an exact shortest edit script in one C pass (about 4 MB at most).
_LCS_CELLS = 1 << 22
# Steps of diff-match-patch's bisection (edit distance explored) allowed in one call: a
# stretch needing more is too different to read as word changes anyway.
_BISECT_STEPS = 400
_STEP_FACTOR = 32
# When aligning paragraphs or sentences: at most this many units without a similar
# partner, and this many similarity tests per unit, before the stretch counts as too
# different to align (it is then compared one level down, as a whole).
_UNIT_EDITS = 500
_UNIT_TESTS = 40
_SIMILAR = 0.5  # share of words two paragraphs (or sentences) must share to be paired
_REWRITTEN = 0.3  # below this share of common tokens a long stretch counts as rewritten


def tokens(text: str) -> list[str]:
    """Words, whitespace runs and single punctuation marks; joined they give ``text`` back."""
    return _TOKEN_RE.findall(text)


def words(text: str) -> int:
    """How many words a text holds (for the inserted/deleted statistics)."""
    return len(_WORD_RE.findall(text))


def word_list(text: str) -> list[str]:
    """The words of a text (cross-references count as words), without spaces or marks."""
    return _WORD_RE.findall(text)


def old_text(pieces: Iterable[Piece]) -> str:
    """The text before the change: the equal and deleted pieces."""
    return "".join(text for op, text in pieces if op != INSERT)


def new_text(pieces: Iterable[Piece]) -> str:
    """The text after the change: the equal and inserted pieces."""
    return "".join(text for op, text in pieces if op != DELETE)


# --------------------------------------------------------------------------- public calls


def word_diff(old: str, new: str) -> list[Piece]:
    """The word-level difference from ``old`` to ``new``, cleaned up for reading.

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
    codes = _Codes()
    old_tokens, new_tokens = tokens(old), tokens(new)
    a, b = codes.encode(old_tokens), codes.encode(new_tokens)  # before _Comparison reads codes
    diffs = _Comparison(codes, readable=True).run(a, b)
    return _decoded(diffs, old, _offsets(old_tokens), new, _offsets(new_tokens))


def _offsets(toks: list[str]) -> list[int]:
    """Where each token starts in the text, and where the last one ends."""
    return [0, *accumulate(map(len, toks))]


def _decoded(diffs: Code, old: str, at_old: list[int], new: str, at_new: list[int]) -> list[Piece]:
    """The pieces' texts, cut from the two texts (each code stands for one token).

    Adjacent pieces of one kind are joined and each replacement is written deletion
    first, as :func:`merge_pieces` does: the deletions and insertions between two equal
    stretches are contiguous in each text, so each piece is one slice of it.
    """
    result: list[Piece] = []
    i = j = 0  # next old token, next new token
    equal_from = change_i = change_j = 0
    for op, chars in diffs:
        n = len(chars)
        if not n:
            continue
        if op == 0:
            if i > change_i or j > change_j:  # a replacement ends here
                if i > change_i:
                    result.append((DELETE, old[at_old[change_i] : at_old[i]]))
                if j > change_j:
                    result.append((INSERT, new[at_new[change_j] : at_new[j]]))
                equal_from = i
            i += n
            j += n
            change_i, change_j = i, j
        else:
            if i == change_i and j == change_j and i > equal_from:
                result.append((EQUAL, old[at_old[equal_from] : at_old[i]]))
            if op < 0:
                i += n
            else:
                j += n
    if i > change_i or j > change_j:
        if i > change_i:
            result.append((DELETE, old[at_old[change_i] : at_old[i]]))
        if j > change_j:
            result.append((INSERT, new[at_new[change_j] : at_new[j]]))
    elif i > equal_from:
        result.append((EQUAL, old[at_old[equal_from] : at_old[i]]))
    return result


def diff_tokens(old: Sequence[str], new: Sequence[str]) -> list[tuple[Op, int]]:
    """(op, how many tokens) runs from one token list to another, with no cleanup.

    For the merge: the smallest edits, so that two sides' edits overlap only where they
    really touch the same words. Bounded like :func:`word_diff`.
    """
    codes = _Codes()
    a, b = codes.encode(old), codes.encode(new)
    if a == b:
        return [(EQUAL, len(a))] if a else []
    runs: list[tuple[Op, int]] = []
    for op, chars in _Comparison(codes, readable=False).run(a, b):
        if not chars:
            continue
        name = _NAMES[op]
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + len(chars))
        else:
            runs.append((name, len(chars)))
    return runs


def merge_pieces(pieces: Iterable[Piece]) -> list[Piece]:
    """Adjacent pieces of the same kind as one; empty pieces dropped.

    A replacement is always written deletion first, then insertion, whatever order the
    diff produced them in, so every reader shows "[-old-]{+new+}" the same way.
    """
    result: list[Piece] = []
    equal: list[str] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush_changes() -> None:
        if deleted:
            result.append((DELETE, "".join(deleted)))
            deleted.clear()
        if inserted:
            result.append((INSERT, "".join(inserted)))
            inserted.clear()

    for op, text in pieces:
        if not text:
            continue
        if op == EQUAL:
            flush_changes()
            equal.append(text)
            continue
        if equal:
            result.append((EQUAL, "".join(equal)))
            equal.clear()
        (deleted if op == DELETE else inserted).append(text)
    if equal:
        result.append((EQUAL, "".join(equal)))
    flush_changes()
    return result


# --------------------------------------------------------------------------- encoding


def _code_point(index: int) -> str:
    if index < 0x1900:  # the Basic Multilingual Plane's private-use area: the usual case
        return chr(0xE000 + index)
    for start, end in _CODE_RANGES:
        if index < end - start:
            return chr(start + index)
        index -= end - start
    raise ValueError("too many distinct tokens")  # pragma: no cover - guarded by caller


class _Codes:
    """Tokens and the characters that stand for them, for one comparison.

    It also knows which characters end a paragraph (a whitespace run holding a line
    break, or the merge's list separator), end a sentence, or are whitespace, so long
    texts can be cut into units without decoding them.
    """

    def __init__(self) -> None:
        self.table: dict[str, str] = {}
        self.back: dict[str, str] = {}
        self.breaks: set[str] = set()
        self.ends: set[str] = set()
        self.spaces: set[str] = set()

    def encode(self, toks: Iterable[str]) -> str:
        table = self.table
        toks = list(toks)
        for tok in dict.fromkeys(toks):  # each distinct token once, in order of appearance
            if tok in table:
                continue
            if len(table) >= _CODE_CAPACITY:  # pragma: no cover - a million distinct words
                raise ValueError("text too large for a word diff")
            code = table[tok] = _code_point(len(table))
            self.back[code] = tok
            if tok.isspace():
                self.spaces.add(code)
                if "\n" in tok or tok == ITEM_SEP:
                    self.breaks.add(code)
            elif tok in _SENTENCE_END:
                self.ends.add(code)
        return "".join(map(table.__getitem__, toks))

    def decode(self, chars: str) -> str:
        return "".join(map(self.back.__getitem__, chars))

    def splitter(self, level: int) -> Callable[[str], list[str]] | None:
        """Cuts an encoded text into paragraphs (level 0) or sentences (level 1)."""
        if level == 0:
            if not self.breaks:
                return None
            cls = _char_class(self.breaks)
            return re.compile(f"[^{cls}]*[{cls}]+|[^{cls}]+").findall
        if level == 1:
            if not self.ends or not self.spaces:
                return None
            end, space = _char_class(self.ends), _char_class(self.spaces)
            return re.compile(f"[^{end}]*[{end}]+[{space}]*|[^{end}]+").findall
        return None


def _char_class(chars: Iterable[str]) -> str:
    return "".join(re.escape(ch) for ch in sorted(chars))


# --------------------------------------------------------------------------- comparing


class _Steps:
    """diff-match-patch's "deadline", counted in bisection steps instead of seconds.

    diff-match-patch asks ``time.time() > deadline`` once per step of its bisection;
    answering from a counter makes the bound deterministic: the same texts give the same
    diff on a slow machine and a fast one. Past the budget, diff-match-patch returns the
    stretch it is working on as one deletion and one insertion.
    """

    def __init__(self, budget: int) -> None:
        self.left = budget

    def __lt__(self, _now: float) -> bool:  # ``now > deadline`` asks ``deadline < now``
        self.left -= 1
        return self.left < 0


_dmp: diff_match_patch | None = None


def _engine() -> diff_match_patch:
    """The one diff-match-patch instance, with no time limit.

    The default ``Diff_Timeout`` of 1 s silently returns a cut-short (coarser) diff on
    large inputs, which would make results depend on the machine's speed; the bound is
    the step count of :class:`_Steps` instead.
    """
    global _dmp
    if _dmp is None:
        from diff_match_patch import diff_match_patch

        _dmp = diff_match_patch()
        _dmp.Diff_Timeout = 0
    return _dmp


class _Comparison:
    """One comparison of two encoded texts: alignment by units, then bounded word diffs."""

    def __init__(self, codes: _Codes, *, readable: bool) -> None:
        self.codes = codes
        self.readable = readable
        self.dmp = _engine()
        self._splitters = [codes.splitter(0), codes.splitter(1)]
        self._spaces = frozenset(codes.spaces)
        self.quick = False

    def run(self, a: str, b: str) -> Code:
        if len(a) + len(b) <= _DIRECT:
            return self._direct(a, b)
        # A long text: short stretches between anchors are many, so they are diffed in
        # one plain pass rather than by diff-match-patch's recursive bisection.
        self.quick = True
        return self._diff(a, b, 0)

    def _direct(self, a: str, b: str) -> Code:
        """Anchored diff-match-patch over the whole stretch (cleaned up for reading)."""
        diffs = self._anchored(a, b, 0)
        if self.readable:
            if not self.quick:  # pieces of a quick diff are already merged by _extend
                self.dmp.diff_cleanupMerge(diffs)
            self.dmp.diff_cleanupSemantic(diffs)
        return diffs

    def _diff(self, a: str, b: str, level: int) -> Code:
        """A long stretch: common ends, then units of ``level`` aligned, then words."""
        if a == b:
            return [(0, a)] if a else []
        prefix = self.dmp.diff_commonPrefix(a, b)
        head, a, b = a[:prefix], a[prefix:], b[prefix:]
        suffix = self.dmp.diff_commonSuffix(a, b)
        tail = a[len(a) - suffix :] if suffix else ""
        if suffix:
            a, b = a[:-suffix], b[:-suffix]
        result: Code = [(0, head)] if head else []
        if not a or not b:
            result += [(-1, a)] if a else [(1, b)]
        elif len(a) + len(b) <= _DIRECT or level >= len(self._splitters):
            result += self._direct(a, b)
        else:
            result += self._by_units(a, b, level)
        if tail:
            result.append((0, tail))
        return result

    def _by_units(self, a: str, b: str, level: int) -> Code:
        split = self._splitters[level]
        units_a = split(a) if split else [a]
        units_b = split(b) if split else [b]
        if len(units_a) == 1 and len(units_b) == 1:
            return self._diff(a, b, level + 1)
        pairs = self._pair_units(units_a, units_b)
        result: Code = []
        i0 = j0 = 0
        for i, j in [*pairs, (len(units_a), len(units_b))]:
            if i > i0 or j > j0:  # units with no similar partner: compared one level down
                gap_a, gap_b = "".join(units_a[i0:i]), "".join(units_b[j0:j])
                result += self._diff(gap_a, gap_b, level + 1)
            if i < len(units_a):
                ua, ub = units_a[i], units_b[j]
                result += [(0, ua)] if ua == ub else self._diff(ua, ub, level + 1)
            i0, j0 = i + 1, j + 1
        return result

    def _pair_units(self, units_a: list[str], units_b: list[str]) -> list[tuple[int, int]]:
        """Which unit became which: a shortest edit path where similar units match."""
        spaces = self._spaces
        sets_a: list[frozenset[str] | None] = [None] * len(units_a)
        sets_b: list[frozenset[str] | None] = [None] * len(units_b)

        def similar(i: int, j: int) -> bool:
            ua, ub = units_a[i], units_b[j]
            if ua == ub:
                return True
            x, y = sets_a[i], sets_b[j]
            if x is None:
                x = sets_a[i] = frozenset(ua) - spaces
            if y is None:
                y = sets_b[j] = frozenset(ub) - spaces
            total = len(x) + len(y)
            return total > 0 and 2 * len(x & y) >= _SIMILAR * total

        n, m = len(units_a), len(units_b)
        return match_path(n, m, similar, _UNIT_EDITS, _UNIT_TESTS * (n + m))

    def _anchored(self, a: str, b: str, depth: int) -> Code:
        """diff-match-patch's diff of two encoded texts, split first at "patience" anchors.

        With ``Diff_Timeout`` at 0 the bisection is O(N·D) in pure Python: 1.2 s for one
        heavily rewritten AI Act article. Words that occur exactly once on each side and
        in the same relative order (the longest such chain) are almost always true
        matches; diffing only the stretches between them gives the same or better word
        diffs about 25x faster.
        """
        if a == b:
            return [(0, a)] if a else []
        if not a:
            return [(1, b)]
        if not b:
            return [(-1, a)]
        dmp = self.dmp
        prefix = dmp.diff_commonPrefix(a, b) if a[0] == b[0] else 0
        head, a, b = a[:prefix], a[prefix:], b[prefix:]
        suffix = dmp.diff_commonSuffix(a, b) if a and b and a[-1] == b[-1] else 0
        tail = a[len(a) - suffix :] if suffix else ""
        if suffix:
            a, b = a[:-suffix], b[:-suffix]
        result: Code = [(0, head)] if head else []
        if not a or not b:
            result += [(-1, a)] if a else [(1, b)]
        elif (len(a) == 1 and len(b) == 1) or set(a).isdisjoint(b):
            result += [(-1, a), (1, b)]  # what diff-match-patch answers, without asking it
        elif self.quick and len(a) * len(b) <= _LCS_CELLS:
            result.extend(_lcs_edits(a, b))
        elif len(a) + len(b) < _SMALL or depth > _MAX_DEPTH:
            result.extend(self._bisect(a, b))
        else:
            anchors = _unique_chain(a, b)
            if not anchors and _overlap(a, b) < _REWRITTEN:
                # A rewritten stretch: shared tokens are mostly spaces and "the", which
                # semantic cleanup would fold into the replacement anyway.
                result += [(-1, a), (1, b)]
            elif not anchors:
                result.extend(self._bisect(a, b))
            else:
                i0 = j0 = 0
                for i, j in anchors:
                    gap_a, gap_b = a[i0:i], b[j0:j]
                    if gap_a == gap_b:  # often: the same spaces between two anchors
                        _extend(result, [(0, gap_a + a[i])])
                    else:
                        _extend(result, self._anchored(gap_a, gap_b, depth + 1))
                        _extend(result, [(0, a[i])])
                    i0, j0 = i + 1, j + 1
                _extend(result, self._anchored(a[i0:], b[j0:], depth + 1))
        if tail:
            _extend(result, [(0, tail)])
        return result

    def _bisect(self, a: str, b: str) -> Code:
        """diff-match-patch itself, within a number of steps that grows with the stretch.

        Step d of the bisection costs about d, so d steps cost d²: allowing about the
        square root of the stretch's length (times a constant) keeps the total linear in
        the length of the text, however many stretches there are.
        """
        steps = min(_BISECT_STEPS, max(_SMALL, isqrt(_STEP_FACTOR * (len(a) + len(b)))))
        deadline: float = _Steps(steps)  # type: ignore[assignment]
        return list(self.dmp.diff_main(a, b, False, deadline))


def _lcs_edits(a: str, b: str) -> Code:
    """A shortest edit script (longest common subsequence), computed in C by rapidfuzz.

    For the long-text path, where stretches between paragraph and sentence anchors are
    many: one bit-parallel pass per stretch instead of a recursion in Python. The cells
    (``len(a) * len(b)``) are bounded by the caller, so memory stays small.
    """
    from rapidfuzz.distance import Indel

    result: Code = []
    deleted = inserted = ""
    # as_list(): plain tuples, four times quicker to read than Opcode objects
    opcodes = cast("list[tuple[str, int, int, int, int]]", Indel.opcodes(a, b).as_list())
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":  # replacements as diff-match-patch writes them: deletion first
            deleted += a[i1:i2]
            inserted += b[j1:j2]
            continue
        if deleted:
            result.append((-1, deleted))
        if inserted:
            result.append((1, inserted))
        deleted = inserted = ""
        result.append((0, a[i1:i2]))
    if deleted:
        result.append((-1, deleted))
    if inserted:
        result.append((1, inserted))
    return result


def _extend(result: Code, more: Code) -> None:
    """Append ``more``, joining an equal piece to an equal piece before it."""
    if more and result and more[0][0] == 0 and result[-1][0] == 0:
        result[-1] = (0, result[-1][1] + more[0][1])
        result.extend(more[1:])
    else:
        result.extend(more)


def _overlap(a: str, b: str) -> float:
    """The share of tokens two stretches have in common (as multisets)."""
    common = Counter(a) & Counter(b)
    return common.total() / max(len(a), len(b))


def _unique_chain(a: str, b: str) -> list[tuple[int, int]]:
    """Positions (i, j) of characters unique in both texts, longest increasing chain."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {ch: j for j, ch in enumerate(b) if count_b[ch] == 1}
    pairs = [(i, where_b[ch]) for i, ch in enumerate(a) if count_a[ch] == 1 and ch in where_b]
    return [pairs[k] for k in longest_increasing([j for _i, j in pairs])]


__all__ = [
    "DELETE",
    "EQUAL",
    "INSERT",
    "ITEM_SEP",
    "Op",
    "Piece",
    "diff_tokens",
    "merge_pieces",
    "new_text",
    "old_text",
    "tokens",
    "word_diff",
    "words",
]
