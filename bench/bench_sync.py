"""How long `drafter sync` takes to merge real revisions of large documents.

A bare remote in a temporary folder; Alice shares the older text, Bob clones it. Alice
brings in the next real version and syncs; Bob meanwhile changes every 10th article
(status) and adds a paragraph to 20 articles, saves, and syncs: that sync fetches, merges
principle by principle, writes the files, commits and pushes. Timed as a whole process.
Documents: the Code civil 2014 -> 2015 (about 2,800 articles, 190k words) and the EU AI
Act v1 -> v3 (85 -> 113 articles, articles inserted and renumbered).
Goal: a sync with a merge of the Code civil under 10 s on these machines.
Run: .venv/bin/python bench/bench_sync.py   (exits 1 if the goal is missed)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from _common import CORPUS, DRAFTER, require_corpus

GOAL_SECONDS = 10.0


def run(*args: str, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run([*DRAFTER, *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"drafter {args[0]} failed: {result.stderr.strip()}")
    return time.perf_counter() - started


def scenario(name: str, old: list, new: list, tmp: Path) -> float:
    from drafter.workspace import Workspace
    from tests.corpus import build_series_workspace

    remote = tmp / f"{name}.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    alice = build_series_workspace(tmp / f"{name}-alice", name, [("old", old)])
    run("-C", str(alice.root), "sync", str(remote))
    run("clone", str(remote), str(tmp / f"{name}-bob"))
    bob = Workspace.open(tmp / f"{name}-bob")
    for p in new:
        alice.write_principle(p)
    alice.write_document(replace(alice.draft().document, order=tuple(p.id for p in new)))
    for stale in set(alice.draft().principles) - {p.id for p in new}:
        (alice.root / "principles" / f"{stale}.yaml").unlink()
    alice.save("Next version")
    run("-C", str(alice.root), "sync")
    for i, p in enumerate(old):
        if i % 10 == 0:
            bob.write_principle(replace(p, status="under-discussion"))
        elif i % 10 == 5 and i < 200:
            bob.write_principle(replace(p, text=f"{p.text}\n\nA note from the group."))
    bob.save("Bob's edits")
    seconds = run("-C", str(bob.root), "sync")
    draft = bob.draft()
    words = sum(len(p.text.split()) for p in draft.principles.values())
    print(
        f"  {name}: {len(old)} -> {len(new)} principles ({words} words): "
        f"drafter sync {seconds:.2f} s (fetch, merge, write, commit, push; whole process)"
    )
    return seconds


def main() -> int:
    require_corpus()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.corpus import parse_ai_act, parse_code_civil

    os.environ.setdefault("GIT_AUTHOR_NAME", "Bench")
    os.environ.setdefault("GIT_AUTHOR_EMAIL", "bench@example.org")
    os.environ.setdefault("GIT_COMMITTER_NAME", "Bench")
    os.environ.setdefault("GIT_COMMITTER_EMAIL", "bench@example.org")
    ai = CORPUS / "eu-ai-act"
    cc = CORPUS / "code-civil-fr"
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        scenario(
            "ai-act",
            parse_ai_act(ai / "v1_2021-04-21_commission-proposal_articles.txt"),
            parse_ai_act(ai / "v3_2024-02-02_coreper-final-compromise_articles.txt"),
            tmp,
        )
        seconds = scenario(
            "code-civil",
            parse_code_civil(cc / "2014-07-01_commit-22196cfc47.txt"),
            parse_code_civil(cc / "2015-03-22_commit-a191667dfd.txt"),
            tmp,
        )
    if seconds > GOAL_SECONDS:
        print(f"  over budget: {seconds:.2f} s > {GOAL_SECONDS} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
