"""`drafter export REV --consultation NAME`: the copy knows its round, the round is recorded."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

from drafter.consultations import Consultation, load_rounds, save_round
from tests.conftest import git, run_cli

CP_ROUND = 'name="drafter.round"><vt:lpwstr>'


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Path]:
    """A fresh demo for each test: these tests write consultation rounds into it."""
    root = tmp_path / "ws"
    result = run_cli("demo", str(root))
    assert result.returncode == 0, result.stderr
    yield root


def test_consultation_copy_records_its_round(demo: Path) -> None:
    result = run_cli(
        "-C",
        str(demo),
        "export",
        "2018-02-zurich",
        "--consultation",
        "Africa regional consultation",
    )
    assert result.returncode == 0, result.stderr
    out = Path(result.stdout.strip())
    record = yaml.safe_load(
        (demo / "consultations" / "africa-regional-consultation.yaml").read_text()
    )
    assert record == {
        "id": "africa-regional-consultation",
        "name": "Africa regional consultation",
        "revision": git(demo, "rev-parse", "meeting/2018-02-zurich^{commit}").strip(),
        "meeting": "2018-02-zurich",
        "date": date.today(),
        "language": "en",
        "file": f"exports/{out.name}",
    }
    with zipfile.ZipFile(out) as z:
        custom = z.read("docProps/custom.xml").decode()
    assert CP_ROUND + "africa-regional-consultation</vt:lpwstr>" in custom
    # the same round exported again is fine; another revision under the same name is not
    again = run_cli(
        "-C",
        str(demo),
        "export",
        "2018-02-zurich",
        "--consultation",
        "Africa regional consultation",
    )
    assert again.returncode == 0, again.stderr
    other = run_cli(
        "-C",
        str(demo),
        "export",
        "2017-10-geneva",
        "-o",
        str(demo / "g.docx"),
        "--consultation",
        "Africa regional consultation",
    )
    assert other.returncode == 1
    assert other.stderr.startswith("drafter: consultations/africa-regional-consultation.yaml: ")
    assert not (demo / "g.docx").exists()  # nothing written


def test_plain_exports_have_no_round_and_working_files_are_refused(demo: Path) -> None:
    result = run_cli("-C", str(demo), "export", "2018-02-zurich")
    with zipfile.ZipFile(Path(result.stdout.strip())) as z:
        assert "drafter.round" not in z.read("docProps/custom.xml").decode()
    refused = run_cli("-C", str(demo), "export", "--consultation", "Round")
    assert refused.returncode == 1 and "save first" in refused.stderr
    nameless = run_cli("-C", str(demo), "export", "HEAD", "--consultation", " -- ")
    assert nameless.returncode == 1
    assert nameless.stderr.startswith("drafter: consultation name ' -- ': give a name")
    assert not (demo / "consultations").exists()


def test_rounds_load_back_and_a_taken_id_is_refused(tmp_path: Path) -> None:
    (tmp_path / "consultations").mkdir()
    first = Consultation("r1", "Round one", "a" * 40, date(2018, 3, 15), "en", "exports/x.docx")
    save_round(tmp_path, first)
    assert load_rounds(tmp_path) == [first]
    from drafter.errors import DrafterError

    with pytest.raises(DrafterError, match="already exists"):
        save_round(tmp_path, Consultation("r1", "Other", "b" * 40, date.today(), "fr", "y"))
    (tmp_path / "consultations" / "bad.yaml").write_text(
        "id: bad\nrevision: HEAD\ndate: 2018-01-01\n"
    )
    with pytest.raises(DrafterError, match=r"consultations/bad\.yaml:1: revision"):
        load_rounds(tmp_path)
