"""How long `drafter translations` takes on the Code civil translated into two languages.

The workspace: the Code civil of 2014 (~2,800 articles, source language fr) with an
English and a Spanish translation of every article written through drafter (5,600
translated principles), saved and tagged; then the real 2015 text of the code as the
working source, translations untouched — so the articles the legislator changed in
between are stale, with real diffs found in the history, and new articles are missing.
Budget (issue 11): 1 second as a whole process, text and JSON alike.
Run: .venv/bin/python bench/bench_translations.py   (exits 1 if over budget)
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from _common import CORPUS, DRAFTER, cached_workspace, median_seconds, require_corpus

BUDGET_SECONDS = 1.0
CODE_CIVIL = CORPUS / "code-civil-fr"


def build(path: Path) -> object:
    from datetime import UTC, datetime

    from drafter import store
    from drafter.history import Identity, meeting_tag
    from drafter.model import Document, Translation
    from drafter.workspace import Workspace
    from tests.corpus import parse_code_civil

    old = parse_code_civil(CODE_CIVIL / "2014-07-01_commit-22196cfc47.txt")
    new = parse_code_civil(CODE_CIVIL / "2015-03-22_commit-a191667dfd.txt")
    ws = Workspace.create(path)
    who = Identity("Corpus Importer", "importer@example.org")
    when = datetime(2014, 7, 1, 12, 0, tzinfo=UTC)
    translated = {}
    for p in old:
        langs = {
            lang: Translation(title=f"[{lang}] {p.title}", text=f"[{lang}] {p.text}")
            for lang in ("en", "es")
        }
        translated[p.id] = ws.write_principle(replace(p, translations=langs))
    ws.write_document(
        Document(
            title="Code civil",
            language="fr",
            translations=("en", "es"),
            order=tuple(p.id for p in old),
        )
    )
    paths = (store.DOCUMENT_FILE, store.PRINCIPLES_DIR, store.MEETINGS_DIR, ".gitignore")
    ws.save("Code civil 2014, translated", author=who, when=when, paths=paths)
    ws.history.tag(meeting_tag("cc-2014"), "Code civil 2014", tagger=who, when=when)
    wanted = {p.id for p in new}
    for existing in (path / store.PRINCIPLES_DIR).glob("*.yaml"):
        if existing.stem not in wanted:
            existing.unlink()
    for p in new:
        before = translated.get(p.id)
        if before is None:
            ws.write_principle(p)
        elif (before.title, before.text) != (p.title, p.text):
            ws.write_principle(replace(p, translations=before.translations))
    ws.write_document(replace(ws.document(), order=tuple(p.id for p in new)))
    return ws


def main() -> int:
    require_corpus()
    ws = cached_workspace("code-civil-translated", build)
    out = subprocess.run(
        [*DRAFTER, "-C", str(ws), "translations", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = json.loads(out)["translations"]
    per = {s: sum(r["state"] == s for r in rows) for s in ("current", "stale", "missing")}
    diffs = sum(
        1 for r in rows for f in r["fields"].values() if f["state"] == "stale" and f["source_diff"]
    )
    print(
        f"Code civil, fr -> en, es: {len(rows)} rows — {per['current']} current, "
        f"{per['stale']} stale ({diffs} stale fields with their diff), {per['missing']} missing"
    )
    failed = False
    for args in ((), ("--format", "json")):
        seconds = median_seconds([*DRAFTER, "-C", str(ws), "translations", *args])
        verdict = "ok" if seconds < BUDGET_SECONDS else "OVER BUDGET"
        failed |= seconds >= BUDGET_SECONDS
        shown = " ".join(("drafter translations", *args))
        print(f"  {shown:<36} median {seconds:.3f} s  (budget {BUDGET_SECONDS:.1f} s)  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
