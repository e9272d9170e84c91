"""Word patterns that name each risk-carrying clause type, and the verbs whose subject says who holds it.

Data, not code: `clause_typer.py` applies the patterns (the first type that matches, in registry order of
`PRIORITY`, wins), `direction.py` reads `ROLE_VERBS`. Patterns are written from the clause-type definitions in
corpora/contracts_whole/README.md and checked on the rest part of the whole-contract set only.
"""
from __future__ import annotations

import re

_I = re.I | re.S

TYPE_PATTERNS: dict[str, re.Pattern] = {
    "uncapped_liability": re.compile(
        r"unlimited\s+liability|liability\s+(?:shall\s+be|is)\s+unlimited|(?:limitation|cap|limits?)s?\s+(?:of|on)\s+"
        r"liability\s+(?:set\s+forth\s+)?(?:above\s+)?(?:shall|will)\s+not\s+apply|(?:shall|will)\s+not\s+(?:limit|"
        r"apply\s+to)\s+(?:\S+\s+){0,4}(?:liability|indemnification|obligations)", _I),
    "consequential_exclusion": re.compile(
        r"(?:shall|will)\s+not\s+(?:be\s+|have\s+any\s+)?(?:liable|liability|responsible)|(?:have|has|bear)\s+no\s+"
        r"(?:liability|responsibility)|(?:not|no)\s+(?:\S+\s+){0,3}liab(?:le|ility)\s+(?:\S+\s+){0,6}(?:for|to)\s+"
        r"(?:any|the)|(?:indirect|consequential|incidental|special|punitive|exemplary)\s+(?:or\s+\w+\s+)?(?:damages|loss|losses)"
        r"|lost\s+profits|loss\s+of\s+(?:profits?|revenue|business|data|goodwill)", _I),
    "liability_cap": re.compile(
        r"(?:aggregate|total|maximum|entire|cumulative)\s+liability|liability\s+(?:\S+\s+){0,12}(?:shall|will)\s+not"
        r"\s+exceed|(?:shall|will)\s+not\s+exceed\s+(?:\S+\s+){0,6}(?:fees|amounts?|price|\$)|limited\s+to\s+(?:the\s+)?"
        r"(?:amount|fees|price|refund|repair|replacement)|sole\s+(?:and\s+exclusive\s+)?liability", _I),
    "indemnity": re.compile(r"bear\s+(?:all|the)\s+(?:\S+\s+){0,2}(?:costs?|expenses|liabilit|risks?)\b|"
        r"indemnif|hold\s+(?:\S+\s+){0,4}harmless|\bdefend\b|(?:assume|bear)s?\s+(?:\S+\s+){0,3}"
                            r"(?:responsibility|liability|risk)|responsible\s+(?:\S+\s+){0,3}for\s+(?:any\s+and\s+)?"
                            r"all\s+(?:\S+\s+){0,2}(?:losses|costs|claims|damages|liabilit)", _I),
    "liquidated_damages": re.compile(
        r"liquidated\s+damages|service\s+credits?|penalt(?:y|ies)|(?:late|delay)\s+(?:payment\s+)?(?:fee|charge)s?"
        r"|shall\s+pay\s+(?:\S+\s+){0,4}(?:an?\s+amount|sum)\s+equal\s+to", _I),
    "set_off": re.compile(r"set[\s-]?off|offset\s+(?:against|any)|withhold(?:ing)?\s+(?:\S+\s+){0,3}(?:payment|amount|"
                          r"sums|fees)|deduct\s+(?:\S+\s+){0,4}from\s+(?:any\s+)?(?:amounts?|payments?|sums)", _I),
    "termination_convenience": re.compile(
        r"notice\s+of\s+(?:termination|non-?renewal)|automatic(?:ally)?\s+renew|"
        r"terminat\w*\s+(?:\S+\s+){0,8}(?:for\s+(?:its\s+)?convenience|without\s+(?:cause|reason)|for\s+any\s+reason"
        r"|at\s+any\s+time|upon\s+(?:\S+\s+){0,3}(?:days'?|months'?)\s+(?:prior\s+)?(?:written\s+)?notice)"
        r"|(?:for\s+(?:its\s+)?convenience|without\s+cause)\s+(?:\S+\s+){0,6}terminat", _I),
    "termination_cause": re.compile(
        r"material\s+breach|fail(?:s|ure)?\s+to\s+cure|automatically\s+terminat|events?\s+of\s+default|"
        r"terminat\w*\s+(?:\S+\s+){0,14}(?:breach|default|insolven|bankrupt|receiver|liquidat|fail(?:s|ure)\s+to|"
        r"change\s+of\s+control|cease)|(?:breach|default|insolven|bankrupt)\w*\s+(?:\S+\s+){0,14}terminat", _I),
    "unilateral_variation": re.compile(
        r"then[\s-](?:standard|current|in\s+effect|applicable|prevailing)|may\s+be\s+(?:amended|modified|changed|revised)\s+(?:\S+\s+){0,3}(?:by|at)|"
        r"(?:may|reserves?\s+the\s+right\s+to|shall\s+have\s+the\s+right\s+to)\s+(?:\S+\s+){0,3}(?:change|modify|"
        r"amend|revise|adjust|increase|vary|update)\s+(?:\S+\s+){0,6}(?:price|fee|rate|charge|term|specification|"
        r"scope|schedule|policy|policies|procedure)|(?:price|fee|rate)s?\s+(?:\S+\s+){0,4}(?:subject\s+to\s+change|"
        r"may\s+be\s+(?:changed|increased|adjusted))", _I),
    "sole_discretion": re.compile(r"(?:sole|absolute|exclusive)\s+(?:and\s+absolute\s+)?right\s+to\s+(?:approve|reject|determine|decide)|reserves?\s+the\s+right|"
        r"(?:sole|absolute|exclusive|complete|unfettered)\s+(?:and\s+(?:absolute|"
                                  r"exclusive|sole)\s+)?(?:discretion|judgment|judgement|opinion)|as\s+it\s+(?:deems|"
                                  r"sees)\s+fit", _I),
    "waiver_of_remedies": re.compile(r"(?:shall|will|may)\s+not\s+(?:contest|challenge|be\s+penali[sz]ed)|"
        r"waives?\s+(?:\S+\s+){0,6}(?:right|claim|remed|defen|jury)|releases?\s+(?:\S+\s+)"
                                     r"{0,6}(?:from|claims?)|covenants?\s+not\s+to\s+sue|(?:sole|exclusive)\s+(?:and\s+"
                                     r"exclusive\s+)?remed", _I),
    "time_bar": re.compile(r"(?:action|claim|proceeding|suit)s?\s+(?:\S+\s+){0,12}(?:must|shall|may)\s+(?:\S+\s+){0,3}"
                           r"(?:be\s+)?(?:brought|commenced|filed|asserted)\s+(?:\S+\s+){0,3}within|(?:more|later)\s+"
                           r"than\s+(?:\S+\s+){1,3}(?:years?|months?)\s+after\s+(?:\S+\s+){0,4}(?:cause\s+of\s+action|"
                           r"claim)", _I),
    "warranty_acceptance": re.compile(r"warrant(?:s|y|ies)\b|guarantee[sd]?\s+that|as[\s-]+is|merchantability|fitness\s+"
                                      r"for\s+a\s+particular|(?:reject|acceptance|accept)\s+(?:\S+\s+){0,4}(?:product|"
                                      r"goods|deliverable|work|shipment)", _I),
    "insurance": re.compile(r"insurance|insured|insurer|general\s+liability\s+coverage", _I),
    "audit": re.compile(r"\baudit|inspect\s+(?:\S+\s+){0,4}(?:books|records|facilit)|examine\s+(?:\S+\s+){0,3}"
                        r"(?:books|records)", _I),
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
