"""Consultation rounds: which revision was sent out, when, in which language and file.

One YAML file per round, ``consultations/<id>.yaml``, saved and shared like the other
working files, so that returned copies (which carry ``drafter.round``) can be grouped by
the round they answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import DrafterError, ValidationError
from drafter.layout import CONSULTATIONS_DIR
from drafter.model import check_id, slugify

KEYS = ("id", "name", "revision", "meeting", "date", "language", "file")
_SHA = re.compile(r"[0-9a-f]{40}\Z")


class ConsultationError(DrafterError):
    """A round that cannot be recorded (its id is taken by another round)."""


@dataclass(frozen=True)
class Consultation:
    """One consultation round, as ``consultations/<id>.yaml`` records it."""

    id: str
    name: str
    revision: str  # full 40-hex commit id of what was sent
    date: date
    language: str
    file: str  # the file written, relative to the workspace when inside it
    meeting: str | None = None  # the meeting whose draft it is, when one was named

    def same_round(self, other: Consultation) -> bool:
        """The same round exported again: only the day and the file may differ."""
        return (self.id, self.name, self.revision, self.language, self.meeting) == (
            other.id,
            other.name,
            other.revision,
            other.language,
            other.meeting,
        )


def round_id(name: str) -> str:
    """The round's id: the slug of its name, by the rule principle ids follow."""
    if not re.search(r"[A-Za-z0-9]", name):
        raise ConsultationError(
            f"consultation name {name!r}: give a name with letters or digits, "
            "e.g. 'Africa regional consultation'"
        )
    return check_id(slugify(name), "consultation id")


def round_path(rid: str) -> str:
    return f"{CONSULTATIONS_DIR}/{check_id(rid, 'consultation id')}.yaml"


def dump(c: Consultation) -> str:
    data: dict[str, Any] = {"id": c.id, "name": c.name, "revision": c.revision}
    if c.meeting:
        data["meeting"] = c.meeting
    data.update(date=c.date, language=c.language, file=c.file)
    text: str = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=2_000_000_000)
    return text


def parse(path: str, text: str | bytes) -> Consultation:
    """A round from its file; anything unexpected is a ValidationError naming the file."""
    from drafter.errors import Problem

    def bad(message: str) -> ValidationError:
        return ValidationError([Problem(path, 1, message)])

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ValidationError([Problem(path, line, "not valid YAML")]) from None
    if not isinstance(data, dict):
        raise bad("expected a mapping of keys to values")
    unknown = sorted(str(k) for k in data if k not in KEYS)
    if unknown:
        raise bad(f"unknown key {unknown[0]!r}")
    try:
        rid = check_id(str(data.get("id", "")), "consultation id")
        when = data.get("date")
        if isinstance(when, str):
            when = date.fromisoformat(when)
        if not isinstance(when, date):
            raise bad("date: expected YYYY-MM-DD")
        revision = str(data.get("revision", ""))
        if not _SHA.match(revision):
            raise bad("revision: expected a full 40-character commit id")
        meeting = data.get("meeting")
        return Consultation(
            id=rid,
            name=str(data.get("name", "")),
            revision=revision,
            date=when,
            language=str(data.get("language", "")),
            file=str(data.get("file", "")),
            meeting=check_id(str(meeting), "meeting id") if meeting else None,
        )
    except (ValueError, DrafterError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise bad(str(exc)) from None


def load_rounds(root: Path) -> list[Consultation]:
    """Every recorded round of the workspace at ``root``, by date then id."""
    folder = Path(root) / CONSULTATIONS_DIR
    if not folder.is_dir():
        return []
    rounds = []
    for path in sorted(folder.glob("*.yaml")):
        if path.is_symlink() or not path.is_file():
            continue
        rounds.append(parse(f"{CONSULTATIONS_DIR}/{path.name}", path.read_bytes()))
    return sorted(rounds, key=lambda c: (c.date, c.id))


def save_round(root: Path, c: Consultation) -> Path:
    """Write ``consultations/<id>.yaml``; refuse an id another round already has."""
    from drafter import store

    path = Path(root) / round_path(c.id)
    if path.exists():
        existing = parse(round_path(c.id), path.read_bytes())
        if not existing.same_round(c):
            raise ConsultationError(
                f"{round_path(c.id)}: a consultation round {c.id!r} already exists "
                f"({existing.name}, sent {existing.date.isoformat()}); choose another name"
            )
    store.atomic_write(path, dump(c), root=Path(root))
    return path
