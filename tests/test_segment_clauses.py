from analyzer.records import Document
from analyzer.segment import find_clauses, segment
from analyzer.segment.sentences import split_sentences

CONTRACT = """SERVICES AGREEMENT

This Agreement is made between Acme Inc. and Contoso Ltd.

1. DEFINITIONS
1.1 "Services" means the services in Schedule 1.
2. LIMITATION OF LIABILITY
2.1 The Supplier's liability for losses shall be unlimited and shall extend for a period of
30 days after expiry to losses including:
(a) loss of data;
(b) loss of profits; and
(c) any other loss, including:
(i) indirect loss; and
(ii) special loss.
2.2 Neither party excludes liability for death.
2.4 The Customer may set off any amount.
Article 3 Termination
3.1 The Customer may terminate at any time.
Schedule 2 - Service Levels
1. Availability
1.1 The Supplier shall meet 99.9% availability.
"""


def _doc(text: str) -> Document:
    return Document(id="d", source="d.txt", kind="contract", text=text)


def test_clause_numbers_and_heading_paths():
    by_number = {c.number: c for c in find_clauses(CONTRACT)}
    assert by_number["2.1(c)(ii)"].heading_path == ["2 LIMITATION OF LIABILITY", "2.1", "(c)", "(ii)"]
    assert by_number["3.1"].heading_path[0] == "Article 3 Termination"
    assert by_number["Schedule 2 > 1.1"].heading_path[0] == "Schedule 2 Service Levels"
    assert by_number["2"].heading == "LIMITATION OF LIABILITY"
    # a gap of one number is tolerated (2.3 lost by the reader) ...
    assert "2.4" in by_number
    # ... but a wrapped line starting with "30 days" is not a clause
    assert not any(n.startswith("30") for n in by_number)


def test_segments_are_exact_slices_and_keep_clause():
    doc = _doc(CONTRACT)
    segs = segment(doc)
    assert segs, "no segments"
    for s in segs:
        assert doc.text[s.start:s.end] == s.text
    clause_of = {s.text.split()[0]: s.clause for s in segs}
    assert clause_of["loss"] in {"2.1(a)", "2.1(b)"}
    assert any(s.clause == "2.1" and s.text.startswith("The Supplier's liability") for s in segs)
    assert [s.index for s in segs] == list(range(len(segs)))


def test_roman_after_h_continues_alphabet():
    text = "1. Terms\n1.1 Items:\n" + "".join(f"({c}) item {c};\n" for c in "abcdefghij")
    numbers = [c.number for c in find_clauses(text)]
    assert "1.1(i)" in numbers and "1.1(j)" in numbers
    assert "1.1(h)(i)" not in numbers


def test_long_clause_split_into_sentences_keeping_number():
    body = " ".join(f"The Supplier shall perform obligation number {i} in accordance with cl. 4.2 of Sch. 2." for i in range(12))
    doc = _doc(f"1. Services\n1.1 {body}\n")
    segs = segment(doc)
    assert len(segs) == 12
    assert all(s.clause == "1.1" for s in segs)
    assert all(s.text.endswith("Sch. 2.") for s in segs)


def test_sentence_splitter_handles_legal_abbreviations():
    text = "See cl. 4.2 and Sch. 2 para. 3, e.g. costs of Contoso Inc. in the U.K. market. The answer is no. We will not pay."
    sents = [text[a:b] for a, b in split_sentences(text)]
    assert sents == [
        "See cl. 4.2 and Sch. 2 para. 3, e.g. costs of Contoso Inc. in the U.K. market.",
        "The answer is no.",
        "We will not pay.",
    ]


def test_email_segments_split_paragraphs():
    doc = Document(id="m", source="m.eml", kind="email", text="Hi Sam,\n\nYour team failed to patch the server. We need a fix today.\n\nThanks")
    segs = segment(doc)
    assert [s.text for s in segs] == ["Hi Sam,", "Your team failed to patch the server.", "We need a fix today.", "Thanks"]
    for s in segs:
        assert doc.text[s.start:s.end] == s.text


def test_an_exhibit_heading_alone_starts_its_own_numbering():
    text = ("1. SERVICES. The Supplier shall provide the Services.\n\n2. FEES. The Customer shall pay the Fees.\n\n"
            "(a) Invoices are monthly.\n\nEXHIBIT A\n\nSOFTWARE\n\n1. SOFTWARE. Version 5.1 of the product.\n\n"
            "2. DEMONSTRATION. Two copies.\n")
    numbers = [c.number for c in find_clauses(text)]
    assert numbers == ["1", "2", "2(a)", "Exhibit A", "Exhibit A > 1", "Exhibit A > 2"]


def test_x_point_zero_sections_continue_and_toc_lines_are_not_clauses():
    text = ("TABLE OF CONTENTS\n1.0 Definitions .............. 2\n2.0 Services .................. 4\n"
            "5.0 Term ...................... 9\n\n1.0 Definitions\n\nTerms have these meanings.\n\n"
            "2.0 Services\n\nThe Supplier shall host the site.\n\n2.1 Hosting. Servers are provided.\n\n"
            "3.0 Fees\n\nThe Customer pays monthly.\n")
    numbers = [c.number for c in find_clauses(text)]
    assert numbers == ["1", "2", "2.1", "3"]


def test_dotted_letter_items_inside_a_clause():
    text = ("1. SPECIFICATIONS. The site shall support:\n\na. Browser. Current versions of two browsers.\n\n"
            "b. Uptime. 99.5% each month.\n\n2. TERM. One year.\n")
    numbers = [c.number for c in find_clauses(text)]
    assert numbers == ["1", "1(a)", "1(b)", "2"]


def test_a_wrapped_section_reference_is_not_an_article():
    text = ("ARTICLE I\nDEFINITIONS\n\nTerms have these meanings.\n\nARTICLE II\nLICENCE\n\nThe licence is set out in\n"
            "Section 3.7.\n\nExcept as stated, no other licence is granted.\n\nARTICLE III\nFEES\n\nFees are monthly.\n")
    assert [c.number for c in find_clauses(text)] == ["1", "2", "3"]
