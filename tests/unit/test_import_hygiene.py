"""The domain core never loads Textual: each core module imported alone, in a fresh process.

The import-linter contracts in pyproject.toml check the source; this checks what really
gets loaded, lazy imports and third-party packages included.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import drafter

_UI = ("drafter.tui", "drafter.cli", "drafter.__main__")


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(drafter.__path__, "drafter."):
        if info.name.startswith(_UI) or info.name.endswith("_cli") or ".cli" in info.name:
            continue
        names.append(info.name)
    return sorted(names)


def test_the_core_is_not_empty() -> None:
    assert {"drafter.model", "drafter.store", "drafter.workspace", "drafter.sync"} <= set(
        _core_modules()
    )


@pytest.mark.parametrize("module", _core_modules())
def test_a_core_module_never_loads_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
        " or m.startswith('drafter.tui'))\n"
        "print(','.join(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} loads {result.stdout.strip()}"


def test_opening_the_editor_loads_only_what_its_first_screen_needs(tmp_path: Path) -> None:
    """Start-up speed (issue 14): git, the merge, the diff, Word and feedback load later;
    opening files read before does not load PyYAML either.

    Measured by bench/bench_tui_startup.py; this keeps a stray import from undoing it.
    """
    from drafter.sample import build_demo

    build_demo(tmp_path / "ws")
    code = (
        "import sys\n"
        "import drafter.cli, drafter.tui.app, drafter.tui.screens.main\n"
        "from drafter.workspace import Workspace\n"
        f"app = drafter.tui.app.make_app(Workspace.open({str(tmp_path / 'ws')!r}))\n"
        "assert app.take_first_draft() is not None\n"
        "heavy = ('git', 'docx', 'lxml', 'diff_match_patch', 'rapidfuzz', 'drafter.merge',\n"
        "         'drafter.diff', 'drafter.clashes', 'drafter.authorship', 'drafter.feedback',\n"
        "         'drafter.sync', 'drafter.export', *sys.argv[1:])\n"
        "loaded = sorted(m for m in sys.modules\n"
        "                if m in heavy or m.startswith(tuple(h + '.' for h in heavy)))\n"
        "print(','.join(loaded))"
    )
    for extra in ([], ["yaml", "drafter.yaml_files", "drafter.yaml_nodes"]):  # then read before
        result = subprocess.run(
            [sys.executable, "-c", code, *extra], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "", f"the editor's start loads {result.stdout.strip()}"
