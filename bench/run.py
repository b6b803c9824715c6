"""Benchmark sumlint as users run it: a whole process over a generated corpus.

Prints wall time, files/s, MB/s (total and per core used), CPU time, peak RSS of the largest
process, and the latency of linting one small file (the pre-commit case).

Shared virtual machines are noisy: the same process can take half again as long from one minute
to the next (a neighbour on the host, not sumlint). So each corpus run is repeated (--runs) and
reported as its fastest and median run, and every report opens with a calibration: the time of
a fixed pure-Python workload on this machine and interpreter, so that figures taken on different
machines or at different times can be compared (a time measured at a calibration of 150 ms is
worth 0.8 of one measured at 120 ms).

    python bench/run.py [--n 1000] [--jobs 2] [--select ...] [--keep DIR]
    python bench/run.py --matrix [--sizes 1000,10000] [--compare]   # the docs/benchmark.md table

--matrix runs the default rules and all rules (--select ALL) at each size, prints one Markdown
row per run and checks that the largest size costs no more than 11x per 10x documents (linear).
--compare adds ripgrep and textlint + prh over the smallest corpus (bench/compare.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import build  # noqa: E402


#: as an installed package runs: Python may keep compiled bytecode (some sandboxes turn it off)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def calibrate(rounds: int = 7) -> float:
    """Milliseconds of a fixed pure-Python workload (dict, str and int work, as a linter does),
    the fastest of ``rounds``: this machine's and interpreter's speed, for comparing figures."""
    best = float("inf")
    words = [f"{i:x}" for i in range(2000)]
    for _ in range(rounds):
        start = time.perf_counter()
        counts: dict[str, int] = {}
        for _ in range(500):
            for w in words:
                counts[w] = counts.get(w, 0) + len(w.upper())
        best = min(best, time.perf_counter() - start)
    return best * 1000


def machine_line() -> str:
    return (f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
            f"calibration {calibrate():.0f} ms (lower is faster)")


def run_sumlint(args: list[str], env: dict | None = None) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS MB, exit code, CPU seconds) of one sumlint process, its worker
    processes included: ``wait4`` gives the usage of this child and of the children it reaped
    (RUSAGE_CHILDREN would give the largest RSS of any earlier run too)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "sumlint", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env or ENV)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if code not in (0, 1):
        sys.exit(f"sumlint failed ({code}): {stderr.decode()[:500]}")
    return wall, usage.ru_maxrss / 1024, code, usage.ru_utime + usage.ru_stime


def measure(corpus: Path, n: int, size: int, jobs: int, select: str | None,
            repeat: int, runs: int = 1) -> dict:
    extra = ["--select", select] if select else []
    extra += ["--no-cache"] if "--no-cache" in _help() else []
    timed = sorted(run_sumlint([str(corpus), "--format", "json", "--jobs", str(jobs), *extra])
                   for _ in range(runs))
    wall, peak, _, cpu = timed[0]                      # the fastest run
    median = timed[len(timed) // 2][0]
    one = next(corpus.rglob("*.txt"))
    with tempfile.TemporaryDirectory() as fresh:
        # the first run on a machine builds the per-user cache (compiled packs, word index)
        first = run_sumlint([str(one), *extra], dict(ENV, SUMLINT_USER_CACHE_DIR=fresh))[0]
    run_sumlint([str(one), *extra])            # warm-up: bytecode and the user's cache exist
    latencies = sorted(run_sumlint([str(one), *extra])[0] for _ in range(repeat))
    mb = size / 1e6
    return {"n": n, "mb": mb, "rules": select or "default", "jobs": jobs, "wall": wall,
            "median": median, "runs": runs, "cpu": cpu, "files_s": n / wall,
            "mb_s_core": mb / wall / jobs, "mb_cpu_s": mb / cpu, "rss": peak,
            "one": latencies[len(latencies) // 2], "first": first}


def matrix(opts) -> None:
    sizes = [int(x) for x in opts.sizes.split(",")]
    rows = []
    print(machine_line() + "\n", flush=True)
    print(f"| documents | MB | rules | jobs | wall (s), fastest of {opts.runs} | median (s) "
          "| files/s | MB/s per core | MB per CPU-second | peak RSS (MB) | one file (s) "
          "| one file, first run on the machine (s) |\n"
          "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {}
        for n in sizes:
            corpora[n] = Path(tmp) / f"c{n}"
            build(corpora[n], n)
        for n in sizes:
            size = sum(p.stat().st_size for p in corpora[n].rglob("*.txt"))
            for select in (None, "ALL"):
                r = measure(corpora[n], n, size, opts.jobs, select, opts.repeat, opts.runs)
                rows.append(r)
                print(f"| {n} | {r['mb']:.1f} | {r['rules']} | {r['jobs']} | {r['wall']:.2f} | "
                      f"{r['median']:.2f} | {r['files_s']:.0f} | {r['mb_s_core']:.2f} | "
                      f"{r['mb_cpu_s']:.2f} | {r['rss']:.0f} | {r['one']:.3f} | "
                      f"{r['first']:.2f} |", flush=True)
        if len(sizes) > 1:
            small, big = sizes[0], sizes[-1]
            for rules in ("default", "ALL"):
                a = next(r for r in rows if r["n"] == small and r["rules"] == rules)["wall"]
                b = next(r for r in rows if r["n"] == big and r["rules"] == rules)["wall"]
                limit = 1.1 * big / small
                print(f"\nlinearity ({rules}): {big} docs / {small} docs = {b / a:.1f}x time "
                      f"(limit {limit:.0f}x): {'ok' if b / a <= limit else 'TOO SLOW'}")
        if opts.compare:
            from compare import compare, print_rows
            print(f"\npattern-only rules over {sizes[0]} documents:\n")
            print_rows(compare(corpora[sizes[0]], opts.jobs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="documents in the corpus")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--select", default=None, help="rules to run (default: the default set)")
    parser.add_argument("--keep", type=Path, default=None, help="build the corpus here and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the one-file latency")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs over the corpus (the fastest and the median are reported)")
    parser.add_argument("--matrix", action="store_true", help="default and ALL rules at --sizes")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--compare", action="store_true", help="also time ripgrep and textlint")
    opts = parser.parse_args()
    if opts.matrix:
        matrix(opts)
        return

    with tempfile.TemporaryDirectory() as tmp:
        corpus = opts.keep or Path(tmp) / "corpus"
        size = build(corpus, opts.n) if not corpus.exists() else sum(
            p.stat().st_size for p in corpus.rglob("*.txt"))
        r = measure(corpus, opts.n, size, opts.jobs, opts.select, opts.repeat, opts.runs)
    print(machine_line())
    print(f"corpus: {opts.n} documents, {r['mb']:.1f} MB; jobs={opts.jobs}; rules={r['rules']}")
    print(f"wall: {r['wall']:.2f} s (fastest of {r['runs']}; median {r['median']:.2f} s)   "
          f"files/s: {r['files_s']:.0f}   MB/s: {r['mb'] / r['wall']:.2f} "
          f"({r['mb_s_core']:.2f} per core)   CPU: {r['cpu']:.2f} s ({r['mb_cpu_s']:.2f} MB per "
          f"CPU-second)   peak RSS: {r['rss']:.0f} MB")
    print(f"one file, whole process: median {r['one']:.3f} s "
          f"(first run on a machine, building the per-user cache: {r['first']:.2f} s)")


def _help() -> str:
    return subprocess.run([sys.executable, "-m", "sumlint", "--help"], capture_output=True,
                          text=True).stdout


if __name__ == "__main__":
    main()
