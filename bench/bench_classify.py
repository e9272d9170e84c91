"""Classification throughput (segments/s) of every model under models/, on contract and on mail segments.

    .venv/bin/python bench/bench_classify.py [--repeats 3] [--max-transformer 1000] [--json]

Texts are the segments of the generated 100-page contract PDF and 10,000-message mailbox (bench/gen_inputs.py).
`ToneModel.predict` is timed in-process after a warm-up (model loading excluded), median of the repeats. TF-IDF
models score every segment as the pipeline sees them; transformer models (minilm, cascade) get the first
`--max-transformer` *distinct* texts of each kind with the embedding cache cleared before every repeat (the
pipeline's duplicates would otherwise be free), with the int8 ONNX Runtime encoder they ship with, and for comparison
PyTorch float32 and opt-in bfloat16 (TONE_ANALYZER_MINILM_BF16=1). torch uses its default thread count (all cores)
unless --threads is given. Also times the `classify` CLI
(process start, model load, JSONL in and out) with the default model.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from _common import PYTHON, REPO, generated_inputs, machine, median, table, timed


def segment_texts(path: Path) -> list[str]:
    from analyzer.extract import ExtractStats, Extracted, extract

    return [s.text for it in extract([path], ExtractStats()) if isinstance(it, Extracted) for s in it.segments]


def measure(model, texts: list[str], repeats: int, transformer: bool) -> list[float]:
    from analyzer.detect.encoder import MiniLMEncoder

    model.predict(texts[:32])  # warm-up: lazy loads (the transformer weights), caches of the cue matcher
    times = []
    for _ in range(repeats):
        if transformer:
            MiniLMEncoder._cache.clear()
        t0 = time.perf_counter()
        model.predict(texts)
        times.append(time.perf_counter() - t0)
    return times


def use_backend(tone, backend: str) -> None:
    """Switch the embedding backend of a minilm or cascade model in place (timing only: the head was fitted on one)."""
    clf = getattr(tone.classifier, "slow", tone.classifier)
    clf.backend_, clf._encoder = backend, None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--max-transformer", type=int, default=1000)
    ap.add_argument("--models", nargs="*", default=None, help="model folder names under models/ (default: all)")
    ap.add_argument("--threads", type=int, nargs="+", default=[0],
                    help="torch threads for transformer models (0 = torch's default: all cores)")
    ap.add_argument("--no-cli", action="store_true", help="skip the `classify` CLI rows")
    ap.add_argument("--shipped-only", action="store_true", help="transformer models: only the backend they ship with")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    from analyzer.detect.model import load_model

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = generated_inputs(tmp)
        texts = {"contract": segment_texts(inputs["pdf"]), "mail": segment_texts(inputs["mbox"])}
        folders = sorted(p for p in (REPO / "models").iterdir() if (p / "model.json").exists())
        if a.models:
            folders = [f for f in folders if f.name in a.models]
        for folder in folders:
            tone = load_model(folder)
            kind = tone.classifier.kind
            transformer = kind in ("minilm", "cascade")
            # transformer models: the int8 ONNX Runtime backend they ship with, then PyTorch float32 and bfloat16
            settings = ([("int8 onnx", 0)] + [(p, th) for p in ("float32", "bfloat16") for th in a.threads]
                        if transformer else [("float32", 0)])
            if transformer and a.shipped_only:
                settings = [("int8 onnx", 0)]
            for precision, threads in settings:
                os.environ["TONE_ANALYZER_MINILM_BF16"] = "1" if precision == "bfloat16" else "0"
                if transformer:
                    import torch

                    torch.set_num_threads(threads or os.cpu_count())
                    use_backend(tone, "onnx-int8" if precision == "int8 onnx" else "torch")
                for text_kind, all_texts in texts.items():
                    batch = list(dict.fromkeys(all_texts))[: a.max_transformer] if transformer else all_texts
                    times = measure(tone, batch, a.repeats, transformer)
                    row = {"model": folder.name, "kind": kind, "precision": precision,
                           "torch_threads": (threads or os.cpu_count()) if transformer else "",
                           "texts": text_kind, "n": len(batch), "distinct": len(set(batch)),
                           "avg_chars": round(sum(map(len, batch)) / len(batch)),
                           "segments_per_s": len(batch) / median(times),
                           "runs_s": [round(t, 2) for t in times],
                           "load": Path("/proc/loadavg").read_text().split()[0]}
                    rows.append(row)
                    print(f"{folder.name:8s} {precision:8s} th={row['torch_threads']} {text_kind:8s} "
                          f"n={len(batch):6d} {row['segments_per_s']:8.0f} seg/s  runs {row['runs_s']} "
                          f"load {row['load']}", file=sys.stderr)
            os.environ.pop("TONE_ANALYZER_MINILM_BF16", None)

        # the CLI command, start-up and JSON included, default model
        for text_kind, all_texts in ([] if a.no_cli else texts.items()):
            src = tmp / f"{text_kind}.jsonl"
            src.write_text("".join(json.dumps({"text": t}) + "\n" for t in all_texts))
            runs = [timed([str(Path(PYTHON).with_name("tone-analyzer")), "classify", "--input", str(src),
                           "--out", str(tmp / "out.jsonl")], cwd=tmp) for _ in range(a.repeats)]
            wall = median([r["wall_s"] for r in runs])
            rows.append({"model": "default (CLI)", "kind": load_model().classifier.kind, "precision": "shipped",
                         "texts": text_kind,
                         "n": len(all_texts), "distinct": len(set(all_texts)),
                         "avg_chars": round(sum(map(len, all_texts)) / len(all_texts)),
                         "segments_per_s": len(all_texts) / wall, "runs_s": [round(r["wall_s"], 2) for r in runs]})
            print(f"CLI classify {text_kind}: {len(all_texts) / wall:.0f} seg/s", file=sys.stderr)
    if a.json:
        print(json.dumps({"machine": machine(), "rows": rows}, indent=1))
        return
    print(f"machine: {machine()}\n")
    print(table(rows, ["model", "kind", "precision", "torch_threads", "texts", "n", "distinct", "avg_chars",
                       "segments_per_s", "runs_s", "load"]))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
