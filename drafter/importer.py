"""Word drafts in: a .docx becomes principles, as a new workspace or as working files.

A drafter export carries its principle ids and field bookmarks (see the consultation-copy
specification), so it imports back exactly; any other Word draft is read by its headings
("Principle 3 — Title", "Article 3 – Title", "3. Title", numbered heading styles),
lettered or numbered points that close a principle (items), a "Commentary" heading or
style, and what comes before the first principle (the preamble). Tracked changes are
accepted. Nothing is written until the whole file has been read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.docx_in import Markup, open_docx, read_markup
from drafter.errors import DrafterError
from drafter.model import Document, Principle, clean_text, is_valid_id, is_valid_language, slugify

if TYPE_CHECKING:
    from drafter.workspace import Workspace

PRINCIPLE_WORDS = ("principle", "principe", "principio", "grundsatz")
HEADING_WORDS = (*PRINCIPLE_WORDS, "article", "artículo", "articulo", "artigo", "art.")
COMMENTARY_WORDS = ("commentary", "commentaire", "comentario", "kommentar")
_DASHES = "—–-:."
_WORDED = re.compile(
    r"^(?P<word>" + "|".join(re.escape(w) for w in HEADING_WORDS) + r")\s+"
    r"(?P<num>\d+|[IVXLC]+)\b\s*(?:[—–:.-]\s*(?P<title>.*))?$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED = re.compile(r"^(?P<num>\d+)\.\s+(?P<title>\S.*)$", re.DOTALL)
_ITEM = re.compile(r"^\((?:[a-z]{1,3}|[ivxlc]+|\d{1,3})\)\s*")
_BOOKMARK = re.compile(r"^_dr(\d+)_(t|x|c|p|i\d+)$")


class ImportError_(DrafterError):
    """A Word draft that cannot become a workspace as asked."""


@dataclass
class WordDraft:
    """What a Word draft holds, ready to become workspace files."""

    title: str
    language: str
    preamble: str
    principles: list[Principle]
    accepted: int  # tracked changes accepted
    formatting: int  # formatting-only changes ignored
    from_drafter: bool  # the file is a drafter export (ids and bookmarks used)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Block:
    text: str
    style: str
    numbered: bool
    toc: bool
    page_break: bool
    label: tuple[int, str] | None  # (principle position, field) from the bookmarks


@dataclass
class _Raw:
    number: int
    title: str
    body: list[str] = field(default_factory=list)
    body_items: list[bool] = field(default_factory=list)  # per body paragraph: an item?
    commentary: list[str] = field(default_factory=list)


def read_word_draft(path: str | Path, *, title: str | None = None) -> WordDraft:
    """Read a .docx as a draft of principles (accepting tracked changes)."""
    path = Path(path)
    markup = read_markup(open_docx(path))
    blocks = _blocks(markup)
    order = markup.properties.get("drafter.principles", "").split()
    labelled = any(b.label for b in blocks)
    from_drafter = bool(order) or labelled
    doc_title, preamble, raws = _structure(blocks)
    if not raws:
        raise ImportError_(
            f"{path}: no principles found: drafter looks for headings such as "
            "'Principle 3 — Title', 'Article 3 – Title', '3. Title' or numbered Heading 1 paragraphs"
        )
    language = markup.properties.get("drafter.language", "") or markup.language
    if not is_valid_language(language):
        language = "en"
    ids = _ids(raws, order)
    numbers = {raw.number: pid for raw, pid in zip(raws, ids, strict=True)}
    refs = _references(raws, numbers)
    principles = [_principle(raw, pid, refs) for raw, pid in zip(raws, ids, strict=True)]
    return WordDraft(
        title=clean_text(title or doc_title or markup.core.get("title", "") or path.stem),
        language=language,
        preamble=clean_text(refs("\n\n".join(preamble))),
        principles=principles,
        accepted=markup.tracked,
        formatting=markup.counts.formatting_total,
        from_drafter=from_drafter,
    )


# --------------------------------------------------------------------------- paragraphs


def _blocks(markup: Markup) -> list[_Block]:
    blocks: list[_Block] = []
    active: dict[str, tuple[int, str]] = {}
    for text, joined in markup.reading_with_paras(accept=True):
        paras = [markup.paras[i] for i in joined]
        label: tuple[int, str] | None = None
        for para in paras:
            for _, what, name in para.anchors:
                match = _BOOKMARK.match(name)
                if match is None:
                    continue
                if what == "bookmark-start":
                    active[name] = (int(match.group(1)), match.group(2))
                    label = label or active[name]
        if label is None and active:
            label = next(iter(active.values()))
        last = paras[-1]
        blocks.append(
            _Block(
                text=text,
                style=last.style,
                numbered=last.numbered,
                toc=any(p.toc for p in paras),
                page_break=any(p.page_break for p in paras),
                label=label,
            )
        )
        for para in paras:
            for _, what, name in para.anchors:
                if what == "bookmark-end":
                    active.pop(name, None)
    return blocks


def _heading(block: _Block) -> tuple[int, str, bool] | None:
    """(number, title, worded) when the paragraph reads as a principle heading."""
    text = block.text.strip()
    if not text or "\n" in text.strip():
        return None
    is_heading_style = block.style.startswith("heading") or block.style == "title"
    match = _WORDED.match(text)
    if match and (is_heading_style or _short(match.group("title") or "")):
        return _number(match.group("num")), (match.group("title") or "").strip(), True
    match = _NUMBERED.match(text)
    if match and (is_heading_style or _short(match.group("title"))):
        return int(match.group("num")), match.group("title").strip(), False
    if block.style == "heading 1" and block.numbered:
        return 0, text, False
    return None


def _short(title: str) -> bool:
    return len(title.split()) <= 14 and not title.rstrip().endswith((".", ";", ","))


def _number(num: str) -> int:
    if num.isdigit():
        return int(num)
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(num.upper(), [*num.upper()[1:], ""], strict=True):
        v = values[a]
        total += -v if b and values[b] > v else v
    return total


def _is_commentary_heading(block: _Block) -> bool:
    if block.style == "commentary heading":
        return True
    return block.text.strip().rstrip(":").lower() in COMMENTARY_WORDS


def _structure(blocks: list[_Block]) -> tuple[str, list[str], list[_Raw]]:
    """Title, preamble paragraphs and raw principles, in reading order."""
    if any(b.label for b in blocks):
        return _structure_by_bookmarks(blocks)
    headings = {i: h for i, b in enumerate(blocks) if (h := _heading(b))}
    worded = {i for i, h in headings.items() if h[2]}
    if worded:  # "Principle 3 — ..." headings: other numbered lines are ordinary text
        headings = {
            i: h
            for i, h in headings.items()
            if i in worded or blocks[i].style.startswith("heading")
        }
    title = ""
    preamble: list[str] = []
    raws: list[_Raw] = []
    title_page_end = _title_page_end(blocks, min(headings, default=len(blocks)))
    in_commentary = False
    for i, block in enumerate(blocks):
        text = block.text
        if not text.strip() or block.toc or block.style.startswith("toc"):
            continue
        if block.style == "title" and not title and not raws:
            title = text.strip()
            continue
        if i in headings:
            number, head_title, _ = headings[i]
            raws.append(_Raw(number or len(raws) + 1, head_title))
            in_commentary = False
            continue
        if not raws:
            if i > title_page_end and block.style != "subtitle":
                preamble.append(text)
            continue
        raw = raws[-1]
        if _is_commentary_heading(block) and not in_commentary:
            in_commentary = True
            continue
        if in_commentary or block.style == "commentary":
            in_commentary = True
            raw.commentary.append(text)
            continue
        raw.body.append(text)
        raw.body_items.append(bool(_ITEM.match(text)) or (block.numbered and "list" in block.style))
    return title, preamble, raws


def _title_page_end(blocks: list[_Block], first_heading: int) -> int:
    """Index of the paragraph ending the title page (a page break after the Title), or -1."""
    seen_title = False
    for i, block in enumerate(blocks[:first_heading]):
        seen_title = seen_title or block.style == "title"
        if seen_title and block.page_break:
            return i
    return -1


def _structure_by_bookmarks(blocks: list[_Block]) -> tuple[str, list[str], list[_Raw]]:
    title = ""
    preamble: list[str] = []
    raws: dict[int, _Raw] = {}
    last: _Raw | None = None
    for block in blocks:
        text = block.text
        if block.label is None:
            if block.style == "title" and not title:
                title = text.strip()
            elif last is not None and text.strip() and not _is_commentary_heading(block):
                last.body.append(text)  # a paragraph a reviewer added: keep it in the text
                last.body_items.append(bool(_ITEM.match(text)))
            continue
        position, kind = block.label
        if kind == "p":
            preamble.append(text)
            continue
        raw = raws.get(position)
        if raw is None:
            raw = raws[position] = _Raw(position, "")
        last = raw
        if kind == "t":
            head = _WORDED.match(text.strip())
            raw.title = (head.group("title") or "").strip() if head else text.strip()
        elif kind == "x":
            raw.body.append(text)
            raw.body_items.append(False)
        elif kind.startswith("i"):
            raw.body.append(text)
            raw.body_items.append(True)
        elif kind == "c" and block.style != "commentary heading":
            raw.commentary.append(text)
    return title, preamble, [raws[k] for k in sorted(raws)]


# --------------------------------------------------------------------------- principles


def _ids(raws: Sequence[_Raw], order: Sequence[str]) -> list[str]:
    if len(order) == len(raws) and len(set(order)) == len(order) and all(map(is_valid_id, order)):
        return list(order)
    taken: set[str] = set()
    ids = []
    for n, raw in enumerate(raws, start=1):
        pid = slugify(raw.title, taken) if raw.title else slugify(f"principle {n}", taken)
        taken.add(pid)
        ids.append(pid)
    return ids


def _references(raws: Sequence[_Raw], numbers: dict[int, str]) -> Callable[[str], str]:
    """A function turning "Principle N" back into ``[[principle:id]]``.

    Only the word drafter itself writes ("Principle", "Principe", "Principio",
    "Grundsatz"), only for numbers that name a principle of this document, and only when
    the principles are numbered 1, 2, 3 ... in order, so "Principle 4" can mean nothing
    else. "Principle [id?]" (a reference drafter could not number) comes back as it was.
    """
    consecutive = sorted(numbers) == list(range(1, len(raws) + 1))
    pattern = re.compile(
        r"\b(" + "|".join(w.capitalize() for w in PRINCIPLE_WORDS) + r")\s+(\d+|\[([a-z0-9-]+)\?\])"
    )

    def one(match: re.Match[str]) -> str:
        if match.group(3) is not None:
            return f"[[principle:{match.group(3)}]]"
        pid = numbers.get(int(match.group(2))) if consecutive else None
        return f"[[principle:{pid}]]" if pid else match.group(0)

    def refs(text: str) -> str:
        return pattern.sub(one, text) if text else text

    return refs


def _principle(raw: _Raw, pid: str, refs: Callable[[str], str]) -> Principle:
    body = list(raw.body)
    flags = list(raw.body_items)
    cut = len(body)
    while cut > 0 and flags[cut - 1]:
        cut -= 1
    items = tuple(refs(clean_text(_ITEM.sub("", t, count=1).strip())) for t in body[cut:])
    return Principle(
        id=pid,
        title=clean_text(refs(raw.title)),
        text=clean_text(refs("\n\n".join(body[:cut]))),
        items=items,
        commentary=clean_text(refs("\n\n".join(raw.commentary))),
    )


# --------------------------------------------------------------------------- workspaces


def import_new(
    path: str | Path, target: str | Path, *, title: str | None = None
) -> tuple[Workspace, WordDraft]:
    """A new workspace at ``target`` from a Word draft; nothing is left behind on failure."""
    from drafter import store
    from drafter.layout import GITIGNORE_FILE
    from drafter.workspace import Workspace

    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ImportError_(f"{target}: already exists and is not empty: choose a new folder")
    draft = read_word_draft(path, title=title)
    existed = target.exists()
    try:
        ws = Workspace.create(target)
        who = ws.history.identity()
        files = _write_fresh(ws.root, draft.principles)
        ws.write_document(
            Document(
                title=draft.title,
                language=draft.language,
                preamble=draft.preamble,
                order=tuple(p.id for p in draft.principles),
            )
        )
        for rel in (store.DOCUMENT_FILE, GITIGNORE_FILE):
            files[rel] = (ws.root / rel).read_bytes()
        ws.history.commit_first(files, f"Import {Path(path).name}", author=who)
    except BaseException:
        from drafter.safe_files import remove_created

        remove_created(target, existed)
        raise
    return ws, draft


def _write_fresh(root: Path, principles: Sequence[Principle]) -> dict[str, bytes]:
    """Principle files of a workspace made a moment ago, in the exact bytes ``save`` expects.

    ``Workspace.write_principle`` syncs every file to disk (a crash must never leave a
    half-written principle among saved ones). Here the folder is new, is removed whole if
    the import fails, and the commit that follows is the durable copy: syncing thousands
    of files one by one would take longer than the rest of the import together. Returns
    {path: bytes} for that commit.
    """
    from drafter import store
    from drafter.model import check_id
    from drafter.workspace import normalized

    written: dict[str, bytes] = {}
    for principle in principles:
        rel = store.principle_path(check_id(principle.id, "principle id"))
        data = store.dump_principle(normalized(principle)).encode("utf-8")
        (root / rel).write_bytes(data)
        written[rel] = data
    return written


@dataclass
class MergeReport:
    """What bringing a Word version into a workspace did."""

    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # in the workspace, not in the file
    renamed_from: dict[str, str] = field(default_factory=dict)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def match_principles(
    existing: Sequence[Principle], incoming: Sequence[Principle]
) -> dict[str, str]:
    """incoming id -> existing id: by id, then title, then text similarity (≥ 0.6)."""
    by_id = {p.id: p for p in existing}
    free = dict(by_id)
    pairs: dict[str, str] = {}
    for p in incoming:
        if p.id in free:
            pairs[p.id] = p.id
            free.pop(p.id)
    titles: dict[str, str] = {}
    for p in free.values():
        titles.setdefault(_norm(p.title), p.id)
    for p in incoming:
        if p.id in pairs:
            continue
        hit = titles.get(_norm(p.title))
        if hit and hit in free:
            pairs[p.id] = hit
            free.pop(hit)
    for p in incoming:
        if p.id in pairs or not free:
            continue
        body = _norm(p.text + " " + " ".join(p.items))
        best, score = None, 0.0
        for q in free.values():
            other = _norm(q.text + " " + " ".join(q.items))
            ratio = SequenceMatcher(None, body, other, autojunk=False).ratio()
            if ratio > score:
                best, score = q.id, ratio
        if best is not None and score >= 0.6:
            pairs[p.id] = best
            free.pop(best)
    return pairs


def import_into(ws: Workspace, path: str | Path) -> tuple[MergeReport, WordDraft]:
    """A Word version as working files: matched principles updated, new ones added."""
    incoming = read_word_draft(path)
    draft = ws.draft()
    existing = [draft.principles[pid] for pid in draft.document.order if pid in draft.principles]
    pairs = match_principles(existing, incoming.principles)
    report = MergeReport()
    taken = set(draft.principles)
    new_order: list[str] = []
    rename = {p.id: pairs.get(p.id) for p in incoming.principles}
    final_id: dict[str, str] = {}
    for p in incoming.principles:
        target = rename[p.id]
        if target is None:
            target = p.id if p.id not in taken else slugify(p.title or "principle", taken)
            taken.add(target)
        final_id[p.id] = target

    def remap(text: str) -> str:
        return re.sub(
            r"\[\[principle:([^\]\s]*)\]\]",
            lambda m: f"[[principle:{final_id.get(m.group(1), m.group(1))}]]",
            text,
        )

    writes: list[Principle] = []
    for p in incoming.principles:
        pid = final_id[p.id]
        title, text = remap(p.title), remap(p.text)
        items, commentary = tuple(remap(i) for i in p.items), remap(p.commentary)
        old = draft.principles.get(pid)
        if old is None:
            writes.append(
                replace(p, id=pid, title=title, text=text, items=items, commentary=commentary)
            )
            report.added.append(pid)
        else:
            new = replace(old, title=title, text=text, items=items, commentary=commentary)
            if new != old:
                writes.append(new)
                report.updated.append(pid)
            else:
                report.unchanged.append(pid)
            if p.id != pid and incoming.from_drafter:
                report.renamed_from[pid] = p.id
        new_order.append(pid)
    report.unmatched = [pid for pid in draft.document.order if pid not in new_order]
    order = _keep_unmatched(new_order, list(draft.document.order), report.unmatched)
    for principle in writes:
        ws.write_principle(principle)
    ws.write_document(
        replace(draft.document, order=tuple(order), preamble=remap(incoming.preamble))
    )
    return report, incoming


def _keep_unmatched(new: list[str], old: list[str], unmatched: list[str]) -> list[str]:
    """The file's order, with principles it lacks kept after their old predecessor."""
    out = list(new)
    for pid in unmatched:
        index = old.index(pid)
        before = next((q for q in reversed(old[:index]) if q in out), None)
        out.insert(out.index(before) + 1 if before else 0, pid)
    return out
