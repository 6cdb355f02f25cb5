"""What a workspace is made of: the one list of paths drafter reads, saves and shares.

A workspace is drafter's files and nothing else. Saving stages only these paths, and a
shared remote may bring in only these paths, each a plain file: never a symbolic link, a
submodule, ``.gitattributes`` or ``.gitmodules``, an entry named ``.git`` or ``..``, or any
other path. Later folders (consultation rounds, feedback) join here and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from drafter.model import ID_RULE

DOCUMENT_FILE = "drafter.yaml"
GITIGNORE_FILE = ".gitignore"
PRINCIPLES_DIR = "principles"
MEETINGS_DIR = "meetings"
CONSULTATIONS_DIR = "consultations"
FEEDBACK_DIR = "feedback"
EXPORTS_DIR = "exports"  # output only: ignored by git, never shared

#: Folders holding one YAML file per record, and how deep their files sit.
RECORD_FOLDERS: tuple[str, ...] = (PRINCIPLES_DIR, MEETINGS_DIR, CONSULTATIONS_DIR, FEEDBACK_DIR)

_PATH_RE = re.compile(
    rf"(?:{re.escape(DOCUMENT_FILE)}|{re.escape(GITIGNORE_FILE)}"
    rf"|(?:{PRINCIPLES_DIR}|{MEETINGS_DIR}|{CONSULTATIONS_DIR})/{ID_RULE}\.yaml"
    rf"|{FEEDBACK_DIR}/{ID_RULE}/{ID_RULE}\.yaml)\Z"
)
_FOLDER_RE = re.compile(
    rf"(?:{PRINCIPLES_DIR}|{MEETINGS_DIR}|{CONSULTATIONS_DIR}|{FEEDBACK_DIR}"
    rf"|{FEEDBACK_DIR}/{ID_RULE})\Z"
)

#: git's modes for a plain file (an executable bit is harmless on a YAML file).
REGULAR_MODES = frozenset({"100644", "100755"})
_KIND_BY_MODE = {
    "120000": "a symbolic link",
    "160000": "a submodule (gitlink)",
    "040000": "a folder",
}


def is_workspace_path(path: str) -> bool:
    """True for a file path drafter owns (``principles/best-interests.yaml``, ...)."""
    return _PATH_RE.match(path) is not None


def is_workspace_folder(path: str) -> bool:
    return _FOLDER_RE.match(path) is not None


@dataclass(frozen=True)
class Refusal:
    """One tree entry a workspace may not hold, and why, in words a member can act on."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def refusal(path: str, mode: str, kind: str) -> Refusal | None:
    """Why a tree entry (``git ls-tree`` mode, type and path) is not acceptable, or None."""
    if kind == "tree":
        if is_workspace_folder(path):
            return None
        return Refusal(path, "a folder that is not part of a drafter workspace")
    if kind == "blob" and mode in REGULAR_MODES and is_workspace_path(path):
        return None
    if kind == "blob" and mode in REGULAR_MODES:
        return Refusal(path, "a file that is not part of a drafter workspace")
    what = _KIND_BY_MODE.get(mode, f"an entry of type {kind} (mode {mode})")
    return Refusal(path, f"{what}, which a drafter workspace never holds")


def principle_id_from_path(path: str) -> str | None:
    """The id a file under principles/ claims by its name, or None for other files."""
    if not path.startswith(PRINCIPLES_DIR + "/") or not path.endswith(".yaml"):
        return None
    name = path[len(PRINCIPLES_DIR) + 1 : -5]
    return None if "/" in name else name


def git_dir(root: Path) -> Path:
    """The workspace's git folder, also when ``.git`` is a file pointing elsewhere."""
    dot = root / ".git"
    if dot.is_file():
        text = dot.read_text("utf-8").strip()
        if text.startswith("gitdir:"):
            target = Path(text[len("gitdir:") :].strip())
            return target if target.is_absolute() else (root / target).resolve()
    return dot
