"""python-docx glue: the starting document (house style or the user's template) and saving."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import DrafterError, ExportError
from drafter.export import _xml as X
from drafter.export._common import WORD_LANGUAGE

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

DOCUMENT_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACRO_CTS = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)

# Logical paragraph kinds -> the style (by name) each is written in.
STYLE_NAMES: dict[str, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "toc_heading": "TOC Heading",
    "toc": "toc 1",
    "heading": "Heading 1",
    "preamble": "Normal",
    "text": "Normal",
    "item": "List",
    "clabel": "Commentary Heading",
    "status": "Principle Status",
    "commentary": "Commentary",
    "header": "Header",
    "footer": "Footer",
}
COMMENTARY = "Commentary"
COMMENTARY_HEADING = "Commentary Heading"
STATUS = "Principle Status"


def open_document(template: Path | None) -> DocxDocument:
    """A new document: python-docx's default, or the user's .docx/.dotx emptied of content."""
    import docx

    if template is None:
        doc = docx.Document()
    else:
        doc = docx.Document(io.BytesIO(template_bytes(template)))
    body = doc.element.body
    for child in list(body):
        if child.tag != X.w("sectPr"):
            body.remove(child)
    return doc


def template_bytes(template: Path) -> bytes:
    """The template's bytes, as a .docx: a .dotx only differs by its main content type."""
    try:
        data = Path(template).read_bytes()
    except IsADirectoryError:
        raise ExportError(f"template {template}: is a folder, not a Word file") from None
    except OSError as exc:
        raise ExportError(f"template {template}: {exc.strerror or exc}") from None
    not_word = f"template {template} is not a Word document or template (.docx or .dotx)"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExportError(not_word)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            types = zin.read("[Content_Types].xml").decode("utf-8")
            if DOCUMENT_CT in types:
                return data
            if any(ct in types for ct in _MACRO_CTS):
                raise ExportError(
                    f"template {template} contains macros (.docm/.dotm); "
                    "save it as a plain Word template (.dotx) first"
                )
            if TEMPLATE_CT not in types:
                raise ExportError(not_word)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    content = zin.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        content = types.replace(TEMPLATE_CT, DOCUMENT_CT).encode("utf-8")
                    zout.writestr(item, content)
            return out.getvalue()
    except (KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        raise ExportError(not_word) from None


def prepare_styles(doc: DocxDocument, *, house_style: bool) -> dict[str, str]:
    """Style ids for every paragraph kind, creating any style the template lacks."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt, RGBColor

    styles = doc.styles

    def get(name: str):  # type: ignore[no-untyped-def]
        # By name only, as Word does (case-insensitively for built-ins): python-docx's
        # ``styles[name]`` falls back to style ids, which differ between templates.
        wanted = name.lower()
        for style in styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and (style.name or "").lower() == wanted:
                return style
        return None

    if get("Normal") is None:
        styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    normal = get("Normal")
    for name in ("Title", "Subtitle", "Heading 1", "TOC Heading", "List", "Header", "Footer"):
        if get(name) is None:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=True)
            if normal is not None:
                style.base_style = normal
            if name == "Heading 1":
                style.font.bold = True
                style.font.size = Pt(14)
                style.paragraph_format.keep_with_next = True
                style.paragraph_format.space_before = Pt(18)
                _outline_level(style, 0)
            elif name == "Title":
                style.font.size = Pt(26)
            elif name in ("Subtitle", "TOC Heading"):
                style.font.size = Pt(14)
            elif name == "List":
                style.paragraph_format.left_indent = Cm(1)
                style.paragraph_format.first_line_indent = Cm(-1)
    if get("toc 1") is None:
        # Word's built-in name is lower case; the id is the one Word gives it.
        style = styles.add_style("TOC1", WD_STYLE_TYPE.PARAGRAPH)
        style.name = "toc 1"
        if normal is not None:
            style.base_style = normal
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.alignment = 0  # left, even when Normal is justified
    if get(COMMENTARY) is None:
        style = styles.add_style(_free_id(styles, COMMENTARY), WD_STYLE_TYPE.PARAGRAPH)
        style.name = COMMENTARY
        if normal is not None:
            style.base_style = normal
        style.font.italic = True
        style.paragraph_format.left_indent = Cm(1)
        if house_style:
            style.font.size = Pt(10)
            style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    if get(COMMENTARY_HEADING) is None:
        style = styles.add_style(_free_id(styles, COMMENTARY_HEADING), WD_STYLE_TYPE.PARAGRAPH)
        style.name = COMMENTARY_HEADING
        style.base_style = get(COMMENTARY)
        style.font.bold = True
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(6)
    if get(STATUS) is None:
        style = styles.add_style(_free_id(styles, STATUS), WD_STYLE_TYPE.PARAGRAPH)
        style.name = STATUS
        if normal is not None:
            style.base_style = normal
        style.font.italic = True
        style.paragraph_format.keep_with_next = True
    if house_style:
        _house_styles(doc)
    return {kind: get(name).style_id for kind, name in STYLE_NAMES.items()}


def _free_id(styles: object, name: str) -> str:
    """A name whose derived style id no existing style uses (python-docx derives one)."""
    taken = {style.style_id for style in styles}  # type: ignore[attr-defined]
    candidate, n = name, 2
    while candidate.replace(" ", "") in taken:
        candidate = f"{name} {n}"
        n += 1
    return candidate


def _outline_level(style: object, level: int) -> None:
    from docx.oxml import parse_xml

    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    for old in ppr.findall(X.w("outlineLvl")):
        ppr.remove(old)
    ppr.append(parse_xml(f'<w:outlineLvl {X.W_DECL} w:val="{level}"/>'))


def _house_styles(doc: DocxDocument) -> None:
    """A sober look for documents exported without a template."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Cambria"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    navy = RGBColor(0x1F, 0x3A, 0x5F)
    for name, size in (("Title", 24), ("Subtitle", 13), ("Heading 1", 13), ("TOC Heading", 14)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = navy
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    styles["Heading 1"].paragraph_format.space_before = Pt(16)
    styles["Heading 1"].paragraph_format.space_after = Pt(6)
    styles["Subtitle"].paragraph_format.space_after = Pt(6)
    lst = styles["List"].paragraph_format
    lst.left_indent = Cm(1)
    lst.first_line_indent = Cm(-1)
    lst.tab_stops.add_tab_stop(Cm(1))
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9)
        styles[name].font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def house_page(section: object) -> None:
    """A4 with 2.5 cm margins: the international default for the expert group."""
    from docx.shared import Cm

    section.page_width = Cm(21)  # type: ignore[attr-defined]
    section.page_height = Cm(29.7)  # type: ignore[attr-defined]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = Cm(1.25)  # type: ignore[attr-defined]
    section.footer_distance = Cm(1.25)  # type: ignore[attr-defined]


def fill(part: object, xml: str, keep: Sequence[object] = ()) -> None:
    """Set a header's or footer's content: ``keep`` (a template's own) first, then ``xml``."""
    import copy

    part.is_linked_to_previous = False  # type: ignore[attr-defined]
    element = part._element  # type: ignore[attr-defined]
    for child in list(element):
        element.remove(child)
    for child in keep:
        element.append(copy.deepcopy(child))
    if xml or not keep:
        for child in list(X.parse_fragment([xml or "<w:p/>"])):
            element.append(child)


def own_content(part: object) -> list[object]:
    """What a template's header or footer holds (letterhead, logo, reference), if anything.

    Empty paragraphs alone count as nothing, so an unused header is not kept.
    """
    if part.is_linked_to_previous:  # type: ignore[attr-defined]
        return []
    children = list(part._element)  # type: ignore[attr-defined]
    for child in children:
        if child.tag != X.w("p") or any(
            el.tag in (X.w("t"), X.w("drawing"), X.w("pict"), X.w("fldSimple"), X.w("instrText"))
            for el in child.iter()
        ):
            return children
    return []


def set_language(doc: DocxDocument, lang: str) -> None:
    """Tell Word which language the text is in, for its spelling and hyphenation."""
    from docx.oxml import parse_xml

    styles = doc.styles.element
    defaults = styles.find(X.w("docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(X.w("rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {X.W_DECL}/>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(X.w("rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {X.W_DECL}/>")
        rpr_default.append(rpr)
    lang_el = rpr.find(X.w("lang"))
    if lang_el is None:
        lang_el = parse_xml(f"<w:lang {X.W_DECL}/>")
        X.insert_in_order(rpr, lang_el, ("eastAsianLayout", "specVanish", "oMath"))
    lang_el.set(X.w("val"), WORD_LANGUAGE.get(lang, lang))


def save(doc: DocxDocument, path: Path, props: Sequence[tuple[str, str]] = ()) -> None:
    """Save through a temporary file and a rename: never a half-written document."""
    from drafter import store
    from drafter.export._package import prepare

    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {path.parent} does not exist")
    prepare(doc, props)
    buffer = io.BytesIO()
    doc.save(buffer)
    try:
        store.atomic_write(path, buffer.getvalue())
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    except DrafterError as exc:  # atomic_write names the file and the reason itself
        raise ExportError(str(exc)) from None
