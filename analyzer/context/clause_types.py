"""The clause types that can carry risk, and the words that name them in a contract.

One registry: the typer, the decision, the labelling guide (corpora/contracts_whole/README.md), the exports and the
explorer all read `CLAUSE_TYPES`. `mirrorable` types are those where the other party can hold the same right or
protection (a mirror); the rest are judged on their terms alone (an audit right is one-way by nature).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClauseType:
    id: str
    title: str
    mirrorable: bool
    cuad: tuple[str, ...] = ()  # CUAD categories whose lawyer-labelled spans teach this type


CLAUSE_TYPES: tuple[ClauseType, ...] = (
    ClauseType("termination_convenience", "Termination for convenience", True, ("Termination for Convenience",)),
    ClauseType("termination_cause", "Termination for cause", True),
    ClauseType("liability_cap", "Cap on liability", True, ("Cap on Liability",)),
    ClauseType("uncapped_liability", "Uncapped liability", True, ("Uncapped Liability",)),
    ClauseType("consequential_exclusion", "Exclusion of indirect / consequential loss", True),
    ClauseType("indemnity", "Indemnity", True),
    ClauseType("liquidated_damages", "Liquidated damages / service credits", True, ("Liquidated Damages",)),
    ClauseType("set_off", "Set-off / withholding", True),
    ClauseType("unilateral_variation", "Unilateral variation (price, scope, terms)", True),
    ClauseType("sole_discretion", "Sole discretion", True),
    ClauseType("warranty_acceptance", "Warranty / acceptance", True, ("Warranty Duration",)),
    ClauseType("insurance", "Insurance", True, ("Insurance",)),
    ClauseType("waiver_of_remedies", "Waiver of remedies or claims", True, ("Covenant Not to Sue",)),
    ClauseType("time_bar", "Time bar on claims", True),
    ClauseType("audit", "Audit", False, ("Audit Rights",)),
)
TYPE_IDS: tuple[str, ...] = tuple(t.id for t in CLAUSE_TYPES)
BY_ID = {t.id: t for t in CLAUSE_TYPES}
QUALIFIERS = ("mutual", "capped", "fault_based", "compensated", "time_bounded", "own_affairs")
