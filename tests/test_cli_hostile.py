"""Hostile and accidental input through the real command line: one clear line, no damage."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git, run_cli


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    assert (
        run_cli("init", str(root), "--title", "Principes — protection de l'enfant").returncode == 0
    )
    return root


def test_a_deleted_drafter_yaml_is_named_with_the_way_back_and_init_refuses(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path)
    (root / "drafter.yaml").unlink()
    for args in (["-C", str(root), "list"], ["init", str(root), "--title", "New"]):
        result = run_cli(*args)
        assert result.returncode == 1
        assert result.stderr == (
            f"drafter: {root / 'drafter.yaml'}: missing, but it was saved: bring back the "
            f"last saved copy with: git -C {root} restore drafter.yaml\n"
        )
    assert git(root, "log", "--format=%s").split("\n")[0] == "Create the workspace"
    git(root, "restore", "drafter.yaml")
    assert run_cli("-C", str(root), "list").returncode == 0


def test_a_folder_named_like_a_principle_file_is_named_and_the_log_still_reads(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path)
    (root / "principles" / "best-interests.yaml").mkdir()
    result = run_cli("-C", str(root), "check")
    assert (result.returncode, result.stderr) == (
        1,
        "drafter: principles/best-interests.yaml: is a folder, not a file; "
        "move or rename it (only .yaml files belong in principles/)\n",
    )
    result = run_cli("-C", str(root), "log")
    assert result.returncode == 0, result.stderr
    assert "Create the workspace" in result.stdout
