"""A house template's letterhead survives the export: first-page, running and even-page
headers and footers, margins and header distance, from a python-docx and a LibreOffice
template, checked in the parts and on the pages LibreOffice renders."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import module_demo, run_cli
from tests.unit.export_reading import W

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
LABEL = "Draft agreed at Experts' Group meeting, Zurich"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from module_demo(tmp_path_factory)


def house_template(path: Path) -> Path:
    """A letterhead on the first page, a running header, a footer, even pages, margins."""
    import docx
    from docx.shared import Cm

    d = docx.Document()
    d.settings.odd_and_even_pages_header_footer = True
    s = d.sections[0]
    s.top_margin, s.left_margin, s.header_distance = Cm(3), Cm(3.5), Cm(1.5)
    s.different_first_page_header_footer = True
    s.first_page_header.paragraphs[0].text = "MINISTRY OF JUSTICE LETTERHEAD"
    s.first_page_footer.paragraphs[0].text = "Letterhead address line"
    s.header.paragraphs[0].text = "House running header"
    s.footer.paragraphs[0].text = "Confidential house footer"
    s.even_page_header.paragraphs[0].text = "House even header"
    s.even_page_footer.paragraphs[0].text = "House even footer"
    d.add_paragraph("Template body that must not appear.")
    d.save(str(path))
    return path


def libreoffice(args: list[str], tmp: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}", "--headless", *args],
        capture_output=True,
        timeout=240,
    )


def export(ws: Path, *args: str) -> Path:
    result = run_cli("-C", str(ws), "export", *args)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


def furniture(path: Path) -> dict[str, str]:
    """{reference type + part kind: its text} for the body's section, e.g. 'first header'."""
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        sect = document.find(f"{W}body/{W}sectPr")
        found = {}
        for ref in sect:
            kind = etree.QName(ref).localname.removesuffix("Reference")
            if kind not in ("header", "footer"):
                continue
            part = etree.fromstring(z.read("word/" + targets[ref.get(R + "id")]))
            texts = ["".join(t.text or "" for t in p.iter(W + "t")) for p in part.iter(W + "p")]
            instr = [i.text.strip() for i in part.iter(W + "instrText")]
            found[f"{ref.get(W + 'type')} {kind}"] = " | ".join([*texts, *instr])
        return found


def margins(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
    pg = document.find(f"{W}body/{W}sectPr/{W}pgMar")
    return {etree.QName(k).localname: v for k, v in pg.attrib.items()}


def check_letterhead(out: Path) -> None:
    parts = furniture(out)
    assert parts["first header"].startswith("MINISTRY OF JUSTICE LETTERHEAD")
    assert LABEL not in parts["first header"]
    assert "Letterhead address line" in parts["first footer"]
    assert "PAGE" not in parts["first footer"]  # no page number on the title page
    assert parts["default header"].startswith("House running header | ")
    assert LABEL in parts["default header"]
    assert parts["default footer"].startswith("Confidential house footer | ")
    assert "PAGE" in parts["default footer"] and "NUMPAGES" in parts["default footer"]
    if "even header" in parts:
        assert (
            parts["even header"].startswith("House even header | ")
            and LABEL in parts["even header"]
        )
        assert "PAGE" in parts["even footer"]
    assert margins(out)["left"] == str(round(3.5 / 2.54 * 1440))
    assert margins(out)["header"] == str(round(1.5 / 2.54 * 1440))


def test_a_python_docx_template_keeps_its_letterhead(demo: Path, tmp_path: Path) -> None:
    template = house_template(tmp_path / "house.docx")
    out = export(
        demo, "2018-02-zurich", "--template", str(template), "-o", str(tmp_path / "o.docx")
    )
    check_letterhead(out)
    assert "even header" in furniture(out)


@pytest.mark.libreoffice
def test_a_libreoffice_template_keeps_its_letterhead_on_the_pages(
    demo: Path, tmp_path: Path
) -> None:
    house_template(tmp_path / "house.docx")
    libreoffice(
        [
            "--convert-to",
            "dotx:MS Word 2007 XML Template",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "house.docx"),
        ],
        tmp_path,
    )
    template = tmp_path / "house.dotx"
    assert template.is_file(), "LibreOffice did not write the template"
    out = export(
        demo, "2018-02-zurich", "--template", str(template), "-o", str(tmp_path / "o.docx")
    )
    check_letterhead(out)
    libreoffice(["--convert-to", "pdf", "--outdir", str(tmp_path), str(out)], tmp_path)
    pdf = tmp_path / "o.pdf"
    assert pdf.is_file()

    def page(n: int) -> list[str]:
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    first, third = page(1), page(3)
    assert first[0] == "MINISTRY OF JUSTICE LETTERHEAD"
    assert not any(re.match(r"Page \d+ of \d+", line) for line in first)
    assert third[0] == "House running header" and third[1].startswith("Draft agreed at")
    assert third[-2:][0] == "Confidential house footer"
    assert re.fullmatch(r"Page 3 of \d+", third[-1])


@pytest.mark.libreoffice
def test_a_template_made_without_headers_gets_a_header_distance(demo: Path, tmp_path: Path) -> None:
    import docx

    plain = docx.Document()
    plain.add_paragraph("x")
    plain.save(str(tmp_path / "plain.docx"))
    libreoffice(
        [
            "--convert-to",
            "dotx:MS Word 2007 XML Template",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "plain.docx"),
        ],
        tmp_path,
    )
    template = tmp_path / "plain.dotx"
    assert template.is_file()
    assert margins(template)["header"] == "0"  # LibreOffice writes none
    out = export(
        demo, "2018-02-zurich", "--template", str(template), "-o", str(tmp_path / "p.docx")
    )
    assert int(margins(out)["header"]) > 500 and int(margins(out)["footer"]) > 500
