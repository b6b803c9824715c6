"""Build a benchmark corpus: N documents of ~5 KB from the test fixtures, with random defects.

Each document is a few paragraphs drawn from the fixture documents (seeds, fixed, clean), with a
random mix of the defects sumlint looks for injected: watermark lines, placeholders, a wrong
year, a pasted-twice paragraph, a typo. Deterministic for a given seed.

    python bench/make_corpus.py OUT_DIR N [--seed 1] [--size 5000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
DEFECTS = [
    "仅供学习 禁止外传 用后删除",
    "某某文库整理，咨询QQ206157060",
    "本文内容由互联网用户自发贡献，该文观点仅代表作者本人。",
    "现在订阅立享前3年的所有权益和资料",
]
PLACEHOLDERS = ["X", "XX", "20XX年", "***", "某某", "202_年"]


def paragraphs() -> list[str]:
    out = []
    for folder in ("fixed", "clean", "seeds"):
        for path in sorted((FIXTURES / folder).glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if 30 <= len(line) <= 600:
                    out.append(line)
    return out


def make_document(rng: random.Random, pool: list[str], size: int) -> str:
    year = rng.randint(2015, 2025)
    unit = rng.choice(["县交通运输局", "市教育局", "区卫生健康委", "镇人民政府", "街道办事处"])
    lines = [f"{unit}{year}年工作总结", ""]
    total = 0
    while total < size:
        para = rng.choice(pool)
        if rng.random() < 0.05:
            pos = rng.randrange(len(para))
            para = para[:pos] + rng.choice(PLACEHOLDERS) + para[pos:]
        lines.append(para)
        total += len(para.encode("utf-8"))
        if rng.random() < 0.02:
            lines.append(para)          # pasted twice
    if rng.random() < 0.2:
        lines.insert(0, rng.choice(DEFECTS))
    if rng.random() < 0.1:
        lines.append(rng.choice(DEFECTS))
    return "\n".join(lines) + "\n"


def build(out: Path, n: int, seed: int = 1, size: int = 5000) -> int:
    rng = random.Random(seed)
    pool = paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        text = make_document(rng, pool, size)
        (sub / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=5000, help="bytes of text per document")
    args = parser.parse_args()
    total = build(args.out, args.n, args.seed, args.size)
    print(f"{args.n} documents, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
