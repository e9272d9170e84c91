"""End-to-end `tone-analyzer analyze --db` on the generated 10,000-message mailbox and 100-page contract PDF.

    .venv/bin/python bench/bench_analyze.py [--repeats 3] [--workers 1 2] [--dask] [--json] [--code DIR]

Each run is a fresh CLI process with a fresh store (model loading, the store and the aggregates included).
Reports the median of the repeats: wall seconds, CPU seconds (all processes), peak RSS of the largest process and
peak summed RSS of the whole process tree (driver + workers). `--code DIR` benchmarks another checkout's
`analyzer` package (e.g. a copy from before a change) with the same inputs and models.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _common import PYTHON, REPO, generated_inputs, machine, median, table, timed


def cli(code: Path | None) -> list[str]:
    if code is None:
        return [str(Path(PYTHON).with_name("tone-analyzer"))]
    return [PYTHON, "-c", f"import sys; sys.path.insert(0, {str(code)!r}); from analyzer.cli import app; app()"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--dask", action="store_true", help="also run --engine dask (a 2-worker LocalCluster)")
    ap.add_argument("--code", type=Path, default=None, help="checkout whose analyzer package to run")
    ap.add_argument("--inputs", nargs="+", default=["pdf", "mbox"], choices=["pdf", "mbox"])
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = generated_inputs(tmp)
        configs = [(f"local -w {w}", ["--workers", str(w)]) for w in a.workers]
        if a.dask:
            configs.append(("dask -w 2", ["--engine", "dask", "--workers", "2"]))
        for name in a.inputs:
            for label, extra in configs:
                runs = []
                for i in range(a.repeats):
                    db = tmp / f"r{i}.duckdb"
                    db.unlink(missing_ok=True)
                    r = timed([*cli(a.code), "analyze", str(inputs[name]), "--db", str(db), "--quiet", *extra],
                              cwd=tmp, log=tmp / "log.txt")
                    if r["rc"] != 0:
                        sys.exit(f"analyze failed ({r['rc']}):\n" + (tmp / "log.txt").read_text()[-3000:])
                    runs.append(r)
                row = {"input": name, "engine": label,
                       **{k: median([r[k] for r in runs]) for k in ("wall_s", "cpu_s", "max_rss_mb", "tree_rss_mb")},
                       "wall_runs": [round(r["wall_s"], 1) for r in runs]}
                rows.append(row)
                print(f"{name:5s} {label:10s} wall {row['wall_s']:6.1f} s  cpu {row['cpu_s']:6.1f} s  "
                      f"rss {row['max_rss_mb']:5.0f} MB (tree {row['tree_rss_mb']:5.0f} MB)  runs {row['wall_runs']}",
                      file=sys.stderr)
    if a.json:
        print(json.dumps({"machine": machine(), "rows": rows}, indent=1))
        return
    print(f"machine: {machine()}\n")
    print(table(rows, ["input", "engine", "wall_s", "cpu_s", "max_rss_mb", "tree_rss_mb", "wall_runs"]))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
