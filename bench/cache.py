"""Measure the result cache: a cold run, then a second run over the unchanged corpus.

    python bench/cache.py [--n 10000] [--jobs N] [--format json] [--keep DIR]

Builds the corpus with make_corpus.py (in a temporary folder unless --keep), runs sumlint as a
whole process three times — without the cache, with a cold cache, with a warm cache — checks the
outputs are byte-identical, and prints the times and the speed-up. Then one file is edited and the
run repeated, to show that only that file is linted again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import build  # noqa: E402


def timed(args: list[str], cwd: Path) -> tuple[float, bytes]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sumlint", *args], cwd=cwd,
                          capture_output=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"sumlint failed ({proc.returncode}): {proc.stderr.decode()[:500]}")
    return wall, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents in the corpus")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--format", default="json")
    parser.add_argument("--keep", type=Path, default=None, help="build the corpus here and keep it")
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = opts.keep or Path(tmp)
        corpus = work / "corpus"
        if not corpus.exists():
            build(corpus, opts.n)
        shutil.rmtree(work / ".sumlint_cache", ignore_errors=True)
        (work / "sumlint.toml").write_text("", encoding="utf-8")   # no stray config upward
        common = ["corpus", "--format", opts.format, "--jobs", str(opts.jobs)]
        plain, out_plain = timed(common + ["--no-cache"], work)
        cold, out_cold = timed(common, work)
        warm, out_warm = timed(common, work)
        one = sorted(corpus.rglob("*.txt"))[opts.n // 2]
        one.write_text(one.read_text(encoding="utf-8") + "请在XX日报发稿。\n", encoding="utf-8")
        edited, _ = timed(common, work)
        cache_size = sum(p.stat().st_size for p in (work / ".sumlint_cache").iterdir())
    identical = out_plain == out_cold == out_warm
    print(f"corpus: {opts.n} documents; jobs={opts.jobs}; format={opts.format}")
    print(f"no cache:    {plain:7.2f} s")
    print(f"cold cache:  {cold:7.2f} s   (lints everything and writes the cache)")
    print(f"warm cache:  {warm:7.2f} s   = {warm / cold:.3f} of the cold run "
          f"({cold / warm:.1f}x faster)")
    print(f"one edited:  {edited:7.2f} s")
    print(f"cache file:  {cache_size / 1e6:.1f} MB; outputs identical: {identical}")
    if not identical:
        sys.exit("outputs differ between cached and uncached runs")


if __name__ == "__main__":
    main()
