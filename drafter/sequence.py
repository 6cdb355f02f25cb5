"""Longest increasing subsequence: what stayed in order between two arrangements.

The diff uses it to anchor on words that occur once on each side; the merge uses it to
tell which principles kept their place when a side reordered others.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


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
