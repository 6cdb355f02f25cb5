"""What stayed in order between two sequences: longest increasing chains, edit paths.

The diff uses them to anchor on words that occur once on each side, to pair paragraphs
and sentences, and for short stretches of words; the merge uses them to tell which
principles kept their place when a side reordered others.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence


def longest_increasing(keys: Sequence[int]) -> list[int]:
    """Positions in ``keys`` of one longest strictly increasing subsequence, in order."""
    tails: list[int] = []  # smallest key ending an increasing run of each length
    tail_at: list[int] = []  # position in ``keys`` of that run's end
    previous = [-1] * len(keys)
    for position, key in enumerate(keys):
        length = bisect_left(tails, key)
        if length == len(tails):
            tails.append(key)
            tail_at.append(position)
        else:
            tails[length] = key
            tail_at[length] = position
        previous[position] = tail_at[length - 1] if length else -1
    chain: list[int] = []
    position = tail_at[-1] if tail_at else -1
    while position != -1:
        chain.append(position)
        position = previous[position]
    chain.reverse()
    return chain


def match_path(
    n: int, m: int, same: Callable[[int, int], bool], max_d: int, max_tests: int
) -> list[tuple[int, int]]:
    """Matched pairs (i, j) on a shortest edit path from n items to m (Myers' greedy walk).

    ``same`` may be any test (here: "similar enough"), so two paragraphs that differ by a
    few words still pair up. Past ``max_d`` edits or ``max_tests`` calls of ``same`` the
    items are too different to pair and nothing is matched: the caller then compares the
    whole stretch one level down.
    """
    v: dict[int, int] = {1: 0}
    trace: list[dict[int, int]] = []
    tests = 0
    for d in range(min(max_d, n + m) + 1):
        trace.append(dict(v))
        for k in range(-d, d + 1, 2):
            x = v[k + 1] if k == -d or (k != d and v[k - 1] < v[k + 1]) else v[k - 1] + 1
            y = x - k
            while x < n and y < m:
                tests += 1
                if not same(x, y):
                    break
                x += 1
                y += 1
            v[k] = x
            if x >= n and y >= m:
                return _backtrack(trace, n, m)
        if tests > max_tests:
            break
    return []


def short_edits(a: str, b: str) -> list[tuple[int, str]]:
    """A shortest edit script of two short strings, in one pass (Myers, no recursion).

    (op, text) pieces as diff-match-patch gives them: -1 deleted, 0 kept, 1 inserted.
    """
    n, m = len(a), len(b)
    offset = n + m + 1
    v = [0] * (2 * offset + 1)
    trace: list[list[int]] = []
    for d in range(n + m + 1):
        trace.append(v[:])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]
            else:
                x = v[offset + k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            v[offset + k] = x
            if x >= n and y >= m:
                return _script(trace, a, b, offset)
    raise AssertionError("unreachable: n + m edits always suffice")  # pragma: no cover


def _script(trace: list[list[int]], a: str, b: str, offset: int) -> list[tuple[int, str]]:
    """The edit script of :func:`short_edits`, read back from its trace."""
    x, y = len(a), len(b)
    backwards: list[tuple[int, str]] = []
    for d in range(len(trace) - 1, 0, -1):
        v = trace[d]
        k = x - y
        down = k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1])
        prev_k = k + 1 if down else k - 1
        prev_x = v[offset + prev_k]
        prev_y = prev_x - prev_k
        if x > prev_x + (prev_k == k - 1) or y > prev_y + (prev_k == k + 1):
            snake = x - prev_x - (prev_k == k - 1)
            backwards.append((0, a[x - snake : x]))
            x -= snake
            y -= snake
        if prev_k == k + 1:  # a step down: one insertion
            backwards.append((1, b[y - 1]))
        else:  # a step right: one deletion
            backwards.append((-1, a[x - 1]))
        x, y = prev_x, prev_y
    if x > 0:
        backwards.append((0, a[:x]))
    result: list[tuple[int, str]] = []
    for op, text in reversed(backwards):
        if result and result[-1][0] == op:
            result[-1] = (op, result[-1][1] + text)
        else:
            result.append((op, text))
    return result


def _backtrack(trace: list[dict[int, int]], x: int, y: int) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for d in range(len(trace) - 1, -1, -1):
        v = trace[d]
        k = x - y
        prev_k = k + 1 if k == -d or (k != d and v[k - 1] < v[k + 1]) else k - 1
        prev_x = v[prev_k]
        prev_y = prev_x - prev_k
        while x > prev_x and y > prev_y and x > 0 and y > 0:
            x -= 1
            y -= 1
            pairs.append((x, y))
        x, y = prev_x, prev_y
    pairs.reverse()
    return pairs
