"""Who the parties are, and every name each goes by, read from a contract's preamble and definitions.

    ABC Systems Inc., a Delaware corporation ("ABC" or the "Supplier"), and XYZ Bank plc (the "Customer") ...
    -> A: ABC Systems Inc. / ABC Systems / ABC / Supplier;  B: XYZ Bank plc / XYZ Bank / Customer

A quoted term defined in parentheses belongs to the company name just before it (a legal-form suffix such as Inc.,
LLC, Ltd, GmbH marks one), or is a role word ("the Company", "Consultant") standing for the last party named.
"each a "Party"" and "the Parties" are the mutual markers, not parties. `resolve()` maps the words naming an actor in
a clause to a party id, or MUTUAL for "either/neither/each party", "the parties".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MUTUAL = "mutual"
PREAMBLE_CHARS = 5_000
_SUFFIX = (r"(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corporation|Corp|Company|Co|GmbH|AG|S\.A|SA|N\.V|B\.V|LP|"
           r"L\.P|LLP|PLC|plc|Trust|Partnership|S\.p\.A|S\.A\.S|Pty|AB|AS|Oy|KG|SE|PLLC|P\.C|N\.A|Bank)")
# a legal name: capitalised words (with &, commas between words, digits) ending in a legal-form suffix
_NAME = re.compile(r"((?:[A-Z0-9][\w&'’.\-]*[ ,]+(?:and |of |& |the |de )?){0,7}?[A-Z0-9][\w&'’.\-]*,?\s+" + _SUFFIX +
                   r"\.?)(?![\w])")
_QUOTED = re.compile(r"[\"“”']{1,2}([^\"“”']{1,60}?)[\"“”']{1,2}")
_MUTUAL_TERMS = {"party", "parties"}
ROLE_WORDS = {"company", "client", "customer", "supplier", "vendor", "provider", "service provider", "contractor",
              "consultant", "manufacturer", "distributor", "licensor", "licensee", "buyer", "seller", "purchaser",
              "owner", "developer", "shipper", "transporter", "carrier", "operator", "recipient", "reseller",
              "agent", "principal", "host", "partner", "producer", "sponsor", "subcontractor", "lessor", "lessee",
              "employer", "publisher", "marketer", "maintainer", "contract manufacturer", "bank", "user", "member"}
_NOT_PARTY = re.compile(r"\b(agreement|date|effective|term|products?|services?|territory|schedule|exhibit|"
                        r"specifications?|work|deliverables?|fees?|price|facility|plan|program|project|system|"
                        r"software|property|premises|site|amendment|contract|order|affiliates?)\b", re.I)
MUTUAL_ACTOR = re.compile(r"\b(either|neither|each|both|any|no)\s+part(y|ies)\b|\bthe\s+parties\b|\bmutual(ly)?\b",
                           re.I)


@dataclass
class Party:
    id: str
    names: list[str] = field(default_factory=list)  # the legal name first, then every alias

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.id


@dataclass
class Parties:
    parties: list[Party] = field(default_factory=list)
    _patterns: list[tuple[re.Pattern, str]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        pats = []
        for p in self.parties:
            for n in p.names:
                flags = 0 if n.lower() in ROLE_WORDS else re.I  # "company" in lower case is no defined term
                pats.append((re.compile(r"(?<![\w])" + re.escape(n) + r"(?![\w])", flags), p.id, len(n)))
        pats.sort(key=lambda t: -t[2])  # the longest name wins ("ABC Systems" before "ABC")
        self._patterns = [(rx, pid) for rx, pid, _ in pats]

    def by_id(self, pid: str | None) -> Party | None:
        return next((p for p in self.parties if p.id == pid), None)

    def display(self, pid: str | None) -> str:
        p = self.by_id(pid)
        if p is None:
            return "both parties" if pid == MUTUAL else "the other party"
        short = [n for n in p.names[1:] if n.lower() not in ROLE_WORDS]
        roles = [n for n in p.names[1:] if n.lower() in ROLE_WORDS]
        return (roles or short or p.names)[0]

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, party id) of every party name in `text`, longest names first, no overlaps; in text order."""
        taken: list[tuple[int, int, str]] = []
        for rx, pid in self._patterns:
            for m in rx.finditer(text):
                if not any(m.start() < e and s < m.end() for s, e, _ in taken):
                    taken.append((m.start(), m.end(), pid))
        return sorted(taken)

    def resolve(self, actor: str) -> str | None:
        """The party the words name: a party id, MUTUAL ("either party", "the parties"), or None."""
        if MUTUAL_ACTOR.search(actor):
            return MUTUAL
        found = {pid for _, _, pid in self.mentions(actor)}
        return found.pop() if len(found) == 1 else None

    def other(self, pid: str | None) -> str | None:
        """The counterparty of a two-party contract."""
        ids = [p.id for p in self.parties]
        if pid in ids and len(ids) == 2:
            return ids[1 - ids.index(pid)]
        return None


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;:")
    return re.sub(r"^(?:and|by|between|among|with|the|this|of)\s+", "", name, flags=re.I).strip()


def _short_forms(legal: str) -> list[str]:
    """"ABC Systems, Inc." -> ["ABC Systems"] (the name without its legal form)."""
    bare = re.sub(r",?\s+" + _SUFFIX + r"\.?$", "", legal).strip(" ,")
    return [bare] if bare and bare != legal and len(bare) > 2 else []


_TERM_IN_PARENS = re.compile(r"\(([^()]{0,160}?)\)")
_HEREINAFTER = re.compile(r"(?:hereinafter|herein)\s+(?:referred\s+to\s+as|called)\s+(?:the\s+)?[\"“']?"
                          r"([A-Z][\w&\-]+(?:\s[A-Z][\w&\-]+){0,3})", re.S)
_BARE_QUOTED = re.compile(r"[\"“']the\s+([A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?)[\"”']")
_BOUNDARY = re.compile(r"by\s+and\s+(?:between|among)|\bbetween\b:?|\bamong\b|\bBETWEEN\b:?|\bAND\b:?|\band\s+(?=[A-Z_])|"
                       r";|\)\s*,?|\bof the other part\b|\bof one part\b", re.S)
_NAME_END = re.compile(r",|\s(?:whose|having|with\s+(?:its|a|offices)|located|a\s+(?:company|corporation)|"
                       r"an?\s+[A-Z][a-z]+\s+(?:corporation|limited|company|general|partnership))|\n\s*\n|\s\d", re.S)


def _definitions(head: str) -> list[tuple[int, list[str]]]:
    """(position, defined terms) of every party-like definition in the preamble, in order."""
    found: list[tuple[int, list[str]]] = []
    for m in _TERM_IN_PARENS.finditer(head):
        terms = [t.strip() for t in _QUOTED.findall(m.group(1))]
        if not terms:
            h = _HEREINAFTER.search(m.group(1))
            terms = [h.group(1)] if h else []
        if not terms:  # "(Transporter)", "(the COMPANY)": an unquoted role word or an all-caps short name
            bare = re.fullmatch(r"\s*(?:the\s+)?([A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?)\s*", m.group(1))
            if bare and (bare.group(1).lower() in ROLE_WORDS or bare.group(1).isupper()):
                terms = [bare.group(1)]
        found.append((m.start(), terms))
    for rx in (_HEREINAFTER, _BARE_QUOTED):
        for m in rx.finditer(head):
            if not any(a <= m.start() <= a + 170 for a, _ in found):
                found.append((m.start(), [m.group(1)]))
    out = []
    for pos, terms in sorted(found):
        terms = [t for t in (re.sub(r"^the\s+", "", t, flags=re.I).strip() for t in terms)
                 if t and len(t) <= 40 and t[0].isupper() and "party" not in t.lower()
                 and t.lower() not in _MUTUAL_TERMS and not _NOT_PARTY.search(t)]
        if terms:
            out.append((pos, terms))
    return out


def _name_before(head: str, pos: int) -> str | None:
    """The legal name a definition at `pos` belongs to: the words after the last boundary, up to the first comma."""
    window = head[max(0, pos - 300):pos]
    bounds = list(_BOUNDARY.finditer(window))
    chunk = window[bounds[-1].end():] if bounds else window[-120:]
    chunk = _NAME_END.split(chunk.strip(), maxsplit=1)[0]
    name = _clean(chunk.strip(" \"'“”:"))
    if not name or len(name) > 90 or not name[0].isupper() or len(name.split()) > 10:
        return None
    return name


_INTRO = (re.compile(r"by\s+and\s+(?:between|among)|entered\s+into|\bis\s+made\b|\bmade\s+(?:and|this|as|on)\b", re.I),
          re.compile(r"\bbetween\b|\bamong\b", re.I))
_PREAMBLE_END = re.compile(r"WHEREAS|R\s?E\s?C\s?I\s?T\s?A\s?L\s?S|W\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H|"
                           r"NOW,?\s+THEREFORE|agree\s+as\s+follows|BACKGROUND|\n\s*1\.\s", re.I)


def preamble(text: str) -> str:
    """The sentence(s) introducing the parties: from the first "between"/"made" to the recitals (or 2,500 chars);
    earlier text (cover pages, tables of contents) is blanked so offsets stay those of `text`."""
    head = text[:PREAMBLE_CHARS]
    intro = _INTRO[0].search(head) or _INTRO[1].search(head)
    start = intro.start() if intro else 0
    end_m = _PREAMBLE_END.search(head, start + 60)
    end = end_m.start() if end_m else min(len(head), start + 2_500)
    start = max(0, head.rfind("\n\n", 0, start))
    return " " * start + head[start:end]


def find_parties(text: str, max_parties: int = 4) -> Parties:
    """Parties and their names from the preamble and its defined terms."""
    head = preamble(text)
    if not _definitions(head):
        head = text[:PREAMBLE_CHARS]
    parties: list[Party] = []
    last: Party | None = None
    for pos, terms in _definitions(head):
        known = next((p for p in parties if any(t in p.names for t in terms)), None)
        name = _name_before(head, pos)
        if known is not None:
            party = known
        elif name is not None and not all(t.lower() in ROLE_WORDS for t in terms) or name and _NAME.search(name):
            owner = next((p for p in parties if p.names[0] == name), None)
            if owner is None and len(parties) < max_parties:
                owner = Party(chr(ord("A") + len(parties)), [name, *_short_forms(name)])
                parties.append(owner)
            party = owner
        elif name is not None and len(parties) < max_parties:  # "Acme Ltd ("Supplier")" without a legal suffix
            party = Party(chr(ord("A") + len(parties)), [name, *_short_forms(name)])
            parties.append(party)
        elif last is not None and re.search(r"affiliates|subsidiaries|successors", head[max(0, pos - 80):pos], re.I):
            party = last  # "... and its affiliates (collectively "Company")"
        elif len(parties) < max_parties:  # "__________, an individual ("Developer")": the role names the party
            party = Party(chr(ord("A") + len(parties)), list(terms))
            parties.append(party)
        else:
            party = None
        if party is None:
            continue
        for t in terms:
            if t not in party.names and not any(t in p.names for p in parties):
                party.names.append(t)
        last = party
    return Parties(parties)
