"""Relationship health index per counterparty and period.

For one organisation in one period, count its tonal segments: C = segments with a positive label (collaborative),
N = segments with a negative label (blame or defensive_detail; a segment with both counts once in N; a segment in
both C and N counts in both). Polarity is the label registry's (analyzer/labels.py). With n = C + N and p = C / n:

    health = 2p - 1 = (C - N) / (C + N)          in [-1, +1]; +1 all collaborative, -1 all blaming/defensive
    interval = 2 * Wilson95(p) - 1               wide when n is small, so three emails never look like a trend

Periods with no tonal segment have no health (NaN) but still report their message and segment counts.
"""
from __future__ import annotations

import math

import pandas as pd

from .. import labels
from .frame import org_of

Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (sensible at small n, unlike the normal approximation)."""
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def health_of(collaborative: int, negative: int) -> dict[str, float]:
    """health, health_low, health_high for one count of C collaborative and N negative segments (NaN when C + N = 0)."""
    n = collaborative + negative
    lo, hi = wilson_interval(collaborative, n)
    return {"health": (collaborative - negative) / n if n else math.nan, "health_low": 2 * lo - 1,
            "health_high": 2 * hi - 1}


def period_code(freq: str) -> str:
    """"W..." -> "W" (weeks starting Monday), anything else -> "M" (calendar months)."""
    return "W" if str(freq).upper().startswith("W") else "M"


def period_name(freq: str) -> str:
    """The word for one period of `freq`: "week" or "month"."""
    return "week" if period_code(freq) == "W" else "month"


def health_formula() -> str:
    """The formula in words, from the registry: "(collaborative − blame/defensive_detail) / (collaborative + …)"."""
    pos, neg = "/".join(labels.positive()), "/".join(labels.negative())
    return f"({pos} \u2212 {neg}) / ({pos} + {neg})"


def any_flag(frame: pd.DataFrame, ids: tuple[str, ...]) -> pd.Series:
    """Per row: flagged for any of the labels `ids` (False when there are none)."""
    out = pd.Series(False, index=frame.index)
    for lb in ids:
        out |= frame[labels.flag_col(lb)].astype(bool)
    return out


def health_index(frame: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """Columns: org, period (start date), messages, segments, collaborative, negative, health, health_low, health_high.
    "collaborative" counts segments with a positive label, "negative" those with a negative one."""
    mail = frame[frame["kind"] == "email"].copy()
    cols = ["org", "period", "messages", "segments", "collaborative", "negative", "health", "health_low",
            "health_high"]
    if mail.empty:
        return pd.DataFrame(columns=cols)
    mail["org"] = mail["sender"].map(org_of)
    mail = mail.dropna(subset=["org", "date"])
    if mail.empty:
        return pd.DataFrame(columns=cols)
    mail["period"] = mail["date"].dt.tz_convert(None).dt.to_period(period_code(freq))
    mail["pos"] = any_flag(mail, labels.positive())
    mail["neg"] = any_flag(mail, labels.negative())
    g = mail.groupby(["org", "period"])
    out = pd.DataFrame({
        "messages": g["doc_id"].nunique(),
        "segments": g.size(),
        "collaborative": g["pos"].sum().astype(int),
        "negative": g["neg"].sum().astype(int),
    }).reset_index()
    values = pd.DataFrame([health_of(int(c), int(k)) for c, k in zip(out["collaborative"], out["negative"])],
                          columns=["health", "health_low", "health_high"], index=out.index)
    out[values.columns] = values
    out["period"] = out["period"].dt.start_time
    return out[cols].sort_values(["org", "period"]).reset_index(drop=True)
