"""Evidence spans -> escaped HTML with <mark> per label (no Streamlit here, so it is unit-testable).

Spans may overlap (a clause flagged for two labels, a cue inside a model-flagged segment): the text is cut at every
span boundary and each piece is marked once, coloured by its highest-scoring label, with all labels in its title.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import pandas as pd

from analyzer import labels as registry

UNKNOWN_COLOUR = "#6b7280"  # a label the registry does not know (e.g. from an older store)


def _name(label: str) -> str:
    try:
        return registry.display_name(label)
    except KeyError:
        return label


def _colour(label: str) -> str:
    return registry.colours().get(label, UNKNOWN_COLOUR)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    cue: str = "model"
    score: float | None = None
    idx: int | None = None  # segment index, for the "why" tables


def _mark_style(label: str) -> str:
    c = _colour(label)
    return f"background:{c}26;border-bottom:2px solid {c};padding:0 1px;border-radius:2px;color:inherit"


def _title(spans: Sequence[Span]) -> str:
    parts = []
    for s in sorted(spans, key=lambda s: -(s.score or 0)):
        score = "" if s.score is None else f" {s.score:.2f}"
        parts.append(f"{_name(s.label)}{score} ({s.cue})")
    return "; ".join(dict.fromkeys(parts))


_LIST_START = re.compile(r"\s*(\(?[A-Za-z0-9]{1,4}[.)]|[•*\-–])\s")


def reflow(text: str, min_line: int = 60) -> str:
    """Join lines wrapped by the PDF/mail layout: a lone newline after a long line becomes a space, unless the next
    line starts a list item. Same length as `text`, so offsets stay valid."""
    chars = list(text)
    line_start = 0
    for i, ch in enumerate(text):
        if ch != "\n":
            continue
        lone = (i == 0 or text[i - 1] != "\n") and (i + 1 < len(text) and text[i + 1] != "\n")
        if lone and i - line_start >= min_line and not _LIST_START.match(text, i + 1):
            chars[i] = " "
        line_start = i + 1
    return "".join(chars)


def highlight_html(text: str, spans: Iterable[Span], lo: int = 0, hi: int | None = None,
                   reflow_lines: bool = True) -> str:
    """Escaped text[lo:hi] with every span inside wrapped in a <mark>; newlines kept (render with pre-wrap)."""
    text = reflow(text) if reflow_lines else text
    hi = len(text) if hi is None else min(hi, len(text))
    spans = [s for s in spans if s.end > lo and s.start < hi and s.end > s.start]
    cuts = sorted({lo, hi, *(max(lo, s.start) for s in spans), *(min(hi, s.end) for s in spans)})
    out: list[str] = []
    pieces: list[tuple[int, int, frozenset]] = []
    for a, b in zip(cuts, cuts[1:]):
        active = frozenset(s for s in spans if s.start <= a and s.end >= b)
        if pieces and pieces[-1][2] == active:
            pieces[-1] = (pieces[-1][0], b, active)
        else:
            pieces.append((a, b, active))
    for a, b, active in pieces:
        chunk = html.escape(text[a:b])
        if not active or not chunk:
            out.append(chunk)
            continue
        top = max(active, key=lambda s: (s.score or 0, s.cue != "model"))
        labels = " ".join(sorted({s.label for s in active}))
        out.append(f'<mark class="tone-mark tone-{top.label}" data-labels="{labels}" '
                   f'title="{html.escape(_title(list(active)))}" style="{_mark_style(top.label)}">{chunk}</mark>')
    return "".join(out)


def text_block(body_html: str, height: int = 620) -> str:
    return (f'<div class="tone-text" style="max-height:{height}px;overflow-y:auto;white-space:pre-wrap;'
            'font-family:Georgia,\'Times New Roman\',serif;font-size:15px;line-height:1.65;padding:12px 16px;'
            f'border:1px solid #e5e7eb;border-radius:8px;background:#fff;color:#111827">{body_html}</div>')


def legend_html(labels: Iterable[str] | None = None) -> str:
    """Colour chips for `labels` (None: every registered label)."""
    chips = []
    for lb in registry.ids() if labels is None else labels:
        chips.append(f'<span style="display:inline-block;margin:0 10px 4px 0;font-size:13px">'
                     f'<mark style="{_mark_style(lb)}">&nbsp;{html.escape(_name(lb))}&nbsp;</mark>'
                     f' <code style="font-size:11px;color:#6b7280">{_colour(lb)}</code></span>')
    return f'<div class="tone-legend">{"".join(chips)}</div>'


def spans_from_findings(findings: pd.DataFrame, labels: Iterable[str]) -> list[Span]:
    """Stored evidence (offsets into the document text), restricted to `labels`."""
    labels = set(labels)
    f = findings[findings["label"].isin(labels)]
    return [Span(int(r.start), int(r.end), r.label, r.cue, None if pd.isna(r.score) else float(r.score), int(r.idx))
            for r in f.itertuples()]


def spans_at_threshold(segs: pd.DataFrame, findings: pd.DataFrame, labels: Iterable[str], threshold: float,
                       find_cues=None) -> list[Span]:
    """Evidence for every segment whose probability for a label is >= threshold: the stored findings where the
    model flagged it; else the cue matcher's spans for that label (`find_cues(texts) -> [[Evidence]]`); else the
    whole segment."""
    out: list[Span] = []
    todo: list[tuple[pd.Series, str]] = []
    stored = {(int(r.idx), r.label) for r in findings.itertuples()}
    for lb in labels:
        col = f"score_{lb}"
        for _, s in segs[segs[col] >= threshold].iterrows():
            if (int(s["idx"]), lb) in stored:
                f = findings[(findings["idx"] == s["idx"]) & (findings["label"] == lb)]
                out += spans_from_findings(f, [lb])
            else:
                todo.append((s, lb))
    found = find_cues([s["text"] for s, _ in todo]) if find_cues and todo else [[] for _ in todo]
    for (s, lb), ev in zip(todo, found):
        score, base, idx = float(s[f"score_{lb}"]), int(s["start"]), int(s["idx"])
        mine = [e for e in ev if e.label == lb]
        out += [Span(base + e.start, base + e.end, lb, e.cue, score, idx) for e in mine] or \
               [Span(base, int(s["end"]), lb, "model", score, idx)]
    return out


def sentence_spans(segs: pd.DataFrame, labels: Iterable[str]) -> list[Span]:
    """Whole segments (sentences) the model flagged for any of `labels` (the correspondence view)."""
    out = []
    for _, s in segs.iterrows():
        for lb in labels:
            if s.get(f"is_{lb}"):
                cues = ", ".join(c for c in s["cues"]) or "model"
                out.append(Span(int(s["start"]), int(s["end"]), lb, cues, float(s[f"score_{lb}"]), int(s["idx"])))
    return out
