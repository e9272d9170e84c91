"""Pattern tables for the explainable cue layer (`analyzer.detect.cues`).

Each cue is a `CueSpec`: a name, the label it argues for, a list of token patterns written in a small
pattern language, and the context rules that may veto it (mutuality, negation, first person, condition).
`cues.py` compiles the plain-word runs of every pattern into literal phrases for one spaCy
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

from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------------------------
# Vocabulary (lower case; tokens as the spaCy English tokenizer splits them: "n't", "'s", "set - off")
# ---------------------------------------------------------------------------------------------------------------

VOCAB: dict[str, list[str]] = {
    "MODAL": "shall will may must can should would might could 'll ’ll".split(),
    "NEG": "not n't n’t never".split(),
    "BE": "be is are was were been being am 's 're ’s ’re".split(),
    "HAVE": "have has had 've ’ve".split(),
    "DO": "do does did".split(),
    "POSS": "'s ’s '".split(),
    "FIRST_SUBJ": "i we".split(),
    "FIRST": "i we us our ours ourselves me my myself".split(),
    "SECOND": "you your yours yourself yourselves".split(),
    "THIRD": "they them their theirs he she his her it its".split(),
    "ADV": ("repeatedly consistently again still also clearly simply completely totally entirely continually "
            "persistently once yet even just now already never really obviously effectively plainly").split(),
    # who can be at fault in correspondence (either side)
    "CP_ROLE": ("supplier suppliers contractor contractors vendor vendors provider providers subcontractor "
                "subcontractors consultant consultants consortium builder builders developer integrator operator "
                "outsourcer partner customer client owner authority council department agency licensor licensee "
                "seller buyer purchaser distributor franchisee franchisor concessionaire company").split(),
    # things a counterparty fails to do
    "NONPERF": ("deliver provide meet complete perform respond reply answer fix resolve test supply pay honour honor "
                "comply notify inform address remedy rectify attend take make keep follow disclose staff manage "
                "achieve produce submit return implement correct investigate escalate explain act cooperate "
                "co-operate update communicate show").split(),
    "FAILV": "failed neglected omitted refused".split(),
    "TERMINATE": "terminate terminates cancel cancels rescind rescinds revoke revokes".split(),
    "VARY": ("change changes modify modifies amend amends vary varies alter alters adjust adjusts revise revises "
             "update updates increase increases discontinue discontinues suspend suspends withdraw withdraws "
             "substitute replace add").split(),
    "LIABLE": "liable responsible accountable".split(),
    "LIAB": "liability liabilities".split(),
    "CLAUSE_WORD": ("clause clauses section sections schedule schedules paragraph paragraphs article articles "
                    "annex annexe appendix exhibit sub-clause subclause cl cl. s. para para. art. sched.").split(),
    # words that make a clause reference an argument rather than a pointer
    "ARGUE": ("must obliged obligated obligation obligations breach breached breaches breaching entitled "
              "entitlement required requires require comply complied compliance non-compliance noncompliance "
              "expressly explicitly clearly unequivocally liable liability remedy remedies enforce violation "
              "violated contravention contravene default barred prohibits prohibited precludes states "
              "stipulates stipulated").split(),
    "CAUSE": "due owing".split(),
    "DISCRETION_ADJ": "sole absolute exclusive unfettered unrestricted complete full own entire".split(),
    "PRONOUN_POSS": "your our its their his her".split(),
}

CLAUSE_STOP = [".", ";", "!", "?"]

# capitalised words that are not party names (sentence starters, all-caps contract boilerplate)
CAP_STOP = set("""a an the this that these those it its we i our you your they their he she his her there here
and or but if in on at to for of by with from as no not nor any all each either neither both every such other
shall will may must can should would is are was were be been has have had do does did event case notwithstanding
except subject provided however whereas upon under without within including section clause article schedule
agreement contract party parties hereunder herein thereof pursuant unless when where while after before during
total aggregate maximum entire sole liability liable damages loss losses indirect consequential special
incidental punitive exemplary lost profits in no what why how who which one two three mr mrs ms dr so then
also yet again still only ever just even very more most some many much""".split())

@dataclass(frozen=True)
class CueSpec:
    """One named cue.

    mutual:       a risk cue that is vetoed (-> counter-cue `mutual_term`) when its clause has a mutual marker
    negatable:    vetoed (-> counter-cue `negated`) when a negation precedes it closely in its clause
    first_person: a blame cue that is vetoed (-> counter-cue `self_ownership`) when its subject is "we"/"I"
    conditional:  vetoed silently when a condition ("if", "in the event", "to the extent") precedes it
    question:     fires only in a sentence that ends with "?"
    party:        needs a named/possessive party nearby, else it becomes `liability_capped` (caps only)
    own_apology:  vetoed silently in a sentence that also apologises or owns a fault
    no_cause:     vetoed silently when its clause states a cause (if, breach, default, insolvency, ...)
    """

    name: str
    label: str
    patterns: tuple[str, ...]
    mutual: bool = False
    negatable: bool = False
    first_person: bool = False
    conditional: bool = False
    question: bool = False
    party: bool = False
    own_apology: bool = False
    no_cause: bool = False
    doc: str = ""


def _risk(name, patterns, doc="", **kw):
    return CueSpec(name, "risk_pushing", tuple(patterns), mutual=kw.pop("mutual", True),
                   negatable=kw.pop("negatable", True), doc=doc, **kw)


def _blame(name, patterns, doc="", **kw):
    return CueSpec(name, "blame", tuple(patterns), conditional=kw.pop("conditional", True),
                   negatable=kw.pop("negatable", True), doc=doc, **kw)


def _defensive(name, patterns, doc="", **kw):
    return CueSpec(name, "defensive_detail", tuple(patterns), doc=doc, **kw)


def _collab(name, patterns, doc="", **kw):
    return CueSpec(name, "collaborative", tuple(patterns), negatable=kw.pop("negatable", True), doc=doc, **kw)


def _none(name, patterns, doc="", **kw):
    return CueSpec(name, "none", tuple(patterns), doc=doc, **kw)


# ---------------------------------------------------------------------------------------------------------------
# risk_pushing
# ---------------------------------------------------------------------------------------------------------------
RISK = [
    _risk("sole_discretion", [
        "@DISCRETION_ADJ discretion",
        "sole|absolute and|or absolute|sole|exclusive|unfettered discretion",
        "sole|absolute|exclusive|unfettered opinion|judgment|judgement|determination",
        "at|in its|their|his|her the? discretion",
        "at|in *CAP @POSS discretion",
        "as it|they|we|he|she|*CAP sees|see|deems|deem|thinks|think fit",
        "unilaterally determine|determines|determined|decide|decides",
    ], "one party decides alone (sole/absolute discretion, as it sees fit)"),
    _risk("uncapped_liability", [
        "unlimited|uncapped liability|liabilities|indemnity|indemnification|exposure",
        "without limit|cap|ceiling",
        "without any limit|limitation|cap|ceiling",
        "no limit|limitation|cap|ceiling on|to ~3 @LIAB|amount|indemnity|damages",
        "@NEG be? subject to any|the ~2 limit|limitation|limitations|cap|caps|exclusion|exclusions",
        "limitation|limitations|cap|caps|exclusions ~8 shall|will|do|does @NEG apply",
        "regardless|irrespective of ~3 negligence|fault",
        "whether or not ~3 caused by ~4 negligence",
        "fully|solely|wholly|entirely liable|responsible",
        "full|sole|entire|complete liability for",
        "liable|responsible for any and all",
    ], "liability or indemnity without a cap or regardless of fault"),
    _risk("one_way_indemnity", [
        "shall|will|must|agrees|agree|undertakes|undertake|covenants|hereby|to ~3 indemnify|indemnifies",
        "hold|holds|save|saves ~8 harmless",
        "keep|keeps ~4 indemnified",
    ], "an indemnity given by one party (vetoed when the clause is mutual)"),
    _risk("unilateral_termination", [
        "@TERMINATE ~16 at any time",
        "@TERMINATE ~16 for convenience",
        "@TERMINATE ~16 for its|their|his|her|your|our convenience",
        "@TERMINATE ~16 for *CAP @POSS convenience",
        "@TERMINATE ~16 for any|no reason|reasons",
        "@TERMINATE ~16 for any or no reason",
        "@TERMINATE ~16 without cause|reason|liability|penalty|compensation",
        "@TERMINATE ~16 without any ~1 cause|reason|liability|penalty|compensation",
        "@TERMINATE ~16 without ~3 consent",
        "@TERMINATE ~16 at will",
        "@TERMINATE ~8 in|at its|their *CAP? @POSS? sole|absolute discretion",
        "may|can be terminated|cancelled|canceled ~8 at any time",
        "may|can be terminated|cancelled|canceled ~8 for convenience",
        "may|can be terminated|cancelled|canceled ~8 for any|no reason",
        "may|can be terminated|cancelled|canceled ~8 without cause|reason",
        "termination|cancellation for|at ~2 convenience",
        "at any time ,? ~8 @TERMINATE",
        "unilaterally|unilateral ~3 @TERMINATE",
        "reserves|reserve the right ,? ~6 to @TERMINATE",
    ], "one party may end the contract at will / for convenience"),
    _risk("unilateral_termination", [
        "may|can terminate ~4 upon|on|by|with|giving ~8 notice",
        "right to terminate ~6 upon|on|by|with|giving ~8 notice",
    ], "a bare right to terminate on notice (vetoed when the clause states a cause)", no_cause=True),
    _risk("unilateral_variation", [
        "reserves|reserve the right ,? ~6 to @VARY",
        "@VARY ~10 at any time",
        "@VARY ~10 from time to time ,? ~4 sole|absolute|discretion|notice",
        "@VARY ~10 without ~1 notice|consent|liability|agreement",
        "without ~1 notice ,? ~6 @VARY",
        "unilaterally @VARY",
        "unilateral right ~2 to @VARY",
        "@VARY ~3 unilaterally",
        "@VARY ~8 in|at its|their *CAP? @POSS? sole|absolute discretion",
        "subject to change|variation|revision|amendment ~3 at any time|without",
    ], "one party may change prices, scope or terms alone"),
    _risk("liquidated_damages", [
        "liquidated damages|damage|sum|sums|amount|amounts",
        "pre-estimate",
        "pre-estimation",
        "genuine pre",
        "agreed damages",
        "delay damages",
    ], "fixed damages payable by one side"),
    _risk("penalty", [
        "penalty|penalties|penalise|penalize|penalised|penalized|penalising|penalizing",
        "forfeit|forfeits|forfeiture|forfeited|forfeiting",
        "punitive charges|fees|rates|credits|deductions|interest|sums",
    ], "penalties and forfeitures (not 'penalty of perjury', vetoed by 'not as a penalty')"),
    _risk("service_credit", [
        "service|performance|sla|availability|downtime level? credit|credits|rebate|rebates",
        "credit ~6 for each ~4 downtime|outage|failure|hour|hours|day|days",
        "service level ~2 penalties|deductions|deduction|reductions",
        "fee|fees|price|charges reduction|reductions ~6 service|failure|downtime",
    ], "service credits / fee reductions for missed service levels"),
    _risk("waiver_of_remedies", [
        "sole|exclusive ~2 remedy|remedies|recourse",
        "entire|sole obligation|obligations",
        "waive|waives|waived|waiving|waiver|waivers ~3 any|all|its|their|the|his|her|your right|rights|claim|claims|remedy|remedies|defence|defense|defences|defenses|limitation|limitations|caps|protection|protections",
        "no right|rights|recourse|claim|claims ~3 to|against|for damages|compensation|indemnification|indemnity|severance|refund|reimbursement",
        "not ~1 entitled to ~3 compensation|damages|refund|reimbursement|indemnification|severance",
        "without ~1 set-off",
        "without ~1 setoff|counterclaim|counter-claim|deduction|deductions",
        "free of ~1 set-off",
        "release|releases|released|discharge|discharges ~8 from|of any|all ~3 claims|liability|liabilities|claim",
        "limited|limit ~3 to ~3 repair|replacement|replace|refund|re-performance|re-perform|credit|credits|correction",
    ], "the other side's remedies are waived, excluded or limited to repair/replace/refund"),
    _risk("exclusion_of_liability", [
        "in|under no event|circumstances|case ~24 @LIABLE",
        "neither|no party|parties ~4 @LIABLE",
        "neither|no party|parties ~4 have|has|bear|bears|assume|assumes|incur|incurs any ~1 liability|responsibility",
        "not|n't|never|nor be|been? held? in? any? way? @LIABLE",
        "not|n't|never|nor @LIABLE",
        "no liability|responsibility whatsoever",
        "have|has|bear|bears|assume|assumes|accept|accepts|incur|incurs no ~1 liability|responsibility",
        "under no ~1 liability",
        "without ~1 liability ,? to|for|whatsoever",
        "exclude|excludes|excluded|excluding|disclaim|disclaims|disclaimed|disclaimer ~4 liability|liabilities|warranty|warranties|responsibility|responsibilities",
        "@LIAB ~24 is|are|be excluded|disclaimed",
        "however|howsoever caused|arising|arises",
        "\" as is \"",
        "as-is",
        "as is basis",
    ], "one party excludes its liability (in no event liable, not liable, disclaims)"),
    _risk("one_sided_cap", [
        "@LIAB|damages|indemnification|indemnity ~25 exceed|exceeds|exceeding",
        "@LIAB|damages ~25 in excess of",
        "in|under no event|circumstances|case ~40 exceed|exceeds",
        "entire|total|aggregate|maximum|cumulative liability ~40 exceed|exceeds",
        "@LIAB ~10 !not|n't limited|capped|restricted to",
        "maximum|aggregate|cumulative|total|entire liability ~3 is|shall|will|be|under",
        "cap|caps on ~2 @LIAB",
        "liability cap|caps",
    ], "a liability cap that protects one named party", party=True),
    _risk("onerous_insurance", [
        "additional|additionally insured|insureds",
        "primary and non-contributory",
        "primary and noncontributory",
        "non-contributory",
        "waiver of subrogation",
        "waive|waives ~4 subrogation",
        "no deductible|deductibles",
        "loss payee",
        "any|such other ~1 insurance|coverage|insurances ~4 request|requested|require|required|reasonably|specify|specified",
        "insurance|insurer|insurers|policy|policies|coverage ~8 acceptable|satisfactory to",
        "responsible for ~3 deductible|deductibles",
    ], "one-way insurance extras (additional insured, primary and non-contributory, no deductible)"),
    _risk("onerous_warranty", [
        "fit|fitness|suitable for any|all|every ~1 purpose|purposes",
        "warranty period ~6 restart|restarts|extended|recommence|recommences|renew|renews|begin",
        "free from any|all defects ~4 whether|latent|patent|however",
        "latent defects",
        "complete|entire|full|absolute satisfaction",
        "same warranty ~8 customer|customers",
        "back-to-back",
        "accept|acceptance|accepted|reject|rejection ~8 sole|absolute discretion",
    ], "open-ended warranty or acceptance at the other side's satisfaction"),
    _risk("set_off", [
        "set-off",
        "set off|offset|against",
        "setoff|setoffs",
        "offset|offsets|recoup|recoupment ~6 against|from ~3 amount|amounts|payment|payments|sums|fees|invoice|invoices|monies|moneys|owed|due|owing|obligations",
        "deduct|deducts|deducted ~8 from ~3 amount|amounts|payment|payments|sum|sums|fee|fees|invoice|invoices|monies|moneys|deposit|freight|charges",
        "withhold|withholds|withholding|withheld ~3 payment|payments|amounts|sums|fees|monies|moneys|invoice|invoices",
    ], "one side may set off, deduct or withhold payment"),
    _risk("risk_transfer", [
        "bear|bears|borne|assume|assumes|assumed|absorb|absorbs|carry|carries ~4 risk|risks",
        "risk|risks ~6 borne|assumed|carried by",
        "at ~3 own|sole risk",
        "responsible|liable for ~4 third-party|regulatory|statutory|governmental|government ~2 claims|fines|penalties|costs|changes|acts|actions|approvals|consents",
        "responsible|liable for ~4 third party|parties ~1 claims|acts|actions|costs",
        "change|changes in law|laws|legislation|regulation|regulations ~8 cost|costs|expense|expenses|borne|bear|account",
        "cost|costs|expense|expenses ~6 change|changes in law|laws|legislation|regulation",
        "outside|beyond ~2 its|their|our|his|her control ~8 cost|costs|expense|pay|bear|finance",
    ], "third-party, regulatory or other uncontrollable risk pushed across"),
    _risk("time_bar", [
        "claim|claims|action|actions|proceeding|proceedings|suit|suits ~12 brought|commenced|made|filed|notified|submitted|asserted|instituted ~4 within",
        "barred|waived|extinguished ~4 unless",
        "barred|waived|extinguished ~4 if not",
        "or|otherwise ~3 deemed? waived|barred|extinguished",
        "time-barred",
        "no action|claim|claims|proceeding|suit ~10 brought|commenced|instituted|made ~4 more than",
        "no action|claim|claims|proceeding|suit ~10 brought|commenced|instituted|made ~4 after",
    ], "claims lost unless brought within a short period"),
]

# ---------------------------------------------------------------------------------------------------------------
# blame
# ---------------------------------------------------------------------------------------------------------------
_SUBJ2 = "you|your|yours"
_ROLE_SUBJ = "the @CP_ROLE"
BLAME = [
    _blame("second_person_failure", [
        f"{_SUBJ2} ~2 @HAVE? @ADV? @ADV? @FAILV",
        f"{_SUBJ2} ~2 did|do|have|has|had|were|was @NEG|never @ADV? @NONPERF",
        f"{_SUBJ2} ~2 @NEG|never @NONPERF",
        f"{_SUBJ2} ~2 @HAVE? missed|ignored|breached|disregarded|abandoned|broke|misled|misrepresented|overlooked|mishandled|botched|underperformed|underdelivered",
        f"{_ROLE_SUBJ} ~1 @HAVE? @ADV? @ADV? @FAILV",
        f"{_ROLE_SUBJ} ~1 did|have|has|had @NEG|never @ADV? @NONPERF",
        f"{_ROLE_SUBJ} ~1 @HAVE? missed|ignored|breached|disregarded|abandoned|misled|misrepresented|botched",
        "your ~1 failure|failures|failings|inability|refusal|neglect|negligence|delay|delays|breach|breaches|errors|mistakes|shortcomings|non-performance|nonperformance|underperformance|incompetence",
        "the @CP_ROLE @POSS ~1 failure|failures|failings|inability|refusal|neglect|delay|delays|breach|breaches|errors|mistakes|shortcomings|incompetence",
    ], "you / your team / the supplier failed, neglected, did not ...", first_person=True),
    _blame("counterparty_failure", [
        "!@FIRST|@HAVE|@BE|@DO|@MODAL|@ADV|@NEG|the|a|an|to|and|or|that|which|who|not|if|would|also @HAVE? @ADV? @ADV? @FAILV to",
        "*CAP|they|it|he|she did|have|has|had @NEG|never @ADV? @NONPERF",
        "is|are|keeps|keep|been|kept failing to",
        "*CAP|they|he|she @HAVE? @ADV? missed|ignored|breached|disregarded|abandoned|misled|misrepresented|botched",
        "*CAP @POSS ~1 failure|failures|failings|inability|refusal|misconduct|mismanagement|incompetence|shortcomings|errors|mistakes|behaviour|behavior|lack",
        "their ~1 failure|failures|failings|inability|refusal|misconduct|mismanagement|incompetence|errors|mistakes|behaviour|behavior",
        "continues|continue to fail|abdicate",
    ], "a named third party / 'they' failed, refused, did not deliver", first_person=True),
    _blame("due_to_your", [
        "@CAUSE to ~1 your|you",
        "because of ~1 your|you",
        "result|consequence of ~1 your|you",
        "caused|created|introduced|resulted by|from ~1 your|you",
        "attributable to ~1 your|you",
        "caused|created by ~2 *CAP|@CP_ROLE",
        "@CAUSE to *CAP @POSS",
        "because of *CAP @POSS",
        "result|consequence of *CAP @POSS",
        "point|points|pointed to ~1 *CAP|@CP_ROLE",
        "damage|harm|disruption|chaos|havoc|mess|losses|problems|delays ~2 *CAP|you|they @HAVE? caused|created|inflicted",
        "mistakes|errors|failures|failings|defects|delays ~1 made|caused|committed|introduced by",
        "delay|delays from|by ~1 *CAP|@CP_ROLE|you|your",
    ], "the failure is caused by your / the counterparty's act"),
    _blame("your_fault", [
        "your|their own? fault|doing|mistake|mistakes|error|errors|problem|failing|failings|blame",
        "*CAP @POSS own? fault|doing|mistake|mistakes|error|errors|problem|failing|failings",
        "the @CP_ROLE @POSS own? fault|doing|mistake|mistakes|error|errors|problem|failing|failings",
        "fault|blame|responsibility lies|rests|sits|lay|rested ~2 with|on|squarely",
        "you|they|*CAP are|is|were|was ~2 to blame",
        "you|they|*CAP are|is|were|was ~2 at fault",
        "you|they|*CAP are|is|were|was ~2 responsible for the|this|these|that|your|their ~1 delay|delays|failure|failures|problem|problems|issue|issues|outage|mess|damage|situation|errors|defects",
        "not|hardly|none of our|my making|doing",
        "not|n't our|my fault",
    ], "the fault is yours / theirs"),
    _blame("let_down", [
        "let|lets|letting us|me|you|our|the|everyone|everybody|customers ~2 down",
        "disappointed|dismayed|frustrated|appalled|exasperated ~2 by|with|in ~1 you|your|*CAP",
        "@HAVE let ~3 down",
    ], "you have let us down / we are disappointed in you", first_person=True),
    _blame("accusatory_question", [
        "why ~3 you|your|they|their|*CAP",
        "why ~3 the @CP_ROLE",
        "how could|can|did|dare you|they|*CAP",
        "what were|was you|they thinking",
        "@DO|@HAVE|@BE you|they ~1 even|actually|ever|bother|seriously",
        "is it too much to ask",
    ], "an accusatory question (only in a sentence ending with '?')", question=True),
    _blame("accusatory_question", [
        "explain ~3 why",
        "as to why",
        "tell ~2 us|me why",
        "why on earth",
    ], "a demand to explain why"),
    _blame("repeated_failure", [
        "yet again",
        "again and again",
        "time and again",
        "time after time",
        "continue|continues|continued|continuing ~1 to fail|miss|ignore|disregard|underperform|abdicate|disappoint|breach|delay|slip",
        "repeated|repeatedly|persistent|persistently|continual|continually|continued|recurring|chronic|consistently|constant|constantly ~1 failure|failures|failing|fail|failed|delay|delays|late|missed|misses|breach|breaches|problems|errors|defects|outages|non-performance|underperformance|poor|slippage",
        "still ~1 not|n't|unable|failing|waiting",
        "still @HAVE|@DO|@BE @NEG",
        "for the second|third|fourth|fifth|umpteenth|nth time",
        "another ~2 delay|failure|missed|outage|breach|unacceptable|excuse|setback|slip",
        "yet to deliver|produce|provide|complete|resolve|fix|respond|receive|see",
    ], "yet again / continues to fail / still not", first_person=True),
    _blame("unacceptable", [
        "unacceptable|inexcusable|intolerable|unjustifiable|indefensible|unprofessional|untenable|inadequate|substandard|sub-standard|shoddy|sloppy|incompetent|appalling|disastrous|disgraceful|deplorable|unreasonable|inexperienced|unqualified|unreliable|unresponsive|careless",
        "not|n't acceptable|tenable|suitable|satisfactory|adequate",
        "not|n't good enough",
        "not|n't fit for purpose",
        "not|n't up to standard|scratch",
        "poor|poorly ~1 performance|performed|quality|workmanship|service|execution|managed|designed|implemented|functioning|delivered|planned",
    ], "unacceptable / substandard", own_apology=True),
    _blame("bad_faith_accusation", [
        "!wilful|willful|intentional|gross misconduct",
        "misrepresent|misrepresented|misrepresents|misrepresentation|misrepresentations|misled|mislead|misleading|falsely|fraudulent|fraudulently|deceptive|deceived|dishonest|dishonestly|wrongfully",
        "bad faith",
        "shortcuts|excuses|extort|extortion|stonewalling|stonewall",
        "delay tactic|tactics",
        "playing|play games",
        "evade|evading|abdicate|abdicates|abdicated|dodge|dodging ~2 responsibility|responsibilities|accountability|blame",
        "shift|shifting|deflect|deflecting ~2 blame|responsibility",
        "conceal|concealed|concealing|hid|hide|hiding|cover ~2 risks|problems|issues|defects|facts|information|truth",
        "held|hold accountable",
        "motivation|motive was|is financial",
    ], "bad faith, misrepresentation, excuses, evading responsibility"),
    _blame("non_performance", [
        "not|n't|never ~1 work|works|worked|working|ready|functioning|fit|delivered|battle-tested",
        "was|were|is|are n't|not really? there",
        "riddled with",
        "serious|major|numerous|significant|grave|fundamental|critical|extremely|multiple|countless ~2 defects|failings|errors|weaknesses|deficiencies|flaws",
        "defectively|deficiently|poorly|badly|negligently designed|installed|implemented|performed|built|tested|managed|executed|functioning|delivered|written|configured|planned|run",
        "poorly-functioning",
        "*CAP|your|their @POSS? defective|faulty|flawed|deficient|broken|buggy|failed|botched ~1 system|software|solution|design|product|work|workmanship|implementation|code|delivery|service|services|platform",
        "the|this failed system|project|implementation|solution|platform",
    ], "it does not work / defective system", first_person=True),
    _blame("non_performance", [
        "not|n't getting|receiving|get|receive|got|received ~4 what|service|services|product|value|quality",
        "what we paid|contracted|asked for",
        "deserve|paid|pay|expect|expected better",
    ], "we are not getting what we paid for (first person here is the victim)"),
    _blame("frustration", [
        "disappointing|disappointed|frustrating|frustrated|exasperated|exasperating|bewildered|dismayed|appalled",
        "fed up",
        "lost ~2 confidence|faith|trust",
        "confidence ~4 eroded|shaken|undermined|lost",
    ], "disappointment, frustration, lost confidence", own_apology=True, conditional=False),
]

# ---------------------------------------------------------------------------------------------------------------
# defensive_detail
# ---------------------------------------------------------------------------------------------------------------
_REF = "@CLAUSE_WORD NUM"
DEFENSIVE = [
    _defensive("clause_citation_argument", [
        f"{_REF} ~10 @ARGUE",
        f"@ARGUE ~10 {_REF}",
        f"{_REF} ~10 not within|under|part ~2 scope",
        f"{_REF} ~10 outside|beyond ~1 the? scope",
        f"{_REF} ~10 in accordance with|pursuant",
        f"in accordance with ~3 {_REF} ~10 hereby",
        f"pursuant to ~3 {_REF} ~10 hereby",
    ], "a clause/section/schedule number used to argue (must, obliged, breach, entitled, not within scope)"),
    _defensive("reservation_of_rights", [
        "reserve|reserves|reserving|reserved ~2 all|our|its|their|my|the|any ~2 rights|remedies|position",
        "reserve|reserves|reserving ~1 rights|remedies",
        "reservation|reservations of ~1 rights|right|position",
        "rights|position|remedies are|is|remain|remains ~1 reserved",
        "without waiver of|to ~2 rights|remedies|position|claims",
        "without prejudice to ~2 rights|remedies|position|claims|entitlement",
    ], "we reserve all our rights (not 'reserve a meeting room', not 'All rights reserved')"),
    _defensive("without_prejudice", [
        "without prejudice",
        "subject to contract",
    ], "without prejudice / subject to contract"),
    _defensive("formal_notice", [
        "notice|notices|notification of ~2 breach|default|termination|intent|intention|non-compliance|noncompliance|dispute|claim|claims|suspension|delay",
        "breach|default|termination|dispute|cure|remedy|rectification|warning ~1 notice|notices|letter|period|deadline",
        "hereby ~2 give|gives|giving|serve|serves|notify|notifies|put|puts ~3 notice",
        "formal|formally ~1 notice|notify|notified|notifies|claim|demand|warning",
        "cure|remedy|rectify ~4 breach|breaches|default|defaults|failure|failures ~3 within",
        "within ~4 days|weeks|hours ~4 of|from ~3 this|the|receipt ~2 notice|letter",
        "failing which",
        "show cause",
        "timely cured|cure",
        "for|to cure",
        "intent|intention to terminate|suspend",
    ], "notice of breach/default/termination, cure periods"),
    _defensive("strict_compliance", [
        "strict|strictly ~1 compliance|accordance|adherence|conformity|performance|comply|adhere|conform",
        "time is of the essence",
        "time shall be of the essence",
        "to the letter",
        "comply|complies|complied ~2 with ~2 the|its|their|your|that|this ~1 contract|agreement|obligations|terms|undertakings",
        "comply|complies|complied ~2 with the contract|agreement ~2 they|you|it signed",
        "deliver|perform ~2 against|under the terms",
        "hold|holding ~2 to account",
        "hold|holding ~2 to their|its|the ~1 obligations|contract|terms|word",
    ], "strict compliance demands (comply with the contract you signed)"),
    _defensive("out_of_scope", [
        "not|outside|beyond ~2 within|under|part of? ~2 scope",
        "out of|outwith scope",
        "out-of-scope",
        "not ~1 included|covered|contemplated ~2 in|by|under ~2 the|our|this|that ~1 contract|agreement|scope|statement|sow|schedule|price|fee|fees|charges",
        "not ~1 part of ~2 the|our|this ~1 contract|agreement|scope|services|deliverables",
        "chargeable|billable ~1 change|changes|extra|extras|variation|variations|work",
        "change request|order ~2 required|needed|necessary",
        "additional ~1 charge|charges|cost|costs|fee|fees ~2 will|shall|would apply|be",
        "not|n't involved ~1 in|with",
            ], "'not within scope as defined in ...' used to refuse"),
    _defensive("no_admission", [
        "no|without ~1 admission|acceptance ~2 of ~1 liability|fault|wrongdoing|responsibility",
        "no admission|admissions",
        "not constitute|be ~3 admission",
        "@NEG ~3 construed|deemed|treated as ~2 admission",
        "deny|denies|denied ~2 all|any ~1 liability|responsibility|wrongdoing",
        "without accepting|admitting ~2 liability|responsibility|fault",
    ], "no admission of liability"),
    _defensive("burden_of_proof", [
        "yet|failed|unable to provide|produce|substantiate|demonstrate|establish|prove|show ~4 evidence|proof|documentation|basis|case|claim|claims|that",
        "not|n't|never|no ~3 provided|produced|substantiated|demonstrated|established|proven|proved|shown ~4 evidence|proof|documentation|basis|case|claim|claims|that",
        "no|insufficient|sufficient ~1 evidence|proof ~3 to support|substantiate|of",
        "burden of proof",
        "onus|burden is|lies|rests|remains on|with",
        "put|puts ~3 to ~1 strict? proof",
        "strict proof",
        "substantiate|substantiated|substantiating ~2 its|the|your|their|any ~1 claim|claims|position|allegation|allegations",
        "properly|fully|adequately ~1 justified|substantiated|evidenced|documented",
        "without merit|foundation|basis",
        "no ~1 merit|basis|validity|evidence",
        "has|have @NEG established|demonstrated|proven|proved|substantiated",
    ], "burden-of-proof stance (has yet to provide sufficient evidence)"),
    _defensive("contractual_entitlement", [
        "contractually|legally entitled|obliged|obligated|bound|required|permitted",
        "are|is|remain|remains|were|was ~1 @NEG ~1 obliged|obligated|required|bound|liable",
        "under no ~1 obligation",
        "within our|its|their|my ~1 contractual? rights",
        "our|its|their|my contractual|legal rights|entitlement|entitlements|position|obligations",
        "fulfilled|satisfied|met|discharged|performed|complied ~2 each|every|all ~5 obligations",
        "fulfilled|satisfied|met|discharged|performed ~1 our|its|their|all ~1 contractual? obligations",
        "we|it|*CAP are|is|remain|was|were entitled to",
        "entered|signed ~3 contract|agreement ~2 full ~2 knowledge",
        "followed|follow|followed ~2 the contractual|agreed ~1 process|procedure",
        "agreed change|variation ~1 process|procedure|mechanism",
    ], "we are contractually entitled / not obliged; we fulfilled every obligation"),
    _defensive("breach_allegation", [
        "in|into ~1 material|fundamental|repudiatory|serious|clear|continuing? breach",
        "materially|fundamentally|repeatedly breached",
        "breach|breaches|breached ~2 of ~3 contract|agreement|obligations|duty|duties|terms|warranty",
        "repudiatory ~1 breach|conduct",
        "for default",
    ], "breach alleged through the contract"),
    _defensive("legal_escalation", [
        "legal|formal|court ~1 action|actions|proceedings|claim|claims|route|remedies|options|avenues|advice|dispute",
        "pursue|pursuing|pursued|commence|commencing|initiate|initiating|take|taking|bring|bringing ~3 proceedings|litigation|arbitration|adjudication",
        "pursue|pursuing|pursued ~3 remedies|remedy|damages|avenues|claim|claims",
        "pursue|pursuing|pursued|commence|commencing|initiate|initiating|take|taking|bring|bringing ~2 legal|court|enforcement action|actions",
        "dispute resolution",
        "every|all remedy|remedies",
        "every|all ~1 available|possible|legal ~1 remedy|remedies|avenues|options",
        "strongest ~1 possible? action|actions",
        "adjudication|arbitration",
        "refer|referred|referring ~3 to ~1 adjudication|arbitration|court|mediation|expert",
        "file|filing|filed|submit|submitting|submitted ~2 formal? claim|claims|complaint|suit",
        "appeal|appealing ~2 verdict|decision|judgment|ruling",
    ], "legal escalation (pursue all legal avenues, formal claim, adjudication)"),
]

# ---------------------------------------------------------------------------------------------------------------
# collaborative
# ---------------------------------------------------------------------------------------------------------------
COLLAB = [
    _collab("joint_action", [
        "let @POSS !know|down|see|have",
        "let us !know|down|see|have|you|me",
        "together",
        "work|works|worked|working|manage|managing|come|coming|came|get|getting|pull|pulling|collaborate|collaborating|partner|partnering together",
        "jointly",
        "coordinate|coordinating|coordination|co-ordination ~1 with",
        "in close coordination|co-ordination|cooperation|collaboration|partnership",
        "work|works|worked|working|partner|partnering|engage|engaging|engaged ~3 with you|your|us|our|each|both|all|*CAP",
        "work|works|worked|working ~2 with the @CP_ROLE|team|teams",
        "collaborate|collaborates|collaborated|collaborating|collaboration|collaborative|collaboratively",
        "cooperate|cooperates|cooperated|cooperating|cooperation|cooperative",
        "co-operate",
        "co-operating",
        "co-operation",
        "co-operated",
        "in partnership",
        "hand in hand",
        "side by side",
        "joint ~1 approach|team|plan|effort|efforts|workshop|review|working|session|investigation|commitment",
    ], "let's / together / jointly / work with you / cooperation"),
    _collab("shared_goal", [
        "shared|common|mutual|joint ~1 goal|goals|objective|objectives|interest|interests|aim|aims|vision|benefit|priority|priorities|purpose|understanding|commitment",
        "both|all ~1 parties|sides ~1 want|need|share|agree|benefit|recognise|recognize|appreciated|appreciate",
        "both|all of us ~1 want|need|share|agree|benefit",
        "in the best? interests? of ~1 both|all|everyone",
        "in the best? interests? of the|all parties",
        "interests? of all ~1 stakeholders|parties",
        "we all want",
        "same goal|objective|side",
    ], "a shared goal or common interest"),
    _collab("offer_of_help", [
        "happy|glad|pleased|willing|ready|keen|available to ~1 help|assist|support|discuss|meet|share|provide|work|talk|arrange|clarify|walk",
        "can|could|may|shall|should we|i ~1 help|assist|support",
        "how can|could we|i help",
        "let ~1 us|me know ~2 if|how|what|whether ~3 we|i can|could|may",
        "offer|offers|offering|offered ~2 our|any|additional|further|extra|more|some? help|assistance|support|resources|engineers",
        "we|i will|can|could|would|'ll ~1 help|assist|support|dedicate|send|provide ~2 additional|extra|more|further",
        "at your disposal",
        "support|supporting|supported|help|helping|assist|assisting ~2 you|your|them",
        "support|supporting|supported|help|helping|assist|assisting ~2 the @CP_ROLE|team",
        "dedicated ~3 resources|engineers|staff|team|people",
    ], "an offer of help or support"),
    _collab("open_disclosure", [
        "root cause|causes",
        "full|fully|complete|completely|total|totally transparent|transparency|open|candid",
        "transparently",
        "share|sharing|shared ~3 findings|details|information|data|analysis|report|results|lessons|everything|timeline",
        "provide|providing|disclose|disclosing ~2 full|complete|all|detailed|regular ~2 information|details|data|findings|disclosure|updates|visibility",
        "keep|keeping ~1 you|everyone ~1 informed|updated|posted",
        "keep|keeping ~1 you|everyone in the loop",
        "be|being|been ~1 open|honest|candid ~1 with|about",
        "open book",
        "full disclosure",
        "notified|informed|alerted ~1 you|*CAP ~3 of|about|that",
        "notified|informed|alerted ~1 the @CP_ROLE ~3 of|about|that",
    ], "open disclosure (root cause analysis, full transparency, keep you informed)"),
    _collab("future_orientation", [
        "going|moving|move|way|path|step|steps ~1 forward",
        "look|looks|looking|looked forward to ~1 working|continuing|collaborating|partnering|building|discussing|meeting|strengthening",
        "lessons|learnings ~1 learned|learnt|learning",
        "next steps",
        "from now on",
        "plan|plans|intend|intends ~1 to continue",
        "continue|continues|continued|continuing to work|improve|build|collaborate|support|cooperate|strengthen|develop",
        "renewed|ongoing|continued|long-term|lasting|future ~1 commitment|relationship|partnership|collaboration|cooperation",
        "build|building on",
        "recovery|remediation|improvement|action plan",
    ], "going forward, lessons learned, next steps"),
    _collab("win_win", [
        "win-win",
        "win / win",
        "win win",
        "mutually|jointly beneficial|acceptable|agreeable|satisfactory|agreed",
        "benefit|benefits|benefiting ~1 both|all|each ~1 parties|sides",
        "benefit|benefits|benefiting ~1 both|all of us",
        "fair|reasonable|balanced|equitable|sensible|pragmatic|amicable ~1 settlement|outcome|solution|resolution|compromise|deal|way|approach",
        "best|good|right ~1 outcome|result|solution|path ~1 for ~1 both|all|everyone|everybody",
        "amicable|amicably",
        "common|middle ground",
        "meet ~1 halfway",
        "compromise",
    ], "win/win, mutually beneficial, a fair settlement"),
    _collab("appreciation_of_partner", [
        "thank|thanks|thanking ~4 for",
        "grateful|gratitude|appreciate|appreciated|appreciates|appreciation|acknowledge|recognise|recognize ~4 effort|efforts|work|support|hard|professionalism|commitment|cooperation|co-operation|help|contribution",
        "valued|trusted|strategic|long-standing|longstanding|great|strong|close|resilient|excellent ~1 partner|partners|partnership|relationship|supplier|customer|collaboration",
        "great|excellent|fantastic|outstanding|terrific|tremendous ~1 work|job|effort|support|progress",
        "professionalism",
        "hard work",
        "worked hard",
        "loyalty",
    ], "thanks and appreciation of the partner"),
    _collab("ownership", [
        "we|i ~3 accept|accepts|accepted|take|takes|taken|taking|acknowledge|acknowledged|own ~3 responsibility|accountability|ownership",
        "our responsibility to",
        "putting|put|putting|make|making|set|setting things|this|it|matters ~1 right",
        "we|i ~1 recognise|recognize|acknowledge|accept ~2 that? ~1 we|there ~2 more|work|need|must|should",
        "take|takes|taking|taken ownership",
    ], "we accept / take responsibility, we will put it right"),
    _collab("commitment_to_resolve", [
        "committed|commitment|determined|dedicated ~2 to ~2 resolving|resolve|finding|find|working|deliver|delivering|complete|completing|continuing|fix|fixing|improving|improve|supporting|support|seeking",
        "resolve|solve|fix|address|resolving|solving|fixing|addressing ~3 together|jointly|quickly|promptly|collaboratively|constructively",
        "work through ~3 together|jointly|quickly|promptly|collaboratively|constructively",
        "find|finding|agree|agreeing ~1 a|the ~1 solution|way|path|resolution",
        "work out ~1 a|the ~1 solution|way|path|resolution",
        "speedy|swift|early|prompt ~1 resolution|settlement",
        "do|doing ~1 our|its|their best|everything ~3 to resolve|fix|address|help|support|put|make",
    ], "committed to resolving / finding a solution"),
]

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
