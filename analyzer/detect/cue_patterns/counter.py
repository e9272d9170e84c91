"""Counter-cues (label "none"): evidence against a label."""
from __future__ import annotations

from .spec import _none

# ---------------------------------------------------------------------------------------------------------------
# counter-cues (label "none")
# ---------------------------------------------------------------------------------------------------------------
# `mutual_term` and `negated` are emitted by the context rules (see cues.py), `liability_capped` when a cap has no
# one named party; the patterns below are found directly.
COUNTER = [
    _none("mutual_term", [], "a risk cue vetoed because its clause is mutual (either/each/neither party ...)"),
    _none("negated", [], "a risk/blame/collaborative cue vetoed because it is negated"),
    _none("liability_capped", [], "a liability cap that is mutual or names no one party"),
    _none("liability_carve_out", [
        "nothing in|contained ~6 shall|will|does|operates ~3 limit|exclude|restrict|exclusion|limitation",
        "nothing in|contained ~6 @LIAB",
        "not ~1 limit|exclude|restrict ~3 @LIAB ~3 for ~2 death|personal|fraud|fraudulent|gross|wilful|willful",
        "limitations|exclusions|limitation|exclusion ~6 @NEG apply to ~3 death|personal|fraud",
    ], "nothing in this agreement limits liability for death / fraud"),
    _none("fault_based", [
        "to the extent ~2 caused|arising|resulting|attributable|due ~4 negligence|negligent|breach|wilful|willful|gross|misconduct|act|acts|omission|omissions|fault",
        "arising|resulting|result|caused|attributable ~4 negligence|negligent|breach|misconduct|fault|non-compliance|noncompliance",
        "failure|failures|breach|negligence|default by|of you|your",
        "failure|failures|breach|negligence|default by|of ~1 *CAP|other|indemnifying",
        "its|their|his|her own ~2 negligence|negligent|breach|misconduct|fault|acts|omissions",
    ], "a fault-based allocation (to the extent caused by its negligence)"),
    _none("self_ownership", [
        "we|i @HAVE|@BE|@MODAL? ~1 @ADV? @FAILV|failed|missed|erred",
        "we|i @DO|@HAVE @NEG|never ~1 @NONPERF",
        "we|i|our|my ~3 let ~3 down",
        "our|my ~1 own? mistake|mistakes|fault|error|errors|failure|failures|failings|part|shortcomings",
        "we|i ~1 got|made ~2 it|this|that|things|a|an|mistakes|errors wrong|mistake|mistakes|error|errors",
        "we|i should ~1 have",
        "should never have happened",
        "wrongly|incorrectly|mistakenly ~2 considered|believed|assumed|billed|charged",
    ], "first-person failure or fault (we failed, our mistake)"),
    _none("apology", [
        "apologise|apologize|apologised|apologized|apologising|apologizing|apology|apologies",
        "sorry",
        "we|i ~2 regret",
        "sincere|deepest|deep|unreserved ~1 apologies|regret",
    ], "an apology"),
    _none("external_cause", [
        "unforeseen|unforeseeable|unprecedented|unexpected|unanticipated",
        "beyond|outside ~4 control",
        "force majeure",
        "pandemic|covid|covid-19|coronavirus|weather|storm|storms|flood|floods|flooding|earthquake|hurricane|strike|strikes",
        "black swan",
        "act|acts of god",
        "complex|complexity|complexities ~3 nature|project|programme|program",
    ], "an outside cause (unforeseen, beyond our control, force majeure)"),
    _none("neutral_reference", [], "a clause reference with no argument around it ('As per clause 4.2, ...')"),
    _none("definition", [
        "\" means|include|includes",
        "” means|include|includes",
        "shall mean|means",
    ], "a definition ('\"X\" means ...'): the term is described, not imposed"),
    _none("denial", [
        "reject|rejects|rejected|deny|denies|denied|dispute|disputes|disagree|disagrees ~3 assertion|assertions|allegation|allegations|claim|claims|suggestion|characterisation|characterization",
        "not|n't the culprit",
        "completely|entirely|factually|simply ~1 inaccurate|untrue|wrong|false|incorrect",
        "no truth",
        "unfounded|baseless|meritless",
        "nothing to do with",
        "unrelated to",
    ], "a flat denial (we reject the assertion, without foundation)"),
]
