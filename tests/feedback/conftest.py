"""A demo workspace and its Word export, built once per module and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import module_demo, run_cli


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from module_demo(tmp_path_factory)


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
