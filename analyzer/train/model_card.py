"""Model card: what the model is, how it was trained, and how well it does on our data and on real data."""
from __future__ import annotations

from ..records import LABELS
from .contract_card import contract_section

_PART_NAMES = {
    "corpus": "our corpus (test split)",
    "cuad_risk": "real B2B contract clauses, cuad_risk_dev (test contracts, high confidence)",
    "cuad_risk_all": "… all rows incl. low confidence",
    "claudette": "real consumer ToS, CLAUDETTE (test fold)",
    "parakweet": "neutral real Enron mail, Parakweet (false alarms)",
}


def metrics_table(metrics: dict) -> str:
    lines = ["| data | label | precision | recall | F1 | PR-AUC | P@80%R | false alarms | support/n |",
             "|---|---|---|---|---|---|---|---|---|"]
    for part, title in _PART_NAMES.items():
        for lab in LABELS:
            m = metrics.get(part, {}).get(lab)
            if not m:
                continue
            lines.append(f"| {title} | {lab} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | "
                         f"{m.get('pr_auc', float('nan')):.2f} | {m.get('precision_at_80_recall', float('nan')):.2f} | "
                         f"{m['false_alarm_rate']:.1%} | {m['support']}/{m['n']} |")
    return "\n".join(lines)


def render_card(model, metrics: dict) -> str:
    th = ", ".join(f"`{k}` {v:.2f}" for k, v in model.thresholds.items())
    src = metrics.get("training_data", {})
    libs = ", ".join(f"{k} {v}" for k, v in metrics.get("libraries", {}).items())
    return f"""# Model card: {model.name}

- **Kind:** `{model.classifier.kind}` · **version** {model.version} · labels {", ".join(LABELS)}
- **Reproduce:** `{metrics.get("command", "")}`
- **Thresholds** (on out-of-fold scores, `finetune` on dev rows it never saw; `risk_pushing` for the mean F1 over
  our corpus, cuad_risk_dev and CLAUDETTE; `blame`, `defensive_detail`, `collaborative` for the mean F1 over
  confident real dispute rows and our written mail; every label with at most 1.5% false alarms on each neutral mail set, Enron and Parakweet): {th}
- **Training rows:** {src.get("rows")} by source {src.get("by_source")}; data sha256 `{src.get("sha256", "")[:16]}…`
- **Libraries:** {libs}{_encoder_line(model)}
- **Files** (sha256 recorded in model.json, checked on every load): {_files_line(model)}

## Intended use
Flag risk-pushing contract clauses and blaming / defensive / collaborative sentences in supplier correspondence for a
human to review, with evidence spans. Scores are calibrated probabilities on our dev data; they are not legal advice.

## Real dispute language (the correspondence labels)
{dispute_section(metrics)}

## Contracts in context (`risk_pushing` judged with the whole contract)
{contract_section(metrics, _context(model))}

## Metrics (held-out; real data split by document)
{metrics_table(metrics)}

## Limitations
- Our corpus is written by the team; real-data rows above are the honest numbers.
- CLAUDETTE is consumer ToS (B2C), not B2B outsourcing: domain shift is expected.
- Real dispute data is small (1,957 sentences from 246 disputes; 54 disputes locked for test): intervals are wide.
- The sentence scores above judge one clause at a time; in the pipeline a contract's `risk_pushing` is decided in
  context (parties, clause type, mirrors), with the numbers in "Contracts in context".
"""


def dispute_section(metrics: dict) -> str:
    """Grouped cross-validation over the `rest` disputes, then the locked test part once (tools/evaluate_real.py)."""
    out = []
    cv = metrics.get("dispute_cv")
    proto = metrics.get("protocol", {})
    if cv:
        by_src = metrics.get("dev_cross_fitted_by_source", {})
        out += [f"Grouped {proto.get('folds', 5)}-fold cross-validation over the disputes of the `rest` part "
                "(dispute_train + dispute_dev minus the locked test disputes; confident rows), mean ± sd over folds, "
                "and out-of-fold false alarms on neutral mail. Team corpus weight on these labels: "
                f"{proto.get('corpus_tone_weight')}.", "",
                "| label | F1 | PR-AUC | false alarms Enron | false alarms Parakweet |", "|---|---|---|---|---|"]
        for lab, c in cv.items():
            if lab == "risk_pushing":
                continue
            fa = [by_src.get(s, {}).get(lab, {}).get("false_alarm_rate") for s in ("enron", "parakweet")]
            out.append(f"| {lab} | {c['f1_mean']:.2f} ± {c['f1_sd']:.2f} | {c['pr_auc_mean']:.2f} ± "
                       f"{c['pr_auc_sd']:.2f} | " + " | ".join("–" if v is None else f"{v:.1%}" for v in fa) + " |")
    test = metrics.get("locked_test")
    if test:
        out += ["", f"Locked test part (`analyzer/train/protocol.py`, hash `{test.get('test_hash', '')[:16]}…`), "
                f"reported once on {test.get('date', '?')}: confident rows of {test.get('disputes', '?')} unseen "
                "disputes; false alarms on the hand-labelled neutral Enron sample (rows labelled none) and Parakweet's "
                "test file.", "", "| label | precision | recall | F1 | PR-AUC | false alarms Enron | false alarms "
                "Parakweet |", "|---|---|---|---|---|---|---|"]
        for lab, m in test["dispute_test_high"].items():
            out.append(f"| {lab} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | "
                       f"{m.get('pr_auc', float('nan')):.2f} | {test['enron_neutral'][lab]['rate']:.1%} | "
                       f"{test['parakweet_test'][lab]['rate']:.1%} |")
    elif cv:
        out += ["", "The locked test part has not been reported for this model (tools/evaluate_real.py --record)."]
    return "\n".join(out) or "Not trained on real dispute language."


def _encoder_line(model) -> str:
    """Transformer models: which embedding backend the head was fitted on (its scores assume that backend)."""
    clf = getattr(model.classifier, "slow", model.classifier)
    if getattr(clf, "kind", "") != "minilm":
        return ""
    return (f"\n- **Encoder:** all-MiniLM-L6-v2 ({clf.encoder.backend}); int8 ONNX Runtime is ~3x faster than PyTorch "
            "float32 on CPU with embeddings at ~0.99 cosine (bench/RESULTS.md)")


def _files_line(model) -> str:
    files = getattr(model, "files", None) or {}
    return ", ".join(f"`{name}` {digest[:16]}…" for name, digest in sorted(files.items())) or "not recorded"


def _context(model) -> dict | None:
    import json

    folder = getattr(model, "source_folder", None)
    path = folder / "context.json" if folder else None
    return json.loads(path.read_text()) if path and path.exists() else None
