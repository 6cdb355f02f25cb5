"""Comparing stays fast on any text: the extreme cases of issue 9, diff and sync merge.

Two workspaces, each with one principle in two tagged revisions, built from the Code
civil's words (real French legal prose, repeated words and all):
  - 200,000 words in 2,000 paragraphs, every third word changed;
  - one paragraph of 50,000 words, every third word changed.
For each: `git diff --word-diff` and `drafter diff --format json` between the same two
tags, as whole processes run alternately, and the ratio; then a sync merge of the same
edit: Alice changes every third word, Bob adds a paragraph at the start of the same
principle, both sync through a bare remote; Bob's sync (fetch, merge, write, commit,
push) is timed and must give both edits.
Goals (issue 9): drafter diff within 20x of git; the sync merge within 5 s.
Run: .venv/bin/python bench/bench_extreme_diff.py   (exits 1 if a goal is missed)
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import CORPUS, DRAFTER, cached_workspace, interleaved_medians, require_corpus

RUNS = 3
DIFF_GOAL = 20.0
MERGE_GOAL_SECONDS = 5.0
SOURCE = CORPUS / "code-civil-fr" / "2014-07-01_commit-22196cfc47.txt"
BOB_NOTE = "A note from the group, added before the first paragraph.\n\n"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update(
    GIT_AUTHOR_NAME="Bench",
    GIT_AUTHOR_EMAIL="bench@example.org",
    GIT_COMMITTER_NAME="Bench",
    GIT_COMMITTER_EMAIL="bench@example.org",
)


def corpus_words() -> list[str]:
    text = SOURCE.read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->|^Article .*$|^-+$", " ", text, flags=re.MULTILINE)
    return text.split()


def paragraphs(total: int, count: int) -> str:
    """``total`` words of the Code civil in ``count`` paragraphs (wrapping around)."""
    source = corpus_words()
    per = total // count
    out = []
    for n in range(count):
        start = n * per
        out.append(" ".join(source[(start + i) % len(source)] for i in range(per)))
    return "\n\n".join(out)


def every_third_word_changed(text: str, seed: int = 9) -> str:
    """Every third word replaced by another word of the same vocabulary."""
    rnd = random.Random(seed)
    vocabulary = corpus_words()[:20000]
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        if count % 3:
            return match.group(0)
        while True:
            other = rnd.choice(vocabulary)
            if other != match.group(0):
                return other

    return re.sub(r"\S+", one, text)


def principle(text: str) -> object:
    from drafter.model import Principle

    return Principle(id="extreme", title="A very long principle", text=text)


def build(text: str) -> object:
    def make(path: Path) -> object:
        from tests.corpus import build_series_workspace

        return build_series_workspace(
            path,
            "Extreme comparing",
            [
                ("before", [principle(text)]),
                ("after", [principle(every_third_word_changed(text))]),
            ],
        )

    return make


def drafter(*args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([*DRAFTER, *args], capture_output=True, text=True, env=ENV)
    if result.returncode != 0:
        sys.exit(f"drafter {args[2] if args[0] == '-C' else args[0]} failed: {result.stderr}")
    return time.perf_counter() - started


def sync_merge(text: str, tmp: Path) -> tuple[float, bool]:
    """Seconds of Bob's sync that merges Alice's every-third-word edit with his own."""
    from dataclasses import replace

    from drafter.workspace import Workspace
    from tests.corpus import build_series_workspace

    remote = tmp / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    alice = build_series_workspace(
        tmp / "alice", "Extreme comparing", [("base", [principle(text)])]
    )
    drafter("-C", str(alice.root), "sync", str(remote))
    drafter("clone", str(remote), str(tmp / "bob"))
    bob = Workspace.open(tmp / "bob")
    changed = every_third_word_changed(text)
    alice.write_principle(principle(changed))  # type: ignore[arg-type]
    alice.save("Every third word")
    drafter("-C", str(alice.root), "sync")
    mine = bob.draft().principles["extreme"]
    bob.write_principle(replace(mine, text=BOB_NOTE + mine.text))
    bob.save("A note first")
    seconds = drafter("-C", str(bob.root), "sync")
    merged = Workspace.open(tmp / "bob").draft().principles["extreme"].text
    return seconds, merged == BOB_NOTE + changed


CASES = [
    ("extreme-200k-words-2000-paragraphs", 200_000, 2_000),
    ("extreme-50k-words-one-paragraph", 50_000, 1),
]


def main() -> int:
    require_corpus()
    failed = False
    print(
        f"median of {RUNS} runs, whole processes, drafter and git run alternately; "
        "every third word changed"
    )
    for name, total, count in CASES:
        text = paragraphs(total, count)
        ws = cached_workspace(name, build(text))
        drafter_cmd = [*DRAFTER, "-C", str(ws), "diff", "before", "after", "--format", "json"]
        git_cmd = ["git", "-C", str(ws), "diff", "--word-diff", "meeting/before", "meeting/after"]
        out = subprocess.run(drafter_cmd, capture_output=True, text=True, check=True, env=ENV)
        stats = json.loads(out.stdout)["stats"]
        ours, theirs = interleaved_medians(drafter_cmd, git_cmd, runs=RUNS, env=ENV)
        ratio = ours / theirs
        ok = ratio <= DIFF_GOAL
        failed |= not ok
        with tempfile.TemporaryDirectory() as folder:
            seconds, merged = sync_merge(text, Path(folder))
        merge_ok = seconds <= MERGE_GOAL_SECONDS and merged
        failed |= not merge_ok
        print(
            f"{total:,} words in {count:,} paragraph{'s' if count > 1 else ''} "
            f"({stats['words_inserted']:,} words inserted, {stats['words_deleted']:,} deleted)\n"
            f"  drafter diff --format json  {ours * 1000:7.0f} ms\n"
            f"  git diff --word-diff        {theirs * 1000:7.0f} ms\n"
            f"  ratio                       {ratio:7.1f}x   goal <= {DIFF_GOAL:.0f}x  "
            f"{'ok' if ok else 'MISSED'}\n"
            f"  drafter sync with merge     {seconds * 1000:7.0f} ms   goal <= "
            f"{MERGE_GOAL_SECONDS:.0f} s  {'ok' if merge_ok else 'MISSED'}"
            + ("" if merged else "  (the merge lost an edit)")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
