"""`drafter export --lang en,fr`: the two language versions side by side, read from the parts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.workspace import Workspace
from tests.conftest import module_demo, run_cli
from tests.unit.export_reading import W, contents_entries, part

VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
CP = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from module_demo(tmp_path_factory)


def cell_texts(cell: object) -> list[str]:
    return [
        "".join(t.text or "" for t in p.iter(W + "t")).replace("\u00a0", " ")
        for p in cell.iter(W + "p")  # type: ignore[attr-defined]
    ]


def test_parallel_edition_sets_each_principle_side_by_side(demo: Path, tmp_path: Path) -> None:
    result = run_cli(
        "-C",
        str(demo),
        "export",
        "2018-02-zurich",
        "--lang",
        "en,fr",
        "-o",
        str(tmp_path / "p.docx"),
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    draft = Workspace.open(demo).draft("2018-02-zurich")
    body = part(path, "word/document.xml").find(W + "body")
    rows = [tbl.find(W + "tr") for tbl in body.findall(W + "tbl")]
    principle_rows = [
        r for r in rows if cell_texts(r.findall(W + "tc")[0])[0].startswith("Principle")
    ]
    assert len(principle_rows) == len(draft.document.order)
    for (number, p), row in zip(draft.ordered(), principle_rows, strict=True):
        left, right = row.findall(W + "tc")
        assert cell_texts(left)[0] == f"Principle {number} — {p.title}"
        fr = p.translations.get("fr")
        if fr is not None and fr.title:
            assert cell_texts(right)[0] == f"Principe {number} — {fr.title}"
            langs = {el.get(W + "val") for el in right.iter(W + "lang")}
            assert "fr-FR" in langs
        starts = [b.get(W + "name") for b in left.iter(W + "bookmarkStart")]
        assert starts[0] == f"_dr{number}_t"
        assert not list(right.iter(W + "bookmarkStart"))  # the left column is the marked one
    assert [t.replace("\u00a0", " ") for t, _a in contents_entries(path)] == [
        f"Principle {n} — {p.title}" for n, p in draft.ordered()
    ]
    props = {
        p.get("name"): p.find(VT + "lpwstr").text
        for p in part(path, "docProps/custom.xml").iter(CP + "property")
    }
    assert props["drafter.language"] == "en fr"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "en,en"], "a parallel edition takes two different languages"),
        (["--lang", "en,fr,es"], "a parallel edition takes two different languages"),
        (["--lang", "en,xx"], "no 'xx' translation"),
        (["--lang", "en,fr", "--redline-from", "2017-10-geneva"], "cannot be a redline"),
    ],
)
def test_parallel_edition_errors(demo: Path, args: list[str], message: str) -> None:
    result = run_cli("-C", str(demo), "export", "2018-02-zurich", *args)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
