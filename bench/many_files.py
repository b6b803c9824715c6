"""A folder of many small files (default 50,000): discovery + lint as one whole process.

    python bench/many_files.py [--n 50000] [--jobs 2]

The suite runs the same with 5,000 files (tests/test_resilience.py); this is the full-size case.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

BODY = "县交通运输局2023年工作总结\n今年以来，局党组认真贯彻落实各项部署。\n".encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(opts.n):
            sub = os.path.join(tmp, f"d{i // 1000:03d}")
            if i % 1000 == 0:
                os.mkdir(sub)
            with open(os.path.join(sub, f"{i:06d}.txt"), "wb") as fh:
                fh.write(BODY)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "sumlint", "--quiet", "--format", "concise",
                               "--jobs", str(opts.jobs), tmp], capture_output=True, text=True)
        wall = time.perf_counter() - start
    print(f"{opts.n} files, jobs={opts.jobs}: {wall:.1f} s ({opts.n / wall:.0f} files/s), "
          f"exit {proc.returncode}, stderr {len(proc.stderr.splitlines())} lines")
    if proc.returncode != 0 or "Traceback" in proc.stderr:
        sys.exit(proc.stderr[-2000:])


if __name__ == "__main__":
    main()
