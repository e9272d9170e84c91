"""Word patterns that name each risk-carrying clause type, and the verbs whose subject says who holds it.

Data, not code: `clause_typer.py` applies the patterns (the first type that matches, in registry order of
`PRIORITY`, wins), `direction.py` reads `ROLE_VERBS`. Patterns are written from the clause-type definitions in
corpora/contracts_whole/README.md and checked on the rest part of the whole-contract set only.
"""
from __future__ import annotations

import re

_I = re.I | re.S


def _any(*alternatives: str) -> re.Pattern:
    """One case-insensitive pattern matching any of the alternatives (each a complete alternative)."""
    return re.compile("|".join(alternatives), _I)


TYPE_PATTERNS: dict[str, re.Pattern] = {
    "uncapped_liability": _any(
        r"unlimited\s+liability",
        r"liability\s+(?:shall\s+be|is)\s+unlimited",
        r"(?:limitation|cap|limits?)s?\s+(?:of|on)\s+liability\s+(?:set\s+forth\s+)?(?:above"
        r"\s+)?(?:shall|will)\s+not\s+apply",
        r"(?:shall|will)\s+not\s+(?:limit|apply\s+to)\s+(?:\S+"
        r"\s+){0,4}(?:liability|indemnification|obligations)",
    ),
    "consequential_exclusion": _any(
        r"(?:shall|will)\s+not\s+(?:be\s+|have\s+any\s+)?(?:liable|liability|responsible)",
        r"(?:have|has|bear)\s+no\s+(?:liability|responsibility)",
        r"(?:not|no)\s+(?:\S+\s+){0,3}liab(?:le|ility)\s+(?:\S+\s+){0,6}(?:for|to)\s+(?:any|the)",
        r"(?:indirect|consequential|incidental|special|punitive|exemplary)\s+(?:or\s+\w+"
        r"\s+)?(?:damages|loss|losses)",
        r"lost\s+profits",
        r"loss\s+of\s+(?:profits?|revenue|business|data|goodwill)",
    ),
    "liability_cap": _any(
        r"(?:aggregate|total|maximum|entire|cumulative)\s+liability",
        r"liability\s+(?:\S+\s+){0,12}(?:shall|will)\s+not\s+exceed",
        r"(?:shall|will)\s+not\s+exceed\s+(?:\S+\s+){0,6}(?:fees|amounts?|price|\$)",
        r"limited\s+to\s+(?:the\s+)?(?:amount|fees|price|refund|repair|replacement)",
        r"sole\s+(?:and\s+exclusive\s+)?liability",
    ),
    "indemnity": _any(
        r"bear\s+(?:all|the)\s+(?:\S+\s+){0,2}(?:costs?|expenses|liabilit|risks?)\b",
        r"indemnif",
        r"hold\s+(?:\S+\s+){0,4}harmless",
        r"\bdefend\b",
        r"(?:assume|bear)s?\s+(?:\S+\s+){0,3}(?:responsibility|liability|risk)",
        r"responsible\s+(?:\S+\s+){0,3}for\s+(?:any\s+and\s+)?all\s+(?:\S+"
        r"\s+){0,2}(?:losses|costs|claims|damages|liabilit)",
    ),
    "liquidated_damages": _any(
        r"liquidated\s+damages",
        r"service\s+credits?",
        r"penalt(?:y|ies)",
        r"(?:late|delay)\s+(?:payment\s+)?(?:fee|charge)s?",
        r"shall\s+pay\s+(?:\S+\s+){0,4}(?:an?\s+amount|sum)\s+equal\s+to",
    ),
    "set_off": _any(
        r"set[\s-]?off",
        r"offset\s+(?:against|any)",
        r"withhold(?:ing)?\s+(?:\S+\s+){0,3}(?:payment|amount|sums|fees)",
        r"deduct\s+(?:\S+\s+){0,4}from\s+(?:any\s+)?(?:amounts?|payments?|sums)",
    ),
    "termination_convenience": _any(
        r"notice\s+of\s+(?:termination|non-?renewal)",
        r"automatic(?:ally)?\s+renew",
        r"terminat\w*\s+(?:\S+\s+){0,8}(?:for\s+(?:its\s+)?convenience|without\s+(?:cause|reason)|for\s+any"
        r"\s+reason|at\s+any\s+time|upon\s+(?:\S+\s+){0,3}(?:days'?|months'?)\s+(?:prior\s+)?(?:written"
        r"\s+)?notice)",
        r"(?:for\s+(?:its\s+)?convenience|without\s+cause)\s+(?:\S+\s+){0,6}terminat",
    ),
    "termination_cause": _any(
        r"material\s+breach",
        r"fail(?:s|ure)?\s+to\s+cure",
        r"automatically\s+terminat",
        r"events?\s+of\s+default",
        r"terminat\w*\s+(?:\S+\s+){0,14}(?:breach|default|insolven|bankrupt|receiver|liquidat|fail(?:s|ure)"
        r"\s+to|change\s+of\s+control|cease)",
        r"(?:breach|default|insolven|bankrupt)\w*\s+(?:\S+\s+){0,14}terminat",
    ),
    "unilateral_variation": _any(
        r"then[\s-](?:standard|current|in\s+effect|applicable|prevailing)",
        r"may\s+be\s+(?:amended|modified|changed|revised)\s+(?:\S+\s+){0,3}(?:by|at)",
        r"(?:may|reserves?\s+the\s+right\s+to|shall\s+have\s+the\s+right\s+to)\s+(?:\S+"
        r"\s+){0,3}(?:change|modify|amend|revise|adjust|increase|vary|update)\s+(?:\S+"
        r"\s+){0,6}(?:price|fee|rate|charge|term|specification|scope|schedule|policy|policies|procedure)",
        r"(?:price|fee|rate)s?\s+(?:\S+\s+){0,4}(?:subject\s+to\s+change|may\s+be"
        r"\s+(?:changed|increased|adjusted))",
    ),
    "sole_discretion": _any(
        r"(?:sole|absolute|exclusive)\s+(?:and\s+absolute\s+)?right\s+to\s+(?:approve|reject|determine|decide)",
        r"reserves?\s+the\s+right",
        r"(?:sole|absolute|exclusive|complete|unfettered)\s+(?:and\s+(?:absolute|exclusive|sole)"
        r"\s+)?(?:discretion|judgment|judgement|opinion)",
        r"as\s+it\s+(?:deems|sees)\s+fit",
    ),
    "waiver_of_remedies": _any(
        r"(?:shall|will|may)\s+not\s+(?:contest|challenge|be\s+penali[sz]ed)",
        r"waives?\s+(?:\S+\s+){0,6}(?:right|claim|remed|defen|jury)",
        r"releases?\s+(?:\S+\s+){0,6}(?:from|claims?)",
        r"covenants?\s+not\s+to\s+sue",
        r"(?:sole|exclusive)\s+(?:and\s+exclusive\s+)?remed",
    ),
    "time_bar": _any(
        r"(?:action|claim|proceeding|suit)s?\s+(?:\S+\s+){0,12}(?:must|shall|may)\s+(?:\S+\s+){0,3}(?:be"
        r"\s+)?(?:brought|commenced|filed|asserted)\s+(?:\S+\s+){0,3}within",
        r"(?:more|later)\s+than\s+(?:\S+\s+){1,3}(?:years?|months?)\s+after\s+(?:\S+\s+){0,4}(?:cause\s+of"
        r"\s+action|claim)",
    ),
    "warranty_acceptance": _any(
        r"warrant(?:s|y|ies)\b",
        r"guarantee[sd]?\s+that",
        r"as[\s-]+is",
        r"merchantability",
        r"fitness\s+for\s+a\s+particular",
        r"(?:reject|acceptance|accept)\s+(?:\S+\s+){0,4}(?:product|goods|deliverable|work|shipment)",
    ),
    "insurance": _any(
        r"insurance",
        r"insured",
        r"insurer",
        r"general\s+liability\s+coverage",
    ),
    "audit": _any(
        r"\baudit",
        r"inspect\s+(?:\S+\s+){0,4}(?:books|records|facilit)",
        r"examine\s+(?:\S+\s+){0,3}(?:books|records)",
    ),
}
# a sentence that continues the clause before it ("Such Losses shall include ...") takes that clause's type
CONTINUATION = re.compile(r"^\W*(?:such|this|these|the\s+foregoing|said|any\s+such|\S+['’]s\s+duty\s+to)\b", re.I)
# an item of a list whose lead-in was typed ("... may terminate if: (a) ...; (b) ...") takes the lead-in's type
LIST_ITEM = re.compile(r"^\s*(?:\(?[a-z]{1,2}\)|[a-z]\.|\(?[ivx]{1,4}\)|\d{1,2}\))\s")
# the first match in this order types a segment (specific before general: "the cap shall not apply" is uncapped)
PRIORITY = ("uncapped_liability", "consequential_exclusion", "liability_cap", "indemnity", "liquidated_damages",
            "set_off", "termination_convenience", "termination_cause", "unilateral_variation", "sole_discretion",
            "waiver_of_remedies", "time_bar", "warranty_acceptance", "insurance", "audit")

# type -> (lemmas whose subject is favoured, lemmas whose subject bears the clause)
ROLE_VERBS: dict[str, tuple[set[str], set[str]]] = {
    "termination_convenience": ({"terminate", "cancel", "end"}, set()),
    "termination_cause": ({"terminate", "cancel", "end"}, {"breach", "fail", "default"}),
    "liability_cap": ({"liable", "liability", "exceed"}, set()),
    "consequential_exclusion": ({"liable", "liability", "responsible"}, set()),
    "uncapped_liability": (set(), {"liable", "liability"}),
    "indemnity": (set(), {"indemnify", "defend", "hold", "indemnification"}),
    "liquidated_damages": ({"entitle", "receive", "claim", "recover", "charge", "assess", "impose"}, {"pay", "owe"}),
    "set_off": ({"set", "offset", "withhold", "deduct", "retain"}, set()),
    "unilateral_variation": ({"change", "modify", "amend", "revise", "adjust", "increase", "vary", "update",
                              "reserve"}, set()),
    "sole_discretion": ({"discretion", "determine", "decide", "deem", "judgment", "judgement", "opinion"}, set()),
    "warranty_acceptance": ({"reject", "accept", "inspect", "return"}, {"warrant", "represent", "guarantee"}),
    "insurance": ({"name"}, {"maintain", "carry", "procure", "obtain", "insure", "provide", "keep"}),
    "waiver_of_remedies": (set(), {"waive", "release", "covenant", "agree"}),
    "time_bar": (set(), {"bring", "commence", "file", "assert"}),
    "audit": ({"audit", "inspect", "examine", "review", "access"}, set()),
}

MUTUAL_FACE = re.compile(r"\b(?:either|neither|each)\s+(?:party|of\s+the\s+parties)\b|\bboth\s+parties\b|"
                         r"\bthe\s+parties\s+(?:shall|may|agree|will|hereby)|\bmutual(?:ly)?\b|\breciprocal", re.I)
QUALIFIER_PATTERNS: dict[str, re.Pattern] = {
    "capped": re.compile(r"shall\s+not\s+exceed|not\s+to\s+exceed|in\s+excess\s+of|limited\s+to|up\s+to\s+(?:a\s+)?"
                         r"(?:maximum|\$)|\bcap(?:ped)?\b|maximum\s+(?:aggregate\s+)?(?:amount|liability)", _I),
    "fault_based": re.compile(r"negligen|wil(?:l)?ful\s+misconduct|(?:its|their|his|her)\s+(?:own\s+)?(?:breach|fault|"
                              r"acts?|omissions?)|caused\s+by\s+(?:the\s+)?(?:\S+\s+){0,2}(?:breach|fault|act)|arising"
                              r"\s+(?:out\s+of|from)\s+(?:\S+\s+){0,3}breach|material\s+breach|fails?\s+to\s+cure", _I),
    "compensated": re.compile(r"(?:pay|reimburse|compensate)s?\s+(?:\S+\s+){0,8}(?:for\s+)?(?:all\s+)?(?:work|services|"
                              r"products|goods|costs?|expenses)\s+(?:\S+\s+){0,3}(?:performed|rendered|delivered|"
                              r"incurred|completed)|wind[\s-]?down|unamortized|termination\s+(?:fee|payment|charge)|"
                              r"non[\s-]?cancell?able", _I),
    "time_bounded": re.compile(r"within\s+(?:\S+\s+){0,2}\(?\d+\)?\s+(?:business\s+|calendar\s+)?(?:days|months|"
                               r"weeks)|not\s+(?:to\s+be\s+)?unreasonably\s+(?:withheld|delayed|conditioned)|"
                               r"reasonabl[ey]", _I),
    "own_affairs": re.compile(r"discretion\s+(?:\S+\s+){0,6}(?:its|their)\s+own|(?:its|their)\s+own\s+(?:\S+\s+){0,2}"
                              r"(?:facilities|personnel|employees|staff|subcontractors|equipment|products?|business|"
                              r"operations|prices|pricing|policies|account|expense|cost)", _I),
}
