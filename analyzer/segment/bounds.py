"""Length bounds: no spaCy call, no segment and no classifier input is ever longer than a fixed number of characters.

Real text has no use for megabyte sentences: the longest segment of the 463 CUAD contracts is 19,836 characters and
only 21 of their 97,447 segments (0.02%) are over 5,000, all of them tables of contents, schedules or lists without a
full stop. A cap of 5,000 characters leaves real run-on legal sentences whole (296 segments are over 2,000: splitting
those would separate a cap from the "each party" that makes it mutual) while a hostile one-line text becomes pieces
that the cue matcher and the classifiers handle in bounded time and memory.
"""
from __future__ import annotations

import re

MAX_SEGMENT_CHARS = 5_000

# The last whitespace (clause end) of a window: greedy `.*` backtracks from the end, so the search is linear.
_LAST_SPACE = re.compile(r".*\s", re.S)
_LAST_CLAUSE_END = re.compile(r".*[.;:!?]\s", re.S)
_SPACES = re.compile(r"\s*")


def cut_point(text: str, start: int, limit_end: int) -> int:
    """Where to end a piece that starts at `start` and may reach `limit_end`: after the last line break, else after the
    last clause end (". ", "; "), else after the last whitespace, in the second half of the window (so a piece is
    never tiny); `limit_end` itself when there is none (one giant token is hard-split) or when the text ends first."""
    if limit_end >= len(text):
        return len(text)
    floor = start + max(1, (limit_end - start) // 2)
    nl = text.rfind("\n", floor, limit_end)
    if nl >= 0:
        return nl + 1
    m = _LAST_CLAUSE_END.match(text, floor, limit_end) or _LAST_SPACE.match(text, floor, limit_end)
    return m.end() if m else limit_end


def bounded_spans(text: str, start: int, end: int, limit: int = MAX_SEGMENT_CHARS) -> list[tuple[int, int]]:
    """text[start:end] as whitespace-trimmed (start, end) pieces of at most `limit` characters (one piece if short)."""
    if end - start <= limit:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        stop = cut_point(text, pos, min(end, pos + limit)) if end - pos > limit else end
        a, b = trim(text, pos, stop)
        if b > a:
            out.append((a, b))
        pos = stop
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without leading and trailing whitespace (in C: a run of whitespace may be megabytes long)."""
    start = _SPACES.match(text, start, end).end()
    return start, start + len(text[start:end].rstrip())
