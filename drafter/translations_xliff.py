"""XLIFF 1.2 out and in, for professional translators and their CAT tools.

Every unit's id ties it to a principle, a field and the source it was exported with:
``<principle>.<field>.<hash>`` (``<principle>.items-<n>.<hash>`` for the n-th lettered
item, the hash being the whole items field's). A CAT tool keeps ids untouched, so on the
way back drafter knows what each target translates, and refuses a unit whose source
changed since the export instead of filing it against text it does not translate.

The file is written and read with translate-toolkit (imported here only, so no other
command pays for it). A returned file is untrusted: it is parsed with entity resolution
and network access off, a DOCTYPE is refused, its size is capped, and every unit id is
checked before it names a principle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter import store
from drafter.errors import DrafterError
from drafter.model import CROSS_REF_RE, Draft, Principle, clean_text, item_label
from drafter.translations import (
    CURRENT,
    MISSING,
    STALE,
    confirm,
    language_name,
    languages,
    source_hash,
    states,
)

if TYPE_CHECKING:
    from drafter.diff import Piece
    from drafter.translations import FieldState
    from drafter.workspace import Workspace

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
MAX_BYTES = 50 * 1024 * 1024
ORIGIN = "drafter"
_UNIT_ID_RE = re.compile(
    r"(?P<pid>[a-z0-9][a-z0-9-]{0,63})\.(?P<field>title|text|commentary|items-(?P<n>[1-9][0-9]{0,3}))"
    r"\.(?P<hash>[0-9a-f]{8,64})\Z"
)
_SKELETON = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{NAMESPACE}'>
<file original='principles' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


class XliffError(DrafterError):
    """A returned XLIFF file drafter cannot use (named with its place and problem)."""


def _classes() -> tuple[Any, Any]:
    """translate-toolkit's XLIFF classes set to write version 1.2 (the library's default is 1.1)."""
    from translate.storage import xliff

    class Unit12(xliff.xliffunit):
        namespace = NAMESPACE

    class File12(xliff.xlifffile):  # type: ignore[type-arg]
        UnitClass = Unit12
        namespace = NAMESPACE
        XMLskeleton = _SKELETON

    return File12, xliff.xlifffile


# --------------------------------------------------------------------------- export


def export_xliff(
    ws: Workspace,
    lang: str,
    target: Path,
    *,
    stale_only: bool = False,
    principle: str | None = None,
) -> int:
    """Write one XLIFF file for ``lang``; returns how many units it holds."""
    draft = ws.draft()
    languages(draft, lang)
    rows = states(ws, draft, lang=lang, principle=principle)
    file_class, _ = _classes()
    store_file = file_class(sourcelanguage=draft.document.language, targetlanguage=lang)
    source_name = language_name(draft.document.language)
    count = 0
    for row in rows:
        p = draft.principles[row.principle]
        for name, f in row.fields.items():
            if stale_only and f.state == CURRENT:
                continue
            if not p.field_text(name):  # a translation whose source was removed: nothing to do
                continue
            for unit_id, source, target_text, where in _units(draft, p, lang, name):
                unit = store_file.addsourceunit(source, filename="principles")
                unit.setid(unit_id)
                unit.xmlelement.set("resname", where)
                if target_text:
                    unit.settarget(target_text)
                    if f.state != CURRENT:
                        unit.set_state_n(unit.statemap["needs-review-translation"])
                else:
                    unit.set_state_n(unit.statemap["needs-translation"])
                unit.addnote(_note(draft, where, source, f, source_name), origin=ORIGIN)
                count += 1
    store.atomic_write(target, bytes(store_file))
    return count


def _units(draft: Draft, p: Principle, lang: str, name: str) -> Iterable[tuple[str, str, str, str]]:
    """(unit id, source, current translation, label) for one field (one per lettered item)."""
    digest = source_hash(p.field_text(name))
    number = draft.number_of(p.id)
    label = f"Principle {number}" if number else p.id
    tr = p.translations.get(lang)
    if name == "items":
        done = tr.items if tr is not None else ()
        for i, item in enumerate(p.items):
            existing = done[i] if i < len(done) else ""
            yield f"{p.id}.items-{i + 1}.{digest}", item, existing, f"{label} {item_label(i)}"
        return
    existing = str(getattr(tr, name)) if tr is not None else ""
    yield f"{p.id}.{name}.{digest}", p.field_text(name), existing, f"{label} {name}"


def _note(draft: Draft, where: str, source: str, f: FieldState, source_name: str) -> str:
    lines = [f"{where}."]
    if f.state == STALE and f.source_diff:
        lines.append(
            f"The {source_name} changed since this was translated ([-deleted-] {{+inserted+}}): "
            + _inline(f.source_diff)
        )
    elif f.state == STALE:
        lines.append(f"Check this translation against the {source_name}: it may be out of date.")
    elif f.state == MISSING:
        lines.append("Not translated yet.")
    refs = CROSS_REF_RE.findall(source)
    if refs:
        shown = ", ".join(
            f"[[principle:{r}]] = Principle {draft.number_of(r) or '?'}"
            for r in dict.fromkeys(refs)
        )
        lines.append(f"Keep each cross-reference exactly as written ({shown}).")
    return "\n".join(lines)


def _inline(pieces: Iterable[Piece]) -> str:
    return "".join(
        text if op == "equal" else f"[-{text}-]" if op == "delete" else f"{{+{text}+}}"
        for op, text in pieces
    )


# --------------------------------------------------------------------------- import


@dataclass
class ImportReport:
    """What an import did, for the person who ran it."""

    lang: str
    applied: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    unchanged: int = 0
    outdated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.applied:
            out.append(
                f"Applied {len(self.applied)} {self.lang} translations: {', '.join(self.applied)}"
            )
        if self.confirmed:
            out.append(f"Confirmed unchanged: {', '.join(self.confirmed)}")
        for line in self.outdated:
            out.append(f"Not applied (the source changed since the export): {line}")
        for line in self.skipped:
            out.append(f"Not applied: {line}")
        if not (self.applied or self.confirmed):
            out.append(f"Nothing changed ({self.unchanged} fields as they were).")
        elif self.applied or self.confirmed:
            out.append("Written to the files, not yet saved: review, then drafter save.")
        return out


@dataclass(frozen=True)
class _Unit:
    pid: str
    name: str  # title | text | items | commentary
    item: int  # 1-based for items, 0 otherwise
    digest: str
    target: str
    reviewed: bool  # the translator left it translated/final, not "needs ..."
    line: int


def read_units(path: Path) -> tuple[str, list[_Unit]]:
    """The target language and units of a returned file; XliffError for an unusable file."""
    data = _read_bytes(path)
    _check_xml(path, data)
    _, reader_class = _classes()
    try:
        parsed = reader_class.parsestring(data)
    except (ValueError, AssertionError, StopIteration) as exc:
        raise XliffError(
            f"{path}: not an XLIFF 1.2 file ({_clean(str(exc)) or 'no <file>'})"
        ) from None
    lang = str(parsed.gettargetlanguage() or "")
    if not lang:
        raise XliffError(f"{path}: the <file> element names no target-language")
    units = []
    needs = {
        parsed.UnitClass.statemap[s]
        for s in ("new", "needs-translation", "needs-adaptation", "needs-l10n",
                  "needs-review-translation", "needs-review-adaptation", "needs-review-l10n")
    }  # fmt: skip
    for unit in parsed.getunits():
        raw_id = str(unit.xmlelement.get("id") or "")
        line = int(unit.xmlelement.sourceline or 0)
        match = _UNIT_ID_RE.match(raw_id)
        if match is None:
            raise XliffError(
                f"{path}:{line}: unit id {_clean(raw_id)!r} was not written by drafter "
                "(expected PRINCIPLE.FIELD.HASH); was this file exported with drafter "
                "translations export?"
            )
        field_name = match.group("field")
        item = int(match.group("n") or 0)
        target = clean_text(str(unit.target or ""))
        units.append(
            _Unit(
                pid=match.group("pid"),
                name="items" if item else field_name,
                item=item,
                digest=match.group("hash"),
                target=target,
                reviewed=unit.get_state_n() not in needs,
                line=line,
            )
        )
    return lang, units


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise XliffError(
                f"{path}: {size // (1024 * 1024)} MB is too large for an XLIFF file of principles"
            )
        return path.read_bytes()
    except OSError as exc:
        raise XliffError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def _check_xml(path: Path, data: bytes) -> None:
    """Refuse what a safe reader must: malformed XML, a DOCTYPE (entities), not XLIFF 1.2."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        raise XliffError(f"{path}:{line}: not well-formed XML ({_clean(exc.msg)})") from None
    if root.getroottree().docinfo.doctype:
        raise XliffError(
            f"{path}: has a DOCTYPE declaration, which drafter refuses in an XLIFF file"
        )
    if root.tag != f"{{{NAMESPACE}}}xliff":
        raise XliffError(f"{path}: not an XLIFF 1.2 file (its root is {_clean(str(root.tag))!r})")


def _clean(text: str) -> str:
    """No control characters from a file reach the terminal."""
    return "".join(ch if ch.isprintable() else " " for ch in text)[:200]


def import_xliff(ws: Workspace, path: Path) -> ImportReport:
    """Apply a returned file's translations to the working files (not saved)."""
    lang, units = read_units(path)
    draft = ws.draft()
    if lang not in draft.document.translations:
        raise XliffError(
            f"{path}: its target-language {_clean(lang)!r} is not a translation language of "
            f"this document (drafter.yaml lists: {', '.join(draft.document.translations) or 'none'})"
        )
    report = ImportReport(lang)
    grouped: dict[tuple[str, str], list[_Unit]] = {}
    for unit in units:
        grouped.setdefault((unit.pid, unit.name), []).append(unit)
    changed: dict[str, Principle] = {}
    for (pid, name), group in grouped.items():
        p = changed.get(pid) or draft.principles.get(pid)
        where = _label(draft, pid, name)
        if p is None:
            report.skipped.append(f"{where}: there is no principle {pid!r} any more")
            continue
        digest = source_hash(p.field_text(name))
        if any(u.digest != digest for u in group):
            report.outdated.append(
                f"{where} (export it again: drafter translations export --lang {lang})"
            )
            continue
        value = _value(p, name, group)
        if value is None:
            report.skipped.append(f"{where}: only some lettered items are translated")
            continue
        if not value:
            continue  # left untranslated
        unknown = [r for r in CROSS_REF_RE.findall(value) if r not in draft.principles]
        if unknown:
            report.skipped.append(
                f"{where}: cross-reference [[principle:{_clean(unknown[0])}]] names no principle"
            )
            continue
        tr = p.translations.get(lang)
        before = ("\n".join(tr.items) if name == "items" else str(getattr(tr, name))) if tr else ""
        if value != before:
            from drafter.translations import update_translation

            changed[pid] = update_translation(p, lang, name, value)
            report.applied.append(where)
        elif all(u.reviewed for u in group) and (tr is None or tr.source.get(name) != digest):
            changed[pid], _ = confirm(p, lang, [name])
            report.confirmed.append(where)
        else:
            report.unchanged += 1
    for p in changed.values():
        ws.write_principle(p)
    return report


def _value(p: Principle, name: str, group: list[_Unit]) -> str | None:
    """The field's new translation from its units; None: lettered items half done."""
    if name == "title":  # one line, as titles are
        return " ".join(group[-1].target.split())
    if name != "items":
        return group[-1].target
    by_item = {u.item: u.target for u in group}
    wanted = range(1, len(p.items) + 1)
    targets = [by_item.get(n, "") for n in wanted]
    if not any(targets):
        return ""
    if not all(targets):
        return None
    return "\n".join(t.replace("\n", " ") for t in targets)


def _label(draft: Draft, pid: str, name: str) -> str:
    number = draft.number_of(pid)
    return f"Principle {number} {name}" if number else f"{pid} {name}"
