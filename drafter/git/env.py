"""The environment every git process drafter starts runs in: no hooks, no filters, no prompts.

A shared remote is not trusted. Whatever it sends, and whatever a member's own git
configuration says, a git started by drafter runs no repository hook (``core.hooksPath``
points at ``/dev/null``), no file-system monitor, no global attributes (so no filter or
line-ending conversion a remote could trigger), checks every object it fetches, refuses
the transports that run programs (``ext::``, ``fd::``), and never waits for a password
on a terminal it does not have. The settings travel as ``GIT_CONFIG_*`` variables, so
they reach every git process, including those GitPython starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

SAFE_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.hooksPath", "/dev/null"),
    ("core.fsmonitor", "false"),
    ("core.attributesFile", "/dev/null"),
    ("core.symlinks", "false"),
    ("core.protectNTFS", "true"),
    ("core.protectHFS", "true"),
    ("protocol.ext.allow", "never"),
    ("protocol.fd.allow", "never"),
    ("transfer.fsckObjects", "true"),
    ("fetch.fsckObjects", "true"),
    ("submodule.recurse", "false"),
    ("advice.detachedHead", "false"),
)

# Variables that would point git at another repository, index or object store.
_REDIRECTS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CONFIG",
    "GIT_EXTERNAL_DIFF",
)


def config_variables(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``GIT_CONFIG_COUNT``/``KEY``/``VALUE`` variables carrying :data:`SAFE_CONFIG`.

    Settings already passed this way by the caller's environment come first, so ours win.
    """
    env = base if base is not None else os.environ
    try:
        start = int(env.get("GIT_CONFIG_COUNT", "0"))
    except ValueError:
        start = 0
    out: dict[str, str] = {}
    for n, (key, value) in enumerate(SAFE_CONFIG, start=start):
        out[f"GIT_CONFIG_KEY_{n}"] = key
        out[f"GIT_CONFIG_VALUE_{n}"] = value
    out["GIT_CONFIG_COUNT"] = str(start + len(SAFE_CONFIG))
    out["GIT_TERMINAL_PROMPT"] = "0"
    out["GIT_NO_REPLACE_OBJECTS"] = "1"
    out["GIT_OPTIONAL_LOCKS"] = "0"
    return out


def safe_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A full environment for a git process: the user's, made safe, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in _REDIRECTS}
    env.update(config_variables(env))
    env["LC_ALL"] = "C"  # messages drafter can recognise
    env.pop("LANGUAGE", None)
    if extra:
        env.update(extra)
    return env
