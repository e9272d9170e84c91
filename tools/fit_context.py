"""Fit the contract-level context (decision, optionally a learned clause typer) on the development contracts of the
whole-contract set: the 31 v1 contracts (its 12 test contracts retired into development after their one report).

    python tools/fit_context.py [models/default] [--typer]

1. Folds by contract (5). The facts of every segment (type, direction, qualifiers, mirrors) become its features.
   With --typer, a learned clause typer (CUAD's lawyer-labelled spans + the other folds' typed segments) fills in
   types the patterns miss. Measured on these folds it types more clauses (typed recall 0.69 vs 0.42 at NONE_MAX 0.7)
   but the decision does not improve (F1 0.30-0.33, PR-AUC 0.14-0.18 for every setting, against 0.31 / 0.16 with
   the patterns alone), so the shipped models use the patterns alone.
2. The decision (decide.py) is cross-fitted on those features over the same folds; the threshold maximises F1 of its
   out-of-fold scores at the set's natural prevalence.
3. The typer is refitted on everything, the decision on every rest contract; both are written to the model folder
   (clause_typer.json/.npz, context.json). The locked v2 test contracts are never read here.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.context.decide import SHIPPED, ContextDecider, feature_row  # noqa: E402
from analyzer.context.judge import facts  # noqa: E402
from analyzer.context.learned_typer import LearnedClauseTyper  # noqa: E402
from analyzer.detect.model import load_model  # noqa: E402
from analyzer.train.contract_eval import analyse_contracts, best_threshold, scores_report  # noqa: E402
from analyzer.train.contract_set import LOCK, locked_contracts_v2  # noqa: E402
from analyzer.train.typer_data import CUAD_WEIGHT, cuad_examples, gold_types  # noqa: E402

FOLDS = 5
C_DECIDE = 0.1
C_TYPER = 16.0


def fit_typer(cuad, rows, types, idx) -> LearnedClauseTyper:
    texts = [t for t, _, _ in cuad] + [s.segment.text for i in idx for s in rows[i].analysed.segments]
    labels = [y for _, y, _ in cuad] + [t for i in idx for t in types[i]]
    weights = [CUAD_WEIGHT] * len(cuad) + [1.0] * (len(texts) - len(cuad))
    return LearnedClauseTyper(C_TYPER).fit(texts, labels, weights)


def main(folder: str = "models/default", *flags: str) -> None:
    use_typer = "--typer" in flags
    model = load_model(folder)
    rest, _test = locked_contracts_v2()  # all 31 v1 contracts; the v2 test part is never read here
    rows = analyse_contracts(rest, model)
    types = gold_types(rows)
    cuad = cuad_examples(set(json.loads(LOCK.read_text())["picked"])) if use_typer else []
    fold = [i % FOLDS for i in range(len(rows))]
    feats: list[list] = [None] * len(rows)
    for k in range(FOLDS):
        typer = fit_typer(cuad, rows, types, [i for i in range(len(rows)) if fold[i] != k]) if use_typer else None
        for i in (i for i in range(len(rows)) if fold[i] == k):
            feats[i] = [feature_row(f) for f in facts(rows[i].analysed, typer)[1]]
    X = np.array([x for f in feats for x in f])
    y = np.concatenate([r.gold for r in rows])
    groups = np.concatenate([[fold[i]] * len(feats[i]) for i in range(len(rows))])
    sent = X[:, 0]  # feature_row puts the sentence score first
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        te = groups == k
        oof[te] = ContextDecider(C_DECIDE, features=SHIPPED).fit(X[~te], y[~te]).predict_proba(X[te])[:, 1]
    thr, _ = best_threshold(y, oof)
    pages = sum(r.pages for r in rows)
    high = np.concatenate([r.high for r in rows]).astype(bool)
    report = {"rest_contracts": len(rows), "oof_context": scores_report(y, oof, thr, pages),
              "oof_context_high_only": scores_report(y[high], oof[high], thr, pages),
              "sentence_model_at_its_threshold": scores_report(y, sent, model.thresholds["risk_pushing"], pages),
              "sentence_model_best_threshold": scores_report(y, sent, best_threshold(y, sent)[0], pages)}
    for stale in LearnedClauseTyper.files(Path(folder)):
        stale.unlink(missing_ok=True)
    if use_typer:
        fit_typer(cuad, rows, types, range(len(rows))).save(Path(folder))
    ContextDecider(C_DECIDE, round(thr, 4), SHIPPED).fit(X, y).save(Path(folder), {
        "trained_on": f"{len(rows)} rest contracts of the whole-contract set (corpora/contracts_whole), natural "
                      f"prevalence" + (f"; learned typer: CUAD spans of {len({d for *_, d in cuad})} other contracts "
                                       "+ those rest contracts" if use_typer else "; clause types from the patterns"),
        "rest_oof": report["oof_context"], "rest_oof_high_only": report["oof_context_high_only"],
        "rest_sentence_model": report["sentence_model_at_its_threshold"]})
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
