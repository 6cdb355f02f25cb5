"""How long `drafter check` and `drafter list` take on the Code civil (~2,800 principles).

Budget (issue 2): under 1 second each, as whole processes, on these 2-core machines.
Run: .venv/bin/python bench/bench_core.py
"""

from __future__ import annotations

import sys

from _common import CORPUS, DRAFTER, cached_workspace, median_seconds, require_corpus

BUDGET_SECONDS = 1.0


def build(path):  # type: ignore[no-untyped-def]
    from tests.corpus import build_series_workspace, parse_code_civil

    articles = parse_code_civil(CORPUS / "code-civil-fr" / "2014-07-01_commit-22196cfc47.txt")
    return build_series_workspace(path, "Code civil", [("cc-2014", articles)])


def main() -> int:
    require_corpus()
    ws = cached_workspace("code-civil-2014", build)
    count = len(list((ws / "principles").glob("*.yaml")))
    print(f"Code civil workspace: {count} principles")
    failed = False
    for command in ("check", "list"):
        seconds = median_seconds([*DRAFTER, "-C", str(ws), command])
        verdict = "ok" if seconds < BUDGET_SECONDS else "OVER BUDGET"
        failed |= seconds >= BUDGET_SECONDS
        print(
            f"  drafter {command:<6} median {seconds:.3f} s  (budget {BUDGET_SECONDS:.1f} s)  {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
