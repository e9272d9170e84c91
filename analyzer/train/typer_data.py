"""Training rows for the learned clause typer: CUAD's lawyer-labelled spans and the whole-contract set's types.

CUAD marks clause *presence* by category; the categories that are one of our types teach that type, those that
allocate no risk (names, dates, governing law, licence grants...) teach "none", the rest are left out. Spans from
the whole-contract set's contracts are never used (its test part is locked; its rest part enters as our own labels).
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import locations
from ..context.clause_types import CLAUSE_TYPES
from ..context.learned_typer import NONE

CUAD_TO_TYPE = {c: t.id for t in CLAUSE_TYPES for c in t.cuad}
CUAD_NONE = {"Parties", "Document Name", "Agreement Date", "Effective Date", "Expiration Date", "Governing Law",
             "License Grant", "Renewal Term", "Non-Transferable License", "Irrevocable or Perpetual License",
             "Affiliate License-Licensee", "Affiliate License-Licensor", "Revenue/Profit Sharing",
             "Joint IP Ownership", "Source Code Escrow", "Unlimited/All-You-Can-Eat-License", "Third Party Beneficiary"}
MAX_CHARS = 800
CUAD_WEIGHT = 0.5


def cuad_examples(exclude: set[str], root: Path | None = None) -> list[tuple[str, str, str]]:
    """(text, type, doc_id) for CUAD spans of mapped categories, outside `exclude` contracts."""
    path = (root or locations.shared_data()) / "cuad" / "clauses.jsonl"
    out = []
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        cat = r["category"]
        if r["doc_id"] in exclude or not r.get("text") or len(r["text"]) > MAX_CHARS:
            continue
        if cat in CUAD_TO_TYPE:
            out.append((" ".join(r["text"].split()), CUAD_TO_TYPE[cat], r["doc_id"]))
        elif cat in CUAD_NONE:
            out.append((" ".join(r["text"].split()), NONE, r["doc_id"]))
    return out


def gold_types(rows) -> list[list[str]]:
    """Per ContractRows (contract_eval), the gold type of each segment (the first overlapping typed span) or none."""
    out = []
    for r in rows:
        types = []
        for ss in r.analysed.segments:
            sp = [s for s in r.labels.spans if s["start"] < ss.segment.end and ss.segment.start < s["end"]]
            types.append(sp[0]["clause_type"] if sp else NONE)
        out.append(types)
    return out
