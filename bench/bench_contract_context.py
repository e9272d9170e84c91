"""A 100-page contract end to end, and what the judgement in context costs.

    .venv/bin/python bench/bench_contract_context.py [--repeats 3]

1. `tone-analyzer analyze contract.pdf --db fresh.duckdb` as a fresh process (start-up, PDF extraction, segmenting,
   scoring, the judgement in context, the store and the aggregates): wall seconds, median of the repeats.
2. In process, after a warm-up: segments/s of scoring alone and of scoring + judgement on the same segments, and the
   judgement's own seconds (parties, clause types, the spaCy parse of typed clauses, mirrors, decision).
The contract is bench/gen_inputs.py's generated 100-page services agreement.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _common import PYTHON, generated_inputs, machine, median, timed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ctx-") as tmp:
        pdf = generated_inputs(Path(tmp), messages=10, pages=100)["pdf"]
        cli = str(Path(PYTHON).with_name("tone-analyzer"))
        walls = []
        for k in range(a.repeats):
            db = Path(tmp) / f"r{k}.duckdb"
            walls.append(timed([cli, "analyze", str(pdf), "--db", str(db)])["wall_s"])

        from analyzer.context.judge import judge_contract
        from analyzer.detect.model import load_model
        from analyzer.extract import ExtractStats, Extracted, extract
        from analyzer.scoring import score_extracted

        model = load_model()
        items = [it for it in extract([pdf], ExtractStats()) if isinstance(it, Extracted)]
        n = sum(len(it.segments) for it in items)
        score_extracted(items, model)  # warm-up: models, spaCy pipeline, caches
        plain, judged, judge_only = [], [], []
        for _ in range(a.repeats):
            t = time.perf_counter()
            ads = score_extracted(items, model, judge=False)
            plain.append(time.perf_counter() - t)
            t = time.perf_counter()
            for ad in ads:
                judge_contract(ad, model.source_folder)
            judge_only.append(time.perf_counter() - t)
            t = time.perf_counter()
            score_extracted(items, model)
            judged.append(time.perf_counter() - t)
    out = {"machine": machine(), "segments": n, "pages": 100,
           "cli_analyze_wall_s": round(median(walls), 2),
           "scoring_seg_per_s": round(n / median(plain)), "scoring_and_judgement_seg_per_s": round(n / median(judged)),
           "judgement_s": round(median(judge_only), 2)}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
