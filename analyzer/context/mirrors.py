"""Mirrors: for a one-way clause, the clause elsewhere in the same contract that gives the other party the same right
or protection (its own convenience termination, its own cap, the cross-indemnity), or a mutual clause of that type.
"""
from __future__ import annotations

from dataclasses import dataclass

from .clause_types import BY_ID


@dataclass
class TypedClause:
    index: int  # segment index in the document
    clause_type: str
    mutual: bool
    favours: str | None
    bears: str | None


def find_mirrors(clauses: list[TypedClause]) -> dict[int, int]:
    """segment index of a one-way clause -> segment index of its mirror (the nearest one; a roles-swapped clause of
    the same type before a mutual one). One-way clauses without a mirror are absent."""
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
        for pool in (swapped, mutual):
            if pool:
                out[c.index] = min(pool, key=lambda o: abs(o.index - c.index)).index
                break
    return out
