"""One draft's paragraphs as a reader sees them: references numbered, items lettered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.export import _xml as X
from drafter.export._common import Vocabulary
from drafter.model import CROSS_REF_RE, Draft, Principle, item_label

_PARA_SPLIT = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Para:
    """One paragraph: its kind (which style) and which field of the principle it belongs to.

    ``field`` is the field letter of the bookmarks the export writes (see ``_marks``):
    "t" title, "x" text, "i1", "i2"... items, "c" commentary, "p" preamble, "" none.
    """

    kind: str
    text: str
    field: str = ""
    lang: str = ""  # set when the paragraph is not in the export's language (a fallback)


class Cleaner:
    """Drops what XML cannot hold, remembering where, so the user is told once per place."""

    def __init__(self) -> None:
        self._dropped: dict[str, int] = {}

    def clean(self, text: str, where: str) -> str:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if X.INVALID_XML_CHARS.search(text) is None:
            return text
        cleaned, n = X.INVALID_XML_CHARS.subn("", text)
        if where:
            self._dropped[where] = self._dropped.get(where, 0) + n
        return cleaned

    def warnings(self) -> list[str]:
        return [
            f"{where}: dropped {n} control character{'s' if n != 1 else ''} "
            "that a Word file cannot hold"
            for where, n in self._dropped.items()
        ]


class Renderer:
    """One draft's paragraphs as a reader sees them: references numbered, items lettered."""

    def __init__(
        self,
        draft: Draft,
        lang: str | None,
        vocab: Vocabulary,
        cleaner: Cleaner,
        *,
        status: bool = True,
    ) -> None:
        self.status = status
        self.draft = draft
        self.lang = lang
        self.vocab = vocab
        self.cleaner = cleaner
        self.numbers = draft.numbers()

    def render(self, text: str, where: str) -> str:
        if "[[" in text:
            word, numbers = self.vocab.principle, self.numbers

            def one(match: re.Match[str]) -> str:
                n = numbers.get(match.group(1))
                return f"{word}\u00a0{n}" if n is not None else f"{word} [{match.group(1)}?]"

            text = CROSS_REF_RE.sub(one, text)
        return self.cleaner.clean(text, where)

    def preamble(self) -> list[Para]:
        """The preamble in the export's language; the source's, tagged as such and noted,
        while it has no translation."""
        document = self.draft.document
        text = document.preamble_in(self.lang)
        pending = bool(self.lang and document.preamble and text == document.preamble)
        lang = document.language if pending else ""
        paras = [
            Para("preamble", para, "p", lang)
            for para in paragraphs(self.render(text, "the preamble"))
        ]
        if pending and paras:
            paras.insert(0, Para("status", self.vocab.translation_pending))
        return paras

    def principle(self, number: int, principle: Principle) -> list[Para]:
        p = principle.localized(self.lang)
        source = self.draft.document.language
        pending = pending_fields(principle, self.lang)

        def lang_of(name: str) -> str:
            return source if name in pending else ""

        where = f"{self.vocab.principle} {number} ({p.id})"
        title = self.render(p.title, where)
        heading = f"{self.vocab.principle}\u00a0{number}" + (f" — {title}" if title else "")
        paras = [Para("heading", heading, "t", lang_of("title"))]
        if pending:
            paras.append(Para("status", self.vocab.translation_pending))
        if self.status and principle.status == "under-discussion":
            paras.append(Para("status", self.vocab.under_discussion))
        body = [
            Para("text", t, "x", lang_of("text")) for t in paragraphs(self.render(p.text, where))
        ]
        body += [
            Para(
                "item",
                f"{item_label(i)}\t{self.render(item, where).strip()}",
                f"i{i + 1}",
                lang_of("items"),
            )
            for i, item in enumerate(p.items)
        ]
        if self.status and principle.status == "bracketed" and body:
            # drafting practice: text not yet agreed stands in square brackets
            first, last = body[0], body[-1]
            if first.kind == "item":
                label, _tab, rest = first.text.partition("\t")
                body[0] = Para(first.kind, f"{label}\t[{rest}", first.field, first.lang)
            else:
                body[0] = Para(first.kind, "[" + first.text, first.field, first.lang)
            body[-1] = Para(body[-1].kind, body[-1].text + "]", last.field, last.lang)
        paras += body
        commentary = paragraphs(self.render(p.commentary, where))
        if commentary:
            paras.append(Para("clabel", self.vocab.commentary))
            paras += [Para("commentary", t, "c", lang_of("commentary")) for t in commentary]
        return paras


def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; single newlines stay as line breaks."""
    if not text.strip():
        return []
    return [p.strip() for p in _PARA_SPLIT.split(text.strip()) if p.strip()]


def languages(draft: Draft) -> set[str]:
    langs = set(draft.document.translations)
    for p in draft.principles.values():
        langs.update(p.translations)
    return langs


def pending_fields(principle: Principle, lang: str | None) -> set[str]:
    """The fields of a translation export still in the source language (not translated)."""
    if not lang:
        return set()
    tr = principle.translations.get(lang)
    found = set()
    for name in ("title", "text", "items", "commentary"):
        if getattr(principle, name) and not (tr is not None and getattr(tr, name)):
            found.add(name)
    return found
