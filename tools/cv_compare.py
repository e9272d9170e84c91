"""Model choice on real data: grouped cross-validation over disputes for each model kind and team-corpus weight.

Each configuration is trained with the shipping recipe (analyzer.train.fit.train_model): the `rest` disputes, neutral
Enron mail and Parakweet's dev part are cross-fitted in 5 folds grouped by dispute / message; thresholds are tuned on
the pooled out-of-fold scores under the false-alarm budget. Reported per configuration and tonal label: F1 and PR-AUC
as mean ± sd over the folds (high-confidence dispute rows), out-of-fold false alarms on Enron and Parakweet dev rows,
and macro-F1 on the team's authored test split. The locked dispute test part is never read here.

    .venv/bin/python tools/cv_compare.py tfidf:0 tfidf:0.3 tfidf:1 minilm:0.3 cascade:0.3 --out models/MODEL_CHOICE.md
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.train.datasets import load_all  # noqa: E402
from analyzer.train import fit  # noqa: E402
from analyzer.train.fit import train_model  # noqa: E402
from analyzer.train.protocol import TONAL  # noqa: E402


def run(spec: str, data) -> dict:
    """SPEC is KIND[:CORPUS_TONE_WEIGHT][+corpus]: `+corpus` also tunes the tonal labels' thresholds on the team's
    written mail (mean F1 with the disputes), the alternative to disputes alone."""
    spec_core, plus, _ = spec.partition("+")
    kind, _, weight = spec_core.partition(":")
    tune = dict(fit.TUNE_SOURCES)
    if plus:
        fit.TUNE_SOURCES.update({lab: ("dispute", "corpus:email") for lab in TONAL})
    t0 = time.time()
    _, metrics = train_model(kind, data, corpus_tone_weight=float(weight or 0.3), log=lambda *a: None)
    by_src = metrics["dev_cross_fitted_by_source"]
    row = {"spec": spec, "seconds": round(time.time() - t0), "cv": metrics.get("dispute_cv", {}),
           "corpus_test_macro_f1": metrics.get("corpus", {}).get("macro", {}).get("f1"),
           "false_alarms": {src: {lab: by_src.get(src, {}).get(lab, {}).get("false_alarm_rate") for lab in TONAL}
                            for src in ("enron", "parakweet")},
           "thresholds": metrics["thresholds"]}
    fit.TUNE_SOURCES.clear()
    fit.TUNE_SOURCES.update(tune)
    print(json.dumps(row), flush=True)
    return row


def table(rows: list[dict]) -> str:
    head = ("| model : corpus weight | " + " | ".join(f"{lab} F1 / PR-AUC" for lab in TONAL)
            + " | FA Enron (b/d/c) | FA Parakweet (b/d/c) | authored test macro-F1 |")
    lines = [head, "|" + "---|" * (len(TONAL) + 4)]
    for r in rows:
        cells = []
        for lab in TONAL:
            c = r["cv"].get(lab)
            cells.append(f"{c['f1_mean']:.2f} ± {c['f1_sd']:.2f} / {c['pr_auc_mean']:.2f} ± {c['pr_auc_sd']:.2f}"
                         if c else "–")
        fa = ["/".join(f"{100 * (r['false_alarms'][s][lab] or 0):.1f}" for lab in TONAL) for s in ("enron", "parakweet")]
        macro = r["corpus_test_macro_f1"]
        lines.append(f"| {r['spec']} | " + " | ".join(cells) + f" | {fa[0]}% | {fa[1]}% | "
                     + (f"{macro:.3f}" if macro is not None else "–") + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("specs", nargs="+", help="KIND[:CORPUS_TONE_WEIGHT], e.g. tfidf:0.3")
    ap.add_argument("--out", type=Path, help="markdown file for the table (JSON rows go beside it)")
    args = ap.parse_args()
    data = load_all()
    rows = [run(spec, data) for spec in args.specs]
    print(table(rows))
    if args.out:
        args.out.with_suffix(".json").write_text(json.dumps(rows, indent=1) + "\n")
        args.out.write_text(table(rows) + "\n")


if __name__ == "__main__":
    main()
