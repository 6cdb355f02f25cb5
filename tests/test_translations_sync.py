"""Sync carries translation records: Alice re-words the English while Bob polishes the French."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from drafter import sync
from drafter.model import Translation
from drafter.workspace import Workspace
from tests.conftest import run_cli
from tests.test_sync import P3, clone_member, make_member


@pytest.fixture
def alice(tmp_path: Path) -> Workspace:
    remote = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    ws = make_member(Workspace.init(tmp_path / "alice", "Principles").root, "Alice")
    ws.add_principle("Intermediaries", pid="intermediaries", text=P3)
    ws.save("One principle")
    sync.sync(ws, str(remote))
    return ws


@pytest.fixture
def bob(tmp_path: Path, alice: Workspace) -> Workspace:
    return clone_member(tmp_path, tmp_path / "shared.git", "Bob")


FR = "Les intermédiaires sont agréés et contrôlés par une autorité compétente."


def _state(ws: Workspace, pid: str) -> dict[str, object]:
    out = run_cli("-C", str(ws.root), "translations", "--format", "json", "--principle", pid)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["translations"][0]  # type: ignore[no-any-return]


def test_a_french_polish_merged_with_an_english_edit_stays_stale(
    alice: Workspace, bob: Workspace
) -> None:
    alice.write_document(replace(alice.document(), translations=("fr",)))
    _, p = alice.principle("intermediaries")
    alice.write_principle(
        replace(p, translations={"fr": Translation(title="Intermédiaires", text=FR)})
    )
    alice.save("French for the intermediaries")
    sync.sync(alice)
    sync.sync(bob)
    assert _state(bob, "intermediaries")["state"] == "current"

    # Alice re-words the English; Bob, not knowing, polishes the French of the old English
    _, p = alice.principle("intermediaries")
    alice.write_principle(replace(p, text=P3.replace("licensed", "accredited")))
    alice.save("Accredited, not licensed")
    sync.sync(alice)
    _, p = bob.principle("intermediaries")
    fr = replace(p.translations["fr"], text=FR.replace("contrôlés", "supervisés"))
    bob.write_principle(replace(p, translations={"fr": fr}))
    bob.save("French wording")
    report = sync.sync(bob)
    assert not report.clashes

    merged = bob.principle("intermediaries")[1]
    assert "accredited" in merged.text and "supervisés" in merged.translations["fr"].text
    state = _state(bob, "intermediaries")
    assert state["state"] == "stale"  # Bob's French still translates "licensed"
    text = state["fields"]["text"]  # type: ignore[index]
    assert ["delete", "licensed"] in text["source_diff"]
    assert ["insert", "accredited"] in text["source_diff"]
    assert state["fields"]["title"]["state"] == "current"  # type: ignore[index]
