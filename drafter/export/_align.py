"""Pairing two versions of a principle for the redline: paragraphs kind by kind.

Which principles pair with which (ids, renames, moves) is ``drafter.diff``'s decision
(``find_renames``, ``layout_steps``); this module pairs their paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from difflib import SequenceMatcher

from drafter.export._common import Piece
from drafter.export._render import Para

# The order of a principle's paragraph kinds; the redline aligns paragraphs kind by kind.
PRINCIPLE_KINDS = ("heading", "status", "text", "item", "clabel", "commentary")
_WORD = re.compile(r"\w+")


def align(
    old: Sequence[Para], new: Sequence[Para], word_diff: Callable[[str, str], list[Piece]]
) -> Iterator[tuple[str, list[Piece], str, str, int | None, int | None]]:
    """(kind, pieces, mark op, field, old index, new index) for two versions of one block.

    The field is the newer paragraph's (bookmarks mark the newer draft); "" for a
    paragraph that exists in the older draft only. The indices say which paragraphs of
    ``old`` and ``new`` the pieces come from (None: that side has none).
    """
    kinds = [k for k in PRINCIPLE_KINDS if any(p.kind == k for p in (*old, *new))]
    kinds += sorted({p.kind for p in (*old, *new)} - set(kinds))
    for kind in kinds:
        ai = [n for n, p in enumerate(old) if p.kind == kind]
        bi = [n for n, p in enumerate(new) if p.kind == kind]
        a = [old[n].text for n in ai]
        b = [new[n].text for n in bi]
        for i, j in _pair(a, b, by_position=kind in ("heading", "status", "clabel")):
            if i is not None and j is not None:
                pieces = [("equal", a[i])] if a[i] == b[j] else word_diff(a[i], b[j])
                yield kind, pieces, "equal", new[bi[j]].field, ai[i], bi[j]
            elif i is not None:
                yield kind, [("delete", a[i])], "delete", "", ai[i], None
            elif j is not None:
                yield kind, [("insert", b[j])], "insert", new[bi[j]].field, None, bi[j]


def _pair(
    a: Sequence[str], b: Sequence[str], *, by_position: bool
) -> list[tuple[int | None, int | None]]:
    """Which paragraph of the old list became which of the new one.

    Paragraphs are paired when similar enough to read well as a word-level change;
    the rest are whole-paragraph deletions and insertions. Deletions come first in
    each gap, the order Word users expect.
    """
    n, m = len(a), len(b)
    if by_position or (n == m and all(x == y for x, y in zip(a, b, strict=True))):
        k = min(n, m)
        return (
            [(i, i) for i in range(k)]
            + [(i, None) for i in range(k, n)]
            + [(None, j) for j in range(k, m)]
        )
    if n * m > 40_000:  # very long principles: exact matches only, in order
        pairs: list[tuple[int, int]] = []
        sm = SequenceMatcher(None, list(a), list(b), autojunk=False)
        for block in sm.get_matching_blocks():
            pairs += [(block.a + t, block.b + t) for t in range(block.size)]
    else:
        pairs = _best_pairs(a, b)
    result: list[tuple[int | None, int | None]] = []
    i = j = 0
    for pi, pj in [*pairs, (n, m)]:
        result += [(x, None) for x in range(i, pi)]
        result += [(None, y) for y in range(j, pj)]
        if pi < n and pj < m:
            result.append((pi, pj))
        i, j = pi + 1, pj + 1
    return result


def _best_pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Order-preserving pairing that maximises total similarity (a small DP)."""
    n, m = len(a), len(b)
    wa = [set(_WORD.findall(t.lower())) for t in a]
    wb = [set(_WORD.findall(t.lower())) for t in b]

    def sim(i: int, j: int) -> float:
        if a[i] == b[j]:
            return 2.0
        union = wa[i] | wb[j]
        if not union:
            return 0.0
        score = len(wa[i] & wb[j]) / len(union)
        return score if score >= 0.3 else 0.0

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = sim(i, j)
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + s if s else 0.0)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = sim(i, j)
        if s and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs
