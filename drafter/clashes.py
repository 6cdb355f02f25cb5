"""Clashes left by a sync: where they are kept, which are still open, and resolving them.

A clash's three versions live in ``.git/drafter-clashes.yaml`` (inside the git folder:
private to this copy, never shared, never mistaken for part of the document). The
workspace files hold *our* version meanwhile, so they stay valid. A clash is open while
its field still holds that version; choosing a side (``resolve``) or editing the field
by hand closes it. Nothing here imports git or a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from drafter import store
from drafter.errors import DrafterError
from drafter.layout import git_dir
from drafter.merge import Clash, Value
from drafter.model import (
    STATUSES,
    Document,
    DocumentText,
    Draft,
    Meeting,
    Principle,
    Translation,
    clean_text,
)

if TYPE_CHECKING:
    from drafter.workspace import Workspace

CLASH_FILE = "drafter-clashes.yaml"
SIDES = ("ours", "theirs", "base")


@dataclass(frozen=True)
class ClashSet:
    """The clashes of one merge, with the commits they came from."""

    merge: str
    ours: str
    theirs: str
    base: str
    remote: str
    clashes: tuple[Clash, ...]


def clash_file(root: Path) -> Path:
    return git_dir(root) / CLASH_FILE


# --------------------------------------------------------------------------- storing


def _plain(value: Value) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value


def _value(raw: object) -> Value:
    if isinstance(raw, list):
        return tuple(str(v) for v in raw)
    return "" if raw is None else str(raw)


def save(root: Path, clash_set: ClashSet) -> None:
    if not clash_set.clashes:
        clash_file(root).unlink(missing_ok=True)
        return
    text = yaml.safe_dump(
        to_data(clash_set), allow_unicode=True, sort_keys=False, width=2_000_000_000
    )
    store.atomic_write(clash_file(root), text)


def to_data(clash_set: ClashSet) -> dict[str, Any]:
    """The clash set as plain data (also carried by an unfinished sync's journal)."""
    return {
        "merge": clash_set.merge,
        "ours": clash_set.ours,
        "theirs": clash_set.theirs,
        "base": clash_set.base,
        "remote": clash_set.remote,
        "clashes": [
            {
                "path": c.path,
                "principle": c.principle,
                "field": c.field,
                "base": _plain(c.base),
                "ours": _plain(c.ours),
                "theirs": _plain(c.theirs),
            }
            for c in clash_set.clashes
        ],
    }


def load(root: Path) -> ClashSet | None:
    path = clash_file(root)
    if not path.is_file():
        return None
    try:
        return from_data(yaml.safe_load(path.read_text("utf-8")))
    except (yaml.YAMLError, AttributeError, KeyError, TypeError) as exc:
        raise DrafterError(f"{path}: the clash record cannot be read ({exc})") from None


def from_data(data: Any) -> ClashSet:
    """A clash set from :func:`to_data`'s form; raises on anything malformed."""
    clashes = tuple(
        Clash(
            path=str(c["path"]),
            field=str(c["field"]),
            base=_value(c.get("base")),
            ours=_value(c.get("ours")),
            theirs=_value(c.get("theirs")),
            principle=c.get("principle") or None,
        )
        for c in data.get("clashes") or ()
    )
    return ClashSet(
        merge=str(data.get("merge", "")),
        ours=str(data.get("ours", "")),
        theirs=str(data.get("theirs", "")),
        base=str(data.get("base", "")),
        remote=str(data.get("remote", "")),
        clashes=clashes,
    )


# --------------------------------------------------------------------------- fields


def _record(draft: Draft, clash: Clash) -> Principle | Meeting | Any | None:
    if clash.principle:
        return draft.principles.get(clash.principle)
    if clash.path == store.DOCUMENT_FILE:
        return draft.document
    mid = clash.path.removeprefix(store.MEETINGS_DIR + "/").removesuffix(".yaml")
    return draft.meetings.get(mid)


def field_value(draft: Draft, clash: Clash) -> Value | None:
    """The field's value in ``draft`` (None: the principle or meeting is gone)."""
    record = _record(draft, clash)
    if record is None:
        return None
    parts = clash.field.split(".")
    if parts[0] == "translations" and isinstance(record, Principle):
        record = record.translations.get(parts[1], Translation())
        parts = parts[2:]
    elif parts[0] == "translated" and isinstance(record, Document):
        record = record.translated.get(parts[1], DocumentText())
        parts = parts[2:]
    value = getattr(record, parts[0], "")
    if value is None:
        return ""
    return value if isinstance(value, tuple) else str(value)


def pending(ws: Workspace, draft: Draft | None = None) -> list[Clash]:
    """Clashes still open: their field still holds the version the merge kept."""
    recorded = load(ws.root)
    if recorded is None:
        return []
    draft = draft or ws.draft()
    return [c for c in recorded.clashes if field_value(draft, c) == c.ours]


def describe(clash: Clash, draft: Draft | None = None) -> str:
    """One line saying where the clash is and how to resolve it."""
    if clash.principle:
        number = draft.number_of(clash.principle) if draft else None
        where = f"Principle {number} ({clash.principle})" if number else clash.principle
    else:
        where = clash.path
    return (
        f"clash in {where}: {clash.field} — resolve with "
        f"`drafter resolve {clash.target} --take ours|theirs` "
        "or in the editor, then `drafter save`"
    )


def _with_field(record: Any, name: str, value: Value) -> Any:
    parts = name.split(".")
    if parts[0] == "translations" and isinstance(record, Principle):
        lang, sub = parts[1], parts[2]
        current = record.translations.get(lang, Translation())
        translations = dict(record.translations)
        translations[lang] = replace(current, **{sub: _typed(sub, value)})
        return replace(record, translations=translations)
    if parts[0] == "translated" and isinstance(record, Document):
        lang, sub = parts[1], parts[2]
        texts = dict(record.translated)
        texts[lang] = replace(texts.get(lang, DocumentText()), **{sub: _typed(sub, value)})
        return replace(record, translated=texts)
    return replace(record, **{parts[0]: _typed(parts[0], value)})


def _typed(name: str, value: Value) -> Any:
    if name in ("items", "tags", "participants", "translations"):
        if isinstance(value, str):
            return tuple(line for line in value.split("\n") if line.strip())
        return tuple(value)
    if name in ("start", "end"):
        from datetime import date

        return date.fromisoformat(str(value)) if value else None
    if name == "current_meeting":
        return str(value) or None
    if isinstance(value, tuple):
        return "\n".join(value)
    return clean_text(value) if name not in ("status", "language") else value


def choose(ws: Workspace, clash: Clash, value: Value) -> None:
    """Write ``value`` into the clashing field on disk and close the clash (not yet saved)."""
    draft = ws.draft()
    record = _record(draft, clash)
    if record is None:
        raise DrafterError(f"{clash.target} no longer exists in the workspace")
    if clash.field == "status" and value not in STATUSES:
        raise DrafterError(f"status {value!r} is not one of: {', '.join(STATUSES)}")
    updated = _with_field(record, clash.field, value)
    if isinstance(updated, Principle):
        ws.write_principle(updated)
    elif isinstance(updated, Meeting):
        ws.write_meeting(updated)
    else:
        ws.write_document(updated)
    forget(ws.root, [clash])


def forget(root: Path, done: Sequence[Clash]) -> None:
    recorded = load(root)
    if recorded is None:
        return
    left = tuple(c for c in recorded.clashes if c not in done)
    save(root, replace(recorded, clashes=left))


def prune(ws: Workspace, draft: Draft | None = None) -> list[Clash]:
    """Drop records the user resolved by editing; returns those still open."""
    recorded = load(ws.root)
    if recorded is None:
        return []
    still = pending(ws, draft)
    if len(still) != len(recorded.clashes):
        save(ws.root, replace(recorded, clashes=tuple(still)))
    return still


def find(ws: Workspace, target: str, field: str | None = None) -> list[Clash]:
    """Open clashes of a principle id or file path, optionally of one field."""
    found = [
        c
        for c in pending(ws)
        if target in (c.principle, c.path) and (field is None or c.field == field)
    ]
    if not found:
        what = f"{target} {field}" if field else target
        open_ones = ", ".join(sorted({c.target for c in pending(ws)}))
        hint = f" (open clashes: {open_ones})" if open_ones else " (there are no open clashes)"
        raise DrafterError(f"no open clash in {what}{hint}")
    return found


def resolve(ws: Workspace, target: str, take: str, field: str | None = None) -> list[Clash]:
    """Take one side for every open clash of ``target`` (or of one field of it)."""
    if take not in SIDES:
        raise DrafterError(f"--take must be one of: {', '.join(SIDES)}")
    found = find(ws, target, field)
    for clash in found:
        choose(ws, clash, getattr(clash, take))
    return found
