"""Mirrors: for a one-way clause, the clause elsewhere in the same contract that gives the other party the same right
or protection (its own convenience termination, its own cap, the cross-indemnity), or a mutual clause of that type.

With the texts, a roles-swapped candidate must also read like the clause (word overlap, party names masked, at least
`MIN_SIMILARITY`): two warranties of different things are not mirrors. Of several candidates the most similar wins,
then the nearest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clause_types import BY_ID

MIN_SIMILARITY = 0.1
_STOP = set("the a an of to and or in on for by with any all such this that its their shall will may be is are as "
            "at from under hereunder herein other party parties not no".split())


@dataclass
class TypedClause:
    index: int  # segment index in the document
    clause_type: str
    mutual: bool
    favours: str | None
    bears: str | None


def _words(text: str, names: list[str]) -> set[str]:
    for n in sorted(names, key=len, reverse=True):
        text = re.sub(re.escape(n), " ", text, flags=re.I)
    return {w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def find_mirrors(clauses: list[TypedClause], texts: dict[int, str] | None = None,
                 names: list[str] | None = None, min_similarity: float | None = None) -> dict[int, int]:
    """segment index of a one-way clause -> segment index of its mirror. One-way clauses without one are absent."""
    threshold = MIN_SIMILARITY if min_similarity is None else min_similarity
    words = {i: _words(t, names or []) for i, t in (texts or {}).items()}
    by_type: dict[str, list[TypedClause]] = {}
    for c in clauses:
        by_type.setdefault(c.clause_type, []).append(c)
    out: dict[int, int] = {}
    for c in clauses:
        if c.mutual or c.favours is None or not BY_ID[c.clause_type].mirrorable:
            continue
        others = [o for o in by_type[c.clause_type] if o.index != c.index]
        swapped = [o for o in others if not o.mutual and o.favours is not None and o.favours != c.favours]
        mutual = [o for o in others if o.mutual]
        if words:
            sim = {o.index: _similarity(words.get(c.index, set()), words.get(o.index, set())) for o in swapped}
            swapped = [o for o in swapped if sim[o.index] >= threshold]
            if swapped:
                out[c.index] = max(swapped, key=lambda o: (sim[o.index], -abs(o.index - c.index))).index
                continue
        elif swapped:
            out[c.index] = min(swapped, key=lambda o: abs(o.index - c.index)).index
            continue
        if mutual:
            out[c.index] = min(mutual, key=lambda o: abs(o.index - c.index)).index
    return out
