"""Test helpers: consultation copies as the export specification marks them, and reviewers.

Until the exporter writes the marks itself, ``mark_copy`` adds to a plain drafter export
what SPEC-consultation-copy.md promises: the custom properties and the ``_dr{N}_{F}``
bookmarks. The reviewer helpers edit document.xml the way Word does: tracked
replacements as ``w:del`` + ``w:ins``, plain edits in place, comments via python-docx.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from drafter.workspace import Workspace

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def mark_copy(
    path: Path,
    *,
    workspace: str,
    revision: str,
    principles: list[str],
    round_id: str | None = None,
    bookmarks: bool = True,
    working: bool = False,
) -> Path:
    members = _members(path)
    props = {
        "drafter.workspace": workspace,
        "drafter.revision": revision,
        "drafter.language": "en",
        "drafter.principles": " ".join(principles),
        "drafter.format": "1",
    }
    if working:
        props["drafter.working"] = "true"
    if round_id:
        props["drafter.round"] = round_id
    entries = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n}" name="{k}">'
        f"<vt:lpwstr>{v}</vt:lpwstr></property>"
        for n, (k, v) in enumerate(props.items(), start=2)
    )
    members["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{entries}</Properties>"
    ).encode()
    ct = members["[Content_Types].xml"].decode()
    if "/docProps/custom.xml" not in ct:
        ct = ct.replace(
            "</Types>",
            f'<Override PartName="/docProps/custom.xml" ContentType="{CUSTOM_CT}"/></Types>',
        )
    members["[Content_Types].xml"] = ct.encode()
    rels = members["_rels/.rels"].decode()
    if "docProps/custom.xml" not in rels:
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdCustom" Type="{CUSTOM_REL}" Target="docProps/custom.xml"/></Relationships>',
        )
    members["_rels/.rels"] = rels.encode()
    root = etree.fromstring(members["word/document.xml"])
    _strip_bookmarks(root)
    if bookmarks:
        _bookmark(root)
    members["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    _write(path, members)
    return path


def mark_as_sent(
    path: Path,
    ws: Workspace,
    *,
    round_id: str | None = None,
    bookmarks: bool = True,
    working: bool = False,
) -> Path:
    """Mark ``path`` as a copy of ``ws`` as it stands now, as ``drafter export`` does."""
    from drafter.feedback import workspace_identity

    return mark_copy(
        path,
        workspace=workspace_identity(ws),
        revision=ws.history.repo.head.commit.hexsha,
        principles=list(ws.draft().document.order),
        round_id=round_id,
        bookmarks=bookmarks,
        working=working,
    )


def _strip_bookmarks(root: etree._Element) -> None:
    """Remove the exporter's own ``_dr`` bookmarks (a copy that lost them, or to re-mark)."""
    ids = set()
    for start in list(root.iter(w("bookmarkStart"))):
        if (start.get(w("name")) or "").startswith("_dr"):
            ids.add(start.get(w("id")))
            start.getparent().remove(start)
    for end in list(root.iter(w("bookmarkEnd"))):
        if end.get(w("id")) in ids:
            end.getparent().remove(end)


def strip_marks(path: Path) -> Path:
    """The export as a copy that kept neither drafter's properties nor its bookmarks."""
    members = _members(path)
    members.pop("docProps/custom.xml", None)
    members["_rels/.rels"] = re.sub(
        rb"<Relationship [^>]*custom-properties[^>]*/>", b"", members["_rels/.rels"]
    )
    members["[Content_Types].xml"] = re.sub(
        rb'<Override PartName="/docProps/custom.xml"[^>]*/>', b"", members["[Content_Types].xml"]
    )
    root = etree.fromstring(members["word/document.xml"])
    _strip_bookmarks(root)
    members["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    _write(path, members)
    return path


def _in_contents(t: etree._Element) -> bool:
    """True inside the table of contents (entries repeat the headings' words)."""
    for ancestor in t.iterancestors(w("p")):
        return "toc" in _style(ancestor).lower()
    return False


def _style(p: etree._Element) -> str:
    s = p.find(f"{w('pPr')}/{w('pStyle')}")
    return (s.get(w("val")) or "") if s is not None else ""


def _bookmark(root: etree._Element) -> None:
    body = root.find(w("body"))
    assert body is not None
    paras = [p for p in body if p.tag == w("p")]
    groups: dict[str, list[etree._Element]] = {}
    n = 0
    items = 0
    after_toc = False
    for p in paras:
        style = _style(p).lower()
        text = _text(p)
        if "toc" in style:
            after_toc = True
            continue
        if style.startswith("heading"):
            n += 1
            items = 0
            groups[f"_dr{n}_t"] = [p]
        elif n == 0:
            if after_toc and text.strip() and "Right-click" not in text:
                groups.setdefault("_dr0_p", []).append(p)
        elif style == "list":
            items += 1
            groups[f"_dr{n}_i{items}"] = [p]
        elif style == "commentary":
            groups.setdefault(f"_dr{n}_c", []).append(p)
        elif "commentary" in style:
            continue
        elif text.strip():
            groups.setdefault(f"_dr{n}_x", []).append(p)
    for bid, (name, group) in enumerate(groups.items(), start=100):
        start = etree.Element(w("bookmarkStart"))
        start.set(w("id"), str(bid))
        start.set(w("name"), name)
        end = etree.Element(w("bookmarkEnd"))
        end.set(w("id"), str(bid))
        first, last = group[0], group[-1]
        ppr = first.find(w("pPr"))
        first.insert(1 if ppr is not None else 0, start)
        last.append(end)


def _edit(path: Path, find: str, replacement: str | None, author: str | None, date: str) -> None:
    """Replace ``find`` (inside one w:t) with ``replacement``; tracked when ``author`` is set."""
    members = _members(path)
    root = etree.fromstring(members["word/document.xml"])
    for t in root.iter(w("t")):
        # a reviewer types an ordinary space where the export has a no-break one
        seen = (t.text or "").replace("\u00a0", " ")
        if find in seen and not _in_contents(t):
            run = t.getparent()
            at = seen.index(find)
            before, after = t.text[:at], t.text[at + len(find) :]
            parent = run.getparent()
            index = parent.index(run)
            new: list[etree._Element] = []

            content = [c for c in run if c.tag != w("rPr")]
            cut = content.index(t)

            def plain(
                text: str,
                lead: list | None = None,
                tail: list | None = None,
                source: etree._Element = run,
            ) -> etree._Element:
                r = copy.deepcopy(source)
                for child in list(r):
                    if child.tag != w("rPr"):
                        r.remove(child)
                for child in lead or []:
                    r.append(copy.deepcopy(child))
                tt = etree.SubElement(r, w("t"))
                tt.text = text
                tt.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                for child in tail or []:
                    r.append(copy.deepcopy(child))
                return r

            if author is None:
                t.text = before + (replacement or "") + after
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                break
            if before or cut:
                new.append(plain(before, lead=content[:cut]))
            if find:
                d = etree.Element(w("del"), {w("id"): "901", w("author"): author, w("date"): date})
                r = plain(find)
                r.find(w("t")).tag = w("delText")  # type: ignore[union-attr]
                d.append(r)
                new.append(d)
            if replacement:
                i = etree.Element(w("ins"), {w("id"): "902", w("author"): author, w("date"): date})
                i.append(plain(replacement))
                new.append(i)
            if after or content[cut + 1 :]:
                new.append(plain(after, tail=content[cut + 1 :]))
            parent.remove(run)
            for k, element in enumerate(new):
                parent.insert(index + k, element)
            break
    else:
        raise AssertionError(f"{find!r} not found")
    members["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    _write(path, members)


def track(
    path: Path, find: str, replacement: str, author: str, date: str = "2026-03-01T10:00:00Z"
) -> None:
    _edit(path, find, replacement, author, date)


def plain_edit(path: Path, find: str, replacement: str) -> None:
    _edit(path, find, replacement, None, "")


def comment(path: Path, find: str, text: str, author: str) -> None:
    import docx

    document = docx.Document(str(path))
    for para in document.paragraphs:
        if "toc" in (para.style.name if para.style is not None else "").lower():
            continue
        for run in para.runs:
            if find in run.text.replace("\u00a0", " "):
                document.add_comment(run, text=text, author=author, initials=author[:2])
                document.save(str(path))
                return
    raise AssertionError(f"{find!r} not found in one run")


def move(
    path: Path, find: str, to_after: str, author: str, date: str = "2026-03-01T10:00:00Z"
) -> None:
    """Move ``find`` (a whole w:t) to the end of the paragraph holding ``to_after``, tracked."""
    members = _members(path)
    root = etree.fromstring(members["word/document.xml"])
    source = next(t for t in root.iter(w("t")) if t.text == find)
    target_t = next(t for t in root.iter(w("t")) if t.text and to_after in t.text)
    target_p = target_t.getparent().getparent()
    run = source.getparent()
    attrs = {w("author"): author, w("date"): date}
    start = etree.Element(w("moveFromRangeStart"), {w("id"): "801", w("name"): "move1", **attrs})
    end = etree.Element(w("moveFromRangeEnd"), {w("id"): "801"})
    wrapper = etree.Element(w("moveFrom"), {w("id"): "802", **attrs})
    parent = run.getparent()
    index = parent.index(run)
    parent.remove(run)
    wrapper.append(run)
    for k, element in enumerate((start, wrapper, end)):
        parent.insert(index + k, element)
    arrive = etree.SubElement(
        target_p, w("moveToRangeStart"), {w("id"): "803", w("name"): "move1", **attrs}
    )
    to = etree.SubElement(target_p, w("moveTo"), {w("id"): "804", **attrs})
    copied = copy.deepcopy(run)
    to.append(copied)
    etree.SubElement(target_p, w("moveToRangeEnd"), {w("id"): "803"})
    assert arrive is not None
    members["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    _write(path, members)
