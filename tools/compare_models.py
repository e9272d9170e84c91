"""Print a markdown table comparing the models under models/ on held-out data (reads each metrics.json).

    .venv/bin/python tools/compare_models.py models/baseline models/default models/minilm models/cascade
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from analyzer import labels

ROWS = [
    *(("corpus", lb, "our test split") for lb in labels.ids()),
    ("cuad_risk", "risk_pushing", "real B2B clauses (cuad_risk_dev, test contracts, high confidence)"),
    ("cuad_risk_all", "risk_pushing", "… all rows incl. low confidence"),
    ("claudette", "risk_pushing", "real consumer ToS (CLAUDETTE, test fold)"),
]


def main(folders: list[str]) -> None:
    metrics = {Path(f).name: json.loads((Path(f) / "metrics.json").read_text()) for f in folders}
    names = list(metrics)
    print("| data | label | " + " | ".join(f"{n} F1 (PR-AUC)" for n in names) + " |")
    print("|---|---|" + "---|" * len(names))
    for part, label, title in ROWS:
        cells = []
        for n in names:
            m = metrics[n].get(part, {}).get(label)
            cells.append(f"{m['f1']:.2f} ({m.get('pr_auc', float('nan')):.2f})" if m else "–")
        support = next((metrics[n][part][label]["support"] for n in names if label in metrics[n].get(part, {})), "")
        print(f"| {title} (n+={support}) | {label} | " + " | ".join(cells) + " |")
    for label in labels.tonal():  # real disputes: grouped CV over the rest part, then the locked test part once
        cv = [metrics[n].get("dispute_cv", {}).get(label) for n in names]
        print(f"| real disputes, grouped 5-fold CV over disputes (rest part, high confidence) | {label} | "
              + " | ".join(f"{c['f1_mean']:.2f} ± {c['f1_sd']:.2f} ({c['pr_auc_mean']:.2f})" if c else "–"
                           for c in cv) + " |")
    for label in labels.tonal():
        test = [metrics[n].get("locked_test", {}).get("dispute_test_high", {}).get(label) for n in names]
        print(f"| real disputes, locked test part (54 unseen disputes, high confidence) | {label} | "
              + " | ".join(f"{m['f1']:.2f} ({m.get('pr_auc', float('nan')):.2f})" if m else "not reported"
                           for m in test) + " |")
    for label in labels.tonal():  # the hand-labelled Enron sample, scored with the locked test part
        cells = [metrics[n].get("locked_test", {}).get("enron_neutral", {}).get(label) for n in names]
        print(f"| neutral real mail (hand-labelled Enron sample, 607 sentences labelled none): false alarms | {label} | "
              + " | ".join(f"{c['rate']:.1%}" if c else "–" for c in cells) + " |")
    for label in labels.tonal():  # every label is held to the false-alarm budget on neutral mail (fit.py)
        cells = [f"{metrics[n]['parakweet'][label]['false_alarm_rate']:.1%}" if label in metrics[n].get("parakweet", {})
                 else "–" for n in names]
        print(f"| neutral real mail (Parakweet test file, 992 sentences): false alarms | {label} | " + " | ".join(cells)
              + " |")
    print("| our test split | macro-F1 | " + " | ".join(f"{metrics[n]['corpus']['macro']['f1']:.2f}" for n in names)
          + " |")


if __name__ == "__main__":
    main(sys.argv[1:] or [str(p) for p in sorted(Path("models").iterdir()) if (p / "metrics.json").exists()])
