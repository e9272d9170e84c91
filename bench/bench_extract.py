"""Extraction throughput and peak memory on the bundled examples and on real data in ../shared/data.

    .venv/bin/python bench/bench_extract.py            # prints a table; add --json for machine output

Real inputs: the 20 CUAD contract PDFs, and the 1,277 raw Enron messages written into one temporary mbox
(never committed). Peak RSS is this process's high-water mark (resource.getrusage).
"""
from __future__ import annotations

import collections
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "data"

from analyzer.extract import ExtractStats, Extracted, extract  # noqa: E402


def run(name: str, paths: list[Path]) -> dict:
    stats = ExtractStats()
    codes: collections.Counter[str] = collections.Counter()
    t0 = time.perf_counter()
    for item in extract(paths, stats):
        if not isinstance(item, Extracted):
            codes[item.code] += 1
    dt = time.perf_counter() - t0
    row = {"input": name, **stats.as_row(), "seconds": round(dt, 2),
           "files/s": round(len(stats.files) / dt, 1), "messages/s": round(stats.messages / dt, 1),
           "pages/s": round(stats.pages / dt, 1), "segments/s": round(stats.segments / dt, 1),
           "error_codes": dict(codes)}
    return row


def enron_mbox(folder: Path) -> Path | None:
    src = SHARED / "enron_berkeley_categories" / "emails.jsonl.gz"
    if not src.exists():
        return None
    out = folder / "enron.mbox"
    with gzip.open(src, "rt", encoding="utf-8") as fh, out.open("w", encoding="utf-8") as mbox:
        for line in fh:
            raw = json.loads(line)["raw"].replace("\r\n", "\n")
            body = "\n".join(">" + ln if ln.startswith("From ") else ln for ln in raw.split("\n"))
            mbox.write("From enron@example Mon Jan  1 00:00:00 2001\n" + body.rstrip("\n") + "\n\n")
    return out


def main() -> None:
    rows = [run("bundled examples", [REPO / "examples"])]
    if (SHARED / "cuad" / "dev_sample_pdf").is_dir():
        rows.append(run("CUAD 20 real contract PDFs", [SHARED / "cuad" / "dev_sample_pdf"]))
    with tempfile.TemporaryDirectory() as tmp:
        box = enron_mbox(Path(tmp))
        if box:
            rows.append(run(f"Enron 1,277 raw emails as one mbox ({box.stat().st_size / 1e6:.1f} MB)", [box]))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if "--json" in sys.argv:
        print(json.dumps({"rows": rows, "peak_rss_mb": round(peak_mb)}, indent=1))
        return
    keys = ["input", "files", "messages", "pages", "segments", "warnings", "errors", "seconds", "files/s",
            "messages/s", "pages/s", "segments/s"]
    print("| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(str(r[k]) for k in keys) + " |")
        if r["error_codes"]:
            print(f"|  problems: {r['error_codes']} |")
    print(f"\npeak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
