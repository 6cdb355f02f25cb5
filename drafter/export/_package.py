"""The finished .docx package: drafter's own properties, no leftovers of python-docx's template.

python-docx starts from a template saved by "Microsoft Macintosh Word" in compatibility
mode 14, with a blank thumbnail and proofing marked done. A secretariat sends the file
as it is, so the package says what wrote it, and carries the ``drafter.*`` custom
properties that let a returned consultation copy be matched to what was sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from drafter import __version__
from drafter.export import _xml as X

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

CUSTOM = "docProps/custom.xml"
APP = "docProps/app.xml"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
APP_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
THUMBNAIL_RT = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one custom properties use


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


def prepare(doc: DocxDocument, props: Sequence[tuple[str, str]]) -> None:
    """Give the package drafter's app and custom properties, and drop the thumbnail.

    Done on python-docx's package before it saves (a part no relationship reaches is not
    written), so the file is compressed once.
    """
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = doc.part.package
    rels = package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype in (THUMBNAIL_RT, CUSTOM_RT):
            rels.pop(rid)
    app = next((rel for rel in rels.values() if rel.reltype == APP_RT), None)
    if app is not None:
        app.target_part._blob = app_properties().encode()
    else:
        package.relate_to(
            Part(PackURI("/" + APP), APP_CT, app_properties().encode(), package), APP_RT
        )
    custom = Part(PackURI("/" + CUSTOM), CUSTOM_CT, custom_properties(props).encode(), package)
    package.relate_to(custom, CUSTOM_RT)
