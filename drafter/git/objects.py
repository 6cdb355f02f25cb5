"""git's objects, written and named in-process: blob ids and loose blobs.

Hashing a file the way git does tells whether a working file differs from a revision
without starting git; writing merged blobs through gitdb avoids one git process per file.
"""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path


def blob_sha(data: bytes) -> str:
    """The id git gives a file's content, to compare working files with a tree."""
    digest = hashlib.sha1(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


class LooseObjects:
    """A repository's loose-object store, written in-process."""

    def __init__(self, git_dir: Path) -> None:
        from gitdb.db import LooseObjectDB

        self._db = LooseObjectDB(str(git_dir / "objects"))

    def store_blob(self, data: bytes) -> str:
        from gitdb.base import IStream

        stream = self._db.store(IStream(b"blob", len(data), BytesIO(data)))
        sha = stream.hexsha
        return sha.decode() if isinstance(sha, bytes) else str(sha)
