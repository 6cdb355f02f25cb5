"""Turns a DraftDiff into text for a terminal, Markdown for a review e-mail, or JSON.

Text and Markdown are for people: cross-references read "Principle N" (numbered as in
the revision each side comes from), unchanged stretches of long paragraphs are elided.
JSON is for programs: raw field values, exactly the pieces DESIGN §4 describes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from drafter.diff import (
    ADDED,
    DELETE,
    EQUAL,
    INSERT,
    MODIFIED,
    MOVED,
    REMOVED,
    UNCHANGED,
    DraftDiff,
    Piece,
    PrincipleChange,
    tokens,
    with_references,
    words,
)
from drafter.model import render_references

# ANSI styles: no dependency (rich would add ~50 ms to every diff).
_RESET = "\x1b[0m"
_DEL = "\x1b[31;9m"  # red, struck through
_INS = "\x1b[32;4m"  # green, underlined
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"

CONTEXT_WORDS = 10  # words of unchanged text kept on each side of a change
_LABELS = {
    "title": "title",
    "status": "status",
    "text": "text",
    "items": "items",
    "commentary": "commentary",
    "tags": "tags",
}


# --------------------------------------------------------------------------- shared


def field_label(key: str) -> str:
    """'text', or 'text (fr)' for ``translations.fr.text``."""
    if key.startswith("translations."):
        _, lang, name = key.split(".", 2)
        return f"{_LABELS.get(name, name)} ({lang})"
    return _LABELS.get(key, key)


def heading_parts(diff: DraftDiff, c: PrincipleChange) -> tuple[str, str, str]:
    """("Principle 3 → 4", "Legal parentage", "modified, moved") for one change."""
    if c.change == ADDED:
        number = f"Principle {c.number_to}" if c.number_to else "New principle"
    elif c.change == REMOVED:
        number = f"Principle {c.number_from}" if c.number_from else "Removed principle"
    elif c.renumbered:
        number = f"Principle {c.number_from} → {c.number_to}"
    else:
        number = f"Principle {c.number_to or c.number_from}"
    if c.title_to is not None:
        title = render_references(c.title_to, diff.new.numbers())
    else:
        title = render_references(c.title_from or "", diff.old.numbers())
    kind: str = c.change
    if c.change == MODIFIED and c.renamed:
        parts = ["modified"] if c.fields else []
        if c.renumbered:
            parts.append("moved")
        parts.append(f"renamed from {c.previous_id}")
        kind = ", ".join(parts)
    elif c.change == MODIFIED and c.renumbered:
        kind = "modified, moved"
    return number, title or c.id, kind


RUN_MIN = 3  # this many renumbered-only principles in a row are shown on one line


def _blocks(diff: DraftDiff) -> list[PrincipleChange | list[PrincipleChange]]:
    """The changes to show, with runs of principles that were only renumbered together.

    Inserting one article near the start of a 2,800-article code renumbers every later
    one; a line per principle would drown the real edits, as Word's compare does.
    """
    shown = [c for c in diff.principles if c.change != UNCHANGED or len(diff.principles) == 1]
    blocks: list[PrincipleChange | list[PrincipleChange]] = []
    run: list[PrincipleChange] = []

    def flush() -> None:
        if len(run) >= RUN_MIN:
            blocks.append(list(run))
        else:
            blocks.extend(run)
        run.clear()

    for c in shown:
        if c.change == MOVED and c.number_from is not None and c.number_to is not None:
            if run and not (
                c.number_from == (run[-1].number_from or 0) + 1
                and c.number_to == (run[-1].number_to or 0) + 1
            ):
                flush()
            run.append(c)
            continue
        flush()
        blocks.append(c)
    flush()
    return blocks


def run_heading(run: list[PrincipleChange]) -> tuple[str, str]:
    """("Principles 5–200 → 6–201", "moved: renumbered only, 196 principles")."""
    first, last = run[0], run[-1]
    return (
        f"Principles {first.number_from}–{last.number_from} → {first.number_to}–{last.number_to}",
        f"moved: renumbered only, {len(run)} principles",
    )


def summary(diff: DraftDiff) -> str:
    s = diff.stats
    count = s.added + s.removed + s.modified + s.moved
    if count == 0 and diff.preamble is None:
        return f"No differences from {diff.from_label} to {diff.to_label}."
    head = f"{count} principle{'s' if count != 1 else ''} changed: "
    head += f"{s.added} added, {s.removed} removed, {s.modified} modified, {s.moved} moved"
    if diff.preamble is not None:
        head += "; preamble changed"
    return (
        f"{head}; {s.words_inserted} word{'s' if s.words_inserted != 1 else ''} inserted, "
        f"{s.words_deleted} deleted"
    )


def _display_pieces(diff: DraftDiff, pieces: list[Piece]) -> list[Piece]:
    return with_references(pieces, diff.old.numbers(), diff.new.numbers())


Segment = tuple[str, str]  # (op, text) on one display line


def _visible(text: str) -> str:
    """Whitespace made visible, for a change that is nothing but whitespace."""
    return text.replace(" ", "·").replace("\t", "→").replace("\n", "¶")


def _lines(pieces: Iterable[Piece]) -> list[list[Segment]]:
    """The pieces cut at line breaks.

    A change made only of whitespace (a paragraph break added, a double space removed)
    stays on its line with the whitespace shown as · → ¶, or a reader would see nothing.
    """
    lines: list[list[Segment]] = [[]]
    for op, text in pieces:
        if op != EQUAL and not text.strip():
            lines[-1].append((op, _visible(text)))
            continue
        parts = text.split("\n")
        for n, part in enumerate(parts):
            if part:
                lines[-1].append((op, part))
            if n < len(parts) - 1:
                lines.append([])
    return lines


def _changed(line: list[Segment]) -> bool:
    return any(op != EQUAL for op, _text in line)


def _blank(line: list[Segment]) -> bool:
    return not any(text.strip() for _op, text in line)


def _trim(text: str, keep_start: bool, keep_end: bool) -> str:
    """An unchanged stretch shortened to CONTEXT_WORDS words at the kept end(s)."""
    if words(text) <= 2 * CONTEXT_WORDS + 2:
        return text
    toks = tokens(text)
    positions = [i for i, t in enumerate(toks) if words(t)]
    head = "".join(toks[: positions[CONTEXT_WORDS - 1] + 1]) if keep_start else ""
    tail = "".join(toks[positions[-CONTEXT_WORDS] :]) if keep_end else ""
    if keep_start and keep_end:
        return f"{head} … {tail}"
    if keep_start:
        return f"{head} …"
    return f"… {tail}"


def _elided(line: list[Segment]) -> list[Segment]:
    """Long unchanged stretches of a changed line cut down to context around the edits."""
    out: list[Segment] = []
    for n, (op, text) in enumerate(line):
        if op == EQUAL:
            text = _trim(text, keep_start=n > 0, keep_end=n < len(line) - 1)
        out.append((op, text))
    return out


def _visible_lines(pieces: list[Piece], whole: bool) -> list[list[Segment] | None]:
    """Lines to show: the changed ones (None marks skipped unchanged lines)."""
    lines = [line for line in _lines(pieces) if not _blank(line)]
    if whole:
        return list(lines)
    shown: list[list[Segment] | None] = []
    for line in lines:
        if _changed(line):
            shown.append(_elided(line))
        elif not shown or shown[-1] is not None:
            shown.append(None)
    return shown


# --------------------------------------------------------------------------- text


class _TextStyle:
    def __init__(self, color: bool) -> None:
        self.color = color

    def segment(self, op: str, text: str) -> str:
        if op == EQUAL or not text:
            return text
        if self.color:
            return f"{_DEL if op == DELETE else _INS}{text}{_RESET}"
        return f"[-{text}-]" if op == DELETE else f"{{+{text}+}}"

    def bold(self, text: str) -> str:
        return f"{_BOLD}{text}{_RESET}" if self.color else text

    def dim(self, text: str) -> str:
        return f"{_DIM}{text}{_RESET}" if self.color else text


def _field_lines(style: _TextStyle, pieces: list[Piece], whole: bool) -> list[str]:
    return [
        style.dim("…") if line is None else "".join(style.segment(op, t) for op, t in line)
        for line in _visible_lines(pieces, whole)
    ]


def _text_field(style: _TextStyle, label: str, pieces: list[Piece], whole: bool) -> list[str]:
    rendered = _field_lines(style, pieces, whole)
    if len(rendered) == 1 and "\n" not in "".join(t for _o, t in pieces):
        return [f"  {label}: {rendered[0]}"]
    return [f"  {label}:"] + [f"    {line}" for line in rendered]


def render_text(diff: DraftDiff, *, color: bool = False) -> str:
    """The differences for a terminal: heading per changed principle, then its fields."""
    style = _TextStyle(color)
    out: list[str] = [style.bold(f"Differences from {diff.from_label} to {diff.to_label}"), ""]
    if diff.preamble is not None:
        out.append(style.bold("Preamble") + "   (modified)")
        out += [
            f"    {line}"
            for line in _field_lines(style, _display_pieces(diff, diff.preamble), False)
        ]
        out.append("")
    blocks = _blocks(diff)
    for c in blocks:
        if isinstance(c, list):
            numbers, kind = run_heading(c)
            out.append(f"{style.bold(numbers)}   ({kind})")
            continue
        number, title, kind = heading_parts(diff, c)
        out.append(f"{style.bold(f'{number} — {title}')}   ({kind})")
        whole = c.change in (ADDED, REMOVED)
        for key, pieces in c.fields.items():
            if whole and key == "title":  # the heading already shows it
                continue
            out += _text_field(style, field_label(key), _display_pieces(diff, pieces), whole)
        if c.fields:
            out.append("")
    if not blocks and diff.preamble is None:
        return summary(diff) + "\n"
    if out[-1] != "":
        out.append("")
    out.append(summary(diff))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_segment(op: str, text: str) -> str:
    """~~deleted~~ and **inserted**, or <del>/<ins> where Markdown's emphasis would fail.

    Emphasis must not start or end on a space, and ``**, and**`` after a letter is not
    emphasis at all in CommonMark; HTML tags render in those cases too.
    """
    if op == EQUAL:
        return _md_escape(text)
    body = text.strip()
    if not body:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if body[0].isalnum() and body[-1].isalnum():
        wrap = "~~" if op == DELETE else "**"
        return f"{lead}{wrap}{_md_escape(body)}{wrap}{trail}"
    tag = "del" if op == DELETE else "ins"
    return f"{lead}<{tag}>{_md_escape(body)}</{tag}>{trail}"


def _md_field(label: str, pieces: list[Piece], whole: bool) -> list[str]:
    out = [f"_{_md_escape(label)}:_", ""]
    for line in _visible_lines(pieces, whole):
        if line is None:
            out += ["> …", ">"]
            continue
        text = "".join(_md_segment(op, t) for op, t in line).strip()
        if text:
            out += [f"> {text}", ">"]
    if out[-1] == ">":
        out.pop()
    out.append("")
    return out


def render_markdown(diff: DraftDiff) -> str:
    """The differences for a review comment or an e-mail (~~deleted~~, **inserted**)."""
    out = [
        f"## Changes from {_md_escape(diff.from_label)} to {_md_escape(diff.to_label)}",
        "",
        _md_escape(summary(diff)),
        "",
    ]
    if diff.preamble is not None:
        out += ["### Preamble (modified)", ""]
        out += _md_field("preamble", _display_pieces(diff, diff.preamble), False)[2:]
    for c in _blocks(diff):
        if isinstance(c, list):
            numbers, kind = run_heading(c)
            out += [f"### {_md_escape(numbers)} ({kind})", ""]
            continue
        number, title, kind = heading_parts(diff, c)
        out += [f"### {_md_escape(number)} — {_md_escape(title)} ({kind})", ""]
        whole = c.change in (ADDED, REMOVED)
        for key, pieces in c.fields.items():
            if whole and key == "title":
                continue
            out += _md_field(field_label(key), _display_pieces(diff, pieces), whole)
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- json


def _pieces_json(pieces: list[Piece]) -> list[Piece]:
    """The pieces as they are: JSON writes each (op, text) pair as a two-element array."""
    return list(pieces)


def to_json(diff: DraftDiff, *, stat: bool = False) -> dict[str, Any]:
    """The object DESIGN §4 specifies; ``document.preamble`` only when the preamble changed.

    With ``stat`` each changed principle carries its word counts instead of its fields.
    """
    principles: list[dict[str, Any]] = []
    for c in diff.principles:
        if stat and c.change == UNCHANGED:
            continue
        entry: dict[str, Any] = {
            "id": c.id,
            "change": c.change,
            "number_from": c.number_from,
            "number_to": c.number_to,
            "title_from": c.title_from,
            "title_to": c.title_to,
        }
        if c.renamed:
            entry["previous_id"] = c.previous_id
        if stat:
            entry["words_inserted"] = c.words_inserted
            entry["words_deleted"] = c.words_deleted
        elif c.change != UNCHANGED:
            entry["fields"] = {key: _pieces_json(p) for key, p in c.fields.items()}
        principles.append(entry)
    s = diff.stats
    result: dict[str, Any] = {
        "from": diff.from_label,
        "to": diff.to_label,
        "principles": principles,
        "stats": {
            "added": s.added,
            "removed": s.removed,
            "modified": s.modified,
            "moved": s.moved,
            "words_inserted": s.words_inserted,
            "words_deleted": s.words_deleted,
        },
    }
    if diff.preamble is not None and not stat:
        result["document"] = {"preamble": _pieces_json(diff.preamble)}
    return result


def render_json(diff: DraftDiff, *, stat: bool = False) -> str:
    """One JSON object on one line (the C encoder is only used without ``indent``)."""
    import json

    return json.dumps(to_json(diff, stat=stat), ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- --stat

BAR_WIDTH = 30


def render_stat(diff: DraftDiff, *, color: bool = False, markdown: bool = False) -> str:
    """Per changed principle, words inserted and deleted (like ``git diff --stat``)."""
    rows = []
    for c in _blocks(diff):
        if isinstance(c, list):
            numbers, kind = run_heading(c)
            rows.append((numbers, "", kind, 0, 0))
            continue
        if c.change == UNCHANGED:
            continue
        number, title, kind = heading_parts(diff, c)
        rows.append((number, title, kind, c.words_inserted, c.words_deleted))
    if diff.preamble is not None:
        ins = sum(words(t) for op, t in diff.preamble if op == INSERT)
        dels = sum(words(t) for op, t in diff.preamble if op == DELETE)
        rows.insert(0, ("Preamble", "", MODIFIED, ins, dels))
    if markdown:
        out = [
            f"## Changes from {_md_escape(diff.from_label)} to {_md_escape(diff.to_label)}",
            "",
            "| Principle | Title | Change | Words inserted | Words deleted |",
            "|---|---|---|---:|---:|",
        ]
        out += [
            f"| {_md_escape(n)} | {_md_escape(t)} | {k} | {i} | {d} |" for n, t, k, i, d in rows
        ]
        out += ["", _md_escape(summary(diff))]
        return "\n".join(out) + "\n"
    style = _TextStyle(color)
    width_n = max((len(r[0]) for r in rows), default=0)
    titles = [r[1] if len(r[1]) <= 40 else r[1][:39] + "…" for r in rows]
    width_t = max((len(t) for t in titles), default=0)
    most = max((r[3] + r[4] for r in rows), default=0)
    width_k = max((len(r[2]) for r in rows if r[2] != MODIFIED), default=0)
    scale = min(1.0, BAR_WIDTH / most) if most else 1.0
    out = []
    for (number, _title, kind, ins, dels), title in zip(rows, titles, strict=True):
        plus = "+" * (round(ins * scale) or (1 if ins else 0))
        minus = "-" * (round(dels * scale) or (1 if dels else 0))
        if color:
            bar = (f"{_INS}{plus}{_RESET}" if plus else "") + (
                f"{_DEL}{minus}{_RESET}" if minus else ""
            )
        else:
            bar = plus + minus
        counts = f"+{ins} -{dels}" if ins or dels else ""
        note = kind if kind != MODIFIED else ""
        out.append(
            f" {number.ljust(width_n)}  {title.ljust(width_t)} | {counts.rjust(11)}  "
            f"{note.ljust(width_k)}  {bar}".rstrip()
        )
    out.append(style.bold(summary(diff)) if color else summary(diff))
    return "\n".join(out) + "\n"
