"""The label registry: every fact about a label that more than one stage needs, in one place.

Order matters: it is the model's output order (`records.LABELS`) and the order every table and chart lists labels in.
Adding a label is one `Label(...)` entry here, plus its cue module (detect/cue_patterns/) and a retrained model; the
store, the segment table, the aggregates, the reports and the app read the registry when they run.

Readers call the functions below (not a copy of REGISTRY taken at import time), so what they see is the registry as it
is when they run.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # records imports this module; the annotation only needs the name
    from .records import DocKind


@dataclass(frozen=True)
class Label:
    id: str  # machine name: model output, column suffix (score_<id>, is_<id>, n_<id>), corpus label
    name: str  # display name in the app
    short: str  # column header in narrow tables (terminal report)
    colour: str  # hex; the terminal, the HTML report and the app use it
    kinds: tuple[DocKind, ...]  # document kinds the label may be given to (corpora/GUIDELINES.md G5)
    polarity: int  # tone of the relationship for health and escalation: +1 good, -1 bad, 0 not a relationship tone
    description: str


REGISTRY: tuple[Label, ...] = (
    Label("risk_pushing", "Risk pushing", "risk", "#b45309", ("contract", "email"), 0,
          "A clause, or a demand in correspondence, that moves risk onto the other party beyond what it can control or "
          "price."),
    Label("blame", "Blame", "blame", "#dc2626", ("email",), -1,
          "Attributing a failure, a deficiency or bad faith to the counterparty."),
    Label("defensive_detail", "Defensive detail", "defensive", "#7c3aed", ("email",), -1,
          "A defensive, legalistic focus on contract detail or procedure instead of on the problem."),
    Label("collaborative", "Collaborative", "collab.", "#059669", ("contract", "email"), +1,
          "The counter-signal: joint problem solving, shared goals, open disclosure, offers of help, de-escalation."),
)


def all_labels() -> tuple[Label, ...]:
    return REGISTRY


def ids() -> tuple[str, ...]:
    return tuple(lb.id for lb in REGISTRY)


def get(label_id: str) -> Label:
    for lb in REGISTRY:
        if lb.id == label_id:
            return lb
    raise KeyError(f"unknown label {label_id!r}; known: {', '.join(ids())}")


def display_name(label_id: str) -> str:
    return get(label_id).name


def colour(label_id: str) -> str:
    return get(label_id).colour


def colours() -> dict[str, str]:
    return {lb.id: lb.colour for lb in REGISTRY}


def for_kind(kind: str) -> tuple[str, ...]:
    """Labels a document of `kind` ("contract", "email") may carry."""
    return tuple(lb.id for lb in REGISTRY if kind in lb.kinds)


def positive() -> tuple[str, ...]:
    """Labels that count for a relationship (health +, recovery of a thread)."""
    return tuple(lb.id for lb in REGISTRY if lb.polarity > 0)


def negative() -> tuple[str, ...]:
    """Labels that count against a relationship (health −, escalation of a thread)."""
    return tuple(lb.id for lb in REGISTRY if lb.polarity < 0)


def tonal() -> tuple[str, ...]:
    """Labels with a polarity: negative ones first, then positive ones (the order of thread label mixes)."""
    return negative() + positive()


def tone_colour(polarity: int) -> str:
    """The colour of the first label of that polarity (escalation red, recovery green)."""
    return next(lb.colour for lb in REGISTRY if (lb.polarity > 0) == (polarity > 0) and lb.polarity != 0)


def score_col(label_id: str) -> str:
    return f"score_{label_id}"


def flag_col(label_id: str) -> str:
    return f"is_{label_id}"
