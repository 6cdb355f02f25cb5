"""`drafter log --principle ID` and `drafter blame ID` on the demo's history, as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import git, module_demo, run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from module_demo(tmp_path_factory)


def _revisions_touching(demo: Path, pid: str) -> list[str]:
    """git's own answer: the first-parent commits that changed the principle's file."""
    out = git(demo, "log", "--first-parent", "--format=%H", "--", f"principles/{pid}.yaml")
    return out.split()


def test_log_principle_lists_each_revision_that_changed_it_with_the_words(demo: Path) -> None:
    result = run_cli("-C", str(demo), "log", "--principle", "intermediaries")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    shas = _revisions_touching(demo, "intermediaries")
    assert text.startswith(
        f"intermediaries — Regulation of intermediaries and agencies: "
        f"changed in {len(shas)} revisions"
    )
    for sha in shas:
        author = git(demo, "log", "-1", "--format=%an", sha).strip()
        line = next(line for line in text.splitlines() if line.strip().startswith(sha[:8]))
        assert author in line
    assert "title: [-Role-]{+Regulation+} of intermediaries{+ and agencies+}" in text
    assert "(meeting 2018-02-zurich)" in text


def test_log_principle_as_json(demo: Path) -> None:
    result = run_cli("-C", str(demo), "log", "--principle", "intermediaries", "--format", "json")
    data = json.loads(result.stdout)
    assert [r["revision"] for r in data["revisions"]] == _revisions_touching(demo, "intermediaries")
    assert data["revisions"][-1]["change"] == "added"
    title = data["revisions"][0]["fields"]["title"]
    assert ["delete", "Role"] in title and ["insert", "Regulation"] in title


def test_blame_credits_each_part_of_the_text_to_its_author(demo: Path) -> None:
    result = run_cli("-C", str(demo), "blame", "intermediaries", "--format", "json")
    assert result.returncode == 0, result.stderr
    fields = json.loads(result.stdout)["fields"]
    items = fields["items"]
    saved = yaml.safe_load((demo / "principles" / "intermediaries.yaml").read_text())
    assert "".join(part["text"] for part in items) == "\n".join(saved["items"])
    touching = _revisions_touching(demo, "intermediaries")
    assert {part["revision"] for part in items} <= set(touching)
    # the first words came with the principle; the last item with the retitling revision
    assert items[0]["revision"] == touching[-1]
    retitle = git(
        demo, "log", "-1", "--format=%H", "--grep=Retitle the principle on intermediaries"
    ).strip()
    last_item = saved["items"][-1]
    owner = next(p for p in items if last_item[:40] in p["text"])
    assert owner["revision"] == retitle
    text = run_cli("-C", str(demo), "blame", "intermediaries").stdout
    assert text.splitlines()[0] == f"intermediaries — {saved['title']}"
    author = git(demo, "log", "-1", "--format=%an", retitle).strip()
    assert f"[{author}, " in text


def test_blame_of_an_unknown_principle(demo: Path) -> None:
    result = run_cli("-C", str(demo), "blame", "no-such")
    assert result.returncode == 0
    assert result.stdout == "no-such: not in the last saved revision.\n"
    bad = run_cli("-C", str(demo), "blame", "../etc")
    assert bad.returncode == 1 and "drafter:" in bad.stderr and "Traceback" not in bad.stderr
