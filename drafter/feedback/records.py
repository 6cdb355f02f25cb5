"""Feedback records on disk: ``feedback/<round>/<source>.yaml``, one file per returned copy.

Readable YAML (block scalars for multi-line text, keys in a fixed order), safe-loaded,
written atomically, the same records always giving the same bytes, so git shows a
decision as a one-line change and sync merges files from different copies cleanly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError
from drafter.model import check_id

FEEDBACK_DIR = "feedback"
KINDS = ("comment", "insertion", "deletion", "replacement", "move", "edit")
FIELDS = ("title", "text", "items", "commentary")
STATUSES = ("open", "accepted", "rejected", "answered")
RECORD_KEYS = (
    "id",
    "kind",
    "author",
    "date",
    "principle",
    "field",
    "at",
    "quote",
    "proposed",
    "moved_to",
    "moved_at",
    "comment",
    "replies",
    "resolved",
    "status",
    "response",
)


class FeedbackError(DrafterError):
    """A feedback file or record that cannot be used."""


@dataclass(frozen=True)
class Reply:
    author: str
    date: str | None
    text: str


@dataclass(frozen=True)
class Record:
    """One reviewer action: a comment, a tracked change or a plain edit.

    ``at`` is where ``quote`` starts in the sent field as a reader saw it (cross-references
    rendered "Principle N"), so the proposal can be replayed on the sent text.
    """

    id: str
    kind: str
    author: str
    date: str | None
    principle: str | None
    field: str | None
    at: int | None
    quote: str | None
    proposed: str | None
    comment: str | None = None
    replies: tuple[Reply, ...] = ()
    resolved: bool = False
    status: str = "open"
    response: str | None = None
    moved_to: str | None = None  # a move's destination: "principle-id/field"
    moved_at: int | None = None  # where the words arrived in moved_to, as ``at`` is for quote


@dataclass
class FeedbackFile:
    round: str
    source: str
    file: str
    against: str
    records: list[Record] = field(default_factory=list)

    @property
    def path(self) -> str:
        return feedback_path(self.round, self.source)


def feedback_path(round_id: str, source: str) -> str:
    return f"{FEEDBACK_DIR}/{check_id(round_id, 'round id')}/{check_id(source, 'source')}.yaml"


def _record_data(r: Record) -> dict[str, Any]:
    data = asdict(r)
    data["replies"] = [asdict(reply) for reply in r.replies]
    optional = {"moved_to": r.moved_to is not None, "moved_at": r.moved_at is not None}
    return {key: data[key] for key in RECORD_KEYS if optional.get(key, True)}


def dump(ff: FeedbackFile) -> str:
    from drafter.yaml_files import dump_yaml

    return dump_yaml(
        {
            "round": ff.round,
            "source": ff.source,
            "file": ff.file,
            "against": ff.against,
            "records": [_record_data(r) for r in ff.records],
        }
    )


def _offset(value: object) -> int | None:
    """A place in a field's text: a whole number from 0, else unknown."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _text(value: object, where: str, key: str, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise FeedbackError(f"{where}: {key}: expected text")
    return value


def parse(path: str, data: bytes) -> FeedbackFile:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = yaml.load(data, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise FeedbackError(f"{path}{line}: not readable YAML") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("records", []), list):
        raise FeedbackError(f"{path}: not a feedback file (expected round, source, records)")
    try:
        ff = FeedbackFile(
            round=check_id(str(raw.get("round", "")), "round id"),
            source=check_id(str(raw.get("source", "")), "source"),
            file=str(raw.get("file") or ""),
            against=str(raw.get("against") or ""),
        )
    except DrafterError as exc:
        raise FeedbackError(f"{path}: {exc}") from None
    for n, item in enumerate(raw.get("records") or [], start=1):
        where = f"{path}: record {n}"
        if not isinstance(item, dict):
            raise FeedbackError(f"{where}: expected a mapping")
        kind = item.get("kind")
        status = item.get("status", "open")
        if kind not in KINDS or status not in STATUSES:
            raise FeedbackError(f"{where}: unknown kind or status")
        fld = item.get("field")
        if fld is not None and fld not in FIELDS:
            raise FeedbackError(f"{where}: unknown field {fld!r}")
        principle = item.get("principle")
        if principle is not None:
            principle = check_id(str(principle), "principle id")
        at = item.get("at")
        replies = tuple(
            Reply(
                str(r.get("author") or ""),
                _text(r.get("date"), where, "date"),
                str(r.get("text") or ""),
            )
            for r in item.get("replies") or []
            if isinstance(r, dict)
        )
        ff.records.append(
            Record(
                id=str(item.get("id") or ""),
                kind=kind,
                author=str(item.get("author") or ""),
                date=_text(item.get("date"), where, "date"),
                principle=principle,
                field=fld,
                at=_offset(at),
                quote=_text(item.get("quote"), where, "quote"),
                proposed=_text(item.get("proposed"), where, "proposed"),
                comment=_text(item.get("comment"), where, "comment"),
                moved_to=_text(item.get("moved_to"), where, "moved_to"),
                moved_at=_offset(item.get("moved_at")),
                replies=replies,
                resolved=bool(item.get("resolved", False)),
                status=status,
                response=_text(item.get("response"), where, "response"),
            )
        )
    return ff


def load_all(root: Path) -> list[FeedbackFile]:
    """Every feedback file in a workspace, by round then source.

    Building Python objects from YAML costs about 0.4 ms a record, too slow for a
    listing of thousands; each file's parsed form is therefore cached as JSON in the
    git folder, keyed by the hash of the file's bytes (a changed file is parsed again).
    """
    import hashlib

    base = root / FEEDBACK_DIR
    if not base.is_dir() or base.is_symlink():
        return []
    cache = _Cache(root)
    files = []
    for path in sorted(base.glob("*/*.yaml")):
        if path.is_symlink() or path.parent.is_symlink():
            continue
        rel = f"{FEEDBACK_DIR}/{path.parent.name}/{path.name}"
        data = path.read_bytes()
        digest = hashlib.sha1(data).hexdigest()
        ff = cache.get(rel, digest)
        if ff is None:
            ff = parse(rel, data)
            cache.put(rel, digest, ff)
        files.append(ff)
    cache.save()
    return files


class _Cache:
    """Parsed feedback files by content hash, in ``.git/drafter-feedback.json``."""

    def __init__(self, root: Path) -> None:
        import json

        git_dir = root / ".git"
        self.path = git_dir / "drafter-feedback.json" if git_dir.is_dir() else None
        self.entries: dict[str, Any] = {}
        self.dirty = False
        if self.path is not None and self.path.is_file() and not self.path.is_symlink():
            try:
                loaded = json.loads(self.path.read_bytes())
                self.entries = loaded if isinstance(loaded, dict) else {}
            except ValueError:
                self.entries = {}

    def get(self, rel: str, digest: str) -> FeedbackFile | None:
        entry = self.entries.get(rel)
        if not isinstance(entry, dict) or entry.get("sha") != digest:
            return None
        try:
            data = entry["file"]
            return FeedbackFile(
                round=data["round"],
                source=data["source"],
                file=data["file"],
                against=data["against"],
                records=[
                    Record(**{**r, "replies": tuple(Reply(**x) for x in r["replies"])})
                    for r in data["records"]
                ],
            )
        except (KeyError, TypeError):
            return None

    def put(self, rel: str, digest: str, ff: FeedbackFile) -> None:
        self.entries[rel] = {
            "sha": digest,
            "file": {
                "round": ff.round,
                "source": ff.source,
                "file": ff.file,
                "against": ff.against,
                "records": [_record_data(r) for r in ff.records],
            },
        }
        self.dirty = True

    def save(self) -> None:
        if not self.dirty or self.path is None:
            return
        import json

        from drafter.store import atomic_write

        try:
            atomic_write(self.path, json.dumps(self.entries, ensure_ascii=False))
        except OSError:
            pass  # a cache that cannot be written only costs time


def save(root: Path, ff: FeedbackFile) -> None:
    from drafter.store import atomic_write

    atomic_write(root / ff.path, dump(ff), root=root)


def all_records(root: Path) -> Iterator[tuple[FeedbackFile, Record]]:
    for ff in load_all(root):
        for record in ff.records:
            yield ff, record


def find(root: Path, record_id: str) -> tuple[FeedbackFile, Record]:
    for ff, record in all_records(root):
        if record.id == record_id:
            return ff, record
    raise FeedbackError(f"no feedback {record_id!r} (drafter feedback list shows them)")


def update(root: Path, ff: FeedbackFile, record: Record, **changes: Any) -> Record:
    new = replace(record, **changes)
    ff.records = [new if r.id == record.id else r for r in ff.records]
    save(root, ff)
    return new


def as_json(ff: FeedbackFile, r: Record) -> dict[str, Any]:
    """The record as the JSON contract has it (round, source and against included)."""
    data = _record_data(r)
    data.update(round=ff.round, source=ff.file or ff.source, against=ff.against)
    return data


def list_records(
    root: Path,
    *,
    round_id: str | None = None,
    principle: str | None = None,
    status: str | None = None,
) -> list[tuple[FeedbackFile, Record]]:
    out = []
    for ff, record in all_records(root):
        if round_id and ff.round != round_id:
            continue
        if principle and record.principle != principle:
            continue
        if status and record.status != status:
            continue
        out.append((ff, record))
    return out


def merge_files(path: str, base: bytes | None, ours: bytes, theirs: bytes) -> tuple[str, list[str]]:
    """One feedback file as two members changed it, merged record by record.

    For sync: records either side imported are all kept (in this copy's order, then
    theirs); a decision taken on one side only is kept; a record decided differently on
    both sides keeps this copy's decision, and a notice says so.
    """
    base_ff = parse(path, base) if base is not None else None
    ours_ff, theirs_ff = parse(path, ours), parse(path, theirs)
    before = {r.id: r for r in base_ff.records} if base_ff else {}
    mine = {r.id: r for r in ours_ff.records}
    yours = {r.id: r for r in theirs_ff.records}
    notices: list[str] = []
    merged: list[Record] = []
    for r in ours_ff.records:
        other = yours.get(r.id)
        if other is None or other == r:
            merged.append(r)
        elif before.get(r.id) == r:
            merged.append(other)  # only they decided
        else:
            merged.append(r)
            if before.get(r.id) != other:
                notices.append(
                    f"{path}: feedback {r.id} was decided on both sides: kept this copy's decision"
                )
    merged += [t for t in theirs_ff.records if t.id not in mine]
    ours_ff.records = merged
    return dump(ours_ff), notices
