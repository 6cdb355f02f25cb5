"""Merging what translators wrote: translation source records and the translated title and
preamble of the document, language by language (used by :mod:`drafter.merge`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from drafter.model import TEXT_FIELDS, Document, DocumentText


def merge_source_records(
    base: Mapping[str, str], ours: Mapping[str, str], theirs: Mapping[str, str]
) -> dict[str, str]:
    """Three-way merge of translation source records (see drafter.translations), never a clash.

    A record changed on one side only is taken from that side (it moves with that
    side's translation or confirmation). Changed differently on both sides, the merged
    words mix two translations made against different sources: no record is kept, so
    the field reads as unconfirmed until someone confirms or re-translates it.
    """
    merged: dict[str, str] = {}
    for name in TEXT_FIELDS:
        b, o, t = base.get(name), ours.get(name), theirs.get(name)
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        else:
            value = None
        if value:
            merged[name] = value
    return merged


def merge_document_texts(
    text: Callable[[str, str, str, str], str], base: Document, ours: Document, theirs: Document
) -> dict[str, DocumentText]:
    """The translated title and preamble, language by language, field by field."""
    merged: dict[str, DocumentText] = {}
    for lang in sorted(set(ours.translated) | set(theirs.translated)):
        b, o, t = (d.translated.get(lang, DocumentText()) for d in (base, ours, theirs))
        merged_text = DocumentText(
            title=text(f"translated.{lang}.title", b.title, o.title, t.title),
            preamble=text(f"translated.{lang}.preamble", b.preamble, o.preamble, t.preamble),
        )
        if merged_text.title or merged_text.preamble:
            merged[lang] = merged_text
    return merged
