"""Command line: a thin shell over the library API."""
from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from dataclasses import replace
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .detect.model_kinds import recipes as model_recipes
from .limits import DEFAULT_LIMITS, Limits

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Tone Analyzer: risky, blaming and defensive tone in "
                  "outsourcing contracts and supplier correspondence.")
err = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Tone Analyzer command line."""


_LIMIT_HELP = "Per-file limits; a file over one becomes one error record and the batch goes on"
MaxPages = typer.Option(DEFAULT_LIMITS.max_pages, "--max-pages", help=f"{_LIMIT_HELP}: PDF pages")
MaxChars = typer.Option(DEFAULT_LIMITS.max_chars, "--max-chars", help="Characters of one document's text")
MaxMemory = typer.Option(DEFAULT_LIMITS.max_memory_mb, "--max-memory", help="MB of memory to read one PDF/DOCX/MSG")
Timeout = typer.Option(DEFAULT_LIMITS.timeout_s, "--timeout", help="Seconds to read one PDF/DOCX/MSG")
FollowLinks = typer.Option(False, "--follow-symlinks", help="Follow links that point outside the folders given")


def _limits(max_pages: int, max_chars: int, max_memory: int, timeout: float, follow_symlinks: bool) -> Limits:
    for name, value in (("--max-pages", max_pages), ("--max-chars", max_chars), ("--max-memory", max_memory),
                        ("--timeout", timeout)):
        if value <= 0:
            raise typer.BadParameter("must be positive", param_hint=name)
    return replace(DEFAULT_LIMITS, max_pages=max_pages, max_chars=max_chars, max_memory_mb=max_memory,
                   timeout_s=timeout, follow_symlinks=follow_symlinks)


def _fail(exc: Exception) -> None:
    """An expected failure of the whole command (store busy, output not writable, broken model): one line."""
    err.print(f"[red]error[/] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(3)


def _progress(disable: bool) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, disable=disable, transient=True)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files, folders or .zip archives"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSONL output (default: stdout)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
    max_pages: int = MaxPages, max_chars: int = MaxChars, max_memory: int = MaxMemory, timeout: float = Timeout,
    follow_symlinks: bool = FollowLinks,
) -> None:
    """Extract clean, addressable segments (one JSON object per line; errors and warnings inline)."""
    from .extract import ExtractStats, Extracted, extract as run_extract
    from .store.errors import OutputError
    from .store.export import check_writable

    limits = _limits(max_pages, max_chars, max_memory, timeout, follow_symlinks)
    stats = ExtractStats()
    try:
        if out:
            check_writable(out)
        sink = out.open("w", encoding="utf-8") if out else nullcontext(sys.stdout)
    except (OutputError, OSError) as exc:
        _fail(exc)
    try:
        with sink as fh, _progress(quiet or not err.is_terminal) as progress:
            task = progress.add_task("extracting", total=None)
            for item in run_extract(paths, stats, limits=limits):
                if isinstance(item, Extracted):
                    for w in item.document.warnings:
                        rec = {"type": "warning", "source": item.document.source, "message": w}
                        fh.write(json.dumps(rec) + "\n")
                    for seg in item.segments:
                        fh.write(json.dumps({"type": "segment", **seg.to_dict()}, ensure_ascii=False) + "\n")
                    progress.advance(task)
                else:
                    fh.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                    if not quiet:
                        err.print(f"[{'yellow' if item.severity == 'warning' else 'red'}]{item.severity}[/] "
                                  f"{item.source}: {item.message}", highlight=False, markup=True)
    except OSError as exc:  # disk full, output gone: what was written stays; say so in one line
        _fail(OutputError(f"cannot write {out or 'standard output'}: {exc.strerror or exc}"))
    if not quiet:
        _summary(stats.as_row())
    raise typer.Exit(0 if stats.files else 1)


@app.command()
def analyze(
    paths: list[Path] = typer.Argument(..., help="Files, folders or .zip archives"),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model folder (default: models/default)"),
    db: Optional[Path] = typer.Option(None, "--db", help="Store: a DuckDB file, or postgresql://user@host/dbname "
                                      "for a team store; unchanged files are skipped on reruns"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Export segments: .jsonl, .csv or .parquet"),
    freq: str = typer.Option("M", help="Health index period: M (month) or W (week)"),
    workers: int = typer.Option(1, "--workers", "-w", help="Parallel processes (1 = in-process); with --engine "
                                "dask and no --scheduler: the size of the local dask cluster"),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or dask (dask.distributed; needs "
                               "the optional extra `scale`)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="dask scheduler address, e.g. "
                                            "tcp://10.0.0.5:8786 (default: start a local cluster)"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
    max_pages: int = MaxPages, max_chars: int = MaxChars, max_memory: int = MaxMemory, timeout: float = Timeout,
    follow_symlinks: bool = FollowLinks,
) -> None:
    """Extract, segment, classify and aggregate: findings per clause, message, thread and counterparty."""
    from .runner import analyze as run_analyze
    from .store.errors import StoreError

    limits = _limits(max_pages, max_chars, max_memory, timeout, follow_symlinks)
    from .store.export import export_format

    try:
        if out is not None:
            export_format(out)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--out") from None

    engine = engine.lower()
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"{engine!r}: choose local or dask", param_hint="--engine")
    if scheduler and engine != "dask":
        raise typer.BadParameter("a scheduler address needs --engine dask", param_hint="--scheduler")
    if workers < 1:
        raise typer.BadParameter("must be at least 1", param_hint="--workers")
    with _progress(quiet or not err.is_terminal) as progress:
        task = progress.add_task("analysing", total=None)

        def tick(item) -> None:
            if hasattr(item, "segments"):
                progress.advance(task)
            elif not quiet:
                err.print(f"[{'yellow' if item.severity == 'warning' else 'red'}]{item.severity}[/] "
                          f"{item.source}: {item.message}", highlight=False)

        try:
            results = run_analyze(paths, model=model, db=db, freq=freq, on_document=tick, workers=workers,
                                  engine=engine, scheduler=scheduler, out=out, limits=limits)
        except (StoreError, *_model_errors()) as exc:
            _fail(exc)
    if not quiet:
        from .report.terminal import print_results

        print_results(results, err)
        _summary({**results.stats.as_row(), "skipped (unchanged)": len(results.skipped_files)})
    raise typer.Exit(0 if results.stats.files or results.skipped_files else 1)


@app.command()
def report(
    db: Path = typer.Option(Path("out/results.duckdb"), "--db", help="Store written by `analyze --db` (a DuckDB "
                            "file or a postgresql:// URL)"),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a self-contained HTML report here"),
    freq: str = typer.Option("M", help="Health index period: M (month) or W (week)"),
) -> None:
    """Terminal tables (and an HTML report) of everything in a store."""
    from .report.terminal import print_results
    from .runner import load_results

    from .store.factory import is_url

    if not is_url(db) and not db.exists():
        err.print(f"[red]error[/] no store at {db}; run `tone-analyzer analyze PATH --db {db}` first")
        raise typer.Exit(1)
    from .store.errors import StoreError

    try:
        results = load_results(db, freq=freq)
    except StoreError as exc:
        _fail(exc)
    print_results(results, Console())
    if html:
        from .report.html import write_html

        html.parent.mkdir(parents=True, exist_ok=True)
        write_html(results, html)
        err.print(f"wrote {html}")


@app.command("app")
def explorer(
    db: str = typer.Option("out/results.duckdb", "--db", help="Store to explore (the Quickstart's by default)"),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; any non-loopback address needs "
                             "sign-in configured (README: Explorer)"),
    port: int = typer.Option(8501, "--port", help="TCP port"),
) -> None:
    """Open the explorer (Streamlit) on a store, headless, on this machine only unless --host says otherwise."""
    try:
        from app import launch
    except ModuleNotFoundError:  # app/ sits beside app_streamlit.py: in the checkout, or in the installed wheel
        from .locations import app_script

        sys.path.insert(0, str(app_script().parent))
        from app import launch
    try:
        cmd, env = launch.prepare(db, host, port)
    except launch.LaunchError as exc:
        from rich.markup import escape

        err.print(f"[red]error[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(exc.code)
    err.print(f"explorer on {launch.url(host, port)} · store {env['TONE_DB']} · Ctrl-C stops it", highlight=False,
              soft_wrap=True)
    raise typer.Exit(launch.run(cmd, env))


def _model_errors() -> tuple[type[Exception], ...]:
    """Exceptions that mean "this model folder is broken" (one line naming the folder and the field); imported
    when needed, so a command that never loads a model does not import the detect stage."""
    from .detect.model_errors import ModelError

    return (ModelError,)


def _summary(row: dict[str, int]) -> None:
    table = Table(title="summary")
    for key in row:
        table.add_column(key, justify="right")
    table.add_row(*(f"{v:,}" for v in row.values()))
    err.print(table)




@app.command()
def classify(
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model folder (default: models/default)"),
    input: Optional[Path] = typer.Option(None, "--input", "-i", help="JSONL with a `text` field (default: stdin, one text per line)"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSONL output (default: stdout)"),
    batch_size: int = typer.Option(512, help="Texts scored per batch"),
) -> None:
    """Score texts: {"text", "scores", "labels", "evidence"} per line."""
    from dataclasses import asdict

    from .detect.model import load_model

    try:
        tone = load_model(model)
    except _model_errors() as exc:
        _fail(exc)
    if input:
        texts = (json.loads(line)["text"] for line in input.open(encoding="utf-8") if line.strip())
    else:
        texts = (line.rstrip("\n") for line in sys.stdin if line.strip())
    sink = out.open("w", encoding="utf-8") if out else nullcontext(sys.stdout)
    with sink as fh:
        for chunk in _chunks(texts, batch_size):
            for text, pred in zip(chunk, tone.predict(chunk)):
                rec = {"text": text, "scores": pred.scores, "labels": pred.labels,
                       "evidence": [asdict(e) for e in pred.evidence]}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _chunks(items, n):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@app.command()
def train(
    model: str = typer.Option("tfidf", "--model", "-m", help=" | ".join(model_recipes())),
    data: Optional[list[Path]] = typer.Option(None, "--data", help="Labelled JSONL file(s) or folder (default: corpora/)"),
    no_real: bool = typer.Option(False, "--no-real", help="Do not use ../shared/data"),
    out: Path = typer.Option(..., "--out", "-o", help="Output model folder, e.g. models/NAME"),
) -> None:
    """Train, calibrate, tune thresholds, evaluate; writes weights, metrics.json and model_card.md."""
    from .train.datasets import LabelledSet, load_all
    from .train.fit import save_with_card, train_model

    try:
        sets = [load_all(p, real=not no_real and i == 0) for i, p in enumerate(data)] if data else [load_all(real=not no_real)]
    except FileNotFoundError as exc:  # no corpora/ (an installed wheel) or a --data path that does not exist
        _fail(exc)
    labelled = LabelledSet([e for s in sets for e in s.examples])
    with err.status(f"training {model} on {len(labelled):,} rows…"):
        tone, metrics = train_model(model, labelled, name=out.name, log=lambda m: err.print(m))
    save_with_card(tone, metrics, out, " ".join(["tone-analyzer", *sys.argv[1:]]))
    _metrics_table(metrics)
    err.print(f"saved to {out}")


@app.command()
def evaluate(
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model folder (default: models/default)"),
    data: Optional[Path] = typer.Option(None, "--data", help="Labelled JSONL (default: our test split + real test data)"),
    split: str = typer.Option("test", help="Split to evaluate when --data is not a single file"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write metrics JSON here"),
) -> None:
    """Per-label precision / recall / F1 / PR-AUC table for a model."""
    from .train.datasets import LabelledSet, load_all
    from .detect.model import load_model
    from .train.fit import evaluate_model

    try:
        tone = load_model(model)
    except _model_errors() as exc:
        _fail(exc)
    try:
        if data and data.is_file():
            labelled = load_all(data, real=False)
            labelled = LabelledSet([type(e)(**{**e.__dict__, "split": "test"}) for e in labelled.examples])
        else:
            labelled = load_all(data)
    except FileNotFoundError as exc:
        _fail(exc)
    metrics = evaluate_model(tone, labelled, split=split)
    _metrics_table(metrics)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(metrics, indent=2))


def _metrics_table(metrics: dict) -> None:
    from .records import LABELS

    table = Table(title="metrics (held-out)")
    for col in ("data", "label", "P", "R", "F1", "PR-AUC", "false alarms", "support/n"):
        table.add_column(col, justify="left" if col in ("data", "label") else "right")
    for part, labels in metrics.items():
        if not isinstance(labels, dict):
            continue
        for lab in LABELS:
            m = labels.get(lab)
            # rows without positives only matter as false-alarm checks (e.g. neutral mail)
            if isinstance(m, dict) and "precision" in m and (m["support"] or part == "parakweet"):
                table.add_row(part, lab, f"{m['precision']:.2f}", f"{m['recall']:.2f}", f"{m['f1']:.2f}",
                              f"{m.get('pr_auc', float('nan')):.2f}", f"{m['false_alarm_rate']:.1%}",
                              f"{m['support']}/{m['n']}")
    err.print(table)
