"""Tracked changes stamped with the revision that made each of them, for the redline.

Each principle (and the preamble) is rendered as it stood after every revision between
the two drafts; ``drafter.authorship.TextHistory`` follows its characters through those
versions, and the pieces of each redline paragraph are cut where their author changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from drafter.authorship import Stamp, TextHistory, split_by_stamp
from drafter.export import _xml as X
from drafter.export._common import Piece, Vocabulary
from drafter.export._render import Cleaner, Para, Renderer
from drafter.model import Draft

SEPARATOR = "\n\n"


class Attributor:
    """Who made each change of one block of paragraphs, from the drafts of every revision."""

    def __init__(
        self,
        versions: Sequence[tuple[Draft, Stamp]],
        lang: str | None,
        vocab: Vocabulary,
        default: Stamp,
        *,
        status: bool = True,
    ) -> None:
        # intermediate renderings only feed the attribution: their warnings are not the user's
        quiet = Cleaner()
        self.steps = [
            (Renderer(d, lang, vocab, quiet, status=status), stamp) for d, stamp in versions[:-1]
        ]
        self.stamps = [stamp for _d, stamp in versions]
        self.orders = [d.document.order for d, _stamp in versions]
        self.default = default

    def mover(self, pid: str, first_order: Sequence[str], anchors: set[str]) -> Stamp | None:
        """The revision that last changed which principle ``pid`` follows (it moved it).

        ``anchors`` are the principles that kept their place; None when no revision
        between the drafts changed it (the caller then uses its default).
        """

        def follows(order: Sequence[str]) -> str | None:
            before = None
            for x in order:
                if x == pid:
                    return before
                if x in anchors:
                    before = x
            return "\n"  # not in this revision

        orders = [first_order, *self.orders]
        found = None
        for k in range(1, len(orders)):
            if follows(orders[k]) != follows(orders[k - 1]):
                found = self.stamps[k - 1]
        return found

    def block(
        self, key: str, previous_key: str, old: Sequence[Para], new: Sequence[Para]
    ) -> _Block:
        """The attribution for one principle (``key`` its id; "" for the preamble)."""
        texts = [SEPARATOR.join(p.text for p in old)]
        for renderer, _stamp in self.steps:
            texts.append(SEPARATOR.join(p.text for p in _render(renderer, key, previous_key)))
        texts.append(SEPARATOR.join(p.text for p in new))
        from drafter.diff import word_diff

        return _Block(TextHistory(texts, self.stamps, word_diff), old, new, self.default)


def _render(renderer: Renderer, key: str, previous_key: str) -> list[Para]:
    if not key and not previous_key:
        return renderer.preamble()
    draft = renderer.draft
    numbers = renderer.numbers
    for pid in (key, previous_key):
        if pid and pid in draft.principles and pid in numbers:
            return renderer.principle(numbers[pid], draft.principles[pid])
    return []


class _Block:
    def __init__(
        self, history: TextHistory[Stamp], old: Sequence[Para], new: Sequence[Para], default: Stamp
    ) -> None:
        self.history = history
        # text the step-by-step history cannot explain goes to the last revision that
        # changed this principle, not to whoever saved last
        self.default = history.last or default
        self.old_at = _offsets(old)
        self.new_at = _offsets(new)

    def stamp(
        self, pieces: Sequence[Piece], old: int | None, new: int | None
    ) -> list[X.StampedPiece]:
        """The pieces of one paragraph, insertions and deletions cut by who made them."""
        out: list[X.StampedPiece] = []
        o = self.old_at[old] if old is not None else 0
        n = self.new_at[new] if new is not None else 0
        for op, text in pieces:
            size = len(text)
            if op == "equal":
                out.append((op, text))
                o += size
                n += size
            elif op == "insert":
                owners = self.history.inserted_by[n : n + size]
                out += [(op, part, who) for part, who in split_by_stamp(text, owners, self.default)]
                n += size
            else:
                owners = self.history.deleted_by[o : o + size]
                out += [(op, part, who) for part, who in split_by_stamp(text, owners, self.default)]
                o += size
        return out


def _offsets(paras: Sequence[Para]) -> list[int]:
    at, found = 0, []
    for p in paras:
        found.append(at)
        at += len(p.text) + len(SEPARATOR)
    return found
