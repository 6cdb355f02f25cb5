"""Shared helpers for the benchmark scripts: corpus workspaces and whole-process timing."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "_work"
sys.path.insert(0, str(REPO))

from tests.corpus import CORPUS  # noqa: E402

DRAFTER = [sys.executable, "-m", "drafter"]


def cached_workspace(name: str, build: Callable[[Path], object]) -> Path:
    """Build a workspace once under bench/_work/; reuse it on later runs."""
    path = WORK / name
    marker = path / ".git" / "bench-complete"
    if not marker.exists():
        import shutil

        shutil.rmtree(path, ignore_errors=True)
        started = time.perf_counter()
        build(path)
        marker.write_text("ok\n")
        print(f"  (built {name} in {time.perf_counter() - started:.1f} s)")
    return path


def median_seconds(cmd: Sequence[str], *, runs: int = 5, cwd: Path | None = None) -> float:
    """Median wall time of a whole process, after one warm-up run."""
    subprocess.run(cmd, cwd=cwd, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def require_corpus() -> None:
    if not CORPUS.exists():
        sys.exit(f"the corpus is not at {CORPUS}: nothing to measure")


def interleaved_medians(
    a: Sequence[str], b: Sequence[str], *, runs: int, env: Mapping[str, str]
) -> tuple[float, float]:
    """Median wall times of two whole processes, run alternately after a warm-up.

    Alternating means a busy machine slows both alike, so the ratio stays meaningful.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for cmd in (a, b):
        subprocess.run(cmd, capture_output=True, check=True, env=env)
    for _ in range(runs):
        for cmd, bucket in zip((a, b), times, strict=True):
            started = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True, env=env)
            bucket.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])
