"""Real-data numbers for a model folder, under the locked protocol (analyzer/train/protocol.py):

- per-label P/R/F1/PR-AUC on the locked dispute test part (high-confidence rows, and all rows);
- the same on the test disputes that come from dispute_train only (dispute_dev was read while the cue patterns were
  tuned, so its disputes are not unseen for the cue layer);
- false-alarm rates of blame / defensive_detail / collaborative on the hand-labelled neutral Enron sample (rows
  labelled none) and on the Parakweet test file (992 neutral mail sentences).

    .venv/bin/python tools/evaluate_real.py [models/default ...] [--json out.json] [--record]

The locked test part is for one report per model; tune on `locked_split().rest` only. `--record` writes the numbers
into each model folder (metrics.json `locked_test`, and its model card) and appends the model's fingerprint to
corpora/protocol/test_reports.jsonl; a model already recorded there is refused, so each model meets the test once.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.detect.cues import CueMatcher  # noqa: E402
from analyzer.detect.model import load_model  # noqa: E402
from analyzer.records import LABELS  # noqa: E402
from analyzer.train import neutral_mail, protocol  # noqa: E402
from analyzer.train.datasets import load_parakweet  # noqa: E402
from analyzer.train.metrics import label_metrics  # noqa: E402

TONAL = protocol.TONAL
REPORTS = protocol.REPORTS


def _scores(model, texts: list[str], matcher: CueMatcher) -> np.ndarray:
    return model.predict_proba(texts, matcher.features(texts)) if texts else np.zeros((0, len(LABELS)))


def _dispute_part(model, rows, matcher) -> dict:
    P = _scores(model, [r.text for r in rows], matcher)
    out = {}
    for lab in TONAL:
        y = np.array([lab in r.labels for r in rows])
        out[lab] = label_metrics(y, P[:, LABELS.index(lab)], model.thresholds[lab])
    return out


def _false_alarms(model, texts: list[str], matcher) -> dict:
    P = _scores(model, texts, matcher)
    return {lab: {"rate": round(float((P[:, LABELS.index(lab)] >= model.thresholds[lab]).mean()), 4),
                  "flagged": int((P[:, LABELS.index(lab)] >= model.thresholds[lab]).sum()), "n": len(texts)}
            for lab in TONAL}


def evaluate_folder(folder: Path, split: protocol.DisputeSplit, enron_none: list[str], parakweet: list[str]) -> dict:
    model = load_model(folder)
    matcher = CueMatcher()
    test = split.test
    return {
        "model": folder.name,
        "dispute_test_high": _dispute_part(model, [r for r in test if r.confidence == "high"], matcher),
        "dispute_test_all": _dispute_part(model, test, matcher),
        "dispute_test_train_origin_high": _dispute_part(
            model, [r for r in test if r.confidence == "high" and r.origin == "dispute_train"], matcher),
        "enron_neutral": _false_alarms(model, enron_none, matcher),
        "parakweet_test": _false_alarms(model, parakweet, matcher),
    }


def table(results: list[dict]) -> str:
    names = [r["model"] for r in results]
    lines = ["| data | label | " + " | ".join(f"{n} P / R / F1 (PR-AUC)" for n in names) + " |",
             "|---|---|" + "---|" * len(names)]
    parts = (("dispute_test_high", "locked dispute test part, high confidence"),
             ("dispute_test_all", "… all rows incl. low confidence"),
             ("dispute_test_train_origin_high", "… high, dispute_train disputes only (unseen by cue tuning)"))
    for key, title in parts:
        for lab in TONAL:
            cells = []
            for r in results:
                m = r[key][lab]
                cells.append(f"{m['precision']:.2f} / {m['recall']:.2f} / {m['f1']:.2f} ({m.get('pr_auc', float('nan')):.2f})")
            n_pos, n = results[0][key][lab]["support"], results[0][key][lab]["n"]
            lines.append(f"| {title} (n+={n_pos} of {n}) | {lab} | " + " | ".join(cells) + " |")
    for key, title in (("enron_neutral", "neutral Enron sample, rows labelled none: false alarms"),
                       ("parakweet_test", "Parakweet test file (neutral mail): false alarms")):
        for lab in TONAL:
            cells = [f"{r[key][lab]['rate']:.1%} ({r[key][lab]['flagged']})" for r in results]
            lines.append(f"| {title} (n={results[0][key][lab]['n']}) | {lab} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="*", default=["models/default"])
    ap.add_argument("--json", type=Path, help="also write the raw numbers here")
    ap.add_argument("--record", action="store_true", help="record the numbers in each model folder (once per model)")
    args = ap.parse_args(argv)
    if args.record:
        for m in args.models:
            already_reported(Path(m))
    split = protocol.locked_split()  # raises LockMismatch when the shared data changed
    enron_none = [s.text for s in neutral_mail.load_labelled() if not s.labels]
    parakweet = [e.text for e in load_parakweet() if e.split == "test"]
    results = [evaluate_folder(Path(m), split, enron_none, parakweet) for m in args.models]
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if args.record:
        for m, result in zip(args.models, results):
            record(Path(m), result, split)


def already_reported(folder: Path) -> None:
    fp = load_model(folder).fingerprint
    if protocol.reported(fp):
        raise SystemExit(f"{folder} (fingerprint {fp[:12]}…) has met the locked test part already; see {REPORTS}")


def record(folder: Path, result: dict, split: protocol.DisputeSplit) -> None:
    """metrics.json gains `locked_test`; the model card is re-rendered; the report is logged by fingerprint."""
    from analyzer.train.model_card import render_card

    model = load_model(folder)
    metrics = json.loads((folder / "metrics.json").read_text())
    metrics["locked_test"] = {**result, "date": time.strftime("%Y-%m-%d"), "test_hash": protocol.part_hash(split.test),
                              "disputes": len({r.dispute for r in split.test})}
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2))
    (folder / "model_card.md").write_text(render_card(model, metrics))
    with REPORTS.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"model": str(folder), "fingerprint": model.fingerprint, "date": time.strftime("%Y-%m-%d"),
                             "test_hash": protocol.part_hash(split.test)}) + "\n")


if __name__ == "__main__":
    main()
