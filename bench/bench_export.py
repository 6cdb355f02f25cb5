"""How long `drafter export` takes compared with pandoc converting the same text to DOCX.

The Code civil (2014-07-01, about 2,800 articles and 168k words) is imported into a
workspace under bench/_work/ (tagged cc-2014, then cc-2015). The same text is written
as Markdown (title, one heading per article, its paragraphs), and both
`drafter export cc-2014` and `pandoc in.md -o out.docx` are timed as whole processes,
median of several runs, in the same run of this script.
Goal (issue 4): drafter at most 0.6x pandoc's time. The redline cc-2014 -> cc-2015 is
measured too, for information.
Goal (issue 12): the redline with per-change authorship at most 1.5x the plain one. A
second workspace reaches cc-2015 through three intermediate revisions (a quarter of the
changed articles each), so the authorship follows the text through four revisions; the
plain redline is the same export with --author (every change credited to one name).
The two are run alternately and compared by CPU time (the machine is shared).
Run: .venv/bin/python bench/bench_export.py   (exits 1 if the goal is missed)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from _common import CORPUS, DRAFTER, WORK, cached_workspace, median_seconds, require_corpus

RUNS = 5
GOAL = 0.6
AUTHORSHIP_GOAL = 1.5
CODE_CIVIL = CORPUS / "code-civil-fr"


def build(path: Path) -> object:
    from tests.corpus import build_series_workspace, parse_code_civil

    versions = [
        ("cc-2014", parse_code_civil(CODE_CIVIL / "2014-07-01_commit-22196cfc47.txt")),
        ("cc-2015", parse_code_civil(CODE_CIVIL / "2015-03-22_commit-a191667dfd.txt")),
    ]
    return build_series_workspace(path, "Code civil", versions)


def alternating(cmds: list[list[str]], runs: int) -> list[tuple[float, float]]:
    """(median wall seconds, median CPU seconds) per command, the commands run in turn.

    On a shared machine the load changes from one second to the next: running the two
    commands alternately exposes both to the same load, and CPU time (the process's own
    user + system time) barely depends on it.
    """
    import resource
    import statistics
    import time

    for cmd in cmds:  # warm-up
        subprocess.run(cmd, capture_output=True, check=True)
    walls: list[list[float]] = [[] for _ in cmds]
    cpus: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for n, cmd in enumerate(cmds):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            walls[n].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[n].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


def build_steps(path: Path) -> object:
    """cc-2014, then the 2015 text of a quarter more of the changed articles per revision."""
    from dataclasses import replace

    from tests.corpus import build_series_workspace, parse_code_civil

    old = parse_code_civil(CODE_CIVIL / "2014-07-01_commit-22196cfc47.txt")
    new = parse_code_civil(CODE_CIVIL / "2015-03-22_commit-a191667dfd.txt")
    newer = {p.id: p for p in new}
    changed = [p.id for p in old if p.id in newer and newer[p.id] != p]
    versions = [("cc-2014", old)]
    for k in (1, 2, 3):
        done = set(changed[: len(changed) * k // 4])
        versions.append((f"cc-step{k}", [replace(newer[p.id]) if p.id in done else p for p in old]))
    versions.append(("cc-2015", new))
    return build_series_workspace(path, "Code civil", versions)


def markdown(ws: Path, rev: str) -> tuple[str, int, int]:
    """The revision's text as Markdown: what pandoc is asked to turn into DOCX."""
    from drafter.workspace import Workspace

    draft = Workspace.open(ws).draft(rev)
    lines = [f"# {draft.document.title}", ""]
    words = 0
    count = 0
    for number, p in draft.ordered():
        count += 1
        lines += [f"## Principle {number} — {p.title}", ""]
        for para in p.text.split("\n\n"):
            lines += [para.replace("\n", "\\\n"), ""]
            words += len(para.split())
        for i, item in enumerate(p.items):
            lines += [f"({chr(97 + i)}) {item}", ""]
            words += len(item.split())
    return "\n".join(lines), count, words


def main() -> int:
    require_corpus()
    if shutil.which("pandoc") is None:
        print("pandoc is not installed: nothing to compare with")
        return 1
    ws = cached_workspace("code-civil-export", build)
    out = WORK / "export-out"
    out.mkdir(exist_ok=True)
    text, count, words = markdown(ws, "cc-2014")
    md = out / "code-civil-2014.md"
    md.write_text(text, encoding="utf-8")

    drafter_cmd = [*DRAFTER, "-C", str(ws), "export", "cc-2014", "-o", str(out / "drafter.docx")]
    pandoc_cmd = ["pandoc", str(md), "-o", str(out / "pandoc.docx")]
    redline_cmd = [
        *DRAFTER,
        "-C",
        str(ws),
        "export",
        "cc-2015",
        "--redline-from",
        "cc-2014",
        "-o",
        str(out / "redline.docx"),
    ]
    ours = median_seconds(drafter_cmd, runs=RUNS)
    theirs = median_seconds(pandoc_cmd, runs=RUNS)
    redline = median_seconds(redline_cmd, runs=RUNS)
    ratio = ours / theirs
    ok = ratio <= GOAL
    size = (out / "drafter.docx").stat().st_size
    print(
        f"Code civil 2014 ({count} principles, {words} words), median of {RUNS} runs, "
        "whole processes\n"
        f"  drafter export cc-2014                  {ours * 1000:7.0f} ms  ({size // 1024} KiB)\n"
        f"  pandoc in.md -o out.docx                {theirs * 1000:7.0f} ms\n"
        f"  ratio                                   {ratio:7.2f}x   goal <= {GOAL}x  "
        f"{'ok' if ok else 'MISSED'}\n"
        f"  drafter export cc-2015 --redline-from cc-2014  {redline * 1000:7.0f} ms "
        "(information)"
    )
    steps = cached_workspace("code-civil-authors", build_steps)
    redline_to = [*DRAFTER, "-C", str(steps), "export", "cc-2015", "--redline-from", "cc-2014"]
    plain_cmd = [*redline_to, "--author", "Secretariat", "-o", str(out / "plain.docx")]
    authors_cmd = [*redline_to, "-o", str(out / "authors.docx")]
    (plain, plain_cpu), (authors, authors_cpu) = alternating([plain_cmd, authors_cmd], RUNS)
    authorship_ratio = authors_cpu / plain_cpu
    authorship_ok = authorship_ratio <= AUTHORSHIP_GOAL
    ok = ok and authorship_ok
    print(
        "Redline cc-2014 -> cc-2015 through 4 revisions (run alternately; median wall / CPU)\n"
        f"  one author (--author Secretariat)       {plain * 1000:7.0f} ms  "
        f"{plain_cpu * 1000:7.0f} ms CPU\n"
        f"  each change by its own revision         {authors * 1000:7.0f} ms  "
        f"{authors_cpu * 1000:7.0f} ms CPU\n"
        f"  ratio (CPU time)                        {authorship_ratio:7.2f}x   goal <= "
        f"{AUTHORSHIP_GOAL}x  {'ok' if authorship_ok else 'MISSED'}"
    )
    check = subprocess.run(
        ["pandoc", str(out / "drafter.docx"), "-t", "plain"], capture_output=True, text=True
    )
    if check.returncode != 0:
        print("pandoc cannot read drafter's file: " + check.stderr.strip())
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
