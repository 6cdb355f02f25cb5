"""Redlines reviewed in LibreOffice: Accept All and Reject All through its UNO bridge.

LibreOffice merges neighbouring tracked changes of one author and minute, and used to
join paragraphs on Reject All where a paragraph ending in a change was followed by one
beginning with a change. Each redline here is accepted and rejected by LibreOffice
itself (a script run by the system Python, which has the bridge), saved as text, and
compared paragraph by paragraph with the drafts rendered independently in the test.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.model import Draft
from drafter.workspace import Workspace
from tests.conftest import module_demo, run_cli
from tests.unit.export_reading import contents_entries, expected_text, normalise

SCRIPT = Path(__file__).with_name("lo_accept_reject.py")
MEETINGS = ["2017-03-london", "2017-05-verona", "2017-10-geneva", "2018-02-zurich"]


def _need_bridge() -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed")
    probe = subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("LibreOffice's Python bridge (python3-uno) not installed")


def review(files: list[Path], mode: str, out: Path) -> dict[Path, list[str]]:
    """Each file as LibreOffice leaves it after Accept All / Reject All: its body paragraphs."""
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["/usr/bin/python3", str(SCRIPT), mode, str(out), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    bodies = {}
    for path in files:
        lines = (out / f"{path.stem}.txt").read_text(encoding="utf-8-sig").split("\n")
        paras = [normalise(line) for line in lines if line.strip()]
        cut = paras.index("Contents") + 1 + len(contents_entries(path))
        bodies[path] = paras[cut:]
    return bodies


def export(ws: Path, *args: str) -> Path:
    result = run_cli("-C", str(ws), "export", *args)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


def _check(cases: list[tuple[Path, Draft, Draft]], tmp: Path) -> None:
    files = [path for path, _old, _new in cases]
    accepted = review(files, "accept", tmp / "accept")
    rejected = review(files, "reject", tmp / "reject")
    for path, old, new in cases:
        assert accepted[path] == expected_text(new), f"{path.name}: Accept All"
        assert rejected[path] == expected_text(old), f"{path.name}: Reject All"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from module_demo(tmp_path_factory)


@pytest.mark.libreoffice
def test_libreoffice_accept_and_reject_all_give_each_demo_draft(demo: Path, tmp_path: Path) -> None:
    _need_bridge()
    ws = Workspace.open(demo)
    pairs = [*itertools.pairwise(MEETINGS), ("2017-05-verona", "2018-02-zurich")]
    cases = [
        (
            export(demo, b, "--redline-from", a, "-o", str(tmp_path / f"{a}-{b}.docx")),
            ws.draft(a),
            ws.draft(b),
        )
        for a, b in pairs
    ]
    _check(cases, tmp_path)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_accept_and_reject_all_on_corpus_drafts(tmp_path: Path) -> None:
    """Real drafts: the Contributor Covenant's history, the ECHR and the AI Act."""
    from tests import corpus as c
    from tests.conftest import corpus_path

    _need_bridge()
    series = []
    folder = corpus_path("contributor-covenant", "en-2.0-history")
    files = sorted(folder.glob("*.txt"))
    series.append(
        (
            "Contributor Covenant",
            [(f"v{n}", c.parse_covenant(f)[1]) for n, f in enumerate([files[0], files[-1]])],
        )
    )
    echr = ["ECHR_en_2010-06-01_527d5ccf84.md", "ECHR_en_2014-05-01_72138ebeb1.md"]
    series.append(
        (
            "European Convention on Human Rights",
            [(f"v{n}", c.parse_echr(corpus_path("treaties", x))[1]) for n, x in enumerate(echr)],
        )
    )
    acts = [
        "v1_2021-04-21_commission-proposal_articles.txt",
        "v3_2024-02-02_coreper-final-compromise_articles.txt",
    ]
    series.append(
        (
            "Artificial Intelligence Act",
            [(f"v{n}", c.parse_ai_act(corpus_path("eu-ai-act", x))) for n, x in enumerate(acts)],
        )
    )
    cases = []
    for n, (title, versions) in enumerate(series):
        ws = c.build_series_workspace(tmp_path / f"ws{n}", title, versions)
        out = export(ws.root, "v1", "--redline-from", "v0", "-o", str(tmp_path / f"c{n}.docx"))
        cases.append((out, ws.draft("v0"), ws.draft("v1")))
    _check(cases, tmp_path)
