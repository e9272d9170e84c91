"""The model card's "Contracts in context" section: the decision in context on whole contracts (tools/fit_context.py
on the rest part; tools/evaluate_contracts.py --record on the locked test part, once)."""
from __future__ import annotations


def _row(name: str, m: dict) -> str:
    pr = "–" if m.get("pr_auc") is None else f"{m['pr_auc']:.2f}"
    return (f"| {name} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {pr} | {m['flags']} | "
            f"{m['false_flags_per_10_pages']:.1f} | {m['positives']}/{m['segments']} |")


def contract_section(metrics: dict, context: dict | None) -> str:
    out = []
    if context and context.get("rest_oof"):
        out += ["Every segment of 46 full CUAD contracts was labelled in context (corpora/contracts_whole: "
                "parties, clause type, direction, mirror; a blind second annotator on five contracts gave Cohen's "
                "kappa 0.80 for risk_pushing and 0.93 for clause type). The decision (`context.json`, features "
                f"{', '.join(context.get('features', []))}) was fitted on "
                f"{context.get('trained_on', 'the rest contracts')}; out-of-fold on those, at natural prevalence: "
                f"F1 {context['rest_oof']['f1']:.2f}, PR-AUC {context['rest_oof']['pr_auc']:.2f}, "
                f"{context['rest_oof']['false_flags_per_10_pages']:.1f} false flags per 10 pages."]
    test = metrics.get("contract_context")
    if test:
        w = test["whole_contracts"]
        mp = test["mirrors_and_parties"]
        out += ["", f"Locked test part {test.get('part', 'contract_test')} ({test['test_contracts']} contracts, hash "
                f"`{test['test_hash'][:16]}…`), reported once (corpora/protocol/test_reports.jsonl); pages are "
                "characters / "
                f"{test['chars_per_page']:,}:", "",
                "| decision | precision | recall | F1 | PR-AUC | flags | false flags / 10 pages | positives/segments |",
                "|---|---|---|---|---|---|---|---|",
                _row("in context", w["context"]), _row("in context, high-confidence labels", w["context_high_only"]),
                _row("sentence model alone", w["sentence_model"]),
                _row("sentence model alone, high-confidence", w["sentence_model_high_only"]), "",
                f"Mirror links: precision {mp['mirror_precision']}, recall {mp['mirror_recall']} "
                f"({mp['mirror_links_predicted']} predicted, {mp['mirror_links_gold']} labelled). Favoured party "
                f"resolved correctly on {mp['party_resolution_accuracy']} of {mp['party_resolution_n']} labelled "
                f"one-way clauses; parties found {mp['parties_found']}."]
        cr, cl = test.get("cuad_risk_test_high"), test.get("claudette_test")
        if cr:
            out.append(f"cuad_risk_dev test contracts (high rows, judged in their full contract): F1 "
                       f"{cr['context']['f1']:.2f} in context vs {cr['sentence_model_max_over_segments']['f1']:.2f} "
                       "for the sentence model.")
        if cl:
            out.append(f"CLAUDETTE test fold (each ToS judged as one document): F1 {cl['context']['f1']:.2f} in "
                       f"context vs {cl['sentence_model']['f1']:.2f} for the sentence model.")
    v1 = metrics.get("contract_context_v1")
    if v1:
        w1 = v1["whole_contracts"]
        out.append(f"The first test part (v1, 12 contracts, hash `{v1['test_hash'][:16]}…`) was reported once for the "
                   f"first version of the decision (F1 {w1['context']['f1']:.2f} in context vs "
                   f"{w1['sentence_model']['f1']:.2f} for the sentence model, {w1['context']['false_flags_per_10_pages']:.1f}"
                   " false flags per 10 pages), then retired into development.")
    return "\n".join(out) or "No decision in context for this model (no context.json)."
