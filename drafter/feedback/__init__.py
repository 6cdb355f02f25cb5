"""Returned consultation copies: feedback records in, the core group's decisions, the table out.

import_copies   read returned .docx files into feedback/<round>/<source>.yaml
list_records    filter the records (round, principle, status)
accept          apply a proposal to the working text (three-way word merge)
reject, answer  record the group's decision and response
"""

from __future__ import annotations

from drafter.feedback.decide import accept, answer, reject
from drafter.feedback.importing import ImportResult, import_copies, workspace_identity
from drafter.feedback.records import FeedbackError, FeedbackFile, Record, Reply, list_records

__all__ = [
    "FeedbackError",
    "FeedbackFile",
    "ImportResult",
    "Record",
    "Reply",
    "accept",
    "answer",
    "import_copies",
    "list_records",
    "reject",
    "workspace_identity",
]
