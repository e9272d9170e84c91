"""Build examples/meeting_followup.msg with msgforge (MIT), and `forge_msg()` for test fixtures.

msgforge always writes a plain-text body next to HTML/RTF and has no options for Message-ID or
transport headers, while real Outlook files are often RTF-only (HTML encapsulated in RTF) or carry
native RTF. `forge_msg()` therefore drops or adds MAPI properties while msgforge builds the file, by
wrapping its (internal) property writer for the duration of one build.

    python tools/examples/build_msg.py
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

OUT = Path(__file__).resolve().parents[2] / "examples"

PLAIN, RTF_COMPRESSED, HTML, MESSAGE_CLASS = 0x1000, 0x1009, 0x1013, 0x001A
INTERNET_MESSAGE_ID, IN_REPLY_TO, TRANSPORT_HEADERS = 0x1035, 0x1042, 0x007D


@contextmanager
def _tweaked_properties(drop: set[int], unicode_extra: dict[int, str], binary_extra: dict[int, bytes],
                        message_class: str | None) -> Iterator[None]:
    from msgforge import _builder

    props = _builder._Props
    add_unicode, add_binary = props.add_unicode, props.add_binary

    def unicode_hook(self, ole, parent, prop_id, value):  # type: ignore[no-untyped-def]
        on_root = parent is ole.root
        if on_root and prop_id in drop:
            return
        if on_root and prop_id == MESSAGE_CLASS:
            add_unicode(self, ole, parent, prop_id, message_class or value)
            for pid, text in unicode_extra.items():  # the class is written first: add ours right after it
                add_unicode(self, ole, parent, pid, text)
            for pid, data in binary_extra.items():
                add_binary(self, ole, parent, pid, data)
            return
        add_unicode(self, ole, parent, prop_id, value)

    def binary_hook(self, ole, parent, prop_id, value):  # type: ignore[no-untyped-def]
        if parent is ole.root and prop_id in drop:
            return
        add_binary(self, ole, parent, prop_id, value)

    props.add_unicode, props.add_binary = unicode_hook, binary_hook
    try:
        yield
    finally:
        props.add_unicode, props.add_binary = add_unicode, add_binary


def forge_msg(
    *,
    subject: str,
    sender: tuple[str, str],
    to: Sequence[tuple[str, str]],
    cc: Sequence[tuple[str, str]] = (),
    text: str = "",
    html: str = "",
    body: str = "plain",  # "plain" | "html" (HTML + RTF, no plain) | "rtf_only" (encapsulated HTML) | "native_rtf"
    native_rtf: bytes = b"",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    transport_headers: str | None = None,
    sent: datetime | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
    message_class: str | None = None,
) -> bytes:
    """Bytes of an Outlook .msg whose body exists only in the requested form."""
    import compressed_rtf
    from msgforge import Message

    drop = {"plain": set(), "html": {PLAIN}, "rtf_only": {PLAIN, HTML},
            "native_rtf": {PLAIN, HTML, RTF_COMPRESSED}}[body]
    unicode_extra = {k: v for k, v in ((INTERNET_MESSAGE_ID, message_id), (IN_REPLY_TO, in_reply_to),
                                       (TRANSPORT_HEADERS, transport_headers)) if v}
    binary_extra = {RTF_COMPRESSED: compressed_rtf.compress(native_rtf)} if body == "native_rtf" else {}
    if body == "native_rtf" and not html:
        html = "<p>(replaced by the native RTF body)</p>"  # msgforge only writes RTF when given HTML
    msg = Message(subject=subject, html_body=html if body != "plain" else "", text_body=text,
                  to=list(to), cc=list(cc), sender=sender, sent=sent or True)
    for name, data in attachments:
        msg.attach_bytes(name, data)
    with _tweaked_properties(drop, unicode_extra, binary_extra, message_class):
        return msg.as_bytes()


FOLLOWUP_HTML = """<html><body>
<p>Priya,</p>
<p>Following yesterday's Governance Board, here is the plan for the joint failover test on <b>19 May</b>:</p>
<ul><li>08:00 - freeze on POS gateway changes (both teams)</li>
<li>09:00 - controlled power-down of feed A on rack B14, witnessed by Fabrikam and Northwind</li>
<li>09:05 - confirm automatic failover to the secondary gateway; test card payments in two pilot stores</li>
<li>10:00 - restore feed A and sign off</li></ul>
<p>We own the test script and will share it by Friday. If anything on your side needs more notice,
tell me and we will move the slot rather than skip a step - we learned that lesson in March.</p>
<p>Many thanks,<br>Aisha</p>
<p>Aisha Khan<br>Service Delivery Manager, Contoso Managed Services<br>T: +44 118 496 0456</p>
<hr>
<p><b>From:</b> Marcus Olsen &lt;marcus.olsen@northwind-retail.example&gt;<br>
<b>Sent:</b> 12 May 2026 17:30<br>
<b>To:</b> Tom Becker &lt;tom.becker@contoso-ms.example&gt;<br>
<b>Subject:</b> Re: Extraordinary Governance Board - joint recovery plan and agreed actions</p>
<p>Tom, thank you and your team for today's session. It was the constructive conversation we needed.</p>
<p style="font-size:8pt">This email and any attachments are confidential and may also be legally privileged.
If you are not the intended recipient, please notify the sender immediately and delete it from your system.</p>
</body></html>"""

FOLLOWUP_HEADERS = (
    "Message-ID: <followup.202605131015@contoso-ms.example>\r\n"
    "In-Reply-To: <g4.202605121730@northwind-retail.example>\r\n"
    "References: <g1.202605051000@northwind-retail.example> <g2.202605060940@contoso-ms.example> "
    "<g4.202605121730@northwind-retail.example>\r\n"
    "Date: Wed, 13 May 2026 10:15:00 +0100\r\n"
    "From: Aisha Khan <aisha.khan@contoso-ms.example>\r\n"
    "To: Priya Raman <priya.raman@northwind-retail.example>\r\n"
    "Cc: Tom Becker <tom.becker@contoso-ms.example>\r\n"
    "Subject: Failover test plan - 19 May\r\n\r\n"
)


def main() -> None:
    data = forge_msg(
        subject="Failover test plan - 19 May",
        sender=("aisha.khan@contoso-ms.example", "Aisha Khan"),
        to=[("priya.raman@northwind-retail.example", "Priya Raman")],
        cc=[("tom.becker@contoso-ms.example", "Tom Becker")],
        html=FOLLOWUP_HTML,
        body="rtf_only",  # as Outlook stores it: HTML encapsulated in compressed RTF, no plain text
        transport_headers=FOLLOWUP_HEADERS,
        message_id="<followup.202605131015@contoso-ms.example>",
        in_reply_to="<g4.202605121730@northwind-retail.example>",
        sent=datetime(2026, 5, 13, 9, 15, tzinfo=timezone.utc),
    )
    (OUT / "meeting_followup.msg").write_bytes(data)
    print(f"wrote {OUT / 'meeting_followup.msg'} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
