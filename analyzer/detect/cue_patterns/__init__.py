"""Pattern tables for the explainable cue layer (`analyzer.detect.cues`).

Each cue is a `CueSpec`: a name, the label it argues for, a list of token patterns written in a small
pattern language, and the context rules that may veto it (mutuality, negation, first person, condition).
`cue_compiler.py` compiles the plain-word runs of every pattern into literal phrases for one spaCy
`PhraseMatcher(attr="LOWER")` pass and joins them across the gaps.  One pattern is a space-separated list of
token tests, all on the lower-cased token text:

    word          the token is `word`  (a hyphenated literal such as `set-off` stands for `set - off`)
    a|b|@MACRO    the token is one of the words (a macro expands to its word list, see VOCAB)
    !a|b|@MACRO   exactly one word token that is none of these
    ~N            a gap of 0..N tokens that does not cross . ; ! ? or a line break
    *W            any one word token
    *CAP          a capitalised token that is not a function word (a named party such as "IBM", "Supplier")
    LC            a token written in lower case ("the party owning ...": a role, not a name)
    NUM           a clause number: 4, 4.2, 12.1(b, 3(a)(ii, IV, A
    <regex>       the lower-cased token matches the regex
    QMARK         a literal "?"
    suffix ?      the test is optional (`,?` an optional comma, `@HAVE?`)

A word list is always one token: "a|b c" means (a or b) followed by c, never "a" or "b c"; write two patterns.
Every pattern needs at least one required plain-word token (it is what the phrase pass looks for).

Counter-cues (label "none") carry evidence *against* a label: mutual or negated risk terms, a first-person
admission, an outside cause, a neutral clause reference.  They are features for the models and are never shown
as evidence for a label (their label is not one of LABELS).

The cue names, their order and their labels are a public contract (`ALL_CUES` feature columns): append new cues,
do not reorder or rename.
"""
from __future__ import annotations

from .blame import BLAME
from .collaborative import COLLAB
from .counter import COUNTER
from .defensive import DEFENSIVE, _REF
from .risk import RISK
from .spec import CAP_STOP, CLAUSE_STOP, VOCAB, CueSpec

CUE_SPECS: list[CueSpec] = RISK + BLAME + DEFENSIVE + COLLAB + COUNTER

# Internal helper patterns (not cues): mutual markers and clause references.
MUTUAL_PATTERNS: tuple[str, ...] = (
    "either|each|neither|both|no|all party|parties|partner|partners|participant|participants|side|sides|member|members",
    "any party|parties @MODAL|@POSS|hereto",
    "each|either|both|all|neither|none of the|such party|parties",
    "shall|will|may any party|parties",
    "the parties waive|each|mutually|jointly|irrevocably",
    "the|such|any party LC",
    "a|an|every participant|member|partner|party @MODAL",
    "@LIABLE ~8 nor ~6 @LIABLE",
    "the|such|a|an|any|either|each defaulting|non-defaulting|breaching|non-breaching|nonbreaching|affected|indemnifying|insuring|terminating|non-terminating|disclosing|receiving|prevailing|requesting|notifying|injured|aggrieved party|parties",
    "the|a|an|any non - defaulting|breaching party",
    "the parties @MODAL|@POSS|'|shall|will|may|hereto|hereunder",
    "@LIAB|obligations|rights|remedies of ~1 each|both|either|the parties",
    "mutual|mutually|reciprocal|reciprocally",
    "vice versa",
    "each other|one another",
    "neither ~5 nor",
    "either *CAP ~2 or *CAP",
    "as the case may be",
    "on the one hand",
    "and *CAP @POSS liability|liabilities to *CAP",
    "a party|parties @MODAL|@POSS",
)
CLAUSE_REF_PATTERNS: tuple[str, ...] = (_REF,)

# all-caps phrases that look like named parties in ALL-CAPS contract text but are not
PARTY_ROLE_WORDS = set(VOCAB["CP_ROLE"]) | set(
    """licensee licensor company consultant agent reseller supplier seller vendor provider customer client
    distributor franchisee franchisor manufacturer contractor subcontractor purchaser buyer developer publisher
    sponsor carrier shipper lessor lessee partner affiliate""".split())

NEGATORS = {"not", "n't", "n’t", "never", "no", "nor", "cannot", "neither"}
# "not" etc. followed by these words is not a negation of what follows ("not less than", "not limited to")
NEG_BREAKERS = {"less", "more", "later", "earlier", "fewer", "greater", "limited", "limit", "limiting", "only",
                "exceed", "exceeding", "withstanding", "just", "merely", "to", "event", "circumstances", "case"}
# a termination right that names one of these in its clause is for cause, not at will
CAUSE_WORDS = {"if", "unless", "breach", "breaches", "breached", "default", "defaults", "fails", "fail", "failure",
               "insolvent", "insolvency", "bankrupt", "bankruptcy", "cure", "cured", "remedy", "remedied",
               "violation", "violates", "should", "event", "occurrence", "change", "expiry", "expiration"}
CONDITIONALS = {"if", "unless", "whether", "provided", "providing", "lest", "should"}

__all__ = ["VOCAB", "CueSpec", "CUE_SPECS", "MUTUAL_PATTERNS", "CLAUSE_REF_PATTERNS", "CAP_STOP", "CLAUSE_STOP",
           "PARTY_ROLE_WORDS", "NEGATORS", "NEG_BREAKERS", "CONDITIONALS", "CAUSE_WORDS"]


COUNTER_LABEL = "none"  # the pseudo-label of counter-cues (mutual_term, negated, ...)


def cue_names(labels: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Cue names per label (and COUNTER_LABEL), in table order: plain data, so readers need no spaCy."""
    names: dict[str, list[str]] = {lab: [] for lab in (*labels, COUNTER_LABEL)}
    for spec in CUE_SPECS:
        if spec.label in names and spec.name not in names[spec.label]:
            names[spec.label].append(spec.name)
    return {lab: tuple(v) for lab, v in names.items()}
