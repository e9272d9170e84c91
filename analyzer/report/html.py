"""One self-contained HTML report: inline CSS and inline SVG, no scripts, fonts or images from anywhere else, so it
can be emailed around and opened offline. All text from documents is escaped."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from html import escape
from pathlib import Path

import pandas as pd

from ..aggregate import contracts as contracts_mod
from ..aggregate import health as health_mod
from ..aggregate import threads as threads_mod
from .. import labels
from ..aggregate.health import any_flag, health_formula, health_of
from .formatting import (cue_list, date_text, excerpt, health_text, is_missing, page_text, period_text, run_summary,
                         signed)
from .svg import MODEL_ONLY, HealthPoint, colours, hbar_chart, health_chart, marker, stacked_bar, swatch

VISIBLE_CLAUSES = 15
MAX_ERRORS = 50


def thread_parts() -> tuple[str, ...]:
    """The parts of a thread's label mix bar: the tonal labels, then "other" (segments with none of them)."""
    return (*labels.tonal(), "other")


# Label colours are filled in from the registry by css() (BAD: escalation, GOOD: recovery, RISK: one-sided share).
CSS_TEMPLATE = """
*{box-sizing:border-box}
body{margin:0;background:#f3f4f6;color:#1f2937;font:14px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 28px 40px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 8px;padding-bottom:4px;border-bottom:2px solid #e5e7eb}
h3{font-size:15px;margin:0 0 6px;word-break:break-all}
.sub{color:#6b7280;font-size:12.5px}
.stats{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0 8px}
.stat{border:1px solid #e5e7eb;border-radius:6px;padding:8px 14px;min-width:104px}
.stat b{display:block;font-size:22px}.stat span{color:#6b7280;font-size:12px}
.stat.bad b{color:BAD}
.legend{display:flex;flex-wrap:wrap;gap:16px;margin:10px 0 0;font-size:12.5px;color:#374151}
.legend span{display:inline-flex;align-items:center;gap:5px}
svg.sw,svg.mk{vertical-align:-1px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:16px}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:12px 14px}
table{border-collapse:collapse;width:100%;font-size:13px}
th{text-align:left;font-weight:600;color:#374151;border-bottom:1px solid #d1d5db;padding:5px 8px;white-space:nowrap}
td{border-bottom:1px solid #f0f1f3;padding:5px 8px;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
td.nw{white-space:nowrap}
td.txt{color:#374151;font-size:12.5px}
tr.thread td{vertical-align:middle}
.esc{color:BAD;white-space:nowrap}.rec{color:GOOD;white-space:nowrap}.dim{color:#9ca3af}
.pill{display:inline-block;background:#fef3c7;color:#92400e;border-radius:10px;padding:0 7px;margin:1px 2px 1px 0;
font-size:11.5px;white-space:nowrap}
.pill.model{background:#f3f4f6;color:#6b7280}
details{margin-top:6px}summary{cursor:pointer;color:#374151;font-size:13px}
.contract{display:grid;grid-template-columns:minmax(0,1fr);gap:6px;margin-bottom:26px}
.kv{display:flex;flex-wrap:wrap;gap:18px;font-size:13px;margin:2px 0 6px}.kv b{font-size:15px}
.share{display:inline-block;width:120px;height:9px;background:#e5e7eb;border-radius:5px;vertical-align:0;overflow:hidden}
.share i{display:block;height:100%;background:RISK}
blockquote{margin:8px 0 14px;padding:8px 14px;border-left:4px solid #d1d5db;background:#f9fafb}
blockquote p{margin:4px 0}blockquote pre{margin:6px 0;font-size:12.5px;white-space:pre-wrap}
footer{margin-top:36px;color:#9ca3af;font-size:12px}
"""


def css() -> str:
    return (CSS_TEMPLATE.replace("BAD", labels.tone_colour(-1)).replace("GOOD", labels.tone_colour(+1))
            .replace("RISK", labels.colour("risk_pushing")))


def _e(value) -> str:
    return escape("" if is_missing(value) else str(value))


def _table(head: list[tuple[str, str]], rows: list[str]) -> str:
    ths = "".join(f'<th class="{cls}">{escape(name)}</th>' for name, cls in head)
    return f"<table><thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


# ---------------------------------------------------------------------------------------------------- header
def _header(results, title: str) -> str:
    s = run_summary(results)
    stats = "".join(f'<div class="stat{" bad" if k == "errors" and v else ""}"><b>{v:,}</b><span>{escape(k)}</span>'
                    f"</div>" for k, v in s.items() if k != "warnings" or v)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    model = f" · model {escape(results.model_name)}" if results.model_name else ""
    legend = "".join(f"<span>{swatch(c)}{escape(k)}</span>" for k, c in colours().items())
    legend += (f"<span>{marker('escalation')} escalation</span><span>{marker('recovery')} recovered</span>")
    return (f"<header><h1>{escape(title)}</h1><div class='sub'>Generated {when}{model}</div>"
            f"<div class='stats'>{stats}</div><div class='legend'>{legend}</div></header>")


# ---------------------------------------------------------------------------------------------------- health
def _health_section(results) -> str:
    h = results.health
    if h.empty:
        return ""
    periods = sorted(pd.Timestamp(p) for p in h["period"].unique())
    t0, t1 = periods[0], periods[-1]
    span = (t1 - t0).total_seconds() or 1.0

    def pos(p) -> float:
        return 0.5 if t0 == t1 else (pd.Timestamp(p) - t0).total_seconds() / span

    step = max(1, -(-len(periods) // 8))
    ticks = [(pos(p), period_text(p, results.freq, short=True)) for p in periods[::step]]
    order = h.groupby("org")["messages"].sum().sort_values(ascending=False, kind="stable").index
    cards = []
    for org in order:
        d = h[h["org"] == org]
        points = []
        for _, r in d.iterrows():
            ht = health_text(r)
            tip = f"{org} · {period_text(r['period'], results.freq)}: {ht} · {r['messages']} messages"
            points.append(HealthPoint(pos(r["period"]), None if is_missing(r["health"]) else float(r["health"]),
                                      None if is_missing(r["health_low"]) else float(r["health_low"]),
                                      None if is_missing(r["health_high"]) else float(r["health_high"]),
                                      int(r["collaborative"]) + int(r["negative"]), signed(r["health"]), tip))
        c, neg = int(d["collaborative"].sum()), int(d["negative"].sum())
        overall = {"collaborative": c, "negative": neg, **health_of(c, neg)}
        rows = [f"<tr><td class='nw'>{escape(period_text(r['period'], results.freq))}</td>"
                f"<td class='num'>{r['messages']}</td><td class='num'>{r['collaborative']}</td>"
                f"<td class='num'>{r['negative']}</td><td class='nw'>{escape(health_text(r))}</td></tr>"
                for _, r in d.iterrows()]
        table = _table([("period", ""), ("messages", "num"), ("collab.", "num"), ("blame/def.", "num"),
                        ("health [95%] n", "")], rows)
        chart = health_chart(points, ticks, f"Health of {org} over time")
        cards.append(f"<div class='card org' data-org='{_e(org)}'><h3>{_e(org)}</h3>"
                     f"<div class='sub'>{int(d['messages'].sum())} messages · overall "
                     f"{escape(health_text(overall))}</div>{chart}"
                     f"<details><summary>Numbers per period</summary>{table}</details></div>")
    note = (f"Health = {health_formula()}, counting the segments of the sender's organisation. Shaded band: 95% "
            "interval;"
            " point size: n tonal segments; point colour: above or below zero; hollow marker: mail but no "
            "tonal segment that period.")
    return (f"<section id='health'><h2>Counterparty health over time</h2><p class='sub'>{escape(note)}</p>"
            f"<div class='grid'>{''.join(cards)}</div></section>")


# ---------------------------------------------------------------------------------------------------- threads
def _threads_section(results) -> str:
    th = results.threads
    if th.empty:
        return ""
    mail = results.frame[results.frame["kind"] == "email"]
    tonal = any_flag(mail, labels.tonal())
    other = (~tonal).groupby(mail["thread_id"]).sum()
    th = th.assign(n_other=th["thread_id"].map(other).fillna(0).astype(int))
    th = th.sort_values("first_date", kind="stable")
    names = thread_parts()
    scale = int(max(sum(int(r[f"n_{p}"]) for p in names) for _, r in th.iterrows()) or 1)
    rows = []
    for _, r in th.iterrows():
        parts = [(p, int(r[f"n_{p}"])) for p in names]
        subject = r["subject"] or "(no subject)"
        bar = stacked_bar(parts, scale, title=f"Label mix of {subject}")
        mix = " · ".join(f"{p} {n}" for p, n in parts)
        if r["escalated"]:
            esc = (f"<span class='esc'>{marker('escalation')} message {int(r['escalation_position'])} of "
                   f"{r['messages']} · {date_text(r['escalation_date'])}</span>")
            rec = (f"<span class='rec'>{marker('recovery')} recovered</span>" if r["recovered"]
                   else "<span class='esc'>not recovered</span>")
        else:
            esc, rec = "<span class='dim'>no escalation</span>", "<span class='dim'>—</span>"
        dates = f"{date_text(r['first_date'])} → {date_text(r['last_date'])}"
        rows.append(f"<tr class='thread' data-escalated='{str(bool(r['escalated'])).lower()}'>"
                    f"<td><b>{_e(subject)}</b><div class='sub'>{escape(dates)}</div></td>"
                    f"<td class='num'>{r['messages']}</td><td title='{escape(mix)}'>{bar}</td>"
                    f"<td>{esc}</td><td>{rec}</td></tr>")
    table = _table([("thread", ""), ("messages", "num"), ("label mix (segments)", ""), ("escalation", ""),
                    ("recovery", "")], rows)
    return f"<section id='threads'><h2>Label mix per thread</h2>{table}</section>"


# ---------------------------------------------------------------------------------------------------- contracts
def _clause_row(r, pages: bool = True) -> str:
    pills = "".join(f"<span class='pill{' model' if t == 'model' else ''}'>{_e(t)}</span>"
                    for t in (r["cue_types"] if isinstance(r["cue_types"], list) else [cue_list(r["cue_types"])]))
    if not is_missing(r.get("reason")):
        pills += f"<div class='sub'>{_e(r['reason'])}</div>"
    heading = f"<div class='sub'>{_e(r['heading'])}</div>" if not is_missing(r["heading"]) else ""
    page = f"<td class='num'>{page_text(r['page'])}</td>" if pages else ""
    return (f"<tr><td class='nw'><b>{_e(r['clause']) or '—'}</b></td>{page}"
            f"<td class='num'>{r['score_risk_pushing']:.2f}</td><td>{pills}</td>"
            f"<td class='txt'>{heading}{escape(excerpt(r['text']))}</td></tr>")


def _contracts_section(results) -> str:
    rp = results.risk_profile
    if rp.empty:
        return ""
    rc = results.risk_clauses
    blocks = []
    for _, p in rp.iterrows():
        risk = labels.colour("risk_pushing")
        items = [("model only (no cue)" if k == "model" else k, int(v), MODEL_ONLY if k == "model" else risk)
                 for k, v in (p["by_type"] or {}).items()]
        chart = hbar_chart(items, f"One-sided clauses by type in {p['source']}") if items else ""
        if p["by_bearer"]:
            chart += "<p class='sub'>Carried by: " + ", ".join(f"{_e(k)} {v}" for k, v in p["by_bearer"].items()) + "</p>"
        kv = (f"<div class='kv'><span><b>{p['segments']}</b> segments</span>"
              f"<span><b>{p['risk_relevant']}</b> risk-relevant</span>"
              f"<span style='color:{risk}'><b>{p['one_sided']}</b> one-sided</span>"
              f"<span><b>{p['balanced']}</b> balanced</span><span><b>{p['share_one_sided']:.0%}</b> one-sided "
              f"share <span class='share'><i style='width:{p['share_one_sided'] * 100:.0f}%'></i></span></span></div>")
        f = rc[rc["doc_id"] == p["doc_id"]]
        pages = bool(f["page"].notna().any())  # DOCX and text contracts have no pages: no empty column
        head = [("clause", ""), ("page", "num")] if pages else [("clause", "")]
        head += [("score", "num"), ("cue types · why", ""), ("text", "")]
        rows = [_clause_row(r, pages) for _, r in f.iterrows()]
        table = _table(head, rows[:VISIBLE_CLAUSES]) if rows else "<p class='sub'>No flagged clauses.</p>"
        if len(rows) > VISIBLE_CLAUSES:
            table += (f"<details><summary>{len(rows) - VISIBLE_CLAUSES} more flagged clauses</summary>"
                      f"{_table(head, rows[VISIBLE_CLAUSES:])}</details>")
        blocks.append(f"<div class='contract'><h3>{_e(p['source'])}</h3>{kv}"
                      f"{'<div>' + chart + '</div>' if chart else ''}{table}</div>")
    return f"<section id='contracts'><h2>Contract risk profile</h2>{''.join(blocks)}</section>"


# ---------------------------------------------------------------------------------------------------- errors, help
def _errors_section(results) -> str:
    errs = results.errors
    if not errs:
        return ""
    rows = [f"<tr><td>{_e(e.source)}</td><td class='nw'>{_e(e.code)}"
            f"{'' if e.severity == 'error' else ' (warning)'}</td><td class='txt'>{escape(excerpt(e.message, 300))}"
            f"</td></tr>" for e in errs[:MAX_ERRORS]]
    if len(errs) > MAX_ERRORS:
        rows.append(f"<tr><td colspan='3' class='dim'>… {len(errs) - MAX_ERRORS} more</td></tr>")
    return (f"<section id='errors'><h2>Errors and warnings ({len(errs)})</h2>"
            f"{_table([('source', ''), ('code', ''), ('message', '')], rows)}</section>")


def _docstring_html(doc: str | None) -> str:
    """A module docstring as paragraphs; indented lines (formulas) stay preformatted."""
    out = []
    for para in (doc or "").strip().split("\n\n")[1:]:  # the first paragraph is the module's one-line summary
        lines = para.split("\n")
        if all(line.startswith("    ") for line in lines if line.strip()):
            out.append(f"<pre>{escape(chr(10).join(line[4:] for line in lines))}</pre>")
        else:
            text = escape(" ".join(line.strip() for line in lines))
            out.append("<p>" + re.sub(r"\*([^*\s][^*]*)\*", r"<em>\1</em>", text) + "</p>")
    return "<blockquote>" + "".join(out) + "</blockquote>"


def _howto_section() -> str:
    parts = [("Counterparty health index", health_mod.__doc__),
             ("Thread escalation and recovery", threads_mod.__doc__),
             ("Contract one-sided share", contracts_mod.__doc__)]
    body = "".join(f"<h3>{escape(name)}</h3>{_docstring_html(doc)}" for name, doc in parts)
    intro = ("Labels come from a trained model; cue types are the phrases that support a label. Small counts mean "
             "wide intervals: judge trends by the shaded band, not by single points.")
    return f"<section id='howto'><h2>How to read this</h2><p class='sub'>{escape(intro)}</p>{body}</section>"


# ---------------------------------------------------------------------------------------------------- page
def render_html(results, title: str = "Tone Analyzer report") -> str:
    """The whole report as one self-contained HTML document (a string)."""
    sections = [_header(results, title), _health_section(results), _threads_section(results),
                _contracts_section(results), _errors_section(results), _howto_section()]
    body = "\n".join(s for s in sections if s)
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(title)}</title><style>{css()}</style></head><body><main>\n{body}\n"
            "<footer>Tone Analyzer · self-contained report: no scripts, no external resources.</footer>"
            "</main></body></html>\n")


def write_html(results, path: str | Path, title: str = "Tone Analyzer report") -> Path:
    """Render and write the report (UTF-8); returns the path."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(results, title), encoding="utf-8")
    return path
