"""Command line: a thin shell over the library API."""
from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Tone Analyzer: risky, blaming and defensive tone in "
                  "outsourcing contracts and supplier correspondence.")
err = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Tone Analyzer command line."""


def _progress(disable: bool) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, disable=disable, transient=True)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files, folders or .zip archives"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSONL output (default: stdout)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
) -> None:
    """Extract clean, addressable segments (one JSON object per line; errors and warnings inline)."""
    from .extract import ExtractStats, Extracted, extract as run_extract

    stats = ExtractStats()
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
    sink = out.open("w", encoding="utf-8") if out else nullcontext(sys.stdout)
    with sink as fh, _progress(quiet or not err.is_terminal) as progress:
        task = progress.add_task("extracting", total=None)
        for item in run_extract(paths, stats):
            if isinstance(item, Extracted):
                for w in item.document.warnings:
                    fh.write(json.dumps({"type": "warning", "source": item.document.source, "message": w}) + "\n")
                for seg in item.segments:
                    fh.write(json.dumps({"type": "segment", **seg.to_dict()}, ensure_ascii=False) + "\n")
                progress.advance(task)
            else:
                fh.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                if not quiet:
                    err.print(f"[{'yellow' if item.severity == 'warning' else 'red'}]{item.severity}[/] "
                              f"{item.source}: {item.message}", highlight=False, markup=True)
    if not quiet:
        _summary(stats.as_row())
    raise typer.Exit(0 if stats.files else 1)


def _summary(row: dict[str, int]) -> None:
    table = Table(title="summary")
    for key in row:
        table.add_column(key, justify="right")
    table.add_row(*(f"{v:,}" for v in row.values()))
    err.print(table)


def main() -> None:  # pragma: no cover - console-script entry
    app()
