"""The parts of a .docx around its body: style names, custom and core document properties."""

from __future__ import annotations

from drafter.docx_in.safe import DocxPackage

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"


def styles_of(package: DocxPackage) -> tuple[dict[str, str], set[str]]:
    """Style id -> name, and the ids of paragraph styles that carry automatic numbering."""
    root = package.xml("word/styles.xml")
    names: dict[str, str] = {}
    numbered: set[str] = set()
    based: dict[str, str] = {}
    if root is None:
        return names, numbered
    for style in root.findall(_W + "style"):
        sid = style.get(_W + "styleId", "")
        name = style.find(_W + "name")
        names[sid] = name.get(_W + "val", sid) if name is not None else sid
        basis = style.find(_W + "basedOn")
        if basis is not None:
            based[sid] = basis.get(_W + "val", "")
        num = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
        if num is not None and num.get(_W + "val", "0") != "0":
            numbered.add(sid)
    for sid in list(based):
        seen, cur = set(), sid
        while cur in based and cur not in seen:
            seen.add(cur)
            cur = based[cur]
            if cur in numbered:
                numbered.add(sid)
                break
    return names, numbered


def custom_properties(package: DocxPackage) -> dict[str, str]:
    root = package.xml("docProps/custom.xml")
    if root is None:
        return {}
    out: dict[str, str] = {}
    for prop in root:
        name = prop.get("name")
        if not name:
            continue
        out[name] = "".join(child.text or "" for child in prop)
    return out


def core_properties(package: DocxPackage) -> dict[str, str]:
    root = package.xml("docProps/core.xml")
    if root is None:
        return {}
    out: dict[str, str] = {}
    for child in root:
        if isinstance(child.tag, str):
            local = child.tag.rsplit("}", 1)[-1]
            out[local] = (child.text or "").strip()
    return out


def default_language(package: DocxPackage) -> str:
    """The document's default language ("fr" from w:lang "fr-FR"), or ""."""
    root = package.xml("word/styles.xml")
    if root is None:
        return ""
    lang = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang")
    value = str(lang.get(_W + "val", "")) if lang is not None else ""
    return value.split("-")[0].lower()
