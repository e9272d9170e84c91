"""Fingerprint what `analyze` produces on some inputs: one sha256 over the sorted JSONL records, and one per source,
so that a restructuring can show "same outputs before and after" (and a fix can show exactly which files changed).

    python tools/output_fingerprint.py examples/ ../shared/data/cuad/dev_sample_pdf --json before.json
    python tools/output_fingerprint.py ... --compare before.json
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path


def fingerprint(paths: list[str]) -> dict:
    from analyzer.runner import analyze

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "segments.jsonl"
        try:
            res = analyze(paths, out=out)
        except TypeError:  # before analyze() took out=
            from analyzer.store.export import export_records
            res = analyze(paths)
            export_records(res.frame, out)
        lines = sorted(out.read_text(encoding="utf-8").splitlines())
    per_source: dict[str, hashlib._Hash] = defaultdict(hashlib.sha256)
    for line in lines:
        rec = json.loads(line)
        per_source[rec["source"].split("#", 1)[0]].update(line.encode())
    errors = sorted(f"{e.source}: {e.code}" for e in res.errors)
    return {"all": hashlib.sha256("\n".join(lines).encode()).hexdigest(), "segments": len(lines),
            "sources": {k: v.hexdigest() for k, v in sorted(per_source.items())}, "errors": errors}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--json", help="write the fingerprint here")
    ap.add_argument("--compare", help="a fingerprint written earlier: list the sources that differ")
    args = ap.parse_args()
    fp = fingerprint(args.paths)
    print(f"{fp['segments']} segments, sha256 {fp['all']}")
    if args.json:
        Path(args.json).write_text(json.dumps(fp, indent=1))
    if args.compare:
        old = json.loads(Path(args.compare).read_text())
        changed = sorted(k for k in set(old["sources"]) | set(fp["sources"])
                         if old["sources"].get(k) != fp["sources"].get(k))
        print(f"before: {old['segments']} segments, sha256 {old['all']}; same: {old['all'] == fp['all']}")
        for k in changed:
            print(f"  differs: {k}")
        return 0 if not changed else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
