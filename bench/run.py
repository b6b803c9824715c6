"""Benchmark sumlint as users run it: a whole process over a generated corpus.

Prints wall time, files/s, MB/s (total and per core used), peak RSS of the largest process, and the
latency of linting one small file (the pre-commit case).

    python bench/run.py [--n 1000] [--jobs 2] [--select ...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import build  # noqa: E402


def run_sumlint(args: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB of the children, exit code) of one sumlint process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sumlint", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        sys.exit(f"sumlint failed ({proc.returncode}): {proc.stderr.decode()[:500]}")
    return wall, max(peak, before) / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="documents in the corpus")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--select", default=None, help="rules to run (default: the default set)")
    parser.add_argument("--keep", type=Path, default=None, help="build the corpus here and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the one-file latency")
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = opts.keep or Path(tmp) / "corpus"
        size = build(corpus, opts.n) if not corpus.exists() else sum(
            p.stat().st_size for p in corpus.rglob("*.txt"))
        extra = ["--select", opts.select] if opts.select else []
        extra += ["--no-cache"] if "--no-cache" in _help() else []
        wall, peak, _ = run_sumlint([str(corpus), "--format", "json", "--jobs", str(opts.jobs), *extra])
        one = next(corpus.rglob("*.txt"))
        latencies = sorted(run_sumlint([str(one), *extra])[0] for _ in range(opts.repeat))
    mb = size / 1e6
    print(f"corpus: {opts.n} documents, {mb:.1f} MB; jobs={opts.jobs}; rules={opts.select or 'default'}")
    print(f"wall: {wall:.2f} s   files/s: {opts.n / wall:.0f}   MB/s: {mb / wall:.2f} "
          f"({mb / wall / opts.jobs:.2f} per core)   peak RSS: {peak:.0f} MB")
    print(f"one file, whole process: median {latencies[len(latencies) // 2]:.3f} s")


def _help() -> str:
    return subprocess.run([sys.executable, "-m", "sumlint", "--help"], capture_output=True,
                          text=True).stdout


if __name__ == "__main__":
    main()
