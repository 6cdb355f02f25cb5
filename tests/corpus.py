"""Importers that turn the real documents in ../shared/corpus into principles.

The texts were written by nobody on this project (see each folder's PROVENANCE.md; the
Contributor Covenant is CC BY 4.0, the treaties and laws are official texts). Tests and
benchmarks use them to check diff, export and scale on text nobody tuned.

Ids must be stable across versions for alignment, as they are in a real workspace:
AI Act articles take their id from their title (so a renumbered article is a move),
treaty and code articles from their number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from drafter import store
from drafter.history import Identity, meeting_tag
from drafter.model import Document, Principle, clean_text, slugify
from drafter.workspace import Workspace

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
_LETTERED = re.compile(r"^\(?([a-z]{1,2})\)\s*")
_BULLET = re.compile(r"^\s*(?:[*-]|\d+[.)])\s+")


def _paragraphs(lines: Iterable[str], *, rewrap: bool) -> list[str]:
    """Blank-line separated paragraphs; wrapped lines joined when ``rewrap``."""
    paras: list[str] = []
    current: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            if current:
                paras.append(" ".join(current))
                current = []
            continue
        if rewrap:
            current.append(line)
        else:
            if current:
                paras.append(" ".join(current))
            current = [line]
    if current:
        paras.append(" ".join(current))
    return [p for p in paras if p]


def parse_code_civil(path: Path) -> list[Principle]:
    """Articles of the Code civil: "<!-- path -->\\nArticle N\\n----\\ntext"."""
    blocks = re.split(r"^<!--.*?-->\n", path.read_text("utf-8"), flags=re.MULTILINE)
    result: list[Principle] = []
    taken: set[str] = set()
    for block in blocks:
        match = re.match(r"Article (\S+)\n-+\n", block)
        if not match:
            continue
        number = match.group(1)
        pid = slugify("article-" + number, taken)
        taken.add(pid)
        text = "\n\n".join(_paragraphs(block[match.end() :].splitlines(), rewrap=True))
        result.append(Principle(id=pid, title=f"Article {number}", text=clean_text(text)))
    return result


def parse_ai_act(path: Path) -> list[Principle]:
    """Articles of the AI Act: "== Article N: Title" then one paragraph or point per line."""
    result: list[Principle] = []
    taken: set[str] = set()
    chunks = re.split(
        r"^== Article\s+(\w+)\s*:?\s*(.*)$", path.read_text("utf-8"), flags=re.MULTILINE
    )
    for i in range(1, len(chunks) - 2, 3):
        number, title, body = chunks[i], chunks[i + 1].strip(), chunks[i + 2]
        body = re.split(r"^## ", body, maxsplit=1, flags=re.MULTILINE)[0]
        pid = slugify(title or f"article {number}", taken)
        taken.add(pid)
        text = "\n\n".join(_paragraphs(body.splitlines(), rewrap=False))
        result.append(Principle(id=pid, title=title or f"Article {number}", text=clean_text(text)))
    return result


def parse_echr(path: Path) -> tuple[str, list[Principle]]:
    """The English ECHR: preamble, then "### Article N" / "####- Title" / paragraphs.

    Lettered points become the principle's items.
    """
    text = path.read_text("utf-8")
    parts = re.split(r"^###\s*Article\s+(\d+)\s*$", text, flags=re.MULTILINE)
    preamble_lines = [
        line for line in parts[0].splitlines() if line.strip() and not line.startswith(("#", "<"))
    ]
    result: list[Principle] = []
    for i in range(1, len(parts) - 1, 2):
        number, body = parts[i], parts[i + 1]
        body = re.split(r"^###\s*SECTION", body, maxsplit=1, flags=re.MULTILINE)[0]
        title_match = re.search(r"^####\s*-?\s*(.+?)\s*$", body, flags=re.MULTILINE)
        title = title_match.group(1) if title_match else f"Article {number}"
        lines = [line for line in body.splitlines() if not line.startswith("#")]
        paras = _paragraphs(lines, rewrap=False)
        items = tuple(_LETTERED.sub("", p) for p in paras if _LETTERED.match(p))
        texts = [p for p in paras if not _LETTERED.match(p)]
        result.append(
            Principle(
                id=f"article-{number}",
                title=clean_text(title),
                text=clean_text("\n\n".join(texts)),
                items=tuple(clean_text(i) for i in items),
            )
        )
    return clean_text("\n\n".join(preamble_lines)), result


def parse_covenant(path: Path) -> tuple[str, list[Principle]]:
    """A Contributor Covenant version: title, then one principle per ## or ### section."""
    text = path.read_text("utf-8")
    text = re.sub(r"\A\+\+\+.*?\+\+\+\n", "", text, flags=re.DOTALL)
    title_match = re.search(r"^# (.+)$", text, flags=re.MULTILINE)
    title = title_match.group(1).strip() if title_match else "Contributor Covenant"
    sections = re.split(r"^#{2,3}\s+(.+?)\s*$", text, flags=re.MULTILINE)
    result: list[Principle] = []
    taken: set[str] = set()
    for i in range(1, len(sections) - 1, 2):
        heading, body = sections[i].strip().rstrip("."), sections[i + 1]
        paras = _paragraphs(body.splitlines(), rewrap=True)
        # a bullet list arrives as one paragraph of "* a * b": split it back into items
        items: list[str] = []
        texts: list[str] = []
        for para in paras:
            if _BULLET.match(para):
                items.extend(
                    clean_text(x)
                    for x in re.split(r"(?:^|\s)(?:[*-]|\d+[.)])\s+", para)
                    if x.strip()
                )
            else:
                texts.append(para)
        pid = slugify(heading, taken)
        taken.add(pid)
        result.append(
            Principle(
                id=pid, title=heading, text=clean_text("\n\n".join(texts)), items=tuple(items)
            )
        )
    return title, result


def build_series_workspace(
    root: Path,
    title: str,
    versions: list[tuple[str, list[Principle]]],
    *,
    preambles: dict[str, str] | None = None,
    start: datetime | None = None,
) -> Workspace:
    """A workspace with one saved and tagged revision (``meeting/<label>``) per version."""
    ws = Workspace.create(root)
    who = Identity("Corpus Importer", "importer@example.org")
    when = start or datetime(2020, 1, 1, 12, 0, tzinfo=UTC)
    for n, (label, principles) in enumerate(versions):
        wanted = {p.id for p in principles}
        for existing in (root / store.PRINCIPLES_DIR).glob("*.yaml"):
            if existing.stem not in wanted:
                existing.unlink()
        for principle in principles:
            ws.write_principle(principle)
        preamble = (preambles or {}).get(label, "")
        ws.write_document(
            Document(title=title, preamble=preamble, order=tuple(p.id for p in principles))
        )
        moment = when + timedelta(days=30 * n)
        ws.save(f"Version {label}", author=who, when=moment, paths=(*store_paths(), ".gitignore"))
        ws.history.tag(meeting_tag(label), f"Version {label}", tagger=who, when=moment)
    return ws


def store_paths() -> tuple[str, ...]:
    return (store.DOCUMENT_FILE, store.PRINCIPLES_DIR, store.MEETINGS_DIR)
