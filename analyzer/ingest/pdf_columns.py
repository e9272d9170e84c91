"""Reading order of a PDF page's lines: the left column before the right one when a gutter is found.

Split from pdf.py (the reader) so that each module stays small; `Line` is the unit both work with.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

MAX_PAGE_POINTS = 14_400  # the PDF spec's largest page side (200 in); wider pages get no column detection


@dataclass
class Line:
    top: float
    bottom: float
    words: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def reading_order(lines: list[Line], width: float) -> list[Line]:
    """Lines in reading order: with a detected gutter, the left column before the right one.

    Lines crossing the gutter (a full-width title, a closing paragraph) split the page into bands;
    each band is read left column first, then right column."""
    gutter = _find_gutter(lines, width)
    if gutter is None:
        return lines
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []  # the current band's columns
    for ln in lines:
        if any(w["x0"] < gutter < w["x1"] for w in ln.words):
            out += left + right + [ln]
            left, right = [], []
            continue
        lw = [w for w in ln.words if w["x1"] <= gutter]
        rw = [w for w in ln.words if w["x0"] >= gutter]
        if lw:
            left.append(Line(ln.top, ln.bottom, lw))
        if rw:
            right.append(Line(ln.top, ln.bottom, rw))
    return out + left + right


def _find_gutter(lines: list[Line], width: float) -> float | None:
    """x of a vertical gap in the middle 40% of the page that (almost) no line crosses, or None.

    Both sides must hold text on >= 30% of lines and their lines must be fairly full (median width >= half
    of the column), which keeps two-column *tables* (label | value) in row order."""
    if len(lines) < 6 or width > MAX_PAGE_POINTS:  # the scan is per point: an absurd MediaBox would cost GBs
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    counts = [0] * (hi - lo + 1)
    for ln in lines:
        covered = bytearray(hi - lo + 1)
        for w in ln.words:
            a, b = max(lo, math.ceil(w["x0"])), min(hi, math.floor(w["x1"]))
            for x in range(a, b + 1):
                covered[x - lo] = 1
        for i, c in enumerate(covered):
            counts[i] += c
    mid = width / 2
    best = min(range(len(counts)), key=lambda i: (counts[i], abs(lo + i - mid)))
    if counts[best] > max(1, 0.1 * len(lines)):
        return None
    gx = lo + best + 0.5
    lefts = [ln for ln in lines if any(w["x1"] <= gx for w in ln.words)]
    rights = [ln for ln in lines if any(w["x0"] >= gx for w in ln.words)]
    if min(len(lefts), len(rights)) < 0.3 * len(lines):
        return None
    left_x0 = min(w["x0"] for ln in lefts for w in ln.words)
    right_x1 = max(w["x1"] for ln in rights for w in ln.words)
    lw = sorted(max(w["x1"] for w in ln.words if w["x1"] <= gx) - ln.words[0]["x0"] for ln in lefts)
    rw = sorted(ln.words[-1]["x1"] - min(w["x0"] for w in ln.words if w["x0"] >= gx) for ln in rights)
    if lw[len(lw) // 2] < 0.5 * (gx - left_x0) or rw[len(rw) // 2] < 0.5 * (right_x1 - gx):
        return None
    return gx
