"""Compact rich tables of a run's findings, readable at 120 columns. Sections without rows are skipped."""
from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import labels
from .formatting import (cue_list, date_text, excerpt, health_text, is_missing, page_text, period_text, short_source,
               top_clauses, top_cues)

MAX_ERRORS = 20


def _risk() -> str:
    return labels.colour("risk_pushing")


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                 header_style="bold", expand=False)


def risk_profile_table(results) -> Table | None:
    rp = results.risk_profile
    if rp.empty:
        return None
    t = _table("Contract risk profile")
    t.add_column("source", overflow="fold", max_width=44)
    t.add_column("risk-relevant", justify="right")
    t.add_column("one-sided", justify="right", style=_risk())
    t.add_column("balanced", justify="right")
    t.add_column("share", justify="right")
    t.add_column("one-sided by type", overflow="fold", max_width=44)
    t.add_column("carried by", overflow="fold", max_width=28)
    for _, r in rp.iterrows():
        t.add_row(str(r["source"]), str(r["risk_relevant"]), str(r["one_sided"]), str(r["balanced"]),
                  f"{r['share_one_sided']:.0%}", top_cues(r["by_type"]), top_cues(r["by_bearer"]))
    return t


def clauses_table(results, k: int = 10) -> Table | None:
    top = top_clauses(results, k)
    if top.empty:
        return None
    t = _table(f"Top {len(top)} risk_pushing clauses")
    t.add_column("source", overflow="ellipsis", no_wrap=True, max_width=28)
    t.add_column("clause", no_wrap=True)
    t.add_column("page", justify="right")
    t.add_column("score", justify="right", style=_risk())
    t.add_column("why", overflow="fold", max_width=40)
    t.add_column("text", overflow="ellipsis", no_wrap=True, ratio=1, min_width=20)
    for _, r in top.iterrows():
        t.add_row(Text(short_source(r["source"])), Text(str(r["clause"] if not is_missing(r["clause"]) else "—")),
                  page_text(r["page"]), f"{r['score_risk_pushing']:.2f}",
                  Text(r["reason"] if not is_missing(r["reason"]) else cue_list(r["cue_types"])),
                  Text(excerpt(r["text"], 160)))
    t.expand = True
    return t


def threads_table(results) -> Table | None:
    th = results.threads
    if th.empty:
        return None
    bad, good = labels.tone_colour(-1), labels.tone_colour(+1)
    tonal = [labels.get(lb) for lb in labels.tonal()]
    t = _table("Threads")
    t.add_column("subject", overflow="fold", ratio=1, min_width=24)
    t.add_column("msgs", justify="right")
    for lb in tonal:
        t.add_column(lb.short, justify="right", style=lb.colour)
    t.add_column("escalation", no_wrap=True)
    t.add_column("recovered", justify="center")
    for _, r in th.iterrows():
        if r["escalated"]:
            esc = Text(f"#{int(r['escalation_position'])} {date_text(r['escalation_date'])}", style=bad)
            rec = Text("yes", style=good) if r["recovered"] else Text("no", style=bad)
        else:
            esc, rec = Text("—", style="dim"), Text("—", style="dim")
        t.add_row(Text(str(r["subject"] or "(no subject)")), str(r["messages"]),
                  *(str(r[f"n_{lb.id}"]) for lb in tonal), esc, rec)
    t.expand = True
    return t


def health_table(results) -> Table | None:
    h = results.health
    if h.empty:
        return None
    t = _table("Counterparty health (95% interval, n = tonal segments)")
    t.add_column("org", overflow="fold", max_width=40)
    t.add_column("period", no_wrap=True)
    t.add_column("messages", justify="right")
    t.add_column("health", no_wrap=True)
    last = None
    bad, good = labels.tone_colour(-1), labels.tone_colour(+1)
    for _, r in h.iterrows():
        style = ""
        if not is_missing(r["health"]):
            style = bad if r["health_high"] < 0 else good if r["health_low"] > 0 else ""
        org = str(r["org"])
        t.add_row(Text(org if org != last else ""), period_text(r["period"], results.freq, short=True),
                  str(r["messages"]), Text(health_text(r), style=style))
        last = org
    return t


def errors_table(results) -> Table | None:
    errs = results.errors
    if not errs:
        return None
    t = _table(f"Errors and warnings ({len(errs)})")
    t.add_column("source", overflow="fold", max_width=44)
    t.add_column("code", no_wrap=True)
    t.add_column("message", overflow="fold", ratio=1)
    for e in errs[:MAX_ERRORS]:
        t.add_row(Text(e.source), Text(e.code, style="red" if e.severity == "error" else "yellow"),
                  Text(excerpt(e.message, 200)))
    if len(errs) > MAX_ERRORS:
        t.add_row(Text(f"… {len(errs) - MAX_ERRORS} more", style="dim"), "", "")
    t.expand = True
    return t


def print_results(results, console: Console) -> None:
    """Print the non-empty sections: risk profiles, top clauses, threads, counterparty health, errors."""
    for build in (risk_profile_table, clauses_table, threads_table, health_table, errors_table):
        table = build(results)
        if table is not None:
            console.print(table)
