"""Clause-number accuracy on real contract PDFs, checked by hand on a sample.

    python tools/clause_accuracy.py render OUT        # 10 CUAD PDFs: text with page markers + 25 random segments each
    python tools/clause_accuracy.py score CHECKED     # summarise the checkers' verdicts

The 10 PDFs are the first by sha256 of their names among ../shared/data/cuad/dev_sample_pdf (the other 10 are for
development). A checker reads each document and, per sampled segment, writes the correct innermost clause number and a
verdict: exact, ancestor (a correct outer number), both_null (no number applies and none given) or wrong; and whether
the segment is page furniture (contents line, running head, filing stamp). Accuracy = (exact + both_null) / checked.
"""
from __future__ import annotations

import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer import locations  # noqa: E402

PER_DOC = 25


def measured_pdfs() -> list[Path]:
    pdfs = sorted((locations.shared_data() / "cuad" / "dev_sample_pdf").glob("*"))
    return sorted(pdfs, key=lambda p: hashlib.sha256(p.name.encode()).hexdigest())[:10]


def render(out: Path) -> None:
    from analyzer.extract import ExtractStats, Extracted, extract

    out.mkdir(parents=True, exist_ok=True)
    for k, pdf in enumerate(measured_pdfs()):
        items = [it for it in extract([pdf], ExtractStats()) if isinstance(it, Extracted)]
        if not items:
            continue
        doc, segs = items[0].document, items[0].segments
        sample = sorted(random.Random(k).sample(range(len(segs)), min(PER_DOC, len(segs))))
        starts = doc.page_starts or [0]
        pages = [f"\n======== PAGE {i + 1} ========\n" + doc.text[s:(starts[i + 1] if i + 1 < len(starts)
                                                                    else len(doc.text))] for i, s in enumerate(starts)]
        (out / f"d{k:02d}.doc.txt").write_text("".join(pages))
        rows = [{"n": n, "segment_index": i, "page": segs[i].page, "our_clause": segs[i].clause,
                 "heading_path": segs[i].heading_path, "text": segs[i].text[:300]} for n, i in enumerate(sample)]
        (out / f"d{k:02d}.sample.json").write_text(json.dumps({"file": pdf.name, "segments": len(segs),
                                                               "sample": rows}, indent=1))


def score(checked: Path) -> dict:
    total, furniture = Counter(), 0
    per_doc = {}
    for path in sorted(checked.glob("d*.json")):
        checks = json.loads(path.read_text())["checks"]
        c = Counter(x["verdict"] for x in checks)
        per_doc[path.stem] = dict(c)
        total += c
        furniture += sum(bool(x.get("furniture")) for x in checks)
    n = sum(total.values())
    return {"checked": n, **dict(total), "furniture": furniture,
            "accuracy": round((total["exact"] + total["both_null"]) / n, 3) if n else None,
            "accuracy_with_ancestor": round((total["exact"] + total["both_null"] + total["ancestor"]) / n, 3)
            if n else None, "per_doc": per_doc}


if __name__ == "__main__":
    if sys.argv[1] == "render":
        render(Path(sys.argv[2]))
    else:
        print(json.dumps(score(Path(sys.argv[2])), indent=1))
