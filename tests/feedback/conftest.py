"""A small saved workspace with known words and its Word export, copied per test.

Its own texts (not the bundled sample's, which changes as the sample grows) so each
test can name the words a reviewer changes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.model import Principle
from tests.conftest import run_cli, use_private_git

PRINCIPLES = (
    Principle(
        id="best-interests",
        title="Best interests of the child",
        text="In all actions concerning children born through surrogacy, the best interests "
        "of the child shall be a primary consideration.\n\nThe best interests of the child "
        "shall be assessed individually.",
        items=(
            "the assessment shall be made by a competent authority independent of the parties;",
            "the assessment shall take into account the child's need for continuity of care;",
        ),
        commentary="This principle restates Article 3 of the Convention on the Rights of the "
        "Child.\n\nThe Group discussed the second paragraph at length.",
    ),
    Principle(
        id="non-discrimination",
        title="Non-discrimination",
        text="A child born through surrogacy shall enjoy all the rights of the child without "
        "discrimination of any kind.",
        commentary="The principle builds on Article 2 and on [[principle:best-interests]].",
    ),
    Principle(
        id="legal-parentage",
        title="Legal parentage",
        text="States shall establish legal parentage at the earliest possible moment, having "
        "regard to [[principle:best-interests]].",
        items=(
            "the authority shall verify that the surrogate mother gave free consent in "
            "accordance with [[principle:surrogate-consent]];",
            "the authority shall consider the genetic links of each party to the child.",
        ),
    ),
    Principle(
        id="surrogate-consent",
        title="Consent of the surrogate mother",
        text="The consent of the surrogate mother shall be free and informed.",
    ),
)
PREAMBLE = (
    "These principles set out minimum safeguards for children born through surrogacy.\n\n"
    "They are to be read as a whole."
)


def build(root: Path) -> Path:
    from dataclasses import replace

    from drafter.workspace import Workspace

    ws = Workspace.init(root, "Principles on surrogacy")
    for principle in PRINCIPLES:
        ws.write_principle(principle)
    document = ws.document()
    ws.write_document(replace(document, preamble=PREAMBLE, order=tuple(p.id for p in PRINCIPLES)))
    ws.save("The draft agreed at Verona")
    return root


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as mp:
        use_private_git(tmp_path_factory.mktemp("fb-home"), mp)
        yield build(tmp_path_factory.mktemp("fb") / "ws")


@pytest.fixture
def demo(demo_source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(demo_source, target, symlinks=True)
    return target


@pytest.fixture
def exported(demo: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy.docx"
    result = run_cli("-C", str(demo), "export", "HEAD", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out
