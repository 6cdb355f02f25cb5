"""Reading exported DOCX files back in tests: paragraphs, parts, and tracked changes applied.

Written from the WordprocessingML specification, not from the exporter's code: runs
inside ``w:del`` are dropped on accept and kept on reject (``w:ins`` the other way
round), and a paragraph whose mark is tracked as removed merges into the next one. Moved
text (``w:moveFrom`` where it stood, ``w:moveTo`` where it now stands) reads as deleted
and inserted text.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from drafter.model import Draft

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return z.namelist()


def style_names(path: Path) -> dict[str, str]:
    """{style id: style name as Word shows it} from styles.xml.

    Word stores a few built-in names in lower case ("heading 1", "header").
    """
    root = part(path, "word/styles.xml")
    names = {}
    for s in root.iter(W + "style"):
        name_el = s.find(W + "name")
        if name_el is not None:
            name = name_el.get(W + "val")
            names[s.get(W + "styleId")] = name[:1].upper() + name[1:]
    return names


def _tracked(el: etree._Element) -> str | None:
    """'ins' / 'del' when a run sits inside w:ins / w:del, else None."""
    parent = el.getparent()
    while parent is not None and parent.tag != W + "p":
        if parent.tag in (W + "ins", W + "moveTo"):
            return "ins"
        if parent.tag in (W + "del", W + "moveFrom"):
            return "del"
        parent = parent.getparent()
    return None


def paragraphs(path: Path, mode: str = "accept", *, nbsp: bool = False) -> list[tuple[str, str]]:
    """Body paragraphs as (style name, text) with every tracked change accepted or rejected.

    No-break spaces read as spaces unless ``nbsp`` (tests of where they are ask for them).
    """
    names = style_names(path)
    body = part(path, "word/document.xml").find(W + "body")
    dropped = "del" if mode == "accept" else "ins"
    result: list[tuple[str, str]] = []
    carry = ""
    for p in body.findall(W + "p"):
        ppr = p.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        style = names.get(style_el.get(W + "val"), "?") if style_el is not None else "Normal"
        mark = None
        if ppr is not None and ppr.find(W + "rPr") is not None:
            rpr = ppr.find(W + "rPr")
            mark = "ins" if rpr.find(W + "ins") is not None else None
            mark = "ins" if rpr.find(W + "moveTo") is not None else mark
            mark = "del" if rpr.find(W + "del") is not None else mark
            mark = "del" if rpr.find(W + "moveFrom") is not None else mark
        text = []
        for el in p.iter(W + "t", W + "delText", W + "tab", W + "br", W + "instrText"):
            if _tracked(el) == dropped:
                continue
            if el.tag in (W + "t", W + "delText"):
                text.append(el.text or "")
            elif el.tag == W + "tab":
                text.append("\t")
            elif el.tag == W + "br" and el.get(W + "type") in (None, "textWrapping"):
                text.append("\n")
        if any("TOC" in (i.text or "") for i in p.iter(W + "instrText")):
            style = "TOC field"
        content = carry + "".join(text)
        if not nbsp:
            content = content.replace("\u00a0", " ")
        if mark == dropped:
            carry = content
            continue
        carry = ""
        result.append((style, content))
    return result


def body_after_contents(paras: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What follows the title page and the table of contents (its field and entries)."""
    toc = [n for n, (style, _text) in enumerate(paras) if style in ("TOC field", "Toc 1")]
    if not toc:
        raise AssertionError("no table of contents found")
    return paras[toc[-1] + 1 :]


def contents_entries(path: Path) -> list[tuple[str, str]]:
    """(text, anchor) of every hyperlink in the table of contents field's stored result."""
    body = part(path, "word/document.xml").find(W + "body")
    entries = []
    for p in body.findall(W + "p"):
        for link in p.findall(W + "hyperlink"):
            text = "".join(t.text or "" for t in link.iter(W + "t"))
            entries.append((text, link.get(W + "anchor")))
    return entries


def expected_text(draft: Draft, *, status: bool = True) -> list[str]:
    """The body a reader must see, rendered here independently of the exporter.

    With ``status``, a principle under discussion has "Under discussion" below its
    heading, and a bracketed one has its text and items within one pair of [brackets].
    """
    numbers = {pid: n for n, pid in enumerate(draft.document.order, start=1)}

    def r(text: str) -> str:
        return re.sub(
            r"\[\[principle:([^\]\s]*)\]\]", lambda m: f"Principle {numbers[m.group(1)]}", text
        )

    def paras(text: str) -> list[str]:
        return [x for x in re.split(r"\n\s*\n", r(text)) if x.strip()]

    out = paras(draft.document.preamble)
    for n, pid in enumerate(draft.document.order, start=1):
        p = draft.principles[pid]
        out.append(f"Principle {n} — {r(p.title)}" if p.title else f"Principle {n}")
        if status and p.status == "under-discussion":
            out.append("Under discussion")
        body = paras(p.text)
        items = [f"({chr(97 + i)}) {r(item)}" for i, item in enumerate(p.items)]
        if status and p.status == "bracketed" and (body or items):
            if body:
                body[0] = "[" + body[0]
            else:
                items[0] = items[0][:4] + "[" + items[0][4:]
            if items:
                items[-1] += "]"
            else:
                body[-1] += "]"
        out += body + items
        if p.commentary.strip():
            out.append("Commentary")
            out += paras(p.commentary)
    return [normalise(x) for x in out]


def normalise(text: str) -> str:
    return " ".join(text.split())
