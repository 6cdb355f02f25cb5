"""Word export: the consolidated document and the redline with native tracked changes.

Importing this package is cheap: python-docx and git load only when a name below is
first used, so ``drafter list`` (which registers the ``export`` command) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drafter.export.api import (
        ExportResult,
        RevisionInfo,
        default_output,
        describe_revision,
        export_workspace,
        short_name,
    )
    from drafter.export.docx import (
        ChangeStamp,
        ExportOptions,
        TitleInfo,
        check_language,
        write_consolidated,
        write_parallel,
        write_redline,
    )

_WHERE = {
    "ExportResult": "api",
    "RevisionInfo": "api",
    "default_output": "api",
    "describe_revision": "api",
    "export_workspace": "api",
    "short_name": "api",
    "ChangeStamp": "docx",
    "ExportOptions": "docx",
    "TitleInfo": "docx",
    "check_language": "docx",
    "write_consolidated": "docx",
    "write_parallel": "docx",
    "write_redline": "docx",
}

__all__ = [
    "ChangeStamp",
    "ExportOptions",
    "ExportResult",
    "RevisionInfo",
    "TitleInfo",
    "check_language",
    "default_output",
    "describe_revision",
    "export_workspace",
    "short_name",
    "write_consolidated",
    "write_parallel",
    "write_redline",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'drafter.export' has no attribute {name!r}")
    return getattr(import_module(f"drafter.export.{module}"), name)
