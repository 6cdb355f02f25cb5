"""How an export marks itself: bookmarks around each field and the drafter.* properties.

The scheme is shared with the reader of returned consultation copies (format "1"):
``_dr{N}_{F}`` where N is the 1-based position of the principle in ``drafter.principles``
(0 for the preamble) and F is ``t`` (heading), ``x`` (text paragraphs), ``i{K}`` (item K),
``c`` (commentary paragraphs) or ``p`` (preamble). The leading underscore hides the
bookmarks from Word's bookmark list; names stay far under Word's 40-character limit.
"""

from __future__ import annotations

from dataclasses import dataclass

MARKING_FORMAT = "1"


def bookmark_name(position: int, field: str) -> str:
    """The bookmark of one field ("" when the paragraph belongs to no field)."""
    return f"_dr{position}_{field}" if field else ""


@dataclass(frozen=True)
class Marking:
    """What the ``drafter.*`` custom document properties say about the export."""

    workspace: str = ""  # sha of the root commit of the workspace's history, "" if none
    revision: str = ""  # 40-hex commit exported (HEAD for the working files)
    working: bool = False  # exported from the working files, which may differ from HEAD
    language: str = "en"
    principles: tuple[str, ...] = ()  # principle ids in exported order
    round: str = ""  # consultation round id, "" when none

    def properties(self) -> list[tuple[str, str]]:
        """(name, value) pairs in the order they are written."""
        props = [
            ("drafter.workspace", self.workspace),
            ("drafter.revision", self.revision),
        ]
        if self.working:
            props.append(("drafter.working", "true"))
        props += [
            ("drafter.language", self.language),
            ("drafter.principles", " ".join(self.principles)),
        ]
        if self.round:
            props.append(("drafter.round", self.round))
        props.append(("drafter.format", MARKING_FORMAT))
        return props
