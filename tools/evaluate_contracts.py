"""Contracts in context, on the locked test part of the whole-contract set (reported once per model).

    .venv/bin/python tools/evaluate_contracts.py [models/default] [--json out.json] [--record]

- `risk_pushing` per segment of the 12 locked test contracts at natural prevalence: the decision in context against
  the sentence model alone (all labels; and high-confidence only, low-confidence spans left out), per contract too;
  false flags per 10 pages (CUAD text has no pages: contract_eval.CHARS_PER_PAGE);
- mirror linking: precision and recall of the links the judge makes against the labelled mirror pairs;
- party resolution: of the labelled one-way clauses, how often the favoured party resolves to the labelled one;
- cuad_risk_dev, high rows of its test contracts, each judged inside its full contract;
- CLAUDETTE test fold (4), each ToS judged as one document of its sentences.
`--record` writes the numbers to <model>/metrics.json (`contract_context`) and logs the model's fingerprint in
corpora/protocol/test_reports.jsonl; a fingerprint already there is refused.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer import locations  # noqa: E402
from analyzer.context.judge import judge_contract  # noqa: E402
from analyzer.detect.model import load_model  # noqa: E402
from analyzer.records import AnalysedDocument, Document, ScoredSegment, Segment  # noqa: E402
from analyzer.train.contract_eval import CHARS_PER_PAGE, analyse_contracts, scores_report  # noqa: E402
from analyzer.train.contract_set import (LOCK, LOCK_V2, load_contracts, locked_contracts,  # noqa: E402
                                         locked_contracts_v2)
from analyzer.train import protocol  # noqa: E402
from analyzer.train.datasets import split_of  # noqa: E402

REPORTS = protocol.REPORTS
RISK = "risk_pushing"


def _seg_of(ad: AnalysedDocument, start: int, end: int) -> list[int]:
    return [ss.segment.index for ss in ad.segments if ss.segment.start < end and start < ss.segment.end]


def _arrays(rows):
    """Gold labels, the high-confidence mask and the decision in context's scores, over every segment."""
    y = np.concatenate([r.gold for r in rows])
    high = np.concatenate([r.high for r in rows]).astype(bool)
    return y, high, np.array([ss.scores[RISK] for r in rows for ss in r.analysed.segments])


def _sentence_scores(rows, model) -> np.ndarray:
    texts = [ss.segment.text for r in rows for ss in r.analysed.segments]
    from analyzer.records import LABELS

    return model.predict_proba(texts)[:, LABELS.index(RISK)]


def whole_contracts(rows, model, threshold: float) -> dict:
    y, high, p_ctx = _arrays(rows)
    p_sent = _sentence_scores(rows, model)
    pages = sum(r.pages for r in rows)
    out = {"context": scores_report(y, p_ctx, threshold, pages),
           "context_high_only": scores_report(y[high], p_ctx[high], threshold, pages),
           "sentence_model": scores_report(y, p_sent, model.thresholds[RISK], pages),
           "sentence_model_high_only": scores_report(y[high], p_sent[high], model.thresholds[RISK], pages),
           "per_contract": {}}
    k = 0
    for r in rows:
        n = len(r.gold)
        out["per_contract"][r.doc_id] = {
            "segments": n, "positives": int(r.gold.sum()), "pages": round(r.pages, 1),
            "flags_context": int((p_ctx[k:k + n] >= threshold).sum()),
            "true_flags_context": int(((p_ctx[k:k + n] >= threshold) & (r.gold == 1)).sum()),
            "flags_sentence": int((p_sent[k:k + n] >= model.thresholds[RISK]).sum())}
        k += n
    return out


def mirrors_and_parties(rows) -> dict:
    gold_links, pred_links, fav_total, fav_right, parties_found, parties_total = set(), set(), 0, 0, 0, 0
    for r in rows:
        ad = r.analysed
        for s in r.labels.spans:
            if s.get("mirror_of"):
                for a in _seg_of(ad, s["start"], s["end"]):
                    for b in _seg_of(ad, *s["mirror_of"]):
                        gold_links.add((r.doc_id, a, b))
        for ss in ad.segments:
            if ss.context and ss.context.mirror_index is not None:
                pred_links.add((r.doc_id, ss.segment.index, ss.context.mirror_index))
        names = {pid: {n.lower() for n in ns} for pid, ns in r.labels.parties.items()}
        from analyzer.context.parties import find_parties

        found = find_parties(ad.document.text)
        for pid, ns in names.items():
            parties_total += 1
            parties_found += any(n.lower() in ns for p in found.parties for n in p.names)
        for s in r.labels.spans:
            if s.get("direction") != "one_way" or not s.get("favours"):
                continue
            segs = _seg_of(ad, s["start"], s["end"])
            if not segs:
                continue
            fav_total += 1
            got = ad.segments[segs[0]].context.favours if ad.segments[segs[0]].context else None
            fav_right += bool(got) and _gold_party(got, found, names) == s["favours"]
    hit = len(gold_links & pred_links)
    return {"mirror_links_gold": len(gold_links), "mirror_links_predicted": len(pred_links),
            "mirror_precision": round(hit / len(pred_links), 3) if pred_links else None,
            "mirror_recall": round(hit / len(gold_links), 3) if gold_links else None,
            "party_resolution_accuracy": round(fav_right / fav_total, 3) if fav_total else None,
            "party_resolution_n": fav_total,
            "parties_found": f"{parties_found}/{parties_total}"}


def _gold_party(display: str, found, names: dict[str, set[str]]) -> str | None:
    """The labelled party id our party (named `display`) is: the one sharing most names with it."""
    ours = next((p for p in found.parties if display in p.names), None)
    if ours is None:
        return None
    mine = {n.lower() for n in ours.names}

    def overlap(gold: set[str]) -> int:
        return sum(any(a == b or (len(a) > 3 and (a in b or b in a)) for b in gold) for a in mine)

    best = max(names, key=lambda pid: overlap(names[pid]), default=None)
    return best if best is not None and overlap(names[best]) else None


def _norm_map(text: str) -> tuple[str, list[int]]:
    """Whitespace-collapsed text and, per character of it, the offset in `text`."""
    out, idx, prev_space = [], [], False
    for i, ch in enumerate(text):
        if ch.isspace():
            if prev_space:
                continue
            out.append(" ")
            idx.append(i)
            prev_space = True
        else:
            out.append(ch)
            idx.append(i)
            prev_space = False
    return "".join(out), idx


def cuad_risk_test(model, threshold: float) -> dict:
    rows = [json.loads(line) for line in (locations.shared_data() / "cuad_risk_dev" / "clauses.jsonl").open()]
    rows = [r for r in rows if r["confidence"] == "high" and split_of(f"cuad:{r['doc_id']}", dev=0.2, test=0.3)
            == "test"]
    contracts = load_contracts()
    from analyzer.extract import Extracted
    from analyzer.scoring import score_extracted
    from analyzer.segment import segment

    y, p_ctx, p_sent = [], [], []
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    for doc_id, items in by_doc.items():
        c = contracts.get(doc_id)
        if c is None:
            continue
        doc = Document(id=doc_id[:32], source=doc_id, kind="contract", text=c.text)
        ad = score_extracted([Extracted(doc, segment(doc))], model)[0]
        norm, idx = _norm_map(c.text)
        for it in items:
            k = norm.find(it["text"])
            if k < 0:
                continue
            segs = _seg_of(ad, idx[k], idx[k + len(it["text"]) - 1] + 1)
            if not segs:
                continue
            y.append(bool(it["labels"]))
            p_ctx.append(max(ad.segments[i].scores[RISK] for i in segs))
            p_sent.append(max((ad.segments[i].context.sentence_score if ad.segments[i].context
                               else ad.segments[i].scores[RISK]) for i in segs))
    from analyzer.train.metrics import label_metrics

    y = np.array(y)
    return {"items": len(y), "context": label_metrics(y, np.array(p_ctx), threshold),
            "sentence_model_max_over_segments": label_metrics(y, np.array(p_sent), model.thresholds[RISK])}


def claudette_test(model, threshold: float, folder: str) -> dict:
    from analyzer.train.datasets import load_claudette
    from analyzer.train.metrics import label_metrics

    ex = [e for e in load_claudette() if e.split == "test"]
    docs: dict[str, list] = {}
    for e in ex:
        docs.setdefault(e.group, []).append(e)
    y, p_ctx = [], []
    texts = [e.text for e in ex]
    from analyzer.records import LABELS

    sent = dict(zip(range(len(ex)), model.predict_proba(texts)[:, LABELS.index(RISK)]))
    k = 0
    for group, es in docs.items():
        pos, segs = 0, []
        for i, e in enumerate(es):
            segs.append(ScoredSegment(Segment(group, i, e.text, pos, pos + len(e.text), "contract", group),
                                      {RISK: float(sent[k + i])}, [RISK] if sent[k + i] >= model.thresholds[RISK]
                                      else []))
            pos += len(e.text) + 1
        k += len(es)
        doc = Document(group, group, "contract", "\n".join(e.text for e in es))
        ad = judge_contract(AnalysedDocument(doc, segs), folder)
        y += [RISK in e.labels for e in es]
        p_ctx += [ss.scores[RISK] for ss in ad.segments]
    y = np.array(y)
    return {"sentences": len(y), "context": label_metrics(y, np.array(p_ctx), threshold),
            "sentence_model": label_metrics(y, np.array(list(sent.values())), model.thresholds[RISK])}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default="models/default")
    ap.add_argument("--part", choices=("v1", "v2"), default="v2",
                    help="v2 (default): the 15 contracts locked after v1 was reported and retired into development")
    ap.add_argument("--json")
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--harness-fix", metavar="NOTE",
                    help="record again for a model already reported, because the evaluation code (not the model) was "
                         "wrong; NOTE says what was wrong and is logged beside the report")
    a = ap.parse_args(argv)
    model = load_model(a.folder)
    part = "contract_test" if a.part == "v1" else "contract_test_v2"
    if a.record and not a.harness_fix:
        already_reported(model.fingerprint, part)
    threshold = json.loads((Path(a.folder) / "context.json").read_text())["threshold"]
    _rest, test = locked_contracts() if a.part == "v1" else locked_contracts_v2()
    lock = LOCK if a.part == "v1" else LOCK_V2
    t = time.perf_counter()
    rows = analyse_contracts(test, model, judge=True)
    result = {"model": a.folder, "fingerprint": model.fingerprint, "test_contracts": len(test),
              "part": part, "test_hash": json.loads(lock.read_text())["test_hash"], "chars_per_page": CHARS_PER_PAGE,
              "whole_contracts": whole_contracts(rows, model, threshold),
              "mirrors_and_parties": mirrors_and_parties(rows),
              "seconds_whole_contracts": round(time.perf_counter() - t, 1)}
    result["cuad_risk_test_high"] = cuad_risk_test(model, threshold)
    result["claudette_test"] = claudette_test(model, threshold, a.folder)
    text = json.dumps(result, indent=1)
    print(text)
    if a.json:
        Path(a.json).write_text(text + "\n")
    if a.record:
        record(Path(a.folder), result, a.harness_fix, part)


def already_reported(fingerprint: str, part: str) -> None:
    if protocol.reported(fingerprint, part):
        raise SystemExit(f"this model (fingerprint {fingerprint[:12]}…) already met the {part} part; see {REPORTS}")


def record(folder: Path, result: dict, note: str | None = None, part: str = "contract_test_v2") -> None:
    """metrics.json gains `contract_context`; the model card is re-rendered; the report is logged by fingerprint."""
    from analyzer.train.model_card import render_card

    metrics_path = folder / "metrics.json"
    metrics = json.loads(metrics_path.read_text()) if metrics_path.exists() else {}
    key = "contract_context" if part == "contract_test_v2" else "contract_context_v1"
    if part == "contract_test_v2" and "contract_context" in metrics and "part" not in metrics["contract_context"]:
        metrics["contract_context_v1"] = metrics.pop("contract_context")  # the v1 report, kept beside
    metrics[key] = {**{k: v for k, v in result.items() if k != "model"}, "date": time.strftime("%Y-%m-%d")}
    metrics_path.write_text(json.dumps(metrics, indent=2))
    (folder / "model_card.md").write_text(render_card(load_model(folder), metrics))
    with REPORTS.open("a") as fh:
        fh.write(json.dumps({"model": str(folder), "fingerprint": result["fingerprint"], "part": part,
                             "date": time.strftime("%Y-%m-%d"), "test_hash": result["test_hash"],
                             **({"harness_fix": note} if note else {})}) + "\n")


if __name__ == "__main__":
    main()
