"""Word tables, token helpers and the defensive/collaborative rule groups of the grammar cue layer (grammar.py).

Plain data and small functions over spaCy tokens (lemma, POS, dependency label). Lemmas are lower case except for
proper nouns, so every lookup here goes through `low(tok)` (the lower-cased lemma) or `tok.lower_`.
"""
from __future__ import annotations

import re

from typing import Iterator

from spacy.tokens import Doc, Token

Hit = tuple[str, int, int]  # feature, first token, last token (inclusive)

# -- who is the agent ---------------------------------------------------------------------------------------------
SELF = {"we", "i", "us", "me", "ourselves", "myself"}
SELF_POSS = {"our", "my"}
SECOND = {"you", "yourself", "yourselves"}
SECOND_POSS = {"your"}
THIRD = {"they", "them"}  # blame in letters ("they failed to ..."); he/she are mostly news and gossip
THIRD_POSS = {"their"}
ROLES = set("""supplier contractor subcontractor vendor provider customer client company consultant consortium
integrator operator outsourcer developer builder licensor licensee seller buyer purchaser distributor state city county
agency department authority council ministry board management firm defendant plaintiff respondent claimant
counterparty bidder""".split())
TEAM_NOUNS = {"team", "staff", "people", "engineers", "personnel", "organisation", "organization", "side", "lawyers",
              "counsel", "client", "management", "employees", "representatives", "project"}
OUTSIDER = set("""weather storm storms hurricane typhoon flood flooding rain snow fire earthquake pandemic epidemic
covid covid-19 coronavirus virus lockdown strike strikes union unions regulator regulators regulation regulations
predecessor predecessors war shortage shortages market markets inflation law legislation court courts embargo
sanctions outage""".split())
OUTSIDER_MOD = {"previous", "former", "prior", "earlier", "outgoing", "incumbent", "last"}  # + government/contractor
OUTSIDER_HEAD = {"government", "administration", "contractor", "supplier", "vendor", "provider", "management",
                 "owner", "team", "regime"}
OUTSIDER_COMPOUND = {("supply", "chain"), ("act", "god"), ("force", "majeure")}
PARTY_STOP = set("""monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december mr ms mrs dr i ok thanks please""".split())
PEJORATIVE = {"dysfunction", "incompetence", "mismanagement", "negligence", "failure", "failures", "chaos",
              "ineptitude", "neglect", "dishonesty", "delays"}
PERSIST_VERBS = {"endure", "persist", "continue", "plague", "remain", "undermine", "derail", "cripple"}

# -- what is a failure ----------------------------------------------------------------------------------------------
FAIL_VERBS = set("""fail miss breach ignore refuse neglect delay abandon mislead misrepresent botch default
underperform lie mismanage violate disregard renege overcharge""".split())
PERFORM_VERBS = set("""meet deliver perform provide respond comply honour honor fulfil fulfill pay complete supply
answer reply fix resolve""".split())  # failures only when negated: "is not meeting expectations"
FAIL_NOUNS = set("""failure breach default delay misrepresentation negligence lie lies non-performance
nonperformance underperformance mismanagement incompetence dysfunction shortfall omission error mistake fault
noncompliance non-compliance deficiency deficiencies""".split())
BREACHED = set("""agreement contract terms term obligation obligations duty duties warranty warranties law clause
section provision provisions act statute covenant regulation regulations rule rules requirement requirements
condition conditions code policy order standard standards deadline deadlines date dates schedule milestone
milestones expectation expectations commitment commitments promise promises trust confidentiality""".split())
FAIL_TO_GRASP = {"see", "understand", "comprehend", "grasp", "appreciate", "follow", "recall"}
NOT_FAILURE_HEADS = {"want", "wish", "hate", "like", "love", "afford", "dare", "try", "let", "make"}  # "won't want to miss"
CAUSE_PHRASES = (("due", "to"), ("because", "of"), ("owing", "to"), ("caused", "by"), ("as", "a", "result", "of"),
                 ("attributable", "to"), ("on", "account", "of"), ("resulting", "from"), ("result", "of"),
                 ("arising", "from"))
CONDITIONAL_MARKS = {"if", "unless", "whether", "should", "provided", "assuming"}
DENY_VERBS = {"deny", "refute", "reject", "dispute", "contest"}
DENY_OBJECTS = {"allegation", "allegations", "claim", "claims", "assertion", "suggestion", "characterization",
                "characterisation", "breach", "failure", "liability", "accusation", "accusations", "that"}

# -- motive, defence, collaboration ---------------------------------------------------------------------------------
EVASIVE = set("""avoid evade escape delay stall deflect shift dodge obscure hide conceal extract renege wriggle
squeeze cover frustrate obstruct""".split())
PLOY_NOUNS = {"ploy", "tactic", "tactics", "attempt", "scheme", "excuse", "pretext", "smokescreen", "stunt", "ruse",
              "effort", "strategy", "bid"}
DELIBERATE = {"deliberately", "intentionally", "knowingly", "wilfully", "willfully", "purposely", "purposefully",
              "consciously", "systematically", "cynically"}
DELIBERATE_ADJ = {"deliberate", "intentional", "calculated", "cynical", "wilful", "willful"}
NEUTRAL_PLOY = {"attempt", "effort", "strategy", "bid"}  # need a duty as object: "an attempt to avoid payment"
PURE_PLOY = {"ploy", "smokescreen", "ruse", "stunt", "pretext"}  # motive on their own: "this is a ploy"
DUTIES = set("""payment payments liability liabilities responsibility obligation obligations blame accountability
scrutiny cost costs penalty penalties damages paying invoice invoices claim claims refund""".split())
AGENT_VERBS = {"sell", "tell", "commit", "cause", "make", "create", "introduce", "perpetrate", "compound", "feed"}
DELIBERATE_VERBS = FAIL_VERBS | {"withhold", "obstruct", "hide", "conceal", "inflate", "sabotage", "stall", "drag",
                                 "suppress", "understate", "overstate", "manipulate", "frustrate"}
CURE_OBJECTS = {"breach", "breaches", "default", "defaults", "deficiency", "deficiencies", "failure", "failures",
                "non-compliance", "noncompliance", "defect", "defects", "violation", "violations", "problem",
                "problems", "issue", "issues", "nonconformity"}
CURE_HOLDERS = {"day", "days", "period", "opportunity", "time", "right", "chance", "week", "weeks", "notice"}
RIGHT_NOUNS = {"right", "rights", "remedy", "remedies", "claim", "claims", "position", "entitlement", "entitlements",
               "defence", "defense", "defences", "defenses", "privilege", "objection", "objections"}
WAIVE_VERBS = {"waive", "relinquish", "surrender", "forfeit", "abandon", "forgo", "forego", "prejudice", "release",
               "concede", "abrogate"}
STRONG_WAIVE = {"waive", "relinquish", "surrender", "forfeit", "forgo", "forego", "abrogate"}  # no object needed
AUTHORITY_NOUNS = {"authority", "authorisation", "authorization", "mandate", "power"}
HAVE_VERBS = {"have", "hold", "possess", "retain", "grant", "give", "confer", "carry", "get", "lack"}
WAIVER_VERBS = {"constitute", "operate", "be", "construe", "deem", "amount", "treat", "interpret", "mean", "act"}
AUTHORITY_ADJ = {"authorised", "authorized", "empowered", "permitted", "entitled", "able", "mandated"}
AUTHORITY_ACTS = {"negotiate", "agree", "settle", "approve", "sign", "commit", "bind", "accept", "authorise",
                  "authorize", "waive", "amend", "vary", "release", "concede", "compromise", "change", "offer"}
RESPONSIBLE_ADJ = {"responsible", "accountable"}
RESPONSIBILITY_NOUNS = {"responsibility", "responsibilities", "accountability", "obligation", "duty", "job", "remit",
                        "fault", "province", "purview"}
OWN_VERBS = {"take", "accept", "own", "bear", "shoulder", "acknowledge", "admit"}
OWN_OBJECTS = {"responsibility", "accountability", "blame", "ownership", "fault"}
OWN_FAULT = {"fault", "mistake", "error", "failure", "oversight", "omission", "responsibility"}
TOGETHER_VERBS = {"put", "pull", "get", "bring", "throw", "piece", "cobble", "gather", "come"}
PEOPLE = {"team", "teams", "people", "everyone", "everybody", "parties", "group", "groups", "us", "you", "them",
          "stakeholders", "sides", "both", "all", "partners", "resources", "heads", "forces", "minds", "party"}
SOCIAL = {"work", "lunch", "drinks", "drink", "dinner", "coffee", "beer", "beers", "breakfast", "party", "weekend",
          "holidays", "holiday", "christmas", "game", "golf", "tonight", "evening", "fun", "happy", "hour", "bite",
          "cocktails", "brunch"}
JOINT_VERBS = {"work", "collaborate", "partner", "cooperate", "co-operate", "coordinate", "team", "engage", "liaise"}
JOINT_ADV = {"together", "jointly", "closely", "collaboratively", "cooperatively", "hand", "side"}
JOINT_DETS = {"both", "all", "each"}
JOINT_SUBJ = {"parties", "sides", "teams", "partners", "we", "everyone", "everybody", "us"}
COMMIT_TARGETS = set("""partnership relationship success role working work project collaboration customer customers
you delivering supporting programme program outcome relationship partner partners service continuing helping
resolving making ensuring providing cooperation co-operation transition goal goals objective mission""".split())
VALUE_VERBS = {"value", "cherish", "treasure", "appreciate", "prize"}
BOND_NOUNS = {"partnership", "relationship", "collaboration", "cooperation", "co-operation", "partner"}

# -- the lexical prefilter: sentences with no fast cue but words the grammar rules look at -----------------------------
LEXICAL = re.compile(r"""\b(?:
    fail\w* | miss(?:ed|es|ing)? | delay\w* | breach\w* | refus\w* | neglect\w* | ignor\w* | blam\w* | fault\w*
  | responsib\w* | accountab\w* | mislead\w* | misled | misrepresent\w* | lie[sd]? | lying | cure[sd]? | curing
  | waive\w* | waiver | rights? | authori[sz]\w* | authority | together | jointly | commit\w* | partner\w*
  | due\ to | because\ of | owing\ to | caused\ by | result\ of | attributable | all\ about | default\w*
  | abandon\w* | botch\w* | underperform\w* | mismanag\w* | dysfunction\w* | incompeten\w* | negligen\w*
  | deliberate\w* | intentional\w* | bad\ faith | ploy | tactic\w* | excuse | pretext | relinquish\w*
  | reserv\w* | deny | denie[sd] | mistake\w* | error\w* | shortfall\w* | work\w*\s+(?:closely|with|jointly)
  | (?:not|\w*n['’]t|never|neither|nor|cannot)\s+(?:\w+\s+){0,2}(?:pa(?:y|id|ying)|deliver\w*|provid\w*|meet\w*|met
                                                        |perform\w*|respond\w*|compl\w*|honou?r\w*|fulfil\w*)
  | fell\ short | fall\w*\ short | violat\w* | renege\w* | collaborat\w* | cooperat\w* | co-operat\w*
)\b""", re.I | re.X)


def low(tok: Token) -> str:
    return tok.lemma_.lower()


def negated(tok: Token) -> bool:
    """A `neg` child on the word or on its auxiliaries, "never", or a "no"/"nothing" determiner or subject."""
    for t in (tok, *[c for c in tok.children if c.dep_ in ("aux", "auxpass")]):
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ in ("never", "nothing", "no", "neither", "nor") and c.dep_ in (
                    "advmod", "det", "nsubj", "nsubjpass", "neg", "preconj"):
                return True
    return False


def subjects(verb: Token) -> list[Token]:
    """Grammatical subjects of a verb: its own nsubj/nsubjpass, else the subject of the verb it is the xcomp,
    conj or auxiliary complement of ("the contractor failed to deliver" -> contractor for deliver)."""
    t = verb
    for _ in range(4):
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if subj:
            return [s for s in subj if s.dep_ != "expl"]
        if t.dep_ in ("xcomp", "conj", "acomp", "ccomp", "advcl", "pcomp") and t.head is not t:
            if t.dep_ in ("ccomp", "advcl", "pcomp") and t.head.pos_ not in ("VERB", "AUX", "ADJ"):
                break
            t = t.head
            continue
        if t.dep_ in ("acl", "relcl") and t.head is not t:  # "the vendor that failed ...", "dysfunction endured"
            return [t.head]
        break
    return []


def agent_by(verb: Token) -> list[Token]:
    """The "by"-agent of a passive verb."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def party_kind(tok: Token) -> str | None:
    """'self', 'counterparty', 'outsider' or None for a noun phrase head (its modifiers are read too)."""
    w, lem = tok.lower_, low(tok)
    kids = list(tok.children)
    mods = {c.lower_ for c in kids if c.dep_ in ("amod", "compound", "det", "poss", "nmod")}
    if w in SELF or mods & SELF_POSS and lem in TEAM_NOUNS | ROLES:
        return "self"
    if lem in OUTSIDER or w in OUTSIDER or mods & OUTSIDER:
        return "outsider"
    if mods & OUTSIDER_MOD and (lem in OUTSIDER_HEAD or lem in ROLES):
        return "outsider"
    if any((c.lower_, w) in OUTSIDER_COMPOUND or (c.lower_, w) == ("supply", "chain") for c in kids):
        return "outsider"
    if lem in ("chain",) and any(c.lower_ == "supply" for c in kids):
        return "outsider"
    if w in SECOND or mods & SECOND_POSS or w in THIRD:
        return "counterparty"
    if lem in ROLES or (lem in TEAM_NOUNS and mods & (SECOND_POSS | THIRD_POSS | {"the"}) and lem != "project"):
        return "counterparty"
    if tok.pos_ == "PROPN" and w not in PARTY_STOP and tok.text[:1].isupper():
        return "counterparty"
    return None


def possessor(noun: Token) -> Token | None:
    """Who a noun belongs to: "your failure", "the supplier's delay", "failure of/by the vendor"."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "by", "on") and c.i > noun.i:
            for g in c.children:
                if g.dep_ == "pobj" and low(g) not in BREACHED:
                    return g
    return None


# ---------------------------------------------------------------------------------------------------------------
# rule groups that need only the tables above (the blame rules live in grammar.py)
# ---------------------------------------------------------------------------------------------------------------
def defensive(doc: Doc) -> Iterator[Hit]:
    text = doc.text.lower()
    footer = "all rights reserved" in text or "copyright" in text or "©" in text
    for t in doc:
        lem, w = low(t), t.lower_
        kids = list(t.children)
        nxt = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
        if lem == "cure" or w in ("cure", "cured", "cures", "curing"):
            if t.pos_ == "VERB" and (any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in CURE_OBJECTS for c in kids)
                                     or low(t.head) in CURE_HOLDERS | {"fail", "neglect", "refuse"}
                                     or any(c.lower_ == "within" for c in kids)):
                yield "cure_period", min(t.i, t.head.i) if t.head.i < t.i and t.head.i >= t.i - 4 else t.i, t.i
            elif nxt in ("period", "notice", "periods", "right", "rights"):
                yield "cure_period", t.i, t.i + 1
        elif w in ("remedy", "rectification") and nxt in ("period", "periods"):
            yield "cure_period", t.i, t.i + 1
        elif w == "prejudice" and t.head.lower_ == "without" and any(
                x.lower_ in RIGHT_NOUNS for x in doc[t.i + 1:t.i + 6]):
            yield "rights_not_waived", t.i - 1, t.i
        elif lem in WAIVE_VERBS or (lem == "give" and any(c.lower_ == "up" for c in kids)):
            rights = any(low(c) in RIGHT_NOUNS or c.lower_ in RIGHT_NOUNS for c in t.subtree)
            if (negated(t) or any(c.lower_ in ("nothing", "none") for c in kids)) and (
                    lem in STRONG_WAIVE or rights):
                yield "rights_not_waived", t.left_edge.i, max(c.i for c in t.subtree if c.i >= t.i)
        elif w.startswith("waive") and t.pos_ != "VERB" and w != "waiver" and any(
                x.lower_ in ("nothing", "not", "no", "n't", "never") for x in doc[max(0, t.i - 4):t.i]):
            yield "rights_not_waived", max(0, t.i - 4), t.i  # a misparsed "nothing herein waives"
        elif w == "waiver" and (any(c.lower_ in ("no", "without") for c in kids) or t.head.lower_ == "without"
                                or any(negated(h) for h in t.ancestors if low(h) in WAIVER_VERBS)):
            yield "rights_not_waived", t.i - 1 if t.head.lower_ == "without" and t.head.i == t.i - 1 else t.i, t.i
        elif lem == "reserve" and t.pos_ == "VERB" and not footer and any(
                c.lower_ in RIGHT_NOUNS and (c.lower_ != "right" or any(x.dep_ == "poss" for x in c.children))
                for c in kids if c.dep_ in ("dobj", "nsubjpass")):  # not "reserves the right to reject bids"
            yield "rights_not_waived", t.i, max(c.i for c in kids if c.dep_ in ("dobj", "nsubjpass"))
        elif lem in AUTHORITY_NOUNS and t.pos_ == "NOUN" and not (t.text[0].isupper() and t.i > 0):
            acts = any(low(c) in AUTHORITY_ACTS for c in t.children)
            no = any(c.lower_ in ("no", "limited") for c in kids) or (t.dep_ in ("dobj", "attr") and negated(t.head)
                                                                         and low(t.head) in HAVE_VERBS | {"be"})
            only = (t.dep_ == "dobj" and low(t.head) in ("have", "hold", "possess", "retain") and any(
                x.lower_ in ("only", "solely", "alone") for s in subjects(t.head) for x in s.subtree)) or any(
                c.lower_ in ("sole", "exclusive") for c in kids) and acts
            beyond = t.dep_ == "pobj" and t.head.lower_ in ("beyond", "outside", "exceed", "exceeds")
            if (lem != "power" or acts) and (no or only or beyond or low(t.head) == "lack"):
                subj = subjects(t.head) if only and t.dep_ == "dobj" else []
                yield "authority_limit", min([t.i] + [x.left_edge.i for x in subj]), t.i
        elif w in AUTHORITY_ADJ and negated(t.head if t.dep_ == "acomp" else t) and any(
                low(c) in AUTHORITY_ACTS for c in kids if c.dep_ == "xcomp"):
            yield "authority_limit", t.i, max(c.i for c in kids if c.dep_ == "xcomp")
        elif w in RESPONSIBLE_ADJ and t.dep_ in ("acomp", "amod", "ROOT"):
            verb = t.head if t.dep_ == "acomp" else t
            subj = subjects(verb)
            kind = party_kind(subj[0]) if subj else None
            question = doc[len(doc) - 1].text == "?" or (subj and subj[0].lower_ in ("who", "which", "that"))
            if subj and not question and (kind != "self" or negated(verb)):
                yield "responsibility_assignment", min(subj[0].left_edge.i, t.i), t.i
        elif lem in ("responsibility", "accountability") and t.pos_ == "NOUN":
            owner = possessor(t)
            h = t.head
            rests = low(h) in ("rest", "lie", "fall", "sit") and any(c.lower_ in ("with", "on", "upon")
                                                                     for c in h.children)
            assume = low(h) in ("bear", "carry", "shoulder") and t.dep_ == "dobj"
            if owner is not None and not (t.dep_ in ("attr", "nsubj", "nsubjpass", "ROOT") or rests):
                owner = None  # "abdicate its responsibility", "abuses of its responsibilities": no assignment
            holder = owner or (subjects(h)[0] if assume and subjects(h) else None)
            if holder is not None and party_kind(holder) != "self" and holder.lower_ not in SELF_POSS:
                yield "responsibility_assignment", min(t.i, holder.i), max(t.i, holder.i)
            elif rests and holder is None:
                yield "responsibility_assignment", t.i, max(c.i for c in h.subtree)


def collaboration(doc: Doc) -> Iterator[Hit]:
    for t in doc:
        lem = low(t)
        kids = list(t.children)
        if lem in TOGETHER_VERBS and any(c.lower_ == "together" for c in kids):
            objs = [c for c in kids if c.dep_ in ("dobj", "attr")]
            social = [g for c in kids if c.dep_ in ("prep", "npadvmod", "advmod") for g in (c, *c.children)
                      if g.lower_ in SOCIAL]
            if (objs and not any(low(o) in PEOPLE or o.lower_ in PEOPLE for o in objs)) or (
                    not objs and lem in ("get", "come") and social):
                tog = [c for c in kids if c.lower_ == "together"]
                yield "together_object", t.i, max(x.i for x in (*objs, *social, *tog, t))
            continue
        if lem in JOINT_VERBS and t.pos_ == "VERB" and not negated(t):
            subj = subjects(t)
            adv = [c for c in kids if c.lower_ in JOINT_ADV and c.dep_ in ("advmod", "npadvmod", "prt")]
            withs = [g for c in kids if c.dep_ == "prep" and c.lower_ == "with" for g in c.children
                     if g.dep_ == "pobj" and (g.lower_ in SECOND | {"us", "each", "one"} or party_kind(g) in (
                         "counterparty",) and g.pos_ != "PROPN")]
            joint = [s for s in subj if (s.lower_ in JOINT_SUBJ and any(
                c.lower_ in JOINT_DETS for c in s.children)) or (lem != "work" and s.lower_ in ("we", "us"))]
            if s := (adv or withs or joint):
                yield "joint_work_grammar", min([t.i] + [x.i for x in subj]), max(x.i for x in (*s, t))
        if t.lower_ in ("committed", "commit", "commits", "dedicated") or (lem == "commitment" and any(
                c.lower_ in SELF_POSS for c in kids)):
            verb = t.head if t.dep_ == "acomp" else t
            subj = subjects(verb)
            if subj and party_kind(subj[0]) != "self" or negated(verb):
                continue
            for c in kids:
                if c.dep_ == "prep" and c.lower_ == "to":
                    tgt = [g for g in c.children if g.dep_ in ("pobj", "pcomp") and (
                        low(g) in COMMIT_TARGETS or g.lower_ in COMMIT_TARGETS)]
                    if tgt:
                        yield "relationship_commitment", min([t.i] + [s.i for s in subj]), tgt[0].i
        if lem in VALUE_VERBS and t.pos_ == "VERB":
            subj = subjects(t)
            objs = [c for c in kids if c.dep_ == "dobj" and low(c) in BOND_NOUNS]
            if objs and (not subj or party_kind(subj[0]) == "self"):
                yield "relationship_commitment", min([t.i] + [s.i for s in subj]), objs[0].i
