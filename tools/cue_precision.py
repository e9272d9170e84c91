"""Per-cue precision on real data: every fast cue (CueMatcher) and every grammar feature (GrammarCues).

For each cue: hits (rows it fires on), precision for its own label (share of hits on rows that carry that label;
neutral mail rows count as negatives), and the share of neutral rows it fires on. Counter-cues (label "none") get
their hit counts and the share of their hits on rows that carry *any* tonal label (a counter that fires mostly on
labelled rows is a counter that suppresses true positives).

Data (measured on the rest part only, never on the locked test part):
- dispute rows: `analyzer.train.protocol.locked_split().rest` (dispute_train + dispute_dev minus the test disputes);
- neutral Enron segments: a fixed random 3,000 of corpora/neutral_mail/segments.jsonl whose message line is not in
  the hand-labelled samples (labels.jsonl, second_pass.jsonl), resolved from ../shared/data;
- Parakweet email-intent train file (text after the first tab); the test file is not read.

    .venv/bin/python tools/cue_precision.py [--out corpora/protocol/CUE_PRECISION.md] [--cache DIR]

`--cache DIR` keeps the resolved neutral texts outside the repository (resolving Enron parses messages: minutes).
The output table holds numbers only, never data text.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analyzer import locations  # noqa: E402
from analyzer.train import neutral_mail, protocol  # noqa: E402

N_ENRON = 3000
SEED = 15


def enron_sample(cache: Path | None = None) -> list[str]:
    """A fixed random N_ENRON neutral Enron segments, never from messages in the labelled samples."""
    if cache and (cache / "enron.json").exists():
        return json.loads((cache / "enron.json").read_text(encoding="utf-8"))
    held = {p.line for name in ("labels.jsonl", "second_pass.jsonl") if (neutral_mail.FOLDER / name).exists()
            for p, _ in neutral_mail.read_pointers(neutral_mail.FOLDER / name)}
    ptrs = [p for p, _ in neutral_mail.read_pointers(neutral_mail.FOLDER / "segments.jsonl") if p.line not in held]
    ptrs = sorted(random.Random(SEED).sample(ptrs, min(N_ENRON, len(ptrs))), key=lambda p: p.key())
    texts = neutral_mail.resolve(ptrs)
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "enron.json").write_text(json.dumps(texts), encoding="utf-8")
    return texts


def parakweet_train() -> list[str]:
    path = locations.shared_data() / "parakweet_email_intent" / "train_Ask0729-fixed.txt"
    out = []
    for line in path.open(encoding="utf-8", errors="replace"):
        parts = line.rstrip("\n").split("\t", 1)
        if len(parts) == 2 and parts[1].strip():
            out.append(parts[1].strip())
    return out


def _cue_rows(names, labels_of, X, rows_labels, neutral_mask) -> list[dict]:
    """One dict per cue: hits, hits on dispute rows, precision for its label, neutral fire share."""
    hit = (X > 0).toarray() if hasattr(X, "toarray") else X > 0
    tonal = np.array([bool(labs) for labs in rows_labels])
    out = []
    for j, name in enumerate(names):
        lab = labels_of[name]
        h = hit[:, j]
        n = int(h.sum())
        rec = {"cue": name, "label": lab, "hits": n, "dispute_hits": int((h & ~neutral_mask).sum()),
               "neutral_share": float(h[neutral_mask].mean()) if neutral_mask.any() else 0.0}
        if lab == "none":
            rec["precision"] = None
            rec["tonal_share"] = float(tonal[h].mean()) if n else None
        else:
            own = np.array([lab in labs for labs in rows_labels])
            rec["precision"] = float(own[h].mean()) if n else None
            hd = h & ~neutral_mask
            rec["dispute_precision"] = float(own[hd].mean()) if hd.any() else None
        out.append(rec)
    return out


def _fmt(x, pct=False) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.2f}%" if pct else f"{x:.2f}"


def _table(recs: list[dict]) -> list[str]:
    lines = ["| cue | label | hits | dispute hits | precision | precision on dispute rows | neutral fire share | "
             "tonal share of hits (counters) |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in recs:
        flag = " ⚠" if r["precision"] is not None and r["hits"] >= 5 and r["precision"] < 0.5 else ""
        lines.append(f"| {r['cue']}{flag} | {r['label']} | {r['hits']} | {r['dispute_hits']} | {_fmt(r['precision'])} | "
                     f"{_fmt(r.get('dispute_precision'))} | {_fmt(r['neutral_share'], True)} | {_fmt(r.get('tonal_share'))} |")
    return lines


def measure(cache: Path | None = None) -> tuple[list[str], dict]:
    from analyzer.detect.cues import ALL_CUES, CUE_LABEL, CueMatcher
    from analyzer.detect.grammar import GRAMMAR_FEATURES, GRAMMAR_LABEL, GrammarCues, grammar_candidates, \
        lexical_candidates

    rest = protocol.locked_split().rest  # the locked test part is never read here
    enron, para = enron_sample(cache), parakweet_train()
    texts = [r.text for r in rest] + enron + para
    labels = [r.labels for r in rest] + [frozenset()] * (len(enron) + len(para))
    src = np.array(["dispute"] * len(rest) + ["enron"] * len(enron) + ["parakweet"] * len(para))
    neutral = src != "dispute"
    t0 = time.perf_counter()
    F = CueMatcher().features(texts)
    t_fast = time.perf_counter() - t0
    by_cue, by_lex = grammar_candidates(F), lexical_candidates(texts)
    cand = by_cue | by_lex
    g = GrammarCues()
    t0 = time.perf_counter()
    G = g.features(texts, cand)
    t_parse = time.perf_counter() - t0
    info = {"rows": {s: int((src == s).sum()) for s in ("dispute", "enron", "parakweet")},
            "candidates": {s: {"cue": float(by_cue[src == s].mean()), "lexical": float(by_lex[src == s].mean()),
                               "either": float(cand[src == s].mean())} for s in ("dispute", "enron", "parakweet")},
            "parsed": int(cand.sum()), "parse_s": round(t_parse, 1), "fast_s": round(t_fast, 1),
            "parse_rate": round(int(cand.sum()) / t_parse, 1)}
    fast = _cue_rows(ALL_CUES, CUE_LABEL, F, labels, neutral)
    gram = _cue_rows(GRAMMAR_FEATURES, GRAMMAR_LABEL, G, labels, neutral)
    c = info["candidates"]
    lines = ["# Cue precision on real data", "",
             "Generated by `tools/cue_precision.py`; numbers only, no data text. **Measured on the rest part only** "
             "(`locked_split().rest`: dispute_train + dispute_dev minus the locked test disputes), plus neutral mail: "
             f"a fixed random {info['rows']['enron']} Enron segments (seed {SEED}, messages of the labelled samples "
             f"excluded) and the {info['rows']['parakweet']} Parakweet train rows, all counted as negatives.", "",
             f"Rows: {info['rows']['dispute']} dispute, {info['rows']['enron']} Enron, {info['rows']['parakweet']} "
             "Parakweet.", "",
             "- **precision**: share of a cue's hits on rows that carry the cue's label (neutral rows are negatives);",
             "- **precision on dispute rows**: the same, counting only the dispute rows' hits;",
             "- **neutral fire share**: share of the neutral (Enron + Parakweet) rows the cue fires on;",
             "- **tonal share** (counter-cues, label none): share of the counter's hits on rows with any label;",
             "- ⚠: precision below 0.5 with at least 5 hits.", "",
             "## Grammar candidates (rows parsed)", "",
             "| rows | any fast cue | lexical prefilter | either (parsed) |", "|---|---:|---:|---:|"]
    for s in ("dispute", "enron", "parakweet"):
        lines.append(f"| {s} | {_fmt(c[s]['cue'], True)} | {_fmt(c[s]['lexical'], True)} | "
                     f"{_fmt(c[s]['either'], True)} |")
    lines += ["", f"Parsed {info['parsed']} candidate rows in {info['parse_s']} s ({info['parse_rate']} rows/s, "
              "one process on a shared 2-core machine); the fast cue layer took "
              f"{info['fast_s']} s for all {len(texts)} rows.", "", "## Grammar features (analyzer/detect/grammar.py)", "",
              *_table(gram), "", "## Fast cues (analyzer/detect/cues.py)", "", *_table(fast), "",
              "## Below 0.5 precision (at least 5 hits)", "",
              *[f"- {r['cue']} ({r['label']}): {_fmt(r['precision'])} on {r['hits']} hits" for r in gram + fast
                if r["precision"] is not None and r["hits"] >= 5 and r["precision"] < 0.5], ""]
    return lines, {"info": info, "grammar": gram, "fast": fast}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "corpora" / "protocol" / "CUE_PRECISION.md")
    ap.add_argument("--cache", type=Path, default=None, help="folder outside the repository for resolved texts")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers as JSON here")
    args = ap.parse_args(argv)
    lines, data = measure(args.cache)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    print(json.dumps(data["info"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
