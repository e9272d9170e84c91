from __future__ import annotations

from analyzer.ingest.email_parse import decode_bytes, parse_email

BASIC = b"""Message-ID: <m2@contoso-ms.example>
In-Reply-To: <m1@northwind-retail.example>
References: <m0@northwind-retail.example>
 <m1@northwind-retail.example>
Date: Tue, 21 Apr 2026 17:45:00 +0100
From: Tom Becker <Tom.Becker@Contoso-MS.example>
To: Dana Whitfield <dana.whitfield@northwind-retail.example>
Cc: "Olsen, Marcus" <marcus.olsen@northwind-retail.example>, priya.raman@northwind-retail.example
Subject: RE: Wave 2 -
 milestone M3 missed
Content-Type: text/plain; charset=us-ascii

Dana, we do not agree.
"""


def test_headers_to_meta() -> None:
    p = parse_email(BASIC)
    m = p.meta
    assert m.message_id == "<m2@contoso-ms.example>"
    assert m.in_reply_to == "<m1@northwind-retail.example>"
    assert m.references == ["<m0@northwind-retail.example>", "<m1@northwind-retail.example>"]
    assert m.sender == "tom.becker@contoso-ms.example" and p.sender_name == "Tom Becker"
    assert m.recipients == ["dana.whitfield@northwind-retail.example", "marcus.olsen@northwind-retail.example",
                            "priya.raman@northwind-retail.example"]
    assert m.date == "2026-04-21T17:45:00+01:00"
    assert m.subject == "RE: Wave 2 - milestone M3 missed"  # folded header unfolded
    assert p.body.strip() == "Dana, we do not agree." and p.body_format == "plain" and not p.warnings


def test_rfc2047_words_in_subject_and_names() -> None:
    raw = (b"From: =?utf-8?q?Jos=C3=A9_Mu=C3=B1oz?= <jose.munoz@fabrikam-dc.example>\n"
           b"To: =?iso-8859-1?q?Lef=E8vre=2C_Fran=E7ois?= <francois.lefevre@contoso-ms.example>\n"
           b"Subject: =?iso-8859-1?q?R=E9union_de_suivi?= =?utf-8?b?4oCTIDEyIE1heQ==?=\n\nHola\n")
    p = parse_email(raw)
    assert p.sender_name == "José Muñoz"
    assert p.meta.subject == "Réunion de suivi– 12 May"
    # the comma inside the encoded name must not split the address
    assert p.meta.recipients == ["francois.lefevre@contoso-ms.example"]


def test_cp1252_bytes_under_latin1_label() -> None:
    body = "Fran\u00e7ois Lef\u00e8vre and Jos\u00e9 Mu\u00f1oz \u2013 the vendor\u2019s drivers".encode("cp1252")
    raw = b"From: a@x.example\nSubject: s\nContent-Type: text/plain; charset=iso-8859-1\n\n" + body
    p = parse_email(raw)
    assert "François Lefèvre and José Muñoz – the vendor’s drivers" in p.body
    assert not p.warnings  # cp1252 under a latin-1 label is normal, not an error


def test_mislabelled_utf8_and_unknown_charset_warn() -> None:
    utf8 = "Zoë’s update".encode()
    p = parse_email(b"From: a@x.example\nContent-Type: text/plain; charset=us-ascii\n\n" + utf8)
    assert "Zoë’s update" in p.body and any("not valid us-ascii" in w for w in p.warnings)
    p = parse_email(b"From: a@x.example\nContent-Type: text/plain; charset=x-klingon\n\nplain words")
    assert "plain words" in p.body and any("x-klingon" in w for w in p.warnings)


def test_undecodable_bytes_are_replaced_with_a_warning() -> None:
    warnings: list[str] = []
    text = decode_bytes(b"abc \x81\x8d\x90 def", "utf-8", warnings)
    assert text.startswith("abc") and text.endswith("def")
    assert warnings and "undecodable" in warnings[0]


MULTIPART = b"""From: Priya Raman <priya.raman@northwind-retail.example>
To: aisha.khan@contoso-ms.example
Subject: agenda
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="OUT"

--OUT
Content-Type: multipart/alternative; boundary="ALT"

--ALT
Content-Type: text/plain; charset=utf-8

Plain version of the agenda.
--ALT
Content-Type: text/html; charset=utf-8

<p>HTML version</p>
--ALT--
--OUT
Content-Type: application/pdf
Content-Disposition: attachment; filename="=?utf-8?q?Recovery_Plan_=E2=80=93_v1.pdf?="
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--OUT--
"""


def test_multipart_prefers_plain_and_lists_attachments() -> None:
    p = parse_email(MULTIPART)
    assert p.body.strip() == "Plain version of the agenda." and p.body_format == "plain"
    assert p.attachments == ["Recovery Plan – v1.pdf"]


def test_html_only_body_is_converted_to_text() -> None:
    raw = (b"From: a@x.example\nContent-Type: text/html; charset=utf-8\n\n"
           b"<html><body><p>First <b>point</b>.</p><ul><li>one</li><li>two</li></ul><script>x()</script></body></html>")
    p = parse_email(raw)
    assert p.body_format == "html"
    assert "First point." in p.body and "one" in p.body and "two" in p.body
    assert "<" not in p.body and "x()" not in p.body


def test_quoted_printable_body_mislabelled_as_7bit() -> None:
    body = b"".join(b"This line is long enough to be soft=\nwrapped by an encoder=20\n" for _ in range(5))
    p = parse_email(b"From: a@x.example\nContent-Transfer-Encoding: 7bit\n\n" + body + b"caf=E9 =3D ok\n")
    assert "softwrapped" in p.body.replace(" ", "") and "=20" not in p.body
    assert any("quoted-printable" in w for w in p.warnings)


def test_malformed_headers_do_not_crash() -> None:
    raw = (b"Message-ID: no-brackets@host.example\n"
           b"Date: the day after tomorrow\n"
           b"From: <<<@@>>> \"unterminated\n"
           b"To: =?utf-8?b?####?= <x@y.example>, ,,, @\n"
           b"References: garbage <ok@id.example> <<broken\n"
           b"Subject: =?bogus-charset?q?hello?=\n"
           b"Content-Type: text/plain; charset=\"\n\nbody text\n")
    p = parse_email(raw)
    assert p.meta.message_id == "<no-brackets@host.example>"
    assert p.meta.date is None and any("Date" in w for w in p.warnings)
    assert "<ok@id.example>" in p.meta.references
    assert "x@y.example" in p.meta.recipients
    assert p.meta.subject  # kept raw rather than raising
    assert "body text" in p.body


def test_bytes_without_headers() -> None:
    p = parse_email(b"\n\njust some text, no headers at all\n")
    assert not p.has_headers
    empty = parse_email(b"")
    assert not empty.has_headers and empty.body == ""


def test_html_reply_quote_is_marked_for_the_cleaner() -> None:
    from analyzer.ingest.email_clean import clean_body

    raw = (b"From: a@x.example\nContent-Type: text/html; charset=utf-8\n\n"
           b'<div>Thanks Tom, agreed.</div><div class="gmail_quote">On Tue, 21 Apr 2026 at 17:45, Tom Becker '
           b"&lt;tom@x.example&gt; wrote:<br><blockquote>We reserve all our rights.</blockquote></div>")
    p = parse_email(raw)
    assert "> We reserve all our rights." in p.body
    assert clean_body(p.body).text == "Thanks Tom, agreed."


def test_raw_8bit_headers_are_decoded_not_left_as_surrogates() -> None:
    utf8 = "From: Pádraig Ó Sé <p@x.example>\nSubject: Überprüfung – delay\n\nHello.\n".encode()
    parsed = parse_email(utf8)
    assert parsed.sender_name == "Pádraig Ó Sé" and parsed.meta.subject == "Überprüfung – delay"
    legacy = "From: Café Ltd <c@x.example>\nSubject: Re: café\n\nBody\n".encode("cp1252")
    parsed = parse_email(legacy)
    assert parsed.sender_name == "Café Ltd" and parsed.meta.subject == "Re: café"
    parsed.meta.subject.encode("utf-8")  # would raise on a lone surrogate
