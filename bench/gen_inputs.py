"""Reproducible benchmark inputs: a 10,000-message supplier mailbox and a 100-page contract PDF.

    .venv/bin/python bench/gen_inputs.py OUTDIR [--messages 10000] [--pages 100]

Everything is generated from fixed seeds (same bytes every run) out of the small lists of original sentences
below, with slots (names, systems, dates, amounts, ticket numbers), openers and tails filled in: 48% of the
mailbox's segments are distinct (the real Enron sample in ../shared/data: 55%).
The bench scripts call `make_mbox` / `make_contract_pdf` into a temporary directory; nothing is committed.
The people, companies and events are fictitious.
"""
from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, formataddr
from pathlib import Path

SEED = 20261122

# ------------------------------------------------------------------------------------------------ mail
CUSTOMER = "harbourline-foods.example"
SUPPLIERS = ["bluecrest-it.example", "tessellate-ops.example"]
PEOPLE = [  # (name, local part, side, title)
    ("Ingrid Solberg", "ingrid.solberg", "customer", "Vendor Governance Manager"),
    ("Callum Reyes", "callum.reyes", "customer", "Head of Infrastructure"),
    ("Mei-Lin Zhou", "meilin.zhou", "customer", "Procurement Lead"),
    ("Oskar Brandt", "oskar.brandt", "customer", "IT Operations Director"),
    ("Renée Dubois", "renee.dubois", "customer", "Legal Counsel"),
    ("Samir Haddad", "samir.haddad", "supplier", "Service Delivery Manager"),
    ("Beatriz Lima", "beatriz.lima", "supplier", "Account Executive"),
    ("Jonas Weber", "jonas.weber", "supplier", "Transition Lead"),
    ("Nia Okafor", "nia.okafor", "supplier", "Major Incident Manager"),
    ("Pádraig Nolan", "padraig.nolan", "supplier", "Commercial Director"),
]
SYSTEMS = ["the warehouse scanners", "the order gateway", "the payroll batch", "the loyalty API", "the SFTP relay",
           "the stock ledger", "the VPN concentrators", "the backup vault", "the POS estate", "the EDI hub",
           "the reporting cluster", "the identity service"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TOPICS = ["quarterly service review", "wave 2 cutover", "P1 incident on {sys}", "invoice dispute for {month}",
          "change freeze over peak", "capacity plan for {sys}", "SLA report for {month}", "disaster recovery test",
          "renewal of the hosting schedule", "root cause for the {sys} outage", "onboarding of the new depot",
          "patching backlog on {sys}"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

# Original sentences, by tone. Slots: {sys} {day} {n} {amt} {ticket} {hrs} {month} {pct} {who}
MAIL_SENTENCES = {
    "neutral": [
        "Attached is the updated runbook for {sys}, version {n}.",
        "Could you confirm whether the maintenance window on {day} still works for your side?",
        "The ticket reference for this is {ticket}.",
        "I have moved our checkpoint to {day} at {hrs}:30 because of a clash with the board meeting.",
        "The spreadsheet now lists {n} open items, grouped by owner and due date.",
        "Please find the minutes of {day}'s call below my signature.",
        "For the record, the agreed cutover sequence starts with {sys} and ends with the reporting jobs.",
        "We are still waiting for the firewall change to be approved by the security team.",
        "Our finance team will raise the purchase order for {amt} once the quote is signed.",
        "{who} will cover for me while I am on leave next week.",
    ],
    "collaborative": [
        "Thanks for turning this around so quickly, it made a real difference to the store teams.",
        "Let's sit down together on {day} and agree a joint plan for {sys}.",
        "Happy to share our monitoring dashboards if that helps your engineers.",
        "We appreciate the extra weekend effort your team put into the migration.",
        "I suggest we run a shared lessons-learned session once the dust settles.",
        "Great collaboration on the DR test, both teams hit every checkpoint.",
        "If it helps, we can lend you two of our testers for the regression cycle.",
    ],
    "blame": [
        "Your engineers rolled out the patch to {sys} without any change approval.",
        "This is the {n}th time in {month} that your team has missed the agreed response time.",
        "Once again the outage on {sys} was caused by your failure to follow the runbook.",
        "Frankly, the delay sits entirely with your transition team.",
        "Why did nobody on your side escalate {ticket} before the stores opened?",
        "You have repeatedly ignored the capacity warnings we raised in {month}.",
        "Your night shift left {sys} in a broken state and went home.",
    ],
    "defensive": [
        "As set out in clause {n}.2 of the services agreement, response times exclude customer-caused delays.",
        "For the avoidance of doubt, we acted strictly within the approved scope at all times.",
        "Our logs show the request arrived at {hrs}:{n}7, well outside the support window.",
        "Please note that the dependency on {sys} was flagged in our risk register on {day} {n} {month}.",
        "We reserve all of our rights under the agreement in relation to this matter.",
        "The service credit calculation excludes the {hrs} hours during which your change freeze applied.",
        "To be clear, the root cause lies in the customer-managed network, not in our platform.",
    ],
    "risk": [
        "Any further delay will be at your sole cost and risk.",
        "We will invoice the additional effort of {amt} as a chargeable change.",
        "Please accept that we cannot accept any liability for data held on {sys}.",
        "If the sign-off is not received by {day}, the milestone will be deemed accepted.",
    ],
}
GREETINGS = ["Hi {first},", "Hello {first},", "Dear {first},", "{first},", "Morning {first},"]
VALEDICTIONS = ["Kind regards,", "Best regards,", "Thanks,", "Regards,", "Many thanks,", "Cheers,"]
DISCLAIMER = ("This message is confidential and intended only for the named recipient. If you received it in error, "
              "please tell the sender and delete it; do not copy or forward it. Bluecrest IT Services Ltd, registered "
              "in Scotland No. SC123456.")


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        sys=rng.choice(SYSTEMS), day=rng.choice(WEEKDAYS), n=rng.randint(2, 19), amt=f"£{rng.randint(2, 95) * 250:,}",
        ticket=f"INC{rng.randint(100000, 999999)}", hrs=rng.randint(7, 22), month=rng.choice(MONTHS),
        pct=rng.randint(80, 99), who=rng.choice(PEOPLE)[0].split()[0])


OPENERS = ["As discussed,", "Just to flag,", "For info,", "Separately,", "Following up on {ticket},",
           "Ahead of {day}'s call,", "On {sys},", "Further to my last note,", "Quick update:",
           "Regarding {ticket},", "As of this morning,", "To close the loop,"]


TAILS = [" (ref {ticket})", ", see {ticket}", " before {day}", " as of {day}", " for the {month} release",
         " per {who}'s note", " on site {n}"]


def _sentence(rng: random.Random, template: str) -> str:
    text = _fill(template, rng)
    if not template.startswith("{") and not text.startswith("I ") and rng.random() < 0.45:
        text = _fill(rng.choice(OPENERS), rng) + " " + text[0].lower() + text[1:]
    if rng.random() < 0.55 and text[-1] in ".?":
        text = text[:-1] + _fill(rng.choice(TAILS), rng) + text[-1]
    return text


def _body(rng: random.Random, side: str) -> str:
    tones = ["neutral"] * 5 + ["collaborative"] * 2 + (["blame"] * 2 if side == "customer" else ["defensive"] * 2)
    tones += ["risk"] if side == "supplier" else []
    paras = []
    for _ in range(rng.randint(1, 4)):
        sents = [_sentence(rng, rng.choice(MAIL_SENTENCES[rng.choice(tones)])) for _ in range(rng.randint(1, 3))]
        paras.append(" ".join(dict.fromkeys(sents)))
    return "\n\n".join(paras)


def _signature(person: tuple, domain: str, rng: random.Random) -> str:
    name, _, side, title = person
    company = "Harbourline Foods plc" if side == "customer" else (
        "Bluecrest IT Services" if domain.startswith("bluecrest") else "Tessellate Operations")
    lines = [rng.choice(VALEDICTIONS), name, f"{title} | {company}", f"M: +44 7700 9{rng.randint(10000, 99999)}"]
    sig = "\n".join(lines)
    if domain.startswith("bluecrest"):
        sig += "\n\n" + DISCLAIMER
    return sig


def _quote(parent: dict, style: str) -> str:
    if style == "gmail":
        head = f"On {parent['date_text']}, {parent['name']} <{parent['addr']}> wrote:"
        return head + "\n" + "\n".join("> " + ln if ln else ">" for ln in parent["full"].split("\n"))
    return ("-----Original Message-----\n"
            f"From: {parent['name']} <{parent['addr']}>\nSent: {parent['date_text']}\n"
            f"To: {parent['to_name']}\nSubject: {parent['subject']}\n\n" + parent["full"])


def mbox_messages(n: int = 10_000, seed: int = SEED) -> list[str]:
    """n messages (mbox-ready strings, "From " line first) in date order, as ~n/5 interleaved threads."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)
    msgs: list[tuple[datetime, int, str]] = []
    k = 0
    while k < n:
        customer = rng.choice([p for p in PEOPLE if p[2] == "customer"])
        supplier = rng.choice([p for p in PEOPLE if p[2] == "supplier"])
        sdomain = rng.choice(SUPPLIERS)
        topic = rng.choice(TOPICS).format(sys=rng.choice(SYSTEMS).removeprefix("the "), month=rng.choice(MONTHS))
        subject = topic[0].upper() + topic[1:]
        when = start + timedelta(minutes=rng.randint(0, 60 * 24 * 540))
        parent = None
        refs: list[str] = []
        for depth in range(min(n - k, rng.randint(1, 9))):
            if parent is None:  # either side may open a thread; replies alternate
                sender, rcpt = (customer, supplier) if rng.random() < 0.5 else (supplier, customer)
            else:
                sender, rcpt = (customer, supplier) if parent["side"] == "supplier" else (supplier, customer)
            s_dom = CUSTOMER if sender[2] == "customer" else sdomain
            r_dom = CUSTOMER if rcpt[2] == "customer" else sdomain
            addr, raddr = f"{sender[1]}@{s_dom}", f"{rcpt[1]}@{r_dom}"
            mid = f"<{seed % 997}.{k}.{rng.randint(10**8, 10**9)}@{s_dom}>"
            body = _body(rng, sender[2])
            text = rng.choice(GREETINGS).format(first=rcpt[0].split()[0]) + "\n\n" + body + "\n\n" + \
                _signature(sender, s_dom, rng)
            full = text
            if parent is not None:
                full = text + "\n\n" + _quote(parent, rng.choice(["gmail", "outlook"]))
            subj = subject if parent is None else ("RE: " if rng.random() < 0.5 else "Re: ") + subject
            date_text = format_datetime(when)
            # Non-ASCII display names as RFC 2047 encoded words, as mail clients write them.
            headers = [f"From: {formataddr((sender[0], addr), 'utf-8')}", f"To: {formataddr((rcpt[0], raddr), 'utf-8')}",
                       f"Subject: {subj}",
                       f"Date: {date_text}", f"Message-ID: {mid}"]
            if rng.random() < 0.3:
                cc = rng.choice(PEOPLE)
                cc_addr = f"{cc[1]}@{CUSTOMER if cc[2] == 'customer' else sdomain}"
                headers.insert(2, f"Cc: {formataddr((cc[0], cc_addr), 'utf-8')}")
            if parent is not None:
                headers += [f"In-Reply-To: {parent['mid']}", "References: " + " ".join(refs + [parent["mid"]])]
                refs = refs + [parent["mid"]]
            headers += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
                        "Content-Transfer-Encoding: 8bit"]
            asctime = f"{when:%a %b} {when.day:2d} {when:%H:%M:%S %Y}"
            body_lines = [(">" + ln if ln.startswith("From ") else ln) for ln in full.split("\n")]
            raw = f"From {addr} {asctime}\n" + "\n".join(headers) + "\n\n" + "\n".join(body_lines) + "\n"
            msgs.append((when, k, raw))
            parent = {"mid": mid, "name": sender[0], "addr": addr, "to_name": rcpt[0], "subject": subj,
                      "date_text": date_text, "full": full, "side": sender[2]}
            when += timedelta(minutes=rng.randint(5, 60 * 72))
            k += 1
    msgs.sort(key=lambda m: (m[0], m[1]))
    return [m[2] for m in msgs]


def make_mbox(path: str | Path, n: int = 10_000, seed: int = SEED) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(mbox_messages(n, seed)))
    return path


# ------------------------------------------------------------------------------------------------ contract
PARTY_A, PARTY_B = "Harbourline Foods plc", "Bluecrest IT Services Limited"
SECTION_TITLES = ["Definitions and Interpretation", "Term and Commencement", "The Services", "Service Levels",
                  "Service Credits", "Charges and Payment", "Customer Obligations", "Supplier Personnel",
                  "Subcontracting", "Change Control", "Data Protection", "Information Security",
                  "Intellectual Property", "Confidentiality", "Warranties", "Indemnities", "Limitation of Liability",
                  "Insurance", "Business Continuity", "Audit Rights", "Governance", "Dispute Resolution",
                  "Force Majeure", "Termination", "Consequences of Termination", "Exit Management",
                  "Step-In Rights", "Benchmarking", "Records and Reporting", "Anti-Bribery", "Notices",
                  "General"]
CLAUSE_SENTENCES = [
    "The Supplier shall provide the {svc} in accordance with the Service Levels set out in Schedule {sch}.",
    "The Customer shall pay each undisputed invoice within {days} days of receipt.",
    "Neither party shall be liable for any indirect or consequential loss arising under this Agreement.",
    "The Supplier's total aggregate liability in each Contract Year shall not exceed {pct} per cent of the Charges "
    "paid in the preceding twelve months.",
    "The Supplier shall indemnify the Customer against all losses arising from any breach of clause {ref}.",
    "The Customer may terminate this Agreement for convenience on giving not less than {days} days' written notice.",
    "Any change to the {svc} shall be agreed in writing through the Change Control Procedure.",
    "The Supplier shall maintain insurance cover of not less than £{amt} million for each and every claim.",
    "Each party shall keep the other party's Confidential Information secret for {yrs} years after termination.",
    "The Supplier shall not subcontract any part of the {svc} without the prior written consent of the Customer.",
    "Service Credits are a price adjustment reflecting the reduced value of the {svc} and are not an "
    "estimate of loss.",
    "The Supplier shall notify the Customer of any Security Incident affecting the {svc} within {hrs} hours.",
    "The parties shall work together in good faith to resolve any dispute through the Governance Board.",
    "The Customer shall be solely responsible for the accuracy of all data it supplies to the Supplier.",
    "Nothing in this Agreement shall limit or exclude either party's liability for death or personal injury "
    "caused by its negligence.",
    "The Supplier may suspend the {svc} without liability if any invoice remains unpaid for {days} days.",
    "On expiry or termination the Supplier shall provide the Exit Services for up to {mths} months.",
    "The Customer may audit the Supplier's compliance with this clause {ref} once in any twelve-month period.",
    "The Supplier shall ensure that all Supplier Personnel are suitably skilled, experienced and vetted.",
    "Where a Force Majeure Event continues for more than {days} days either party may terminate by notice.",
    "The Customer acknowledges that the Supplier has made no representation other than those in Schedule {sch}.",
    "All Intellectual Property Rights in the Deliverables shall vest in the Customer on creation.",
]
SERVICES = ["Hosting Services", "Service Desk", "End User Services", "Network Services", "Application Support",
            "Data Centre Services", "Security Operations Services", "Transition Services"]


def _clause_text(rng: random.Random, nsent: int, sec: int) -> str:
    return " ".join(CLAUSE_SENTENCES[rng.randrange(len(CLAUSE_SENTENCES))].format(
        svc=rng.choice(SERVICES), sch=rng.randint(1, 9), days=rng.choice([14, 30, 45, 60, 90]),
        pct=rng.choice([100, 125, 150, 200]), ref=f"{rng.randint(1, sec)}.{rng.randint(1, 6)}",
        amt=rng.choice([5, 10, 20]), yrs=rng.choice([3, 5, 7]), hrs=rng.choice([4, 24, 48, 72]),
        mths=rng.choice([6, 9, 12, 18])) for _ in range(nsent))


def contract_items(n_clauses: int, seed: int = SEED) -> list[tuple[str, str]]:
    """(kind, text) items: "h" section heading, "c" numbered clause, "s" sub-item; n_clauses numbered units."""
    rng = random.Random(seed)
    items: list[tuple[str, str]] = []
    sec, k = 0, 0
    while k < n_clauses:
        sec += 1
        title = SECTION_TITLES[(sec - 1) % len(SECTION_TITLES)]
        items.append(("h", f"{sec}. {title.upper()}"))
        for c in range(1, rng.randint(3, 8) + 1):
            if k >= n_clauses:
                break
            items.append(("c", f"{sec}.{c} {_clause_text(rng, rng.randint(1, 4), sec)}"))
            k += 1
            if rng.random() < 0.25:
                for j, letter in enumerate("abcd"[: rng.randint(2, 4)]):
                    items.append(("s", f"({letter}) {_clause_text(rng, 1, sec).rstrip('.')};"))
    return items


def _build_pdf(path: Path, items: list[tuple[str, str]]) -> int:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=10.5, leading=13.5, spaceAfter=5)
    sub = ParagraphStyle("sub", parent=body, leftIndent=10 * mm)
    head = ParagraphStyle("head", parent=body, fontName="Times-Bold", fontSize=11.5, spaceBefore=8, spaceAfter=6)
    title = ParagraphStyle("title", parent=head, fontSize=16, alignment=1, spaceAfter=14)

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, f"Master Services Agreement \u2014 {PARTY_A} / {PARTY_B}")
        canvas.drawRightString(A4[0] - 20 * mm, A4[1] - 12 * mm, "CONFIDENTIAL")
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                            bottomMargin=18 * mm, title="Master Services Agreement", author=PARTY_A, invariant=1)
    story = [Paragraph("MASTER SERVICES AGREEMENT", title),
             Paragraph(f"This Agreement is made between {PARTY_A} (the <i>Customer</i>) and {PARTY_B} "
                       "(the <i>Supplier</i>).", body), Spacer(1, 6)]
    style = {"h": head, "c": body, "s": sub}
    story += [Paragraph(text.replace("&", "&amp;"), style[kind]) for kind, text in items]
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return doc.page


def make_contract_pdf(path: str | Path, pages: int = 100, seed: int = SEED) -> Path:
    """Exactly `pages` pages: the smallest clause count whose layout reaches that many pages."""
    path = Path(path)
    lo, hi = 1, pages * 12
    while lo < hi:  # pages grow monotonically (by at most one) with the clause count
        mid = (lo + hi) // 2
        if _build_pdf(path, contract_items(mid, seed)) >= pages:
            hi = mid
        else:
            lo = mid + 1
    got = _build_pdf(path, contract_items(lo, seed))
    assert got == pages, f"built {got} pages, wanted {pages}"
    return path


def main(argv: list[str]) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--pages", type=int, default=100)
    a = ap.parse_args(argv)
    a.outdir.mkdir(parents=True, exist_ok=True)
    print(make_mbox(a.outdir / "bench_mail.mbox", a.messages))
    print(make_contract_pdf(a.outdir / "bench_contract.pdf", a.pages))


if __name__ == "__main__":
    main(sys.argv[1:])
