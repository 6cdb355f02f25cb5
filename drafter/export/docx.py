"""Word documents from drafts: the consolidated text and the redline with tracked changes.

Pure: takes Draft objects and writes a file; knows nothing of git, terminals or Textual.
Only Word's built-in styles (Title, Subtitle, Heading 1, List, Header, Footer, TOC
Heading) plus two named ones (Commentary, Commentary Heading) are used, so a user's
template restyles everything.

A redline is the newer draft's document in which every difference from the older one
is a native tracked change: word-level inside a paragraph kept on both sides, and
whole paragraphs (paragraph mark included) where a paragraph exists on one side only.
"Accept all" then gives exactly the newer text and "Reject all" exactly the older one.
Principles that moved relative to the others are shown deleted where they stood and
inserted where they now stand, because that is the only way rejecting restores the
old order; principles that were merely renumbered stay in place with the number in
their heading tracked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from drafter.authorship import Stamp
from drafter.errors import ExportError
from drafter.export import _xml as X
from drafter.export._align import align
from drafter.export._authors import Attributor
from drafter.export._builder import Builder
from drafter.export._common import (
    VOCABULARIES,
    ChangeStamp,
    ExportOptions,
    Progress,
    TitleInfo,
    Vocabulary,
    original_note,
    vocabulary,
)
from drafter.export._marks import Marking, bookmark_name
from drafter.export._render import Para, Renderer, languages, pending_fields
from drafter.model import Draft, date_range, format_date

__all__ = [
    "VOCABULARIES",
    "ChangeStamp",
    "ExportOptions",
    "Progress",
    "TitleInfo",
    "Vocabulary",
    "check_language",
    "write_consolidated",
    "write_parallel",
    "write_redline",
]


# --------------------------------------------------------------------------- public API


def check_language(draft: Draft, lang: str | None) -> str | None:
    """The translation to export (None: the source text); an unknown one is an error."""
    if not lang or lang == draft.document.language:
        return None
    available = set(draft.document.translations)
    for p in draft.principles.values():
        available.update(p.translations)
    if lang not in available:
        have = [f"{draft.document.language} (source)", *sorted(available)]
        raise ExportError(f"no {lang!r} translation in this document; available: {', '.join(have)}")
    return lang


def write_consolidated(
    draft: Draft,
    path: Path,
    *,
    title: TitleInfo,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    author: str = "drafter",
    marking: Marking | None = None,
) -> list[str]:
    """Write the document as it stands in ``draft``; returns warnings for the user.

    ``author`` becomes the file's creator; ``marking`` its ``drafter.*`` properties (the
    principles are filled in here, in exported order).
    """
    options = options or ExportOptions()
    lang = check_language(draft, options.lang)
    builder = Builder(options, vocabulary(lang or draft.document.language), revisions=None)
    renderer = Renderer(draft, lang, builder.vocab, builder.cleaner, status=options.status)
    builder.title_page(
        [("equal", draft.document.title_in(lang))],
        _with_pending(title, draft, lang, builder.vocab),
        compared=None,
        meetings=meeting_rows(draft, builder.vocab.code),
        corner=_corner(draft, lang, builder.vocab),
    )
    builder.contents()
    for para in renderer.preamble():
        builder.add(para.kind, [("equal", para.text)], bookmark=bookmark_name(0, para.field))
    ordered = list(draft.ordered())
    total = len(ordered) + 1
    tick = _ticker(progress, total)
    for done, (number, principle) in enumerate(ordered, start=1):
        for para in renderer.principle(number, principle):
            builder.add(
                para.kind,
                [("equal", para.text)],
                bookmark=bookmark_name(done, para.field),
                lang=para.lang,
            )
        tick(done)
    builder.finish(
        path,
        header=[title.label],
        doc_title=draft.document.title_in(lang),
        subject=title.label,
        language=lang or draft.document.language,
        author=author,
        marking=_marked(marking, [p.id for _n, p in ordered], lang or draft.document.language),
    )
    tick(total)
    return builder.cleaner.warnings()


def write_parallel(
    draft: Draft,
    path: Path,
    *,
    title: TitleInfo,
    langs: tuple[str, str],
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    author: str = "drafter",
    marking: Marking | None = None,
) -> list[str]:
    """Write two language versions side by side (``--lang en,fr``); returns warnings."""
    from drafter.export._parallel import side_by_side

    options = options or ExportOptions()
    first, second = langs
    source = draft.document.language
    l1, l2 = check_language(draft, first), check_language(draft, second)
    builder = Builder(options, vocabulary(first), revisions=None)
    left = Renderer(draft, l1, builder.vocab, builder.cleaner, status=options.status)
    right = Renderer(draft, l2, vocabulary(second), builder.cleaner, status=options.status)
    builder.title_page(
        [("equal", draft.document.title)],
        title,
        compared=None,
        meetings=meeting_rows(draft, builder.vocab.code),
        corner=_corner(draft, l1, builder.vocab),
    )
    builder.contents()
    pair = (l1 or source, l2 or source)
    side_by_side(builder, left.preamble(), right.preamble(), 0, pair)
    ordered = list(draft.ordered())
    tick = _ticker(progress, len(ordered) + 1)
    for done, (number, principle) in enumerate(ordered, start=1):
        side_by_side(
            builder,
            left.principle(number, principle),
            right.principle(number, principle),
            done,
            pair,
        )
        tick(done)
    builder.finish(
        path,
        header=[title.label],
        doc_title=draft.document.title,
        subject=title.label,
        language=pair[0],
        author=author,
        marking=_marked(marking, [p.id for _n, p in ordered], " ".join(pair)),
    )
    tick(len(ordered) + 1)
    return builder.cleaner.warnings()


def write_redline(
    old: Draft,
    new: Draft,
    path: Path,
    *,
    old_title: TitleInfo,
    new_title: TitleInfo,
    stamp: ChangeStamp,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    history: Sequence[tuple[Draft, Stamp]] | None = None,
    marking: Marking | None = None,
    creator: str | None = None,
) -> list[str]:
    """Write ``new`` with every change from ``old`` as a Word tracked change.

    ``history`` is the draft after each revision from ``old`` to ``new`` (the last one is
    ``new``) with that revision's (author, date): each change is then stamped with the
    revision that made it. Without it, or with one revision, every change has ``stamp``.
    """
    from drafter.diff import compare_drafts, find_renames, layout_steps, word_diff

    options = options or ExportOptions()
    lang = check_language(new, options.lang)
    old_lang = lang if lang in languages(old) else None
    revisions = X.Revisions(stamp.author, stamp.when)
    builder = Builder(options, vocabulary(lang or new.document.language), revisions=revisions)
    cleaner = builder.cleaner
    old_r = Renderer(old, old_lang, builder.vocab, cleaner, status=options.status)
    new_r = Renderer(new, lang, builder.vocab, cleaner, status=options.status)

    stats = compare_drafts(old, new).stats
    summary = _summary(stats, builder.vocab.code)
    title_pieces = word_diff(
        cleaner.clean(old.document.title_in(old_lang), "the title"),
        cleaner.clean(new.document.title_in(lang), ""),
    )
    builder.title_page(
        title_pieces,
        new_title,
        compared=(old_title.label, new_title.label, summary),
        corner=_corner(new, lang, builder.vocab),
        changes_table=True,
    )
    changed_by: dict[str, dict[str, None]] = {}  # heading -> authors, in order of appearance

    def credit(heading: str, pieces: Sequence[X.StampedPiece]) -> None:
        names = changed_by.setdefault(heading, {})
        for piece in pieces:
            if piece[0] != "equal":
                who = piece[2] if len(piece) > 2 else None
                names[who[0] if who else stamp.author] = None

    builder.contents()
    who = None
    if history is not None and len(history) > 1:
        who = Attributor(
            history, lang, builder.vocab, (stamp.author, stamp.when), status=options.status
        )

    def write(
        key: str, previous: str, old_paras: list[Para], new_paras: list[Para], at: int
    ) -> None:
        block = who.block(key, previous, old_paras, new_paras) if who is not None else None
        amended = not (key and previous and same(key))
        heading = (new_paras or old_paras)[0].text if key or previous else ""
        for kind, pieces, mark, field, i, j in align(old_paras, new_paras, word_diff):
            stamped = block.stamp(pieces, i, j) if block is not None else pieces
            if heading and amended:
                credit(heading, stamped)
            lang_of = (new_paras[j] if j is not None else old_paras[i or 0]).lang
            builder.add(
                kind, stamped, mark, bookmark_name(at, field) if field else "", lang=lang_of
            )

    write("", "", old_r.preamble(), new_r.preamble(), 0)

    old_ids = [pid for pid in old.document.order if pid in old.principles]
    new_ids = [pid for pid in new.document.order if pid in new.principles]
    old_num = {pid: n for n, pid in enumerate(old.document.order, start=1)}
    new_num = {pid: n for n, pid in enumerate(new.document.order, start=1)}
    position = {pid: n for n, pid in enumerate(new_ids, start=1)}
    # a renamed principle is one principle: old ids are mapped to the new ones first
    renames = find_renames(
        {p: old.principles[p] for p in old_ids if p not in new.principles},
        {p: new.principles[p] for p in new_ids if p not in old.principles},
    )
    was = {new_id: old_id for old_id, new_id in renames.items()}
    steps = [
        (a or "", b or "") for a, b in layout_steps([renames.get(p, p) for p in old_ids], new_ids)
    ]

    def same(pid: str) -> bool:
        """The principle unchanged but for a new id, if renamed."""
        return replace(old.principles[was.get(pid, pid)], id=pid) == new.principles[pid]

    total = len(steps) + 1
    tick = _ticker(progress, total)
    moved = {a for a, b in steps if a and not b} & {b for a, b in steps if b and not a}
    move_names = {pid: f"move{n}" for n, pid in enumerate(new_ids, start=1) if pid in moved}
    anchors = {a for a, b in steps if a and a == b}  # principles that kept their place
    mapped_old_order = [renames.get(p, p) for p in old.document.order]

    def write_move(pid: str, side: str) -> None:
        """One side of a moved principle: where it stood (old text) or stands (new)."""
        before = was.get(pid, pid)
        old_paras = old_r.principle(old_num[before], old.principles[before])
        new_paras = new_r.principle(new_num[pid], new.principles[pid])
        block = who.block(pid, before, old_paras, new_paras) if who is not None else None
        at = position[pid]
        mover = who.mover(pid, mapped_old_order, anchors) if who is not None else None
        builder.begin_move(side, move_names[pid], mover)
        amended = not same(pid)
        for kind, pieces, _mark, field, i, j in align(old_paras, new_paras, word_diff):
            stamped = block.stamp(pieces, i, j) if block is not None else pieces
            if side == "moveTo" and amended:
                credit(new_paras[0].text, stamped)
            if side == "moveFrom" and i is not None:
                kept = [p for p in stamped if p[0] != "insert"]
                builder.add(
                    kind, kept, "delete" if j is None else side, moved=side, lang=old_paras[i].lang
                )
            elif side == "moveTo" and j is not None:
                kept = [p for p in stamped if p[0] != "delete"]
                mark_to = "insert" if i is None else side
                builder.add(
                    kind,
                    kept,
                    mark_to,
                    bookmark_name(at, field),
                    moved=side,
                    lang=new_paras[j].lang,
                )
        builder.end_move()

    for done, (a, b) in enumerate(steps, start=1):
        if a in moved and not b:
            write_move(a, "moveFrom")
            tick(done)
            continue
        if b in moved and not a:
            write_move(b, "moveTo")
            tick(done)
            continue
        a = was.get(a, a)
        old_paras = old_r.principle(old_num[a], old.principles[a]) if a else []
        new_paras = new_r.principle(new_num[b], new.principles[b]) if b else []
        at = position.get(b, 0)
        if old_paras == new_paras:
            for para in new_paras:
                builder.add(
                    para.kind,
                    [("equal", para.text)],
                    bookmark=bookmark_name(at, para.field),
                    lang=para.lang,
                )
        else:
            write(b, a, old_paras, new_paras, at)
        tick(done)
    builder.changes_table(
        [(heading, ", ".join(names)) for heading, names in changed_by.items() if names]
    )
    header = [new_title.label, f"{builder.vocab.changes_from}: {old_title.label}"]
    builder.finish(
        path,
        header=header,
        doc_title=new.document.title,
        subject=f"{builder.vocab.changes_from} {old_title.label} {builder.vocab.changes_to} "
        f"{new_title.label}",
        language=lang or new.document.language,
        track_revisions=True,
        author=creator or stamp.author,
        marking=_marked(marking, new_ids, lang or new.document.language),
    )
    tick(total)
    return cleaner.warnings()


def _marked(marking: Marking | None, ids: Sequence[str], language: str) -> Marking:
    """The marking with the exported principles and language filled in."""
    return replace(marking or Marking(), principles=tuple(ids), language=language)


def _corner(draft: Draft, lang: str | None, vocab: Vocabulary) -> list[str]:
    """The document symbol and "Original: <language>", when drafter.yaml asks for them."""
    document = draft.document
    lines = [document.symbol] if document.symbol else []
    if document.original_language_note:
        lines.append(original_note(document.language, lang or document.language, vocab))
    return lines


def _with_pending(title: TitleInfo, draft: Draft, lang: str | None, vocab: Vocabulary) -> TitleInfo:
    """The title page says how many principles still wait for their translation."""
    if not lang or lang == draft.document.language:
        return title
    n = sum(1 for _n, p in draft.ordered() if pending_fields(p, lang))
    if not n:
        return title
    count = vocab.pending_one if n == 1 else vocab.pending_many.format(n)
    return replace(title, note=f"{title.note} {count}".strip())


def meeting_rows(draft: Draft, lang: str = "en") -> list[tuple[str, str, str]]:
    """(meeting, dates, place) of each meeting the draft records, by date."""
    rows = []
    for m in draft.meetings_by_date():
        dates = date_range(m.start, m.end, lang) if m.start else ""
        if not dates and m.last_day:
            dates = format_date(m.last_day, lang)
        rows.append((m.name or m.id, dates, m.place))
    return rows


_SUMMARY: dict[str, tuple[str, tuple[str, str, str, str], str, str]] = {
    # (principles, (added, removed, amended, moved only), words "{ins} {dele}", nothing)
    "en": ("Principles", ("added", "removed", "amended", "moved or renumbered only"),
           "Words inserted: {}; deleted: {}.", "No principle changed."),
    "fr": ("Principes", ("ajoutés", "supprimés", "modifiés", "seulement déplacés ou renumérotés"),
           "Mots insérés : {} ; supprimés : {}.", "Aucun principe n'a changé."),
    "es": ("Principios", ("añadidos", "suprimidos", "modificados", "solo desplazados o renumerados"),
           "Palabras insertadas: {}; suprimidas: {}.", "Ningún principio ha cambiado."),
    "de": ("Grundsätze", ("hinzugefügt", "gestrichen", "geändert", "nur verschoben"),
           "Eingefügte Wörter: {}; gestrichen: {}.", "Kein Grundsatz wurde geändert."),
}  # fmt: skip


def _summary(stats: object, lang: str = "en") -> str:
    """'Principles: 2 added, 1 removed, 5 amended; words inserted …', in the export's language."""
    principles, words, counted, nothing = _SUMMARY.get(lang, _SUMMARY["en"])
    parts = []
    for attr_name, word in zip(("added", "removed", "modified", "moved"), words, strict=True):
        n = getattr(stats, attr_name, 0)
        if n:
            parts.append(f"{n} {word}")
    if not parts:
        return nothing
    colon = " :" if lang == "fr" else ":"
    text = f"{principles}{colon} " + ", ".join(parts) + "."
    ins, dele = getattr(stats, "words_inserted", 0), getattr(stats, "words_deleted", 0)
    if ins or dele:
        text += " " + counted.format(ins, dele)
    return text


def _ticker(progress: Progress | None, total: int) -> Callable[[int], None]:
    """Calls ``progress`` about a hundred times at most, whatever the size."""
    if progress is None:
        return lambda done: None
    step = max(1, total // 100)

    def tick(done: int) -> None:
        if done % step == 0 or done >= total:
            progress(done, total)

    return tick
