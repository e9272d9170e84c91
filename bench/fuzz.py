"""Long fuzz campaign: the properties of tests/test_fuzz_pipeline.py over every reader and the segmenter, for N minutes.

    python bench/fuzz.py --minutes 10 [--format pdf --format eml ...] [--examples 200] [--time-budget 10]
                         [--memory-budget 768] [--out crashes.jsonl]

Round-robin over the formats (and the segmenter), `--examples` hypothesis examples per round, until the time is up.
Every failure (escaped exception, broken property, time or memory budget exceeded) is printed once per distinct
message with a reproducer (the mutated bytes in hex when small) and appended to --out; the campaign goes on.
Run from the repo root so the checkout's `analyzer` is the one fuzzed.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_fuzz_pipeline as fz  # noqa: E402


def round_for(target: str, examples: int, found: list[dict], seen: set[str]) -> None:
    def record(kind: str, exc: AssertionError, repro: str) -> None:
        first = str(exc).splitlines()[0][:200]
        key = f"{target}:{first}"
        if key not in seen:
            seen.add(key)
            found.append({"target": target, "kind": kind, "error": str(exc)[:3000], "reproducer": repro[:20000]})
            print(f"[{target}] {first}\n    {repro[:300]}", flush=True)

    cfg = settings(max_examples=examples, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))
    if target == "segmenter":
        @cfg
        @given(pieces=st.lists(st.one_of(st.sampled_from(fz.SEGMENT_PIECES), st.text(max_size=40)), max_size=400),
               kind=st.sampled_from(["contract", "email"]))
        def run(pieces, kind):
            text = "".join(pieces)
            try:
                fz.in_child(fz.check_text, text, kind)
            except AssertionError as exc:
                record("segment", exc, f"check_text({text!r}, {kind!r})")
    else:
        name = fz.NAMES[target]

        @cfg
        @given(edits=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2**31), st.integers(0, 255)),
                              min_size=1, max_size=24))
        def run(edits):
            data = fz.mutate(fz.seed(target), edits)
            try:
                fz.in_child(fz.check_file, name, data)
            except AssertionError as exc:
                record("read", exc, fz.reproducer(name, data))

    run()  # failures are recorded inside, so hypothesis never stops (or shrinks) on them


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--format", action="append", choices=[*fz.NAMES, "segmenter"])
    ap.add_argument("--examples", type=int, default=100, help="examples per format per round")
    ap.add_argument("--time-budget", type=float, default=fz.TIME_BUDGET_S, help="seconds per case")
    ap.add_argument("--memory-budget", type=int, default=fz.MEMORY_BUDGET_MB, help="MB per case")
    ap.add_argument("--out", type=Path, default=Path("/tmp/tone-fuzz-crashes.jsonl"))
    a = ap.parse_args(argv)
    fz.TIME_BUDGET_S, fz.MEMORY_BUDGET_MB = a.time_budget, a.memory_budget
    fz.in_child.__kwdefaults__ = {"time_s": a.time_budget, "memory_mb": a.memory_budget}
    fz.warm()
    targets = a.format or [*fz.NAMES, "segmenter"]
    found: list[dict] = []
    seen: set[str] = set()
    end = time.monotonic() + a.minutes * 60
    rounds = 0
    while time.monotonic() < end:
        for target in targets:
            if time.monotonic() >= end:
                break
            t = time.monotonic()
            round_for(target, a.examples, found, seen)
            print(f"  {target}: {a.examples} examples in {time.monotonic() - t:.1f} s", flush=True)
        rounds += 1
    with a.out.open("a") as fh:
        for f in found:
            fh.write(json.dumps(f) + "\n")
    print(f"{rounds} rounds over {', '.join(targets)}; {len(found)} distinct failures (appended to {a.out})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
