"""Formatting helpers shared by the terminal and HTML reports (numbers, dates, excerpts, the run summary)."""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..records import file_of

MINUS = "\u2212"
EXCERPT_CHARS = 220


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def signed(x: float, digits: int = 2) -> str:
    """+0.25 / 0.00 / −0.75 with a real minus sign."""
    if is_missing(x):
        return "—"
    s = f"{x:+.{digits}f}"
    if float(s) == 0:
        return f"{0:.{digits}f}"
    return s.replace("-", MINUS)


def health_text(row: Any) -> str:
    """'−0.75 [−0.96, −0.06] n=8' (n = tonal segments); '— n=0' when the period had no tonal segment."""
    n = int(row["collaborative"]) + int(row["negative"])
    if is_missing(row["health"]):
        return f"— n={n}"
    return f"{signed(row['health'])} [{signed(row['health_low'])}, {signed(row['health_high'])}] n={n}"


def period_text(period: Any, freq: str = "M", short: bool = False) -> str:
    ts = pd.Timestamp(period)
    if str(freq).upper().startswith("W"):
        return f"w/c {ts:%Y-%m-%d}" if not short else f"{ts:%d %b}"
    return f"{ts:%Y-%m}" if short else f"{ts:%b %Y}"


def date_text(value: Any) -> str:
    return "—" if is_missing(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def page_text(value: Any) -> str:
    return "—" if is_missing(value) else str(int(value))


def excerpt(text: Any, limit: int = EXCERPT_CHARS) -> str:
    t = " ".join(str(text or "").split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"


def short_source(source: Any) -> str:
    """'examples/contracts/msa.pdf' -> 'msa.pdf'; 'in/batch.zip!mail/box.mbox#3' -> 'batch.zip!box.mbox#3'."""
    return "!".join(part.replace("\\", "/").rsplit("/", 1)[-1] for part in str(source).split("!"))


def cue_list(types: Any) -> str:
    return ", ".join(types) if isinstance(types, (list, tuple)) else str(types or "")


def top_cues(by_type: dict[str, int] | None, k: int = 3) -> str:
    items = list((by_type or {}).items())[:k]
    return ", ".join(f"{name} {count}" for name, count in items) or "—"


def top_clauses(results, k: int = 10) -> pd.DataFrame:
    """The k highest-scoring risk_pushing clauses across all contracts."""
    rc = results.risk_clauses
    if rc.empty:
        return rc
    return rc.sort_values("score_risk_pushing", ascending=False, kind="stable").head(k).reset_index(drop=True)


def run_summary(results) -> dict[str, int]:
    """files, messages, pages, segments, errors, warnings: from the run's stats, or from the frame when the results
    were loaded from a store (no stats kept)."""
    frame = results.frame
    errors = [e for e in results.errors if e.severity == "error"]
    warnings = [e for e in results.errors if e.severity != "error"]
    st = results.stats
    if st.files or st.segments:
        row = {"files": len(st.files), "messages": st.messages, "pages": st.pages, "segments": st.segments}
    else:
        contracts = frame[frame["kind"] == "contract"]
        pages = contracts.groupby("doc_id")["page"].max().fillna(0).sum() if len(contracts) else 0
        row = {"files": int(frame["source"].map(file_of).nunique()) if len(frame) else 0,
               "messages": int(frame.loc[frame["kind"] == "email", "doc_id"].nunique()),
               "pages": int(pages), "segments": len(frame)}
    row.update(errors=len(errors), warnings=len(warnings))
    if results.skipped_files:
        row["skipped (unchanged)"] = len(results.skipped_files)
    return row


def finite(x: Any) -> bool:
    return not is_missing(x) and math.isfinite(float(x))
