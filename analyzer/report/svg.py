"""Small inline-SVG chart helpers for the HTML report (no JavaScript, no external resources).

Every function returns an `<svg>` string with a viewBox (it scales to its container) and escapes all text it draws.
Hover titles (`<title>`) carry the exact numbers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from .. import labels

OTHER = "#cbd5e1"  # segments with no tonal label in a label mix
MODEL_ONLY = "#e6b17a"  # risk_pushing flagged by the model with no cue: a lighter tint of the risk colour
INK, MUTED, GRID, BAND = "#1f2937", "#6b7280", "#e5e7eb", "#94a3b8"
FONT = "font-family:inherit"


def colours() -> dict[str, str]:
    """Label colours from the registry, plus "other"."""
    return {**labels.colours(), "other": OTHER}


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, body: list[str], label: str, cls: str = "chart") -> str:
    return (f'<svg class="{cls}" viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" height="{_f(height)}" '
            f'role="img" aria-label="{escape(label)}" style="{FONT};max-width:100%;height:auto">'
            + "".join(body) + "</svg>")


def _text(x: float, y: float, s: str, size: int = 11, anchor: str = "start", fill: str = MUTED,
          weight: str = "normal", halo: bool = False) -> str:
    extra = ' stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"' if halo else ""
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}"{extra}>{escape(s)}</text>')


@dataclass
class HealthPoint:
    x: float  # position in [0, 1] along the shared time axis
    health: float | None  # None/NaN: no tonal segment in the period
    low: float | None
    high: float | None
    n: int
    label: str  # value label drawn above the point, e.g. "−0.75"
    tooltip: str


def point_radius(n: int) -> float:
    """Point area grows with n (tonal segments), capped so a busy month does not hide its neighbours."""
    return min(3.0 + 1.6 * math.sqrt(max(n, 0)), 11.0)


def _ok(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def health_chart(points: list[HealthPoint], ticks: list[tuple[float, str]], title: str,
                 width: int = 520, height: int = 220) -> str:
    """Health over time: y from −1 to +1 with a zero line, the 95% interval as a shaded band, points sized by n."""
    ml, mr, mt, mb = 38, 14, 14, 30
    pw, ph = width - ml - mr, height - mt - mb

    def X(x: float) -> float:
        return ml + 12 + x * (pw - 24)

    def Y(v: float) -> float:
        return mt + (1 - v) / 2 * ph

    body = [f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="#fafafa" stroke="{GRID}"/>']
    for v in (1, 0.5, -0.5, -1):
        body.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{_f(Y(v))}" y2="{_f(Y(v))}" stroke="{GRID}"/>')
    for v, s in ((1, "+1"), (0.5, "+0.5"), (0, "0"), (-0.5, "\u22120.5"), (-1, "\u22121")):
        body.append(_text(ml - 5, Y(v) + 4, s, 10, "end"))
    for x, s in ticks:
        body.append(f'<line x1="{_f(X(x))}" x2="{_f(X(x))}" y1="{mt + ph}" y2="{mt + ph + 4}" stroke="{MUTED}"/>')
        body.append(_text(X(x), mt + ph + 16, s, 10, "middle"))
    # shaded band and line over each run of consecutive periods that have a health value
    runs: list[list[HealthPoint]] = [[]]
    for p in points:
        if _ok(p.health):
            runs[-1].append(p)
        elif runs[-1]:
            runs.append([])
    for run in (r for r in runs if r):
        if len(run) == 1:
            p = run[0]
            body.append(f'<rect x="{_f(X(p.x) - 6)}" y="{_f(Y(p.high))}" width="12" '
                        f'height="{_f(max(Y(p.low) - Y(p.high), 1))}" fill="{BAND}" fill-opacity="0.3"/>')
            continue
        upper = [f"{_f(X(p.x))},{_f(Y(p.high))}" for p in run]
        lower = [f"{_f(X(p.x))},{_f(Y(p.low))}" for p in reversed(run)]
        body.append(f'<polygon points="{" ".join(upper + lower)}" fill="{BAND}" fill-opacity="0.3" stroke="none"/>')
        line = " ".join(f"{_f(X(p.x))},{_f(Y(p.health))}" for p in run)
        body.append(f'<polyline points="{line}" fill="none" stroke="#475569" stroke-width="1.5"/>')
    body.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{_f(Y(0))}" y2="{_f(Y(0))}" stroke="{INK}" '
                f'stroke-width="1" stroke-dasharray="4 3"/>')
    for p in points:
        if not _ok(p.health):  # a period with mail but no tonal segment: hollow marker on the axis
            body.append(f'<g class="no-tone"><title>{escape(p.tooltip)}</title><circle cx="{_f(X(p.x))}" '
                        f'cy="{_f(mt + ph - 6)}" r="3" fill="#fff" stroke="{MUTED}"/></g>')
            continue
        colour = labels.tone_colour(+1) if p.health > 0 else labels.tone_colour(-1) if p.health < 0 else "#64748b"
        r = point_radius(p.n)
        ly = Y(p.health) - r - 4 if p.health < 0.75 else Y(p.health) + r + 11
        body.append(f'<g class="pt"><title>{escape(p.tooltip)}</title><circle cx="{_f(X(p.x))}" '
                    f'cy="{_f(Y(p.health))}" r="{_f(r)}" fill="{colour}" fill-opacity="0.85" stroke="#fff"/>'
                    + _text(X(p.x), ly, p.label, 10, "middle", INK, halo=True) + "</g>")
    return _svg(width, height, body, title)


def stacked_bar(parts: list[tuple[str, int]], scale_max: int, width: int = 300, height: int = 18,
                title: str = "") -> str:
    """One horizontal bar of label counts, `parts` = [(label, count)], scaled so `scale_max` fills the width."""
    total = sum(c for _, c in parts)
    usable = width - 34
    x = 0.0
    body = []
    palette = colours()
    for label, count in parts:
        if count <= 0:
            continue
        w = usable * count / max(scale_max, 1)
        body.append(f'<rect x="{_f(x)}" y="2" width="{_f(max(w, 1))}" height="{height - 4}" '
                    f'fill="{palette.get(label, MUTED)}"><title>{escape(label)}: {count}</title></rect>')
        x += w
    body.append(_text(x + 5, height / 2 + 4, str(total), 11, "start", INK))
    return _svg(width, height, body, title or "label mix", "bar")


def hbar_chart(items: list[tuple[str, int, str]], title: str, width: int = 460, bar_h: int = 16,
               label_w: int = 170) -> str:
    """Horizontal bars, one per (label, value, colour), values written at the bar ends."""
    if not items:
        return ""
    vmax = max(v for _, v, _ in items) or 1
    gap = 5
    height = len(items) * (bar_h + gap) + gap
    usable = width - label_w - 36
    body = []
    for i, (label, value, colour) in enumerate(items):
        y = gap + i * (bar_h + gap)
        w = usable * value / vmax
        body.append(_text(label_w - 6, y + bar_h - 4, label, 11, "end", INK))
        body.append(f'<rect x="{label_w}" y="{y}" width="{_f(max(w, 1))}" height="{bar_h}" fill="{colour}">'
                    f'<title>{escape(label)}: {value}</title></rect>')
        body.append(_text(label_w + w + 5, y + bar_h - 4, str(value), 11, "start", INK))
    return _svg(width, height, body, title)


def swatch(colour: str, size: int = 11) -> str:
    return (f'<svg class="sw" width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true">'
            f'<rect width="{size}" height="{size}" rx="2" fill="{colour}"/></svg>')


def marker(kind: str, size: int = 12) -> str:
    """Escalation (red triangle) and recovery (green tick) glyphs, as inline SVG so every mail client shows them."""
    if kind == "escalation":
        shape = (f'<polygon points="{size / 2},1 {size - 1},{size - 1} 1,{size - 1}" '
                 f'fill="{labels.tone_colour(-1)}"/>')
    else:
        shape = (f'<polyline points="2,{size / 2} {size * 0.42:.1f},{size - 2} {size - 1},2" fill="none" '
                 f'stroke="{labels.tone_colour(+1)}" stroke-width="2.2"/>')
    return (f'<svg class="mk {kind}-marker" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
            f'aria-label="{kind}">{shape}</svg>')
