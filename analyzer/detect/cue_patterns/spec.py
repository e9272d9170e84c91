"""The pattern vocabulary (macros), the `CueSpec` record and one builder per label."""
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
