"""The domain core never loads Textual: each core module imported alone, in a fresh process.

The import-linter contracts in pyproject.toml check the source; this checks what really
gets loaded, lazy imports and third-party packages included.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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
