"""Addresses of shared workspaces: what may be used as one, how it is shown, what failed.

An address from a user never reaches git as an option or as a transport that runs
programs (``ext::``, remote helpers); one shown to the user never carries a password
or a token; a failure is told in words that say what to do.
"""

from __future__ import annotations

import re
from pathlib import Path

from drafter.errors import DrafterError, SyncError
from drafter.refs import git_reason
from drafter.visible import visible

REMOTE_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")
_HELPER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+.-]*::")
_CREDENTIALS_HINTS = (
    "terminal prompts disabled",
    "could not read username",
    "could not read password",
    "authentication failed",
    "permission denied (publickey",
    "host key verification failed",
    "invalid username or password",
    "403",
)


def check_url(url: str) -> str:
    """A remote address from a user: no options, no command-running transports."""
    if not url or not url.strip():
        raise DrafterError("no address given for the shared workspace")
    if url.startswith("-"):
        raise DrafterError(f"{url!r} is not an address: it looks like an option")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise DrafterError("the address contains control characters")
    if _HELPER_RE.match(url):
        raise DrafterError(
            f"{display_url(url)!r} uses a git remote helper ({url.split('::', 1)[0]}::), which "
            "can run programs: use an https://, ssh:// or file address, or a folder path"
        )
    return url


def check_remote_name(name: str) -> str:
    if not REMOTE_NAME_RE.match(name):
        raise DrafterError(
            f"{visible(name)!r} is not a remote name: use letters, digits, '-' and '_', "
            "starting with a letter or digit"
        )
    return name


def display_url(url: str) -> str:
    """The address without any password or token written into it."""
    return visible(re.sub(r"(://)[^/@]*@", r"\1", url))


def network_error(action: str, url: str, stderr: bytes) -> SyncError:
    why = git_reason(stderr)
    low = stderr.decode("utf-8", "replace").lower()
    where = display_url(url)
    if any(hint in low for hint in _CREDENTIALS_HINTS):
        return SyncError(
            f"the shared workspace at {where} did not accept this computer's credentials "
            f"({why}): set up access (an SSH key or a saved password for that host) and "
            "sync again; your work here is unchanged"
        )
    if "fsck" in low or "bad object" in low or "invalid object" in low:
        return SyncError(
            f"the shared workspace at {where} sent a damaged or crafted commit that git refused "
            f"({why}); nothing was brought in or changed here — ask whoever shared it to check it"
        )
    return SyncError(
        f"cannot reach the shared workspace at {where}: {why} — your work here is unchanged; "
        "sync again when it can be reached"
    )


def local_address(url: str) -> str:
    """A folder path made absolute, since git runs inside the workspace, not where the user is."""
    if "://" in url or re.match(r"[^/]*:", url):
        return url
    path = Path(url).expanduser()
    return str(path.resolve()) if path.exists() else url


def default_clone_path(url: str) -> str:
    name = url.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    name = name.removesuffix(".git") or "workspace"
    return name if name not in (".", "..") else "workspace"
