"""The finished .docx package: drafter's own properties, no leftovers of python-docx's template.

python-docx starts from a template saved by "Microsoft Macintosh Word" in compatibility
mode 14, with a blank thumbnail and proofing marked done. A secretariat sends the file
as it is, so the package says what wrote it, and carries the ``drafter.*`` custom
properties that let a returned consultation copy be matched to what was sent.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from drafter import __version__
from drafter.export import _xml as X

CUSTOM = "docProps/custom.xml"
APP = "docProps/app.xml"
_CUSTOM_REL = (
    '<Relationship Id="rIdDrafterCustom" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
    f'Target="{CUSTOM}"/>'
)
_CUSTOM_CT = (
    f'<Override PartName="/{CUSTOM}" '
    'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
)
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one custom properties use
_THUMBNAIL_REL = re.compile(r"<Relationship [^>]*relationships/metadata/thumbnail[^>]*/>")


def custom_properties(props: Sequence[tuple[str, str]]) -> str:
    """docProps/custom.xml holding ``props`` as text (vt:lpwstr) properties."""
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{X.attr(name)}">'
        f"<vt:lpwstr>{X.esc(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(props, start=2)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes">{items}</Properties>'
    )


def app_properties() -> str:
    """docProps/app.xml naming drafter (Word recounts pages and words itself)."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes">'
        f"<Application>drafter {X.esc(__version__)}</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged>"
        f"<AppVersion>{_app_version()}</AppVersion></Properties>"
    )


def _app_version() -> str:
    """AppVersion must read NN.NNNN: drafter's version in that shape."""
    parts = [int(p) for p in re.findall(r"\d+", __version__)[:3]] + [0, 0, 0]
    return f"{parts[0]:02d}.{parts[1] * 100 + parts[2]:04d}"


def finish(data: bytes, props: Sequence[tuple[str, str]]) -> bytes:
    """The package with drafter's app and custom properties, and without the thumbnail."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        names = zin.namelist()
        for item in zin.infolist():
            name = item.filename
            if name in ("docProps/thumbnail.jpeg", CUSTOM):
                continue
            content = zin.read(name)
            if name == "_rels/.rels":
                text = _THUMBNAIL_REL.sub("", content.decode("utf-8"))
                text = re.sub(
                    r"<Relationship [^>]*relationships/custom-properties[^>]*/>", "", text
                )
                content = text.replace(
                    "</Relationships>", _CUSTOM_REL + "</Relationships>"
                ).encode()
            elif name == "[Content_Types].xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r'<Override PartName="/docProps/(custom\.xml|thumbnail\.jpeg)"[^>]*/>', "", text
                )
                content = text.replace("</Types>", _CUSTOM_CT + "</Types>").encode()
            elif name == APP:
                content = app_properties().encode()
            zout.writestr(item, content)
        if APP not in names:  # pragma: no cover - python-docx always writes one
            zout.writestr(APP, app_properties())
        zout.writestr(CUSTOM, custom_properties(props))
    return out.getvalue()
