"""``make eval``: insurescan and plain Presidio side by side on the labelled corpus.

python -m bench.eval [--data eval-data] [--docs 300] [--seed 11]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.run import ROOT, extracted_texts, run_plain_presidio
from scanner.config import Config
from scanner.evaluate import Evaluation, evaluate, load_labels, score_predictions


def side_by_side(ours: Evaluation, plain: Evaluation) -> str:
    names = sorted(set(ours.per_entity) | set(plain.per_entity))
    out = [
        f"{'entity':<24} {'insurescan P/R/F1':>24} {'plain Presidio P/R/F1':>26}",
        "-" * 76,
    ]

    def cell(ev: Evaluation, name: str) -> str:
        s = ev.per_entity.get(name)
        return f"{s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f}" if s else "-"

    for n in names:
        out.append(f"{n:<24} {cell(ours, n):>24} {cell(plain, n):>26}")
    m1, m2 = ours.micro, plain.micro
    out.append("-" * 76)
    out.append(
        f"{'micro':<24} {f'{m1.precision:.2f} / {m1.recall:.2f} / {m1.f1:.2f}':>24} "
        f"{f'{m2.precision:.2f} / {m2.recall:.2f} / {m2.f1:.2f}':>26}"
    )
    out.append(
        f"{'decoys flagged':<24} {f'{ours.decoys_flagged}/{ours.decoys} ({ours.decoy_rate:.1%})':>24} "
        f"{f'{plain.decoys_flagged}/{plain.decoys} ({plain.decoy_rate:.1%})':>26}"
    )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT / "eval-data"))
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    opts = ap.parse_args()
    from fixtures import corpus

    data = Path(opts.data)
    if not (data / "labels.jsonl").exists():
        print(f"generating {opts.docs} labelled documents in {data}", file=sys.stderr)
        corpus.generate(data, docs=opts.docs, seed=opts.seed)
    labels_path = data / "labels.jsonl"
    docs = data / "docs"
    ours = evaluate(labels_path, docs, Config(workers=2))
    texts = extracted_texts(docs)
    _, preds = run_plain_presidio(texts, sorted(texts), budget=float("inf"))
    plain = score_predictions(load_labels(labels_path), preds)
    print(side_by_side(ours, plain))


if __name__ == "__main__":
    main()
