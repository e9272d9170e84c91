"""Which cues may be shown as the reason for a flag.

Every cue stays a model feature (the classifier learns how much it means), but a cue whose measured precision on real
text is below 0.5 is not shown as evidence: a reviewer reading "offer of help" as the reason for `collaborative` on
ordinary mail would be misled more often than not. Precision comes from `tools/cue_precision.py`
(corpora/protocol/CUE_PRECISION.md: the `rest` dispute rows plus neutral Enron and Parakweet mail as negatives, cues
with at least 5 hits); tests/test_evidence_policy.py keeps this list equal to the table's. The contract cues
(risk_pushing) are measured on contracts, not here (they barely occur in correspondence).
"""
from __future__ import annotations

from ..records import Evidence

WEAK_CUES: frozenset[str] = frozenset({
    "agent_failure_counterparty", "responsibility_assignment",  # grammar layer
    "due_to_your", "accusatory_question", "frustration",  # blame
    "burden_of_proof",  # defensive_detail
    "joint_action", "offer_of_help", "open_disclosure", "future_orientation", "win_win", "appreciation_of_partner",
    "ownership",  # collaborative
})


def shown(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence a reviewer sees: weak cues left out."""
    return [e for e in evidence if e.cue not in WEAK_CUES]
