"""The bundled demo: the Zurich draft fully translated and current, the work since then not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.translations import states
from drafter.workspace import Workspace
from tests.conftest import module_demo, run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from module_demo(tmp_path_factory)


def test_the_zurich_draft_is_current_in_french_and_spanish(demo: Path) -> None:
    ws = Workspace.open(demo)
    zurich = ws.draft("2018-02-zurich")
    rows = states(None, zurich)
    assert zurich.document.translations == ("fr", "es")
    assert len(rows) == 2 * len(zurich.document.order)
    assert {r.state for r in rows} == {"current"}


def test_the_working_draft_after_zurich_shows_stale_and_missing(demo: Path) -> None:
    result = run_cli("-C", str(demo), "translations", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["translations"]
    not_current = {(r["principle"], r["lang"]): r["state"] for r in rows if r["state"] != "current"}
    assert not_current == {
        (pid, lang): state
        for pid, state in (
            ("best-interests", "stale"),
            ("access-to-origins", "stale"),
            ("records-preservation", "missing"),
            ("surrogate-consent", "stale"),
        )
        for lang in ("fr", "es")
    }
    # each stale one shows what the English gained or lost since Zurich
    for r in rows:
        for f in r["fields"].values():
            if f["state"] == "stale":
                assert any(op != "equal" for op, _ in f["source_diff"]), r["principle"]
