"""How long `drafter diff --format json` takes compared with `git diff --word-diff`.

Both are timed as whole processes between the same two meeting tags of workspaces built
from real drafts: the EU AI Act (v1 -> v2, v1 -> v3) and the Code civil (2014 -> 2015).
Goals (issue 3): within 15x of git on AI Act v1 -> v3, within 25x on the Code civil.
Run: .venv/bin/python bench/bench_diff.py   (exits 1 if a goal is missed)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _common import CORPUS, DRAFTER, cached_workspace, interleaved_medians, require_corpus

RUNS = 9
AI_ACT = CORPUS / "eu-ai-act"
CODE_CIVIL = CORPUS / "code-civil-fr"


def build_ai_act(path: Path) -> object:
    from tests.corpus import build_series_workspace, parse_ai_act

    versions = [
        ("ai-act-v1", parse_ai_act(AI_ACT / "v1_2021-04-21_commission-proposal_articles.txt")),
        ("ai-act-v2", parse_ai_act(AI_ACT / "v2_2022-11-25_council-general-approach_articles.txt")),
        ("ai-act-v3", parse_ai_act(AI_ACT / "v3_2024-02-02_coreper-final-compromise_articles.txt")),
    ]
    return build_series_workspace(path, "Artificial Intelligence Act", versions)


def build_code_civil(path: Path) -> object:
    from tests.corpus import build_series_workspace, parse_code_civil

    versions = [
        ("cc-2014", parse_code_civil(CODE_CIVIL / "2014-07-01_commit-22196cfc47.txt")),
        ("cc-2015", parse_code_civil(CODE_CIVIL / "2015-03-22_commit-a191667dfd.txt")),
    ]
    return build_series_workspace(path, "Code civil", versions)


# As on any installed copy, Python may cache drafter's compiled bytecode (these machines
# set PYTHONDONTWRITEBYTECODE, which makes every run recompile drafter: ~20-35 ms).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# (workspace name, builder, from tag, to tag, goal ratio or None for information only)
CASES = [
    ("ai-act", build_ai_act, "ai-act-v1", "ai-act-v2", None),
    ("ai-act", build_ai_act, "ai-act-v1", "ai-act-v3", 15.0),
    ("code-civil-2014-2015", build_code_civil, "cc-2014", "cc-2015", 25.0),
]


def main() -> int:
    require_corpus()
    failed = False
    print(
        f"median of {RUNS} runs, whole processes, drafter and git run alternately "
        "(drafter's bytecode cached, as on any installed copy)"
    )
    for name, build, a, b, goal in CASES:
        ws = cached_workspace(name, build)
        count = len(list((ws / "principles").glob("*.yaml")))
        drafter_cmd = [*DRAFTER, "-C", str(ws), "diff", a, b, "--format", "json"]
        git_cmd = ["git", "-C", str(ws), "diff", "--word-diff", f"meeting/{a}", f"meeting/{b}"]
        out = subprocess.run(drafter_cmd, capture_output=True, text=True, check=True).stdout
        stats = json.loads(out)["stats"]
        ours, theirs = interleaved_medians(drafter_cmd, git_cmd, runs=RUNS, env=ENV)
        ratio = ours / theirs
        verdict = ""
        if goal is not None:
            ok = ratio <= goal
            failed |= not ok
            verdict = f"goal <= {goal:.0f}x  {'ok' if ok else 'MISSED'}"
        print(
            f"{a} -> {b} ({count} principles; {stats['modified']} modified, "
            f"{stats['added']} added, {stats['removed']} removed, {stats['moved']} moved)\n"
            f"  drafter diff --format json  {ours * 1000:7.1f} ms\n"
            f"  git diff --word-diff        {theirs * 1000:7.1f} ms\n"
            f"  ratio                       {ratio:7.1f}x   {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
