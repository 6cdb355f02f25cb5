"""Shared fixtures: every test runs with its own git identity and no user configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


_GIT_VARIABLES = (
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "GIT_AUTHOR_DATE",
    "GIT_COMMITTER_DATE",
    "GIT_DIR",
    "GIT_WORK_TREE",
)


def use_private_git(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point git at a private HOME and global config with a known identity."""
    config = home / ".gitconfig"
    config.write_text(
        "[user]\n\tname = Test Author\n\temail = test@example.org\n[init]\n\tdefaultBranch = main\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in _GIT_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    return config


@pytest.fixture(autouse=True)
def isolated_git(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test runs with its own identity; nothing from the developer's configuration."""
    yield use_private_git(tmp_path_factory.mktemp("home"), monkeypatch)


def module_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled demo built once by ``drafter demo``, for a module's read-only tests."""
    with pytest.MonkeyPatch.context() as mp:
        use_private_git(tmp_path_factory.mktemp("demo-home"), mp)
        root = tmp_path_factory.mktemp("demo") / "ws"
        result = run_cli("demo", str(root))
        assert result.returncode == 0, result.stderr
        yield root


def run_cli(
    *args: str, cwd: Path | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``drafter`` command in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "drafter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )


def git(cwd: Path, *args: str) -> str:
    """The plain git CLI, as an independent reader of a workspace."""
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def corpus_path(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file {path} is not available (../shared/corpus missing)")
    return path
