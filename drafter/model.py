"""Document, Principle and Meeting: the plain data every other module shares.

Numbers are never stored: they derive from the document's ``order``. Cross-references
are written ``[[principle:<id>]]`` and rendered as "Principle N" at display time, so
renumbering never breaks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from drafter.errors import InvalidIdError
from drafter.visible import visible

STATUSES: tuple[str, ...] = ("draft", "under-discussion", "bracketed", "agreed")
ID_RULE = "[a-z0-9][a-z0-9-]{0,63}"
_ID_RE = re.compile(ID_RULE + r"\Z")
_LANG_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\Z")
CROSS_REF_RE = re.compile(r"\[\[principle:([^\]\s]*)\]\]")
TEXT_FIELDS: tuple[str, ...] = ("title", "text", "items", "commentary")


def is_valid_id(value: object) -> bool:
    return isinstance(value, str) and _ID_RE.match(value) is not None


def check_id(value: str, what: str = "id") -> str:
    """Return ``value`` if it may become a file name or ref; raise otherwise."""
    if not is_valid_id(value):
        raise InvalidIdError(
            f"{what} {value!r} is not allowed: use 1-64 lower-case letters, digits and "
            "hyphens, starting with a letter or digit"
        )
    return value


def is_valid_language(value: object) -> bool:
    return isinstance(value, str) and _LANG_RE.match(value) is not None


def slugify(title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A valid, unused id derived from a title ("Right to identity" -> "right-to-identity")."""
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:56].strip("-")
    slug = slug or "principle"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def clean_text(value: str) -> str:
    """Canonical form of a text field: no trailing spaces on lines, no trailing blank lines.

    Trailing whitespace is invisible to readers but would make git diffs noisy and
    force YAML out of block style, so it is never kept. Terminal control characters and
    bidi overrides are shown as visible marks (see :mod:`drafter.visible`): they have no
    place in a principle and could hijack the screen of whoever reads it.
    """
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return visible("\n".join(line.rstrip() for line in lines).strip("\n"))


@dataclass(frozen=True)
class Translation:
    """A principle's text in another language; missing fields fall back to the source.

    ``source`` records, per translated field, a short hash of the source field as it
    stood when the translation was written or confirmed (see ``drafter.translations``):
    a translation is current while the source still hashes to it, stale once it does not.
    """

    title: str = ""
    text: str = ""
    items: tuple[str, ...] = ()
    commentary: str = ""
    source: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Principle:
    id: str
    title: str
    status: str = "draft"
    text: str = ""
    items: tuple[str, ...] = ()
    commentary: str = ""
    tags: tuple[str, ...] = ()
    translations: Mapping[str, Translation] = field(default_factory=dict)

    def field_text(self, name: str, lang: str | None = None) -> str:
        """A field as one string (items joined by newlines), optionally in a translation."""
        source: Principle | Translation = self
        if lang is not None:
            source = self.translations.get(lang, Translation())
        value = getattr(source, name)
        if isinstance(value, tuple):
            return "\n".join(value)
        return str(value)

    def localized(self, lang: str | None) -> Principle:
        """This principle with a translation's fields in place of the source's."""
        if not lang or lang not in self.translations:
            return self
        tr = self.translations[lang]
        return replace(
            self,
            title=tr.title or self.title,
            text=tr.text or self.text,
            items=tr.items or self.items,
            commentary=tr.commentary or self.commentary,
        )


@dataclass(frozen=True)
class Meeting:
    id: str
    name: str
    place: str = ""
    start: date | None = None
    end: date | None = None
    participants: tuple[str, ...] = ()
    notes: str = ""

    @property
    def last_day(self) -> date | None:
        return self.end or self.start

    def label(self, lang: str = "en") -> str:
        """'Experts' Group meeting, Verona, Italy, 20 May 2017' — for draft labels; in
        another language the whole date range in that language."""
        parts = [self.name]
        if self.place:
            parts.append(self.place)
        if lang != "en" and self.start:
            parts.append(date_range(self.start, self.end, lang))
        elif self.last_day:
            parts.append(format_date(self.last_day))
        return ", ".join(parts)


_MONTHS: dict[str, tuple[str, ...]] = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}  # fmt: skip


def format_date(day: date, lang: str = "en") -> str:
    """'20 May 2017', '1er février 2018', '20 de mayo de 2017' (never the machine's locale)."""
    months = _MONTHS.get(lang.split("-")[0])
    if months is None:
        return f"{day.day} {day:%B %Y}"
    month = months[day.month - 1]
    if lang.startswith("es"):
        return f"{day.day} de {month} de {day.year}"
    return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"


def date_range(start: date | None, end: date | None, lang: str = "en") -> str:
    """'18–20 May 2017', '30 January 2018 – 1 February 2018': a meeting's dates.

    In French and Spanish a range within one year names the year once, as the issue's
    "31 janvier – 2 février 2018".
    """
    if start is None:
        return ""
    if end is None or end == start:
        return format_date(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, lang)}"
    if lang != "en" and lang.split("-")[0] in _MONTHS and start.year == end.year:
        first = format_date(start, lang)
        first = first.removesuffix(f" {start.year}").removesuffix(" de")
        return f"{first} – {format_date(end, lang)}"
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


@dataclass(frozen=True)
class DocumentText:
    """The document's title and preamble in another language (``translated:`` in drafter.yaml)."""

    title: str = ""
    preamble: str = ""


@dataclass(frozen=True)
class Document:
    title: str
    language: str = "en"
    translations: tuple[str, ...] = ()
    preamble: str = ""
    order: tuple[str, ...] = ()
    current_meeting: str | None = None
    # for exports: who sends the document, its symbol, and "Original: <language>"
    secretariat: str = ""
    symbol: str = ""
    original_language_note: bool = False
    translated: Mapping[str, DocumentText] = field(default_factory=dict)

    def title_in(self, lang: str | None) -> str:
        """The title in ``lang`` when translated, else the source title."""
        text = self.translated.get(lang or "", DocumentText()).title if lang else ""
        return text or self.title

    def preamble_in(self, lang: str | None) -> str:
        text = self.translated.get(lang or "", DocumentText()).preamble if lang else ""
        return text or self.preamble


Parsed = Document | Principle | Meeting
"""What one file of a workspace holds: drafter.yaml, a principle or a meeting."""


@dataclass(frozen=True)
class Draft:
    """The whole document as it stands at one revision."""

    document: Document
    principles: Mapping[str, Principle]
    meetings: Mapping[str, Meeting] = field(default_factory=dict)

    @cached_property
    def _numbers(self) -> dict[str, int]:
        return {pid: n for n, pid in enumerate(self.document.order, start=1)}

    def numbers(self) -> Mapping[str, int]:
        """{id: number}; computed once per draft (rendering asks for it per field)."""
        return self._numbers

    def number_of(self, pid: str) -> int | None:
        return self._numbers.get(pid)

    def label(self, pid: str, *, width: int = 0) -> str:
        """ "Principle 3 (Best interests of the child)", as a reader names a principle;
        the title cut to ``width`` characters if given."""
        principle = self.principles.get(pid)
        number = self.number_of(pid)
        title = self.render(principle.title) if principle else ""
        if width and len(title) > width:
            title = title[: width - 1].rstrip() + "…"
        head = f"Principle {number}" if number else "A new principle"
        return f"{head} ({title})" if title else head

    def ordered(self) -> Iterator[tuple[int, Principle]]:
        """(number, principle) in document order; an id with no principle keeps its number."""
        for n, pid in enumerate(self.document.order, start=1):
            principle = self.principles.get(pid)
            if principle is not None:
                yield n, principle

    def render(self, text: str) -> str:
        return render_references(text, self.numbers())

    def meetings_by_date(self) -> list[Meeting]:
        return sorted(self.meetings.values(), key=lambda m: (m.start or date.min, m.id))


def render_references(text: str, numbers: Mapping[str, int]) -> str:
    """Replace ``[[principle:id]]`` with "Principle N"; unknown ids stay visible as such."""
    if "[[" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        number = numbers.get(match.group(1))
        return f"Principle {number}" if number is not None else f"Principle [{match.group(1)}?]"

    return CROSS_REF_RE.sub(one, text)


def referenced_ids(text: str) -> list[str]:
    return CROSS_REF_RE.findall(text)


def item_label(index: int) -> str:
    """(a), (b), ... (z), (aa), (ab) ... for lettered sub-items."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return f"({letters})"
