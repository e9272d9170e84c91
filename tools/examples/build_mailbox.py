"""Build examples/supplier_correspondence.mbox and examples/outage_escalation.eml (deterministic output).

An invented IT-outsourcing relationship between Northwind Retail Group (customer) and Contoso Managed
Services (supplier), with Fabrikam Data Centres as Contoso's subcontractor, February-June 2026:
cordial kick-off, a Saturday payments outage, a missed migration milestone, blame and clause-citing
replies, a formal notice, a governance board and a joint recovery plan, and a collaborative close.
The mailbox deliberately contains what a real export does: quoted replies (Gmail "On ... wrote:" and
Outlook "-----Original Message-----"), signatures, a legal footer on all Contoso mail, a forward, an
HTML-only message, a cp1252 body labelled iso-8859-1, an attachment, a body line starting "From " (mboxrd
escaping) and one exact duplicate. All names, addresses and text are fictitious.

    python tools/examples/build_mailbox.py
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "examples"
POLICY = policy.default.clone(linesep="\n", max_line_length=78)
NW, CT, FB = "northwind-retail.example", "contoso-ms.example", "fabrikam-dc.example"
PEOPLE = {  # key: (display name, address, signature)
    "dana": ("Dana Whitfield", f"dana.whitfield@{NW}", "Best regards,\nDana Whitfield\nHead of IT Vendor Management\n"
             "Northwind Retail Group\nT: +44 20 7946 0321 | M: +44 7700 900481"),
    "marcus": ("Marcus Olsen", f"marcus.olsen@{NW}", "Regards,\nMarcus Olsen\nChief Information Officer, "
               "Northwind Retail Group\n+44 20 7946 0100"),
    "priya": ("Priya Raman", f"priya.raman@{NW}", "Thanks,\nPriya\n\nPriya Raman | Service Delivery Lead | "
              "Northwind Retail Group\nM: +44 7700 900562"),
    "hannah": ("Hannah Cole", f"hannah.cole@{NW}", "Yours sincerely,\n\nHannah Cole\nGeneral Counsel\n"
               "Northwind Retail Group plc\nDirect: +44 20 7946 0777"),
    "tom": ("Tom Becker", f"tom.becker@{CT}", "Kind regards,\nTom Becker\nAccount Director | Contoso Managed Services\n"
            "M: +44 7700 900123"),
    "aisha": ("Aisha Khan", f"aisha.khan@{CT}", "Many thanks,\nAisha Khan\nService Delivery Manager, "
              "Contoso Managed Services\nT: +44 118 496 0456"),
    "francois": ("François Lefèvre", f"francois.lefevre@{CT}", "Kind regards,\nFrançois Lefèvre\nMigration "
                 "Programme Lead, Contoso Managed Services\nM: +44 7700 900789"),
    "robert": ("Robert Hale", f"robert.hale@{CT}", "Yours sincerely,\n\nRobert Hale\nCommercial Counsel, "
               "Contoso Managed Services Ltd\nT: +44 20 7946 0999"),
    "jose": ("José Muñoz", f"jose.munoz@{FB}", "-- \nJosé Muñoz\nSite Operations Manager | Fabrikam Data Centres\n"
             "Slough Campus, Building 3\nT: +44 1753 496 012"),
}
DISCLAIMER = (
    "This email and any attachments are confidential and may also be legally privileged. If you are not the "
    "intended recipient, please notify the sender immediately and delete it from your system; you must not "
    "copy, disclose or use its contents. Contoso Managed Services Ltd, registered in England and Wales "
    "No. 04567890, 1 Example Way, Reading RG1 1AA."
)


@dataclass
class Mail:
    key: str
    when: str  # "2026-02-02 09:14"
    sender: str
    to: list[str]
    subject: str
    body: str
    cc: list[str] = field(default_factory=list)
    parent: str | None = None
    quote: str | None = None  # "gmail" | "gmail-wrapped" | "outlook"
    html: bool = False
    cp1252: bool = False
    attachment: str | None = None
    signature: str | None = None  # override, e.g. "Sent from my iPhone"


M = [
    Mail("a1", "2026-02-02 09:14", "dana", ["tom"], "Datacentre exit programme - wave plan kick-off", """Hi Tom,

Thanks again for a productive kick-off on Friday. As agreed, we will run three migration waves: Wave 1 (back office) by 13 March, Wave 2 (stores and POS) by 17 April, and Wave 3 (analytics) by 29 May.

Priya will be our single point of contact for cutover planning. We are looking forward to working with you and the team on this.""", cc=["priya", "aisha"]),
    Mail("a2", "2026-02-02 16:40", "tom", ["dana"], "RE: Datacentre exit programme - wave plan kick-off", """Dana,

Thank you - it was a great session and the team left energised. We are comfortable with the wave dates. Aisha will circulate the RAID log by Wednesday and we will set up a joint weekly checkpoint. Fabrikam have confirmed rack space at the Slough site for Wave 1.""", cc=["priya", "aisha"], parent="a1", quote="outlook"),
    Mail("a3", "2026-02-04 11:05", "aisha", ["priya"], "Re: Datacentre exit programme - wave plan kick-off", """Hi Priya,

As promised, the RAID log is attached. I have flagged two dependencies on your side: firewall rule approvals (five working days) and the POS vendor's test window. Shall we go through it together on Thursday? Happy to come to your office.""", cc=["dana", "tom"], parent="a2", quote="gmail", attachment="RAID_log_v1.xlsx"),
    Mail("a4", "2026-02-04 13:22", "priya", ["aisha"], "Re: Datacentre exit programme - wave plan kick-off", """Thursday works. We will get the firewall requests in early - thanks for flagging them now rather than later.
From Monday onwards Ravi from our network team will also join the weekly call.""", cc=["dana", "tom"], parent="a3", quote="gmail-wrapped"),
    Mail("b1", "2026-02-20 17:05", "aisha", ["dana"], "Weekly service report", """Dana,

Summary for the week commencing 16 February: all service levels met (availability 99.98%), two P3 incidents resolved within target. Wave 1 preparation is on track, with 14 of 22 servers pre-staged at Slough.""", cc=["priya"]),
    Mail("b2", "2026-02-20 18:12", "dana", ["aisha"], "Re: Weekly service report", """Great news, thank you Aisha. Please pass our thanks to the night shift for the patching work.""", cc=["priya"], parent="b1", quote="gmail"),
    Mail("a5", "2026-03-13 07:30", "tom", ["dana", "marcus"], "RE: Datacentre exit programme - wave plan kick-off", """Dana, Marcus,

Wave 1 went live last night: 22 servers migrated, no P1 or P2 incidents. Thanks to Priya's team for the fast firewall approvals - a genuinely joint effort.""", cc=["aisha", "priya"], parent="a4", quote="outlook"),
    Mail("a6", "2026-03-13 08:02", "marcus", ["tom"], "Re: Datacentre exit programme - wave plan kick-off", """Excellent work, Tom. Please thank everyone involved - a smooth first wave is exactly what we hoped for.""", cc=["dana", "aisha", "priya"], parent="a5", quote="gmail"),
    Mail("d1", "2026-03-21 10:42", "priya", ["aisha"], "P1 INCIDENT - card payments failing in stores", """Aisha,

Card payments have been failing in roughly 140 stores since 09:50. The POS gateway moved to the new site in Wave 1. We need an engineer on this now and an update every 30 minutes.""", cc=["dana", "tom"]),
    Mail("d2", "2026-03-21 11:05", "aisha", ["priya"], "RE: P1 INCIDENT - card payments failing in stores", """Priya,

Bridge is open and the P1 is logged as INC-20417. Initial view is a failed power feed on rack B14 at the Fabrikam Slough site. Jose, please confirm the status of the PDU urgently.""", cc=["dana", "tom", "jose"], parent="d1", quote="outlook"),
    Mail("d3", "2026-03-21 11:31", "jose", ["aisha"], "RE: P1 INCIDENT - card payments failing in stores", """Aisha,

Confirmed: PDU B14-2 tripped at 09:47 after scheduled maintenance. Engineers are on site and we estimate power restored by 12:15. Apologies for the disruption.""", cc=["priya", "tom"], parent="d2", quote="outlook"),
    Mail("d4", "2026-03-21 14:58", "dana", ["tom"], "Re: P1 INCIDENT - card payments failing in stores", """Tom,

Payments were down for over four hours on a Saturday. Your team failed to fail over to the secondary gateway, which is exactly what the Wave 1 design promised. We were told the new site was resilient. This is not acceptable and I expect a full root cause analysis by Wednesday.""", cc=["marcus", "priya", "aisha"], parent="d3", quote="gmail", signature="Sent from my iPhone"),
    Mail("d5", "2026-03-22 09:10", "tom", ["dana"], "RE: P1 INCIDENT - card payments failing in stores", """Dana,

I understand the frustration and I am sorry for the impact on your stores. To be clear on the facts: the outage was caused by a maintenance error at Fabrikam's facility. Under Schedule 3, paragraph 4.2, failover testing of the POS gateway was a Customer Dependency, and that test was deferred at Northwind's request on 6 March. We will provide the RCA by Wednesday as requested, but we do not accept that Contoso is in breach of the Agreement.""", cc=["marcus", "priya", "aisha"], parent="d4", quote="outlook"),
    Mail("d6", "2026-03-22 10:02", "marcus", ["tom"], "Re: P1 INCIDENT - card payments failing in stores", """Tom,

Fabrikam is your subcontractor, not ours. Northwind contracted with Contoso for an end-to-end service, and we will not accept an argument that pushes responsibility onto us for your subcontractor's failure. We expect service credits to be applied for March.""", cc=["dana"], parent="d5", quote="gmail-wrapped"),
    Mail("d7", "2026-03-25 16:45", "aisha", ["dana", "priya"], "RE: P1 INCIDENT - card payments failing in stores - RCA", """Dana, Priya,

The root cause analysis for INC-20417 is attached. Root cause: PDU trip during Fabrikam maintenance. Contributing factor: automatic gateway failover was disabled pending the deferred failover test. Actions: dual power feeds for the B-row racks (Fabrikam, by 8 May); failover test to be rescheduled jointly; maintenance change approvals to include Contoso sign-off.""", cc=["tom", "jose"], parent="d6", attachment="RCA_INC-20417.pdf"),
    Mail("d8", "2026-03-26 09:20", "jose", ["aisha"], "RE: P1 INCIDENT - card payments failing in stores - RCA", """Aisha,

The dual-feed works are scheduled for 4 to 6 May and we will confirm on completion. We have also changed our maintenance procedure so that no PDU work starts without a second engineer checking the load transfer.""", cc=["priya"], parent="d7", quote="outlook"),
    Mail("b3", "2026-04-17 17:10", "aisha", ["dana"], "RE: Weekly service report", """Dana,

This week's report: availability 99.2% against the 99.9% target, reflecting the INC-20417 carry-over. Wave 2 is RAG red: the store image build is blocked on the POS vendor's signed drivers.""", cc=["priya"], parent="b2", quote="outlook"),
    Mail("b4", "2026-04-17 18:30", "dana", ["aisha"], "Re: Weekly service report", """Noted. Please include a recovery plan for milestone M3 in next week's report.""", cc=["priya"], parent="b3", quote="gmail"),
    Mail("e1", "2026-04-20 09:30", "dana", ["tom"], "Wave 2 - milestone M3 missed", """Tom,

Milestone M3 (Wave 2 POS cutover, due 17 April) has been missed. Your team failed to complete the store image build on time, and we were only told on Thursday evening. This is the second serious failure in a month. Please confirm a recovery date by close of business tomorrow.""", cc=["marcus", "priya"]),
    Mail("e2", "2026-04-21 17:45", "tom", ["dana"], "RE: Wave 2 - milestone M3 missed", """Dana,

We do not agree with the characterisation in your email. As notified on 2 April and again on 9 April, the store image build was blocked by late delivery of the POS vendor's signed drivers, which is a Customer Dependency under Schedule 6, item 11. In accordance with Clause 14.3, Contoso is entitled to relief from the milestone date to the extent of the delay caused. Our revised date is 8 May, subject to the drivers being supplied by 24 April. Contoso reserves all its rights in this matter.""", cc=["marcus", "robert", "aisha"], parent="e1", quote="outlook"),
    Mail("e3", "2026-04-22 08:55", "francois", ["priya"], "RE: Wave 2 - milestone M3 missed", """Priya,

À propos the drivers: we downloaded build 4.2 from the vendor’s portal yesterday evening and our lab in Reading is validating it now. If validation passes, we can start the pilot stores on 30 April – I’ve copied José Muñoz so that Slough can plan the extra capacity. Zoë Brennan in our lab will send you the test evidence.""", cc=["aisha", "dana", "jose"], parent="e2", quote="outlook", cp1252=True),
    Mail("e4", "2026-04-22 12:10", "marcus", ["tom"], "Re: Wave 2 - milestone M3 missed", """Tom,

I am disappointed that Contoso's response to a missed milestone is to cite clauses rather than fix the problem. The drivers were available on the vendor portal from 10 April; your team did not collect them. Northwind reserves all its rights, including the right to claim delay payments under Schedule 7.""", cc=["dana", "hannah"], parent="e2", quote="gmail"),
    Mail("e5", "2026-04-23 15:00", "robert", ["hannah"], "WITHOUT PREJUDICE - Wave 2 milestone M3", """Dear Hannah,

WITHOUT PREJUDICE SAVE AS TO COSTS

I write further to the correspondence between our clients' teams regarding Milestone M3. Contoso does not accept liability for delay payments under Schedule 7, since the delay arose from a Customer Dependency. Notwithstanding that, and without any admission of liability, Contoso is prepared to discuss a revised plan for Wave 2 at an extraordinary Governance Board.""", cc=["tom"], parent="e4", quote="outlook"),
    Mail("e6", "2026-04-24 10:15", "priya", ["francois"], "Re: Wave 2 - milestone M3 missed", """Thanks François, that is really helpful. Our store operations team can support the pilot stores from 30 April.""", cc=["aisha", "dana"], parent="e3", quote="gmail"),
    Mail("f1", "2026-04-27 11:00", "hannah", ["robert", "tom"], "Formal notice under Clause 22.1 - Managed Services Agreement", """Dear Sirs,

NOTICE UNDER CLAUSE 22.1 OF THE MANAGED SERVICES AGREEMENT DATED 5 JANUARY 2026

We hereby give notice that the Supplier has failed to achieve Milestone M3 and that incident INC-20417 constitutes a Critical Service Level Failure. The Supplier is required to deliver a Remediation Plan within ten (10) Working Days of this notice in accordance with Clause 22.2. Service Credits for March shall be applied in accordance with Schedule 5.

This notice is without prejudice to any other rights or remedies of the Customer, all of which are expressly reserved.""", cc=["marcus", "dana"]),
    Mail("f2", "2026-04-28 16:20", "robert", ["hannah"], "RE: Formal notice under Clause 22.1 - Managed Services Agreement", """Dear Hannah,

We acknowledge receipt of your notice dated 27 April. The Supplier will deliver a Remediation Plan within the period stated. For the avoidance of doubt, the Supplier does not accept that a Critical Service Level Failure has occurred, as the incident arose from a Customer Dependency failure (Schedule 3, paragraph 4.2), and the Supplier reserves all its rights. We propose that the matter is referred to the Governance Board under Clause 30.2 before either party takes further steps.""", cc=["tom"], parent="f1", quote="outlook"),
    Mail("f3", "2026-04-29 09:05", "hannah", ["robert"], "Re: Formal notice under Clause 22.1 - Managed Services Agreement", """Robert,

Thank you. We agree to an extraordinary Governance Board on 12 May. Our position on the Critical Service Level Failure stands.""", cc=["tom", "marcus"], parent="f2", quote="gmail"),
    Mail("g1", "2026-05-05 10:00", "priya", ["aisha", "tom"], "Extraordinary Governance Board - 12 May - draft agenda", """<html><body>
<p>Hi all,</p>
<p>Here is the draft agenda for the Governance Board on <b>12 May</b>:</p>
<ol><li>Facts of INC-20417 and M3 - an agreed timeline</li><li>Joint recovery plan for Waves 2 and 3</li>
<li>Service credits and the commercial position</li><li>Ways of working: joint RAID log and a weekly executive checkpoint</li></ol>
<p>Please send comments by Friday. Let's use this session to reset how we work together.</p>
<p>Thanks,<br>Priya</p>
<p style="color:#777">Priya Raman | Service Delivery Lead | Northwind Retail Group<br>M: +44 7700 900562</p>
</body></html>""", cc=["dana", "marcus"], html=True),
    Mail("g2", "2026-05-06 09:40", "tom", ["priya"], "RE: Extraordinary Governance Board - 12 May - draft agenda", """Priya,

Thanks - the agenda looks right. I suggest we add a short item on lessons learned from the failover test deferral; we own our part of that. I will bring Aisha and François.""", cc=["aisha", "dana", "marcus"], parent="g1", quote="outlook"),
    Mail("g3", "2026-05-07 14:25", "tom", ["dana"], "FW: Slough site - dual power feed installation complete", """Dana,

Sharing this ahead of Tuesday: Fabrikam have completed the dual-feed works on the B-row racks, which closes the main RCA action.

Tom

---------- Forwarded message ---------
From: José Muñoz <jose.munoz@fabrikam-dc.example>
Date: Wed, 6 May 2026 at 18:02
Subject: Slough site - dual power feed installation complete
To: Aisha Khan <aisha.khan@contoso-ms.example>, Tom Becker <tom.becker@contoso-ms.example>

Aisha, Tom,

The dual power feed installation for racks B10 to B18 was completed this afternoon and load-tested at 80%. Certificates will follow tomorrow.

José""", cc=["aisha"], signature=""),
    Mail("g4", "2026-05-12 17:30", "marcus", ["tom"], "Re: Extraordinary Governance Board - joint recovery plan and agreed actions", """Tom,

Thank you and your team for today's session. It was the constructive conversation we needed. What we agreed:
1. Wave 2 full rollout by 29 May, building on the successful pilot.
2. Wave 3 re-baselined to 26 June.
3. A weekly joint executive checkpoint.
4. A failover test on 19 May, witnessed by both teams.
5. March service credits applied at 50%, with the remainder waived on completion of Wave 2 by 29 May.

Hannah will confirm point 5 in writing. Let's keep this momentum.""", cc=["dana", "hannah", "priya"], parent="g2", quote="gmail", attachment="Joint_Recovery_Plan_v1.pdf"),
    Mail("g5", "2026-05-12 18:05", "tom", ["marcus"], "RE: Extraordinary Governance Board - joint recovery plan and agreed actions", """Marcus,

Agreed on all points - thank you for the openness today. We will own the failover test plan and share it by Friday.""", cc=["dana", "hannah", "priya"], parent="g4", quote="outlook"),
    Mail("f4", "2026-05-13 10:30", "hannah", ["robert"], "Re: Formal notice under Clause 22.1 - Managed Services Agreement", """Robert,

Further to the Governance Board on 12 May, Northwind confirms that its notice dated 27 April is suspended while the Joint Recovery Plan remains on track. March Service Credits will be applied at 50% as agreed.""", cc=["tom", "marcus"], parent="f3", quote="gmail"),
    Mail("f5", "2026-05-13 12:45", "robert", ["hannah"], "RE: Formal notice under Clause 22.1 - Managed Services Agreement", """Hannah,

Thank you, confirmed. We appreciate the pragmatic approach on both sides.""", cc=["tom", "marcus"], parent="f4", quote="outlook"),
    Mail("h1", "2026-05-29 16:00", "aisha", ["priya", "dana"], "Wave 2 complete - thank you", """Priya, Dana,

All 312 stores are now running on the new POS platform, and the failover test on 19 May passed with both teams watching. Thank you to Priya's store operations team and to José's team at Slough - this was a real team effort.""", cc=["tom", "francois", "jose"]),
    Mail("h2", "2026-05-29 17:20", "dana", ["aisha"], "Re: Wave 2 complete - thank you", """Aisha, this is a great result. Thank you all - it has been a difficult quarter, and the way both teams pulled together over the last month made the difference.""", cc=["priya", "tom", "francois", "jose"], parent="h1", quote="gmail"),
    Mail("h3", "2026-05-30 09:10", "jose", ["aisha"], "RE: Wave 2 complete - thank you", """Thanks Aisha, much appreciated by everyone at Slough. Looking forward to Wave 3.""", cc=["priya"], parent="h1", quote="outlook"),
    Mail("h4", "2026-06-01 09:00", "marcus", ["tom"], "Re: Wave 2 complete - thank you", """Tom,

With Wave 2 complete, Northwind confirms that the remaining March service credits are waived, as agreed on 12 May. We look forward to Wave 3 on the same footing.""", cc=["dana", "hannah"], parent="h2", quote="gmail"),
    Mail("h5", "2026-06-01 10:30", "tom", ["marcus"], "RE: Wave 2 complete - thank you", """Marcus,

Thank you - that is appreciated, and the team will be glad to hear it. See you at the Wave 3 kick-off.""", cc=["dana", "hannah"], parent="h4", quote="outlook"),
]
DUPLICATE_OF = "d5"  # re-appears (same Message-ID, same bytes) after "e1": a copy from another folder
ESCALATION = Mail("x1", "2026-03-21 16:20", "marcus", ["tom"], "ESCALATION: Saturday payments outage - executive attention required", """Tom,

I am escalating INC-20417 to you personally. Card payments failed in 140 stores for more than four hours on our busiest trading day of the month. Your team failed to fail over to the secondary gateway and we heard about the root cause from Fabrikam, not from Contoso.

I want a named executive accountable for the recovery, an hourly update until the RCA is delivered, and a proposal for service credits by Monday.""", cc=["dana"], parent="d1", quote="gmail")


def _when(m: Mail) -> datetime:
    naive = datetime.strptime(m.when, "%Y-%m-%d %H:%M")
    bst = naive >= datetime(2026, 3, 29, 1, 0)  # UK summer time from 29 March 2026
    return naive.replace(tzinfo=timezone(timedelta(hours=1 if bst else 0)))


def _addr(key: str) -> str:
    name, addr, _ = PEOPLE[key]
    return f"{name} <{addr}>"


def _msgid(m: Mail) -> str:
    return f"<{m.key}.{_when(m):%Y%m%d%H%M}@{PEOPLE[m.sender][1].split('@')[1]}>"


def _text(m: Mail, by_key: dict[str, Mail]) -> str:
    """The body as the sender's client would have sent it: reply, signature, quoted history, footer."""
    if m.html:
        return m.body
    sig = PEOPLE[m.sender][2] if m.signature is None else m.signature
    text = m.body.strip() + ("\n\n" + sig if sig else "")
    parent = by_key.get(m.parent or "")
    if parent is not None:
        prev = _plain(parent, by_key)
        pname, paddr, _ = PEOPLE[parent.sender]
        if m.quote == "outlook":
            text += ("\n\n-----Original Message-----\nFrom: " + _addr(parent.sender)
                     + f"\nSent: {_when(parent):%d %B %Y %H:%M}\nTo: " + "; ".join(_addr(k) for k in parent.to)
                     + (("\nCc: " + "; ".join(_addr(k) for k in parent.cc)) if parent.cc else "")
                     + f"\nSubject: {parent.subject}\n\n" + prev)
        else:
            pw = _when(parent)
            when = f"{pw:%a}, {pw.day} {pw:%b %Y at %H:%M}"
            head = (f"On {when}, {pname} <\n{paddr}> wrote:" if m.quote == "gmail-wrapped"
                    else f"On {when}, {pname} <{paddr}> wrote:")
            text += "\n\n" + head + "\n" + "\n".join(("> " + ln).rstrip() for ln in prev.split("\n"))
    if PEOPLE[m.sender][1].endswith(CT):
        text += "\n\n" + DISCLAIMER  # added by Contoso's mail server below everything
    return text


def _plain(m: Mail, by_key: dict[str, Mail]) -> str:
    if m.html:  # what a mail client shows when quoting an HTML message
        return re.sub(r"\n{3,}", "\n\n", re.sub(r"<br>", "\n", re.sub(r"<(?!br)[^>]+>", "\n", m.body))).strip()
    return _text(m, by_key)


def build(m: Mail, by_key: dict[str, Mail]) -> bytes:
    msg = EmailMessage(policy=POLICY)
    msg["Message-ID"] = _msgid(m)
    msg["Date"] = format_datetime(_when(m))
    msg["From"] = _addr(m.sender)
    msg["To"] = ", ".join(_addr(k) for k in m.to)
    if m.cc:
        msg["Cc"] = ", ".join(_addr(k) for k in m.cc)
    msg["Subject"] = m.subject
    chain, p = [], by_key.get(m.parent or "")
    while p is not None:
        chain.insert(0, _msgid(p))
        p = by_key.get(p.parent or "")
    if chain:
        msg["In-Reply-To"] = chain[-1]
        msg["References"] = " ".join(chain)
    text = _text(m, by_key)
    if m.cp1252:  # Outlook on Windows: cp1252 bytes under an iso-8859-1 label
        msg["MIME-Version"] = "1.0"
        msg["Content-Type"] = 'text/plain; charset="iso-8859-1"'
        msg["Content-Transfer-Encoding"] = "8bit"
        return msg.as_bytes() + text.encode("cp1252") + b"\n"
    msg.set_content(text, subtype="html" if m.html else "plain")
    if m.attachment:
        msg.add_attachment(b"%PDF-1.4 placeholder\n" if m.attachment.endswith(".pdf") else b"placeholder\n",
                           maintype="application", subtype="octet-stream", filename=m.attachment)
        msg.set_boundary(f"=_boundary_{m.key}")  # fixed boundary: deterministic output
    return msg.as_bytes()


def to_mbox(entries: list[tuple[Mail, bytes]]) -> bytes:
    out = bytearray()
    for m, raw in entries:
        stamp = _when(m).astimezone(timezone.utc)
        out += f"From {PEOPLE[m.sender][1]} {stamp:%a %b} {stamp.day:2d} {stamp:%H:%M:%S %Y}\n".encode()
        for line in raw.splitlines(keepends=True):
            out += (b">" + line) if re.match(rb">*From ", line) else line  # mboxrd escaping
        out += b"\n" if raw.endswith(b"\n") else b"\n\n"
    return bytes(out)


def main() -> None:
    by_key = {m.key: m for m in M}
    entries = [(m, build(m, by_key)) for m in sorted(M, key=_when)]
    dup = next(e for e in entries if e[0].key == DUPLICATE_OF)
    after = next(i for i, e in enumerate(entries) if e[0].key == "e1")
    entries.insert(after + 1, dup)
    (OUT / "supplier_correspondence.mbox").write_bytes(to_mbox(entries))
    (OUT / "outage_escalation.eml").write_bytes(build(ESCALATION, {**by_key, ESCALATION.key: ESCALATION}))
    print(f"wrote {len(entries)} messages to {OUT / 'supplier_correspondence.mbox'} and outage_escalation.eml")


if __name__ == "__main__":
    main()
