"""Reading Word files that come back from outside: safe opening and reviewers' markup.

Nothing here imports Textual or python-docx: a returned file is untrusted input, read
with lxml under strict limits (see ``safe``), then walked as WordprocessingML (``markup``).
"""

from __future__ import annotations

from drafter.docx_in.markup import (
    Change,
    Comment,
    Counts,
    Markup,
    Para,
    Reply,
    Token,
    read_markup,
)
from drafter.docx_in.safe import DocxPackage, WordFileError, open_docx

__all__ = [
    "Change",
    "Comment",
    "Counts",
    "DocxPackage",
    "Markup",
    "Para",
    "Reply",
    "Token",
    "WordFileError",
    "open_docx",
    "read_markup",
]
