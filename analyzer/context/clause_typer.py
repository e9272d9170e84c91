"""Type each contract segment: which risk-carrying clause it is, if any (see clause_types.py).

Two sources, as the issue asks: the word patterns of type_rules.py, and a classifier trained on CUAD's
lawyer-labelled spans (cuad_typer.py) for the types CUAD has a category for. A pattern match wins; otherwise a
CUAD-type probability over `CUAD_MIN` types the segment.
"""
from __future__ import annotations

from typing import Sequence

from .type_rules import PRIORITY, TYPE_PATTERNS

CUAD_MIN = 0.6


def rule_type(text: str) -> str | None:
    """The first type in PRIORITY whose pattern matches, else None."""
    for t in PRIORITY:
        if TYPE_PATTERNS[t].search(text):
            return t
    return None


def type_segments(texts: Sequence[str], cuad_typer=None) -> list[str | None]:
    """A clause type (or None) per text."""
    out = [rule_type(t) for t in texts]
    if cuad_typer is not None:
        todo = [i for i, t in enumerate(out) if t is None]
        if todo:
            for i, (typ, p) in zip(todo, cuad_typer.best([texts[i] for i in todo])):
                if p >= CUAD_MIN:
                    out[i] = typ
    return out
