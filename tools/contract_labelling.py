"""Label the whole-contract set: render contracts for annotators, import their answers as pointers, measure agreement.

    python tools/contract_labelling.py render /tmp/label        # numbered segments per contract (text stays outside)
    python tools/contract_labelling.py import /tmp/label/out    # -> corpora/contracts_whole/<n>.jsonl (pointers only)
    python tools/contract_labelling.py kappa /tmp/label/out /tmp/label/review

Annotators answer one JSON file per contract (see corpora/contracts_whole/README.md for the schema): the parties and
every segment that is a risk-carrying clause type, with direction, qualifiers, mirror and the risk_pushing decision.
Segments they do not list are judged "not a risk clause" and negative. `import` maps the answers' segment numbers
through the `cNN.items.json` rendered with them (offsets), so import with the render the annotators saw: a later
segmenter numbers segments differently.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.records import Document  # noqa: E402
from analyzer.segment import segment  # noqa: E402
from analyzer.train.contract_set import LABELS_DIR, LOCK, LOCK_V2, load_contracts  # noqa: E402


def contract_segments(text: str, doc_id: str):
    return segment(Document(id=doc_id[:32], source=doc_id, kind="contract", text=text))


def render(out: Path) -> None:
    ids = json.loads(LOCK.read_text())["picked"]  # c00-c30: v1; then c31-c45: the v2 test part
    if LOCK_V2.exists():
        ids += json.loads(LOCK_V2.read_text())["test_contracts"]
    contracts = load_contracts()
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for n, doc_id in enumerate(ids):
        c = contracts[doc_id]
        segs = contract_segments(c.text, doc_id)
        lines = [f"# contract {n}: {doc_id}", f"# {len(segs)} segments", ""]
        lines += [f"[{s.index}] {('(' + s.clause + ') ') if s.clause else ''}{' '.join(s.text.split())}" for s in segs]
        (out / f"c{n:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (out / f"c{n:02d}.items.json").write_text(json.dumps(
            {"doc_id": doc_id, "items": [[s.index, s.start, s.end] for s in segs]}), encoding="utf-8")
        index.append((n, doc_id, len(segs), len(c.text)))
    for row in index:
        print(*row, sep="\t")


def _items(label_dir: Path, n: str) -> dict:
    return json.loads((label_dir / f"{n}.items.json").read_text())


def import_answers(answers: Path, render_dir: Path) -> None:
    """Answer files c07.json -> corpora/contracts_whole/c07.jsonl (offsets, never text)."""
    LABELS_DIR.mkdir(parents=True, exist_ok=True)
    for path in sorted(answers.glob("c*.json")):
        a = json.loads(path.read_text())
        meta = _items(render_dir, path.stem)
        spans = {i: (s, e) for i, s, e in meta["items"]}
        rows = [{"doc_id": meta["doc_id"], "kind": "parties", "parties": a["parties"]}]
        for it in a["items"]:
            s, e = spans[int(it["idx"])]
            mirror = it.get("mirror_of")
            rows.append({"doc_id": meta["doc_id"], "kind": "span", "start": s, "end": e,
                         "label": "risk_pushing" if it.get("risk_pushing") else None,
                         "clause_type": it["type"], "subtype": it.get("subtype"),
                         "direction": it.get("direction"), "favours": it.get("favours"), "bears": it.get("bears"),
                         "qualifiers": it.get("qualifiers", []),
                         "mirror_of": list(spans[int(mirror)]) if mirror is not None and int(mirror) in spans
                         else None,
                         "confidence": it.get("confidence", "high")})
        (LABELS_DIR / f"{path.stem}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
        print(path.stem, len(rows) - 1, "labelled spans")


def kappa(first: Path, second: Path, render_dir: Path) -> None:
    """Cohen's kappa between two annotators on every segment of the contracts both labelled."""
    from sklearn.metrics import cohen_kappa_score

    pairs_rp, pairs_type, relevant = [], [], []
    for path in sorted(second.glob("c*.json")):
        other = first / path.name
        if not other.exists():
            continue
        n_items = len(_items(render_dir, path.stem)["items"])
        a, b = (json.loads(p.read_text()) for p in (other, path))
        la = {int(i["idx"]): i for i in a["items"]}
        lb = {int(i["idx"]): i for i in b["items"]}
        for idx in range(n_items):
            ra, rb = bool(la.get(idx, {}).get("risk_pushing")), bool(lb.get(idx, {}).get("risk_pushing"))
            pairs_rp.append((ra, rb))
            pairs_type.append((la.get(idx, {}).get("type", "none"), lb.get(idx, {}).get("type", "none")))
            if idx in la or idx in lb:
                relevant.append((ra, rb))
    for name, pairs in (("risk_pushing, all segments", pairs_rp), ("clause type, all segments", pairs_type),
                        ("risk_pushing, segments either typed", relevant)):
        x, y = zip(*pairs)
        agree = sum(p == q for p, q in pairs) / len(pairs)
        print(f"{name}: n={len(pairs)} agreement={agree:.3f} kappa={cohen_kappa_score(x, y):.3f}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "render":
        render(Path(sys.argv[2]))
    elif cmd == "import":
        import_answers(Path(sys.argv[2]), Path(sys.argv[3]))
    elif cmd == "kappa":
        kappa(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
