"""The ``drafter translations`` commands: states, confirm, and XLIFF out and in."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from drafter.cli._common import Command

if TYPE_CHECKING:
    from drafter.diff import Piece
    from drafter.model import Draft
    from drafter.translations import TranslationState

FIELDS = ("title", "text", "items", "commentary")  # as drafter.translations.FIELDS
CONTEXT_WORDS = 8  # unchanged words kept on each side of a change in the text output


def register(command: Command) -> None:
    p = command(
        "translations",
        cmd_states,
        "translation states (current, stale, missing) and what changed in the source since",
    )
    p.add_argument("--lang", metavar="L", help="only this language (default: every one listed)")
    p.add_argument("--principle", metavar="ID", help="only this principle (every state shown)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal and NO_COLOR unset)",
    )
    sub = p.add_subparsers(dest="translations_command", metavar="ACTION")

    c = sub.add_parser(
        "confirm",
        help="mark a translation current without changing it (the source edit needs none)",
        description="Mark a translation current without changing it: for a source edit "
        "that needs no re-translation, such as a fixed link or typo.",
    )
    c.set_defaults(handler=cmd_confirm)
    c.add_argument("id", metavar="ID", nargs="?", help="the principle's id")
    c.add_argument("--lang", dest="confirm_lang", metavar="L", required=True)
    c.add_argument(
        "--unconfirmed",
        action="store_true",
        help="only fields nothing records the source of (translations written before "
        "drafter kept records, or by hand); without ID, in every principle",
    )
    c.add_argument(
        "--field",
        dest="confirm_fields",
        action="append",
        choices=FIELDS,
        help="only this field (repeat for several; default: every translated field)",
    )

    e = sub.add_parser(
        "export",
        help="write an XLIFF 1.2 file for a translator's CAT tool",
        description="Write an XLIFF 1.2 file: every source field, its current translation "
        "and, for a stale one, a note with what changed in the source.",
    )
    e.set_defaults(handler=cmd_export)
    e.add_argument("--lang", dest="export_lang", metavar="L", required=True)
    e.add_argument("--stale", action="store_true", help="only fields that are stale or missing")
    e.add_argument("--principle", dest="export_principle", metavar="ID", help="only this one")
    e.add_argument("-o", "--output", metavar="FILE.xlf", help="default: exports/<lang>.xlf")

    i = sub.add_parser(
        "import",
        help="bring translations back from an XLIFF file (written files, not yet saved)",
        description="Bring translations back from an XLIFF file made by drafter "
        "translations export. A unit whose source changed since the export is reported, "
        "not applied.",
    )
    i.set_defaults(handler=cmd_import)
    i.add_argument("file", metavar="FILE.xlf")


# --------------------------------------------------------------------------- states


def cmd_states(args: argparse.Namespace) -> int:
    from drafter.translations_cache import workspace_states
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    draft, rows, titles = workspace_states(ws, lang=args.lang, principle=args.principle)
    if args.format == "json":
        out = json.dumps({"translations": [_row_json(r) for r in rows]}, ensure_ascii=False)
        sys.stdout.write(out + "\n")
    else:
        color = _use_color(args.color)
        every = args.principle is not None
        sys.stdout.write(render_text(draft, rows, titles, every=every, color=color))
    sys.stdout.flush()
    return 0


def _row_json(row: TranslationState) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, f in row.fields.items():
        entry: dict[str, Any] = {
            "state": f.state,
            "source_diff": [[op, text] for op, text in f.source_diff],
        }
        if f.unconfirmed:
            entry["unconfirmed"] = True
        fields[name] = entry
    return {"principle": row.principle, "lang": row.lang, "state": row.state, "fields": fields}


def render_text(
    draft: Draft,
    rows: list[TranslationState],
    titles: Mapping[str, str],
    *,
    every: bool = False,
    color: bool = False,
) -> str:
    """Counts per language, then each principle that needs work (``every``: all shown)."""
    from drafter.translations import counts, language_name

    lines = []
    source = language_name(draft.document.language)
    for lang, per in counts(rows).items():
        lines.append(
            f"{lang}: {per['current']} current, {per['stale']} stale, {per['missing']} missing"
            f" (of {sum(per.values())} principle{'' if sum(per.values()) == 1 else 's'})"
        )
    if not rows:
        langs = draft.document.translations
        return (
            "no translation languages: list them in drafter.yaml, e.g. translations: [fr, es]\n"
            if not langs
            else "no principles yet\n"
        )
    shown = [r for r in rows if every or r.state != "current"]
    current_pid = None
    for row in shown:
        if row.principle != current_pid:
            current_pid = row.principle
            pid = row.principle
            number = draft.number_of(pid)
            label = f"Principle {number} — " if number else ""
            title = draft.render(titles.get(pid, pid))
            lines += ["", _bold(f"{label}{title} ({pid})", color)]
        lines += _row_lines(draft, row, source, color)
    if not shown:
        lines += ["", "Every translation is current."]
    unconfirmed = sorted({r.lang for r in rows for f in r.fields.values() if f.unconfirmed})
    for lang in unconfirmed:
        count = sum(f.unconfirmed for r in rows if r.lang == lang for f in r.fields.values())
        lines += [
            "",
            f"{count} {lang} fields have no record of the text they translate (written before "
            "drafter kept records, or by hand). Once checked, confirm them all with: "
            f"drafter translations confirm --lang {lang} --unconfirmed",
        ]
    return "\n".join(lines) + "\n"


def _row_lines(draft: Draft, row: TranslationState, source: str, color: bool) -> list[str]:
    from drafter.translations import MISSING, STALE

    missing = [f.name for f in row.fields.values() if f.state == MISSING]
    head = f"  {row.lang}: {row.state}"
    if row.state == "current":
        return [head]
    if len(missing) == len(row.fields):
        return [f"{head} — not translated yet"]
    lines = [head + (f" — not translated: {', '.join(missing)}" if missing else "")]
    for f in row.fields.values():
        if f.state != STALE:
            continue
        if f.unconfirmed:
            lines.append(
                f"    {f.name}: nothing records which {source} text it translates; if it is "
                f"right, run: drafter translations confirm {row.principle} --lang {row.lang} "
                f"--field {f.name}"
            )
        elif not f.source_diff:
            lines.append(
                f"    {f.name}: the {source} changed since it was translated "
                "(that earlier text is not in the saved history)"
            )
        else:
            lines.append(f"    {f.name}: the {source} changed since it was translated:")
            lines += ["      " + line for line in _diff_lines(draft, list(f.source_diff), color)]
    return lines


def _diff_lines(draft: Draft, pieces: list[Piece], color: bool) -> list[str]:
    """The change inline; unchanged paragraphs left out, long unchanged stretches shortened."""
    out = []
    last = len(pieces) - 1
    for i, (op, text) in enumerate(pieces):
        shown = draft.render(text)
        if op == "equal":
            lines = shown.split("\n")  # paragraphs, and lettered items (one per line)
            if len(lines) == 1:
                shown = _words(shown, keep_start=i != 0, keep_end=i != last)
            else:  # only the lines next to a change, cut to the words next to it
                head = _words(lines[0], keep_start=True, keep_end=False)
                tail = _words(lines[-1], keep_start=False, keep_end=True)
                if i == 0:
                    shown = tail
                elif i == last:
                    shown = head
                else:
                    shown = f"{head}\n{tail}"
            out.append(shown)
        elif color:
            code = "\x1b[31;9m" if op == "delete" else "\x1b[32;4m"
            out.append(code + shown + "\x1b[0m")
        else:
            out.append(f"[-{shown}-]" if op == "delete" else f"{{+{shown}+}}")
    return "".join(out).split("\n")


def _words(text: str, *, keep_start: bool, keep_end: bool) -> str:
    """An unchanged stretch cut to the words next to the changes it touches."""
    words = text.split(" ")
    if keep_start and keep_end:
        if len(words) <= 2 * CONTEXT_WORDS + 1:
            return text
        return " ".join(words[:CONTEXT_WORDS]) + " … " + " ".join(words[-CONTEXT_WORDS:])
    if len(words) <= CONTEXT_WORDS + 1:
        return text
    if keep_start:
        return " ".join(words[:CONTEXT_WORDS]) + " …"
    if keep_end:
        return "… " + " ".join(words[-CONTEXT_WORDS:])
    return ""


def _bold(text: str, color: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if color else text


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


# --------------------------------------------------------------------------- confirm


def cmd_confirm(args: argparse.Namespace) -> int:
    from drafter.errors import DrafterError
    from drafter.model import check_id
    from drafter.translations import confirm, languages
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    if args.unconfirmed:
        return _confirm_unconfirmed(ws, args)
    if not args.id:
        raise DrafterError(
            "confirm: name the principle (drafter translations confirm ID --lang L), or "
            "confirm every translation nothing records the source of with --unconfirmed"
        )
    draft, principle = ws.principle(check_id(args.id, "principle id"))
    lang = languages(draft, args.confirm_lang)[0]
    confirmed, changed = confirm(principle, lang, args.confirm_fields)
    label = _label(draft, principle.id)
    if not changed:
        sys.stdout.write(f"The {lang} translation of {label} was already current.\n")
        return 0
    ws.write_principle(confirmed)
    sys.stdout.write(
        f"Confirmed the {lang} translation of {label}: {', '.join(changed)} — now current "
        "(not yet saved: drafter save).\n"
    )
    return 0


def _confirm_unconfirmed(ws: Any, args: argparse.Namespace) -> int:
    """Bulk confirm for translations written before drafter kept records (after checking)."""
    from drafter.model import check_id
    from drafter.translations import confirm, languages, translation_state

    if args.id:
        draft, _ = ws.principle(check_id(args.id, "principle id"))
        ids = [args.id]
    else:
        draft = ws.draft()
        ids = [p.id for _n, p in draft.ordered()]
    lang = languages(draft, args.confirm_lang)[0]
    done = []
    for pid in ids:
        p = draft.principles[pid]
        names = [
            f.name
            for f in translation_state(p, lang).fields.values()
            if f.unconfirmed and (not args.confirm_fields or f.name in args.confirm_fields)
        ]
        if names:
            ws.write_principle(confirm(p, lang, names)[0])
            done.append(f"{_label(draft, pid)}: {', '.join(names)}")
    if not done:
        sys.stdout.write(f"No {lang} translation was unconfirmed.\n")
        return 0
    sys.stdout.write(f"Confirmed {len(done)} {lang} translations (not yet saved: drafter save):\n")
    for line in done:
        sys.stdout.write(f"  {line}\n")
    return 0


def _label(draft: Draft, pid: str) -> str:
    number = draft.number_of(pid)
    return f"Principle {number} ({pid})" if number else pid


# --------------------------------------------------------------------------- XLIFF


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from drafter import store
    from drafter.translations_xliff import export_xliff
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    target = (
        Path(args.output)
        if args.output
        else ws.root / store.EXPORTS_DIR / f"{args.export_lang}.xlf"
    )
    count = export_xliff(
        ws, args.export_lang, target, stale_only=args.stale, principle=args.export_principle
    )
    sys.stdout.write(f"Wrote {count} units for {args.export_lang} to {target}\n")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from drafter.translations_xliff import import_xliff
    from drafter.workspace import Workspace

    ws = Workspace.open(args.C)
    report = import_xliff(ws, Path(args.file))
    for line in report.lines():
        sys.stdout.write(line + "\n")
    return 0
