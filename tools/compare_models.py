"""Print a markdown table comparing the models under models/ on held-out data (reads each metrics.json).

    .venv/bin/python tools/compare_models.py models/baseline models/default models/minilm models/cascade
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from analyzer import labels

_DISPUTE = "real dispute statements (dispute_dev, test disputes, high confidence)"
ROWS = [
    *(("corpus", lb, "our test split") for lb in labels.ids()),
    ("cuad_risk", "risk_pushing", "real B2B clauses (cuad_risk_dev, test contracts, high confidence)"),
    ("cuad_risk_all", "risk_pushing", "… all rows incl. low confidence"),
    ("claudette", "risk_pushing", "real consumer ToS (CLAUDETTE, test fold)"),
    *(("dispute", lb, _DISPUTE) for lb in labels.tonal()),
    *(("dispute_all", lb, "… all rows incl. low confidence") for lb in labels.tonal()),
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
    for label in labels.negative():  # neutral mail is scored for the labels against a relationship (datasets.py)
        cells = [f"{metrics[n]['parakweet'][label]['false_alarm_rate']:.1%}" if "parakweet" in metrics[n] else "–"
                 for n in names]
        print(f"| neutral real mail (Parakweet, 992 sentences): false alarms | {label} | " + " | ".join(cells) + " |")
    print("| our test split | macro-F1 | " + " | ".join(f"{metrics[n]['corpus']['macro']['f1']:.2f}" for n in names)
          + " |")


if __name__ == "__main__":
    main(sys.argv[1:] or [str(p) for p in sorted(Path("models").iterdir()) if (p / "metrics.json").exists()])
