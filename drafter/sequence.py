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
