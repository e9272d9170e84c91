"""Hostile-input stress table for issue 12: every case from generated inputs, run through the CLI as a subprocess.

    python bench/stress.py [--repo PATH] [--quick] [--full] [--case NAME ...] [--list] [--json FILE]

Per CLI run: exit code, records (segments/errors/warnings from the --out JSONL or the store), peak RSS of the largest
single process in the tree (psutil, every 50 ms), wall time, and whether the README's promise held. Each run has a
timeout (default 120 s) and an RSS kill switch (default 6 GB): "TIMEOUT" / "KILLED". Generic promise on every run:
no traceback, peak RSS <= 1.5 GB per process, <= 60 s; the case adds its own check. Cases live in stress_cases.py.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stress_run as sr  # noqa: E402

RSS_LIMIT_MB = 1536  # issue 12: peak RSS <= 1.5 GB per worker
WALL_LIMIT_S = 60.0


class Ctx:
    """Where a case writes its inputs, and how it runs the CLI."""

    def __init__(self, repo: Path, python: str, work: Path, quick: bool, timeout: float, kill_mb: float):
        self.repo, self.python, self.work, self.quick = repo, python, work, quick
        self.timeout, self.kill_mb = timeout, kill_mb
        self.rows: list[dict] = []
        self.case = ""

    def size(self, default, quick):
        return quick if self.quick else default

    def dir(self, name: str = "") -> Path:
        d = self.work / self.case / name if name else self.work / self.case
        d.mkdir(parents=True, exist_ok=True)
        return d

    def fresh(self, name: str) -> Path:
        d = self.work / self.case / name
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        return d

    def run(self, step: str, args: list, *, out: Path | None = None, db: Path | None = None,
            normal: str | None = None, unprivileged: bool = False, timeout: float | None = None,
            during=None, wall_limit: float = WALL_LIMIT_S) -> dict:
        """One CLI run -> one row of the table."""
        log = self.work / "logs" / f"{self.case}__{step}".replace("/", "_")
        proc = sr.start(self.python, self.repo, [str(a) for a in args], log, unprivileged)
        w = sr.watch(proc, timeout or self.timeout, self.kill_mb, during=during)
        if db is not None:
            c = sr.count_store(db, normal)
        elif out is not None:
            c = sr.count_jsonl(out, normal)
            if args[0] == "analyze":
                sr.count_stderr(log.with_suffix(".err"), c)
        else:
            c = sr.Counts()
        tb = sr.has_traceback(log)
        row = {"case": self.case, "step": step, "rc": w.rc if w.status == "done" else w.status,
               "segments": c.segments, "errors": c.errors, "warnings": c.warnings, "normal": c.normal_segments,
               "rss_mb": round(w.peak_rss_mb), "tree_mb": round(w.peak_tree_mb), "wall_s": round(w.wall_s, 1),
               "traceback": tb, "codes": c.codes[:6], "last_line": sr.last_error_line(log) if (tb or w.rc) else "",
               "log": str(log)}
        generic = [] if w.status == "done" else [w.status]
        generic += ["traceback"] if tb else []
        generic += [f"rss>{RSS_LIMIT_MB}MB"] if w.peak_rss_mb > RSS_LIMIT_MB else []
        generic += [f">{wall_limit:g}s"] if w.wall_s > wall_limit else []
        row["failed"] = generic
        self.rows.append(row)
        print(f"  {step:<28} rc={row['rc']!s:<8} seg/err/warn={c.short():<14} normal={c.normal_segments!s:<5} "
              f"rss={row['rss_mb']:>6} MB  {row['wall_s']:>6} s  {'TRACEBACK ' if tb else ''}{row['last_line'][:90]}",
              flush=True)
        return row

    def check(self, row: dict, ok: bool, why: str) -> None:
        """The case's own promise for this row (added to the generic ones)."""
        if not ok:
            row["failed"].append(why)


# ----------------------------------------------------------------------------------------------- report
def held(rows: list[dict]) -> str:
    return "yes" if all(not r["failed"] for r in rows) else "NO"


def markdown(rows: list[dict], expectations: dict[str, str]) -> str:
    lines = ["| case | step | rc | seg/err/warn | normal file segs | peak RSS MB (largest proc) | wall s | held | why not / note |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        recs = "/".join("-" if r[k] is None else str(r[k]) for k in ("segments", "errors", "warnings"))
        lines.append(f"| {r['case']} | {r['step']} | {r['rc']} | {recs} | {'' if r['normal'] is None else r['normal']} "
                     f"| {r['rss_mb']:,} | {r['wall_s']} | {'yes' if not r['failed'] else 'NO'} "
                     f"| {'; '.join(r['failed'] + ([r['note']] if r.get('note') else []))} |")
    lines += ["", "| case | promise (README / issue 12) |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in expectations.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from stress_cases import CASES

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--work", type=Path, default=Path("/tmp/tone-stress"))
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    ap.add_argument("--full", action="store_true", help="also the 100k-message mailbox")
    ap.add_argument("--case", action="append", help="run only cases whose name contains this (repeatable)")
    ap.add_argument("--skip", action="append", default=[], help="skip cases whose name contains this")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--kill-mb", type=float, default=6144.0)
    ap.add_argument("--json", type=Path, default=None, help="results file (default WORK/results.json)")
    a = ap.parse_args(argv)
    selected = [n for n, (_, _, _, full) in CASES.items()
                if (a.full or not full) and (not a.case or any(c in n for c in a.case))
                and not any(s in n for s in a.skip)]
    if a.list:
        for n, (group, expected, _, full) in CASES.items():
            print(f"{n:<28} {group:<12} {'(--full) ' if full else ''}{expected}")
        return 0
    ctx = Ctx(a.repo.resolve(), a.python, a.work, a.quick, a.timeout, a.kill_mb)
    a.work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    summary = []
    for name in selected:
        group, expected, fn, _ = CASES[name]
        ctx.case = name
        print(f"[{name}] expected: {expected}", flush=True)
        start = len(ctx.rows)
        t = time.perf_counter()
        try:
            fn(ctx)
        except Exception as exc:  # noqa: BLE001 - a broken case is reported, the table goes on
            ctx.rows.append({"case": name, "step": "(harness)", "rc": "ERROR", "segments": None, "errors": None,
                             "warnings": None, "normal": None, "rss_mb": 0, "tree_mb": 0, "wall_s": 0,
                             "traceback": False, "codes": [], "last_line": repr(exc), "failed": [f"harness: {exc!r}"]})
        rows = ctx.rows[start:]
        summary.append({"case": name, "group": group, "expected": expected, "held": held(rows),
                        "seconds": round(time.perf_counter() - t, 1)})
        print(f"  -> held: {summary[-1]['held']}  ({summary[-1]['seconds']} s)", flush=True)
    total = time.perf_counter() - t0
    table = markdown(ctx.rows, {s["case"]: f"{s['expected']} — held: {s['held']}" for s in summary})
    print("\n" + table + f"\n\ntotal {total:.0f} s, repo {ctx.repo}, quick={a.quick}")
    out = a.json or a.work / "results.json"
    out.write_text(json.dumps({"repo": str(ctx.repo), "quick": a.quick, "total_s": round(total, 1),
                               "cases": summary, "rows": ctx.rows}, indent=1, default=str))
    (out.with_suffix(".md")).write_text(table + "\n")
    print(f"wrote {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
