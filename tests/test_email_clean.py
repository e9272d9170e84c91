from __future__ import annotations

import pytest

from analyzer.ingest.email_clean import clean_body

OWN = "We will deliver the revised plan on Friday. Your team failed to confirm the test window."


def test_plain_text_is_untouched() -> None:
    r = clean_body(OWN + "\n")
    assert r.text == OWN and r.parts_removed == [] and not r.forwarded_only


@pytest.mark.parametrize("text", [
    "On Monday we wrote the plan together and agreed the dates.\nIt went well.",
    "On reflection, here is what I wrote:\nthe dates are fixed.",
    "On 3 May the outage began.\n\nAs I wrote:\nnothing changed.",
    "- first bullet of my own list\n- second bullet\n\nThanks, John, for the quick turnaround on this.\nWe go ahead.",
    "Date: 12 May is fine for us.\nSubject to budget approval we will attend.",
    "I know this message is confidential, but the delay is now critical.\n\n" + "We need a decision. " * 15,
    "Regards to your team for the effort last night.\nWe can now close the incident.",
])
def test_nothing_stripped_from_ordinary_text(text: str) -> None:
    r = clean_body(text)
    assert r.text == text.strip(), r.parts_removed


def test_gt_quoted_lines_are_removed_and_inline_answers_kept() -> None:
    body = "Answers inline.\n> Can you make Friday?\nYes, 10:00.\n>> older quote\n> And the budget?\nApproved."
    r = clean_body(body)
    assert r.text == "Answers inline.\nYes, 10:00.\nApproved."
    assert "quoted_lines" in r.parts_removed


def test_on_wrote_single_line() -> None:
    header = "On Tue, 21 Apr 2026 at 17:45, Tom Becker <tom@contoso-ms.example> wrote:"
    r = clean_body(f"{OWN}\n\n{header}\n> old text\n> more")
    assert r.text == OWN and r.parts_removed == ["quote_header"] and r.removed_chars > 0


def test_on_wrote_wrapped_over_lines() -> None:
    body = f"{OWN}\n\nOn Tue, 21 Apr 2026 at 17:45, Tom Becker <\ntom.becker@contoso-ms.example> wrote:\n\n> old text"
    assert clean_body(body).text == OWN


def test_on_wrote_with_unprefixed_quote_from_html() -> None:
    body = f"{OWN}\n\nOn 21/04/2026 17:45, Tom Becker wrote:\nOld text without quote markers.\nMore of it."
    assert clean_body(body).text == OWN


def test_bottom_posted_reply_below_the_quote_is_kept() -> None:
    body = "On 21 Apr 2026, Tom <tom@x.example> wrote:\n> Can we move the cutover?\n\nNo, the date stands."
    assert clean_body(body).text == "No, the date stands."


def test_outlook_original_message_block() -> None:
    body = (f"{OWN}\n\n-----Original Message-----\nFrom: Dana Whitfield\nSent: 20 April 2026 09:30\n"
            "To: Tom Becker\nSubject: Wave 2\n\nEarlier message.")
    r = clean_body(body)
    assert r.text == OWN and "original_message" in r.parts_removed


def test_outlook_header_block_without_separator_line() -> None:
    body = (f"{OWN}\n\n________________________________\nFrom: Dana Whitfield <dana@x.example>\n"
            "Sent: Monday, 20 April 2026 09:30\nTo: Tom Becker <tom@y.example>\nSubject: Wave 2\n\nEarlier message.")
    assert clean_body(body).text == OWN


def test_lotus_notes_header_block() -> None:
    body = (f"{OWN}\n\n\n\n\tAlex N Morgan@NWR_DEVELOPMENT\n\t10/03/2000 08:30 AM\n\t\t \n"
            "\t\t To: Robin K Hart/NA/NWR@NWR\n\t\t cc: \n\t\t Subject: Dues\n\n"
            "The earlier note.")
    r = clean_body(body)
    assert r.text == OWN and r.parts_removed == ["notes_header"]


def test_lotus_notes_forward_with_own_text_keeps_only_own_text() -> None:
    body = (f"{OWN}\n---------------------- Forwarded by Robin K Hart/HOU/OPS on 04/12/2000 06:59 \n"
            "PM ---------------------------\n\n\nSam Ortiz@OPS\n04/12/2000 09:02 AM\n"
            "To: Lee Park/Corp/NWR@NWR\ncc: Jo Banks/Corp/NWR@NWR \n"
            "Subject: Project Update\n\nAttached is the April 12 update.")
    r = clean_body(body)
    assert r.text == OWN and not r.forwarded_only


def test_pure_lotus_forward_falls_back_to_the_forwarded_body() -> None:
    body = ("---------------------- Forwarded by Robin K Hart/NA/NWR on 09/01/2000 \n07:44 AM "
            "---------------------------\n\n\nCasey Moore@OPS\n08/29/2000 06:21 PM\n"
            "To: Casey Moore/HOU/OPS@OPS\ncc:  (bcc: Robin K Hart/NA/NWR)\n\nSubject: Workshops\n\n"
            "All team members must attend.\n\nThanks,\nCasey")
    r = clean_body(body)
    assert r.text == "All team members must attend." and r.forwarded_only
    assert "Forwarded by" not in r.text and "Subject:" not in r.text


@pytest.mark.parametrize("marker", ["Begin forwarded message:", "---------- Forwarded message ---------"])
def test_forward_markers(marker: str) -> None:
    body = (f"{OWN}\n\n{marker}\nFrom: José Muñoz <jose@fabrikam-dc.example>\nDate: 6 May 2026\n"
            "Subject: Dual feed\nTo: Aisha Khan <aisha@contoso-ms.example>\n\nWorks complete.")
    assert clean_body(body).text == OWN
    pure = clean_body(body.replace(OWN, ""))
    assert pure.text == "Works complete." and pure.forwarded_only


def test_signature_dash_dash_delimiter() -> None:
    assert clean_body(f"{OWN}\n\n-- \nJosé Muñoz\nSite Operations Manager\nT: +44 1753 496 012").text == OWN


def test_valediction_name_title_phone_block() -> None:
    body = (f"{OWN}\n\nBest regards,\nDana Whitfield\nHead of IT Vendor Management\nNorthwind Retail Group\n"
            "T: +44 20 7946 0321")
    r = clean_body(body)
    assert r.text == OWN and r.parts_removed == ["signature"]


def test_sent_from_my_iphone() -> None:
    assert clean_body(f"{OWN}\n\nSent from my iPhone").text == OWN


def test_contact_card_without_valediction() -> None:
    body = (f"{OWN}\n\nJ. Example Person\nExample Pacific Ltd\nSuite 1200\nSpringfield, IL   62701\n\n"
            "office:  555 010 0142\nmobile:  555 010 0199")
    assert clean_body(body).text == OWN


@pytest.mark.parametrize("footer", [
    "This email and any attachments are confidential and may also be legally privileged. If you are not the "
    "intended recipient, please notify the sender immediately.",
    "CONFIDENTIALITY NOTICE: The contents of this message are intended solely for the addressee.",
    "If you are not the intended recipient of this message, you must not copy or use it.",
])
def test_legal_disclaimers(footer: str) -> None:
    r = clean_body(f"{OWN}\n\nKind regards,\nTom Becker\nM: +44 7700 900123\n\n{footer}")
    assert r.text == OWN and "disclaimer" in r.parts_removed


def test_disclaimer_banner_at_the_top_is_dropped_alone() -> None:
    body = f"CAUTION: This email originated from outside the organisation.\n\n{OWN}"
    assert clean_body(body).text == OWN


def test_history_inside_html_converted_text_and_counts() -> None:
    body = f"{OWN}\n\nFrom: Marcus Olsen <m@x.example>\nSent: 12 May 2026 17:30\nTo: Tom\nSubject: Re: plan\n\nOld."
    r = clean_body(body)
    assert r.text == OWN and r.removed_chars == len(body) - len(OWN)
