"""Type each contract segment: which risk-carrying clause it is, if any (see clause_types.py).

Two sources, as the issue asks: the word patterns of type_rules.py, and a classifier trained on CUAD's
lawyer-labelled spans plus the whole-contract set's rest part (learned_typer.py), used when a model folder ships one
(`tools/fit_context.py --typer`). A pattern match wins; otherwise the classifier's best type, when its probability of
"no risk clause" is under `NONE_MAX`. On the rest part by contract folds the classifier raises typed recall (0.42 for
the patterns alone; 0.69 at NONE_MAX 0.7, precision 0.45 against 0.56) but not the decision in context (F1 0.30-0.33
for every setting), so the shipped models type with the patterns alone. A sentence that continues a typed clause
("Such Losses shall include ...") takes its type.
"""
from __future__ import annotations

from typing import Sequence

from .type_rules import CONTINUATION, LIST_ITEM, PRIORITY, TYPE_PATTERNS

NONE_MAX = 0.3


def rule_type(text: str) -> str | None:
    """The first type in PRIORITY whose pattern matches, else None."""
    for t in PRIORITY:
        if TYPE_PATTERNS[t].search(text):
            return t
    return None


def type_segments(texts: Sequence[str], typer=None) -> tuple[list[str | None], list[float]]:
    """(clause type or None, confidence) per text; confidence 1.0 for a pattern match, else the classifier's
    probability that the text is some risk clause."""
    types: list[str | None] = [rule_type(t) for t in texts]
    conf = [1.0 if t else 0.0 for t in types]
    if typer is not None and texts:
        from .learned_typer import NONE

        P = typer.predict_proba(list(texts))
        none = typer.classes_.index(NONE)
        for i, row in enumerate(P):
            if types[i] is None:
                best = max((j for j in range(len(row)) if j != none), key=lambda j: row[j])
                conf[i] = float(1 - row[none])
                if row[none] < NONE_MAX:
                    types[i] = typer.classes_[best]
    for i in range(1, len(types)):
        if types[i] is None and types[i - 1] is not None and (
                CONTINUATION.match(texts[i]) or LIST_ITEM.match(texts[i])
                and (texts[i - 1].rstrip().endswith((":", ";", "-")) or LIST_ITEM.match(texts[i - 1]))):
            types[i], conf[i] = types[i - 1], conf[i - 1]
    return types, conf
