"""What the top line says: the document's title, the open meeting, what is not saved."""

from __future__ import annotations

from collections.abc import Iterable, Set

from drafter.layout import principle_id_from_path
from drafter.model import Draft


def top_line(draft: Draft, pending_paths: Iterable[str], marked: Set[str]) -> tuple[str, str]:
    """The title, and the meeting and saved state (with markup), as the top bar shows them."""
    pending = list(pending_paths)
    parts = []
    mid = draft.document.current_meeting
    if mid:
        meeting = draft.meetings.get(mid)
        where = meeting.place.split(",")[0] if meeting and meeting.place else mid
        parts.append(f"[b]Meeting: {where}[/b] (open)")
    else:
        parts.append("[dim]No meeting open[/dim]")
    principles = {pid for path in pending if (pid := principle_id_from_path(path))} | marked
    others = [p for p in pending if principle_id_from_path(p) is None]
    if principles or others:
        n = len(principles)
        what = [f"{n} principle{'s' if n != 1 else ''}"] if n else []
        if "drafter.yaml" in others:
            what.append("the order" if n else "the order of principles")
        if any(p.startswith("meetings/") for p in others):
            what.append("meetings")
        parts.append(f"[$warning]● not saved: {', '.join(what) or 'changes'}[/]")
    else:
        parts.append("[$success]✓ all saved[/]")
    return draft.document.title, "  ·  ".join(parts)
