"""Benchmark the cross-file duplicate rule (SL606): time and peak memory at growing corpus sizes.

Generates corpora of ~5 KB documents built from the clauses of tests/fixtures (seeds, fixed,
clean), shuffled into new paragraphs with random character edits, so that most paragraphs are
unique; a share of documents also carry lightly edited copies of paragraphs from a common pool
(the copies the rule should find). Then runs ``sumlint DIR --select SL606`` as a whole process
at each size and prints wall time, peak RSS (the sum over sumlint and its workers, sampled) and
the number of findings. Self-contained: needs only this checkout.

    python bench/cross_file.py [--sizes 1000,2000,4000,8000] [--jobs 2] [--all-rules] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
_CLAUSE_RE = re.compile(r"[^，。！？；]+[，。！？；]")
_FILLER = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"


def clauses() -> list[str]:
    """The distinct clauses (text between ，。！？；) of the fixture documents."""
    out = set()
    for folder in ("seeds", "fixed", "clean"):
        for path in sorted((FIXTURES / folder).glob("*.txt")):
            for c in _CLAUSE_RE.findall(path.read_text(encoding="utf-8").replace(",", "，")):
                c = c.strip(" \t\u3000>\n")
                if 4 <= len(c) <= 40:
                    out.add(c)
    return sorted(out)


def edit(rng: random.Random, text: str, changes: int) -> str:
    chars = list(text)
    for _ in range(changes):
        pos = rng.randrange(len(chars))
        if rng.random() < 0.5:
            chars[pos] = rng.choice(_FILLER)
        else:
            chars.insert(pos, rng.choice(_FILLER))
    return "".join(chars)


def make_paragraph(rng: random.Random, pool: list[str]) -> str:
    text = "".join(rng.sample(pool, rng.randint(5, 14)))
    return edit(rng, text, max(1, len(text) // 15))


def build(out: Path, n: int, seed: int = 7, size: int = 5000) -> tuple[int, int]:
    """n documents under out/; returns the bytes written and the planted copies to find (every
    use of a common paragraph after its first, in a different file)."""
    rng = random.Random(seed)
    pool = clauses()
    shared = [make_paragraph(rng, pool) for _ in range(300)]
    total, users = 0, [set() for _ in shared]
    for i in range(n):
        lines = [f"{rng.choice(['县', '市', '区'])}{rng.choice(['交通运输局', '教育局', '卫健委', '水利局'])}"
                 f"{rng.randint(2015, 2025)}年工作总结"]
        used = 0
        while used < size:
            if rng.random() < 0.03:           # a lightly edited copy of a common paragraph
                pick = rng.randrange(len(shared))
                base = shared[pick]
                para = edit(rng, base, max(1, len(base) // 40))
                users[pick].add(i)
            else:
                para = make_paragraph(rng, pool)
            lines.append(para)
            used += len(para.encode("utf-8"))
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = "\n".join(lines) + "\n"
        (sub / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    planted = sum(max(0, len(u) - 1) for u in users)
    (out / "planted").write_text(str(planted))
    return total, planted


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and its descendants (Linux /proc), in KB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss[int(entry)] = int(line.split()[1])
                        break
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run(corpus: Path, jobs: int, select: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB of the process tree, findings) of one sumlint run."""
    cmd = [sys.executable, "-m", "sumlint", str(corpus), "--format", "json", "--jobs", str(jobs),
           "--exit-zero", *select]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, cwd=ROOT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"sumlint failed: {proc.stderr.read().decode()[:500]}")
        out.seek(0)
        findings = json.loads(out.read().decode("utf-8"))
    return wall, peak / 1024, sum(1 for d in findings if d["code"] == "SL606")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,4000,8000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--all-rules", action="store_true",
                        help="run the default rules too (--cross-file) instead of SL606 alone")
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    opts = parser.parse_args()
    select = ["--cross-file"] if opts.all_rules else ["--select", "SL606"]
    with tempfile.TemporaryDirectory() as tmp:
        base = opts.keep or Path(tmp)
        print(f"jobs={opts.jobs}  rules={'default + SL606' if opts.all_rules else 'SL606'}")
        print(f"{'docs':>6} {'MB':>6} {'wall s':>7} {'peak RSS MB':>12} {'findings':>9} {'planted':>8}")
        for n in (int(x) for x in opts.sizes.split(",")):
            corpus = base / f"corpus{n}"
            if corpus.exists() and (corpus / "planted").exists():
                size = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
                planted = int((corpus / "planted").read_text())
            else:
                size, planted = build(corpus, n)
            wall, peak, found = run(corpus, opts.jobs, select)
            print(f"{n:>6} {size / 1e6:>6.1f} {wall:>7.2f} {peak:>12.0f} {found:>9} {planted:>8}",
                  flush=True)


if __name__ == "__main__":
    main()
