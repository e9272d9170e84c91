"""Keep only what the author wrote in a message: strip quoted history, forwards, signatures and disclaimers.

Why not mail-parser-reply: we evaluated mail-parser-reply 1.36 first
(`EmailReplyParser(languages=["en"]).read(body).replies[0].body`) on 200 randomly drawn Enron bodies
(../shared/data/enron_berkeley_categories, random.seed(7)), diffing its output against ours word by word
and checking every difference by hand against "the text the author typed in this message":
  - 94/200 correct: 81 identical to ours, 8 pure forwards returned empty (defensible: the author typed
    nothing), 4 that differ from ours only by a kept "Thanks." line, 1 signature it removed and we kept.
  - 91/200 kept Lotus Notes history: "----- Forwarded by X on <date> -----" is no separator for it, and of
    a "Name@DOMAIN / 10/03/2000 08:30 AM / To: / cc: / Subject:" block it cuts at To: at best, keeping the
    sender and date lines.
  - 11/200 kept a signature, "Sent from my BlackBerry", a contact card or an attribution line.
  - 4/200 lost author text: its signature rule ends the message at any later line starting "Thanks," (2)
    or "-word" (1), and its From:/To:/Date: rule swallowed a body that began with pasted headers (1).
The rules below cleaned 197/200 of the same bodies correctly (misses: a signature set off by "?" lines,
a forward with run-together inline headers, a "Please respond to" line glued to the next line).
Because the library's failure modes include losing author text, which nothing downstream can undo, it
is not used; these rules cover what it does (On ... wrote:, Outlook headers, "Sent from my", "-- ",
valedictions, disclaimers) plus Notes forwards. Speed: ~1,300 Enron bodies/s on one core.

A pure forward (nothing of the author's own above the marker) yields the forwarded message's body,
cleaned the same way, with `forwarded_only=True`, so that content is not silently dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_H = r"[ \t>]*"  # optional indentation / quote prefix before a header marker
_ORIGINAL = re.compile(rf"^{_H}-{{2,}}\s*Original Message\s*-{{2,}}", re.I | re.M)
_FORWARDED_BY = re.compile(rf"^{_H}-{{3,}}\s*Forwarded by\b", re.I | re.M)
_FORWARD_MARK = re.compile(
    rf"^{_H}(?:-{{3,}}\s*(?:Forwarded message|Forwarded e-?mail)\s*-{{3,}}|Begin forwarded message:)",
    re.I | re.M,
)
# "On <date>, <name> wrote:" possibly wrapped over up to three lines; it must carry a digit or an address
# so that prose like "On Monday we wrote the plan" or "On reflection, here is what I wrote:" is not a header.
_ON_WROTE = re.compile(rf"^{_H}On\s(?P<span>[^\n]*(?:\n[^\n]+){{0,2}}?)\s?wrote:[ \t]*$", re.M)
_HEADER_LINE = re.compile(r"^[ \t>*]*(From|Sent|Date|To|Cc|Bcc|Subject|Sent by|Reply-To)\s*:", re.I)
_DATE_HINT = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}:\d{2}|\b(19|20)\d{2}\b|@|\bon\b.*\d", re.I)
_RULE = re.compile(r"\s*[_=*-]{10,}\s*")
_NOTES_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}(:\d{2})?\s*([AP]M)?")
_RESPOND_TO = re.compile(r"^[ \t]*Please respond to [^\s]+[ \t]*$\n?", re.M)
_DISCLAIMER_WORDS = ("confidential", "privileged", "intended", "disclaimer", "before printing", "from outside")
_QUOTED = re.compile(r"^[ \t]*>")
_SIG_DASHES = re.compile(r"^-- ?$|^--$", re.M)
_SENT_FROM = re.compile(
    r"^[ \t]*(Sent from my \w[\w \-]{0,40}|Sent from (Mail|Outlook|Yahoo Mail|Samsung)[\w \-]{0,40}|"
    r"Get Outlook for \w+|Sent via \w[\w \-]{0,30}|Sent from my mobile device)[.!]?[ \t]*$",
    re.I | re.M,
)
_VALEDICTION = re.compile(
    r"^[ \t]*((with )?(best|kind|warm|warmest|many|kindest)( regards| wishes| thanks)?|regards|thanks|thank you|"
    r"thanks (again|and regards)|many thanks|cheers|sincerely|yours (sincerely|faithfully|truly)|"
    r"respectfully|all the best|best wishes|br|rgds|tia)[ \t]*[,.!]?[ \t]*$",
    re.I,
)
_CONTACT = re.compile(
    r"(\+?\d[\d ()./-]{7,}\d)|(\b(tel|phone|mobile|cell|fax|direct|office|mob|m|t|f|e)\b\.?\s*:)|"
    r"[\w.+-]+@[\w-]+\.[\w.]+|www\.|https?://|\b[A-Z]{2}\s+\d{5}(-\d{4})?\b|\bSuite \d+|\bP\.?\s?O\.? Box\b",
    re.I,
)
_DISCLAIMER = re.compile(
    r"(this (e-?mail|message|communication|transmission)(?:(?!\n\n)[\s\S]){0,160}?"
    r"\b(confidential|privileged|intended (only|solely))|"
    r"confidentiality (notice|note|statement|warning)|^[ \t*]*disclaimer\b|privileged (and|&) confidential|"
    r"if you are not the intended recipient|"
    r"the information (contained )?in this (e-?mail|message|communication)|"
    r"please consider the environment before printing|"
    r"^[ \t*]*caution: this e-?mail originated from outside)",
    re.I | re.M,
)


@dataclass
class CleanResult:
    text: str
    removed_chars: int
    parts_removed: list[str] = field(default_factory=list)
    # True when the author wrote nothing above a forward/quoted message and `text` is that message's body.
    forwarded_only: bool = False


def clean_body(text: str) -> CleanResult:
    original_len = len(text)
    body = _normalise(text)
    parts: list[str] = []
    body, forwarded = _strip_history(body, parts, depth=0)
    body = _strip_quoted_lines(body, parts)
    body = _strip_disclaimer(body, parts)
    body = _strip_signature(body, parts)
    if "\n\n\n" in body:  # the regex alone is slow on long bodies; most have no such run
        body = re.sub(r"\n{3,}", "\n\n", body)
    body = body.strip()
    return CleanResult(body, max(0, original_len - len(body)), parts, forwarded)


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if "Please respond to" in text:
        text = _RESPOND_TO.sub("", text)  # a Lotus Notes artefact line, not text anyone wrote
    return "\n".join(line.rstrip() for line in text.split("\n"))


# ------------------------------------------------------------------------------------------ history


def _strip_history(body: str, parts: list[str], depth: int) -> tuple[str, bool]:
    """Cut at the first reply/forward header. If nothing of the author's own precedes it, use the
    forwarded message's body instead (cleaned the same way), so a pure forward still carries text."""
    lead = _leading_headers_end(body)
    if lead:
        body = body[lead:]  # a pasted RFC 822 header block ("Date: / From: / To: / Subject:")
        parts.append("header_block")
    found = _first_history_marker(body)
    if found is None:
        return body, False
    start, kind = found
    head = body[:start]
    if kind == "on_wrote":
        head = _inline_reply(body, start)
        parts.append("quote_header")
        return head, False
    parts.append(kind)
    if _has_own_text(head) or depth >= 8:
        return _trim_separators(head), False
    inner = _skip_header_block(body[start:], kind)
    inner, _ = _strip_history(inner, parts, depth + 1)
    return inner, True


def _leading_headers_end(body: str) -> int:
    """End offset of an RFC 822 header block at the very top of the body (a pasted raw message), else 0."""
    pos, n_headers, n_core, prev = len(body) - len(body.lstrip("\n")), 0, 0, ""
    for line in body[pos:].split("\n"):
        if not line.strip():
            break
        if re.match(r"[A-Za-z][\w-]{1,40}:", line):
            n_headers += 1
            n_core += bool(re.match(r"(From|To|Date|Subject):", line, re.I))
        elif not n_headers or not (line[:1].isspace() or prev.rstrip().endswith(",")):
            return 0
        pos, prev = pos + len(line) + 1, line
    return pos if n_headers >= 3 and n_core >= 2 else 0


def _first_history_marker(body: str) -> tuple[int, str] | None:
    hits: list[tuple[int, str]] = []
    lower = body.lower()  # cheap substring tests first: the regexes are the expensive part
    for kind, rx, word in (("original_message", _ORIGINAL, "original message"),
                           ("forwarded_by", _FORWARDED_BY, "forwarded by"), ("forward", _FORWARD_MARK, "forward")):
        m = rx.search(body) if word in lower else None
        if m:
            hits.append((m.start(), kind))
    m = _ON_WROTE.search(body) if "wrote:" in lower else None
    while m and not _is_wrote_header(m.group("span")):
        m = _ON_WROTE.search(body, m.end())
    if m:
        hits.append((m.start(), "on_wrote"))
    block = _header_block_start(body)
    if block:
        hits.append(block)
    return min(hits) if hits else None


def _is_wrote_header(span: str) -> bool:
    """A real attribution line names a date or an address and is not a finished sentence."""
    lines = span.split("\n")
    return (bool(re.search(r"\d|@", span)) and len(span) <= 300
            and not any(ln.rstrip().endswith((".", "?", "!")) for ln in lines[:-1]))


def _header_block_start(body: str) -> tuple[int, str] | None:
    """Outlook "From:/Sent:/To:/Subject:" or Lotus Notes "To:/cc:/Subject:" (with sender/date lines above)."""
    lines = body.split("\n")
    offsets = _line_offsets(lines)
    for i, line in enumerate(lines):
        m = _HEADER_LINE.match(line)
        if not m:
            continue
        name = m.group(1).lower()
        window = _header_window(lines, i + 1)
        names = {n for n in window if n}
        if name == "from" and names & {"sent", "date"} and names & {"to", "subject"} and len(window) < 12:
            return offsets[_extend_separator(lines, i)], "outlook_header"
        if name == "to" and "subject" in names and ("cc" in names or _sender_lines_above(lines, i)):
            above = _sender_lines_above(lines, i)
            return offsets[i if above is None else above], "notes_header"
        if name == "cc" and "subject" in window[:3]:
            # Notes in column layout: "Name@DOMAIN   To: a, b," with "cc:" / "Subject:" below the list.
            top = i
            while top > 0 and i - top < 25 and lines[top - 1].strip():
                top -= 1
            if any("To:" in ln for ln in lines[top:i]):
                above = _sender_lines_above(lines, top)
                return offsets[top if above is None else above], "notes_header"
    return None


def _header_window(lines: list[str], start: int) -> list[str | None]:
    """Header names of the lines after `start`, up to a double blank line (Notes wraps long To:/cc: lists)."""
    out: list[str | None] = []
    blanks = 0
    for ln in lines[start: start + 80]:
        blanks = blanks + 1 if not ln.strip() else 0
        if blanks >= 2 or (out and "subject" in out):
            break
        m = _HEADER_LINE.match(ln)
        out.append(m.group(1).lower() if m else None)
    return out


def _sender_lines_above(lines: list[str], i: int) -> int | None:
    """Lotus Notes puts "Name@DOMAIN" and "10/03/2000 08:30 AM" (or "X on <date>") above To:."""
    j, first, seen, seen_date = i - 1, None, 0, False
    while j >= 0 and seen < 5:
        line = lines[j].strip()
        if not line:
            j -= 1
            continue
        looks_like = _DATE_HINT.search(line) or re.match(r"^(From|Sent by)\s*:", line, re.I)
        # A bare "Name" line sits directly above the Notes "10/03/2000 08:30 AM" line.
        is_name = (first == j + 1 and seen_date and len(line.split()) <= 6
                   and not re.search(r"[.?!:,;]$", line))
        if not (looks_like or is_name) or len(line) > 120 or line.endswith((".", "?", "!")):
            break
        if is_name and not looks_like:
            first = j
            break
        seen_date = seen_date or bool(_NOTES_DATE.fullmatch(line))
        first, seen, j = j, seen + 1, j - 1
    return first


def _extend_separator(lines: list[str], i: int) -> int:
    """Include an Outlook "____" rule line directly above the From: line."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j if j >= 0 and re.fullmatch(r"\s*[_-]{10,}\s*", lines[j]) else i


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    return offsets


def _inline_reply(body: str, start: int) -> str:
    """After "On ... wrote:" the author may answer inline or below the quote: keep those unquoted lines."""
    head = body[:start]
    m = _ON_WROTE.match(body, start)
    rest = body[m.end():] if m else ""
    lines = rest.split("\n")
    first_quoted = next((k for k, ln in enumerate(lines) if _QUOTED.match(ln)), None)
    if first_quoted is None:
        return _trim_separators(head)  # an unprefixed quote (e.g. from HTML): all of it is history
    own = [ln for ln in lines[first_quoted:] if ln.strip() and not _QUOTED.match(ln)]
    if not own:
        return _trim_separators(head)
    kept = "\n".join(ln for ln in lines[first_quoted:] if not _QUOTED.match(ln))
    return (head.rstrip() + "\n\n" + kept).strip("\n")


def _skip_header_block(block: str, kind: str) -> str:
    """Drop the marker line(s) and the forwarded message's header lines; return its body."""
    lines = block.split("\n")
    marker_end = 0 if kind in ("outlook_header", "notes_header") else 1
    if kind == "forwarded_by" and len(lines) > 1 and not re.search(r"-{3,}\s*$", lines[0]):
        marker_end = 2  # Notes wraps the long marker line: "... on 10/18/99 08:46 \nAM -----"
    i, seen_subject, after_subject = marker_end, False, 0
    while i < len(lines) and i - marker_end < 80:
        line = lines[i].strip()
        if not line:
            if seen_subject:
                break
        elif _HEADER_LINE.match(line):
            seen_subject = seen_subject or line.lower().lstrip("*> ").startswith("subject")
        elif seen_subject:
            after_subject += 1  # a wrapped Subject: line continues up to the blank line
            if after_subject > 2:
                i -= 2
                break
        i += 1
    if not seen_subject:  # no recognisable header block: drop only the marker
        i = marker_end
    return "\n".join(lines[i:])


def _has_own_text(head: str) -> bool:
    """Text above a forward counts only if it is more than a signature ("gngr / 713-853-7751")."""
    scratch: list[str] = []
    rest = _strip_signature(_strip_disclaimer(_strip_quoted_lines(head, scratch), scratch), scratch)
    lines = [ln.strip() for ln in rest.split("\n") if ln.strip()]
    card = (len(lines) <= 4 and any(_CONTACT.search(ln) for ln in lines)
            and all(len(ln) <= 40 and len(ln.split()) <= 3 and not ln.endswith((",", ":", ";")) for ln in lines))
    return _has_text(rest) and not card


def _has_text(s: str) -> bool:
    return bool(re.search(r"\w", s))


def _trim_separators(s: str) -> str:
    """Drop rule lines ("_____") and bare ">" lines left at the end of the text (only the tail is scanned)."""
    s = s.rstrip()
    cut = max(0, len(s) - 2000)
    return s[:cut] + re.sub(r"(\n\s*([_*=-]{5,}|>+)\s*)+\s*$", "", s[cut:])


# ------------------------------------------------------------------------------------------ the rest


def _strip_quoted_lines(body: str, parts: list[str]) -> str:
    lines = body.split("\n")
    kept = [ln for ln in lines if not _QUOTED.match(ln)]
    if len(kept) != len(lines):
        parts.append("quoted_lines")
    return "\n".join(kept)


def _strip_disclaimer(body: str, parts: list[str]) -> str:
    """A legal footer runs to the end of the message; a banner in the first paragraph is dropped alone.
    A match followed by long non-legal paragraphs is the author discussing confidentiality: kept."""
    lower = body.lower()
    if not any(word in lower for word in _DISCLAIMER_WORDS):
        return body
    for m in _DISCLAIMER.finditer(body):
        line_start = body.rfind("\n", 0, m.start()) + 1
        prefix = body[line_start: m.start()]
        start = line_start if re.fullmatch(r"[\s*_=#-]*([A-Za-z]+( [A-Za-z]+)?:)?[\s*]*", prefix) else m.start()
        if not _has_text(body[:start]):
            end = body.find("\n\n", m.end())
            parts.append("disclaimer")
            return body[end:] if end >= 0 else ""
        after = body[body.find("\n\n", m.end()) if "\n\n" in body[m.end():] else len(body):]
        later = [p for p in re.split(r"\n\s*\n", after) if p.strip()]
        if all(len(p) < 200 or _DISCLAIMER.search(p) for p in later):
            parts.append("disclaimer")
            return _trim_separators(body[:start])
    return body


def _strip_signature(body: str, parts: list[str]) -> str:
    m = _SIG_DASHES.search(body) if "\n--" in body else None
    if m and _has_text(body[: m.start()]):
        body = body[: m.start()]
        parts.append("signature")
    lower = body.lower()
    if ("sent " in lower or "get outlook" in lower) and _SENT_FROM.search(body):
        body = _SENT_FROM.sub("", body)
        parts.append("signature")
    lines = body.rstrip().split("\n")
    # A rule line ("_____") near the end with contact details below it: a signature card.
    for k in range(max(1, len(lines) - 15), len(lines)):
        if _RULE.fullmatch(lines[k]) and _has_text("\n".join(lines[:k])):
            tail = lines[k + 1:]
            if any(_CONTACT.search(ln) for ln in tail) and all(len(ln) <= 80 for ln in tail):
                parts.append("signature")
                lines = lines[:k]
                break
    # A valediction ("Best regards,") followed by at most 8 short lines (name, title, phone) ends the text.
    for k in range(len(lines) - 1, max(-1, len(lines) - 12), -1):
        if _VALEDICTION.match(lines[k]):
            tail = [ln for ln in lines[k + 1:] if ln.strip()]
            short = all(len(ln) <= 80 and len(ln.split()) <= 10 for ln in tail)
            if len(tail) <= 8 and short and _has_text("\n".join(lines[:k])):
                parts.append("signature")
                return "\n".join(lines[:k])
            break
    for _ in range(3):  # a card may be split into blocks: name/address, then phone numbers
        before = len(lines)
        lines = _strip_contact_block(lines, parts).rstrip().split("\n")
        if len(lines) == before:
            break
    return "\n".join(lines)


def _strip_contact_block(lines: list[str], parts: list[str]) -> str:
    """A trailing block of short lines with a phone/e-mail/URL and no sentences: a signature without valediction."""
    end = len(lines)
    start = end
    while start > 0 and lines[start - 1].strip():
        start -= 1
    block = lines[start:end]
    if (
        2 <= len(block) <= 8
        and start > 0
        and _has_text("\n".join(lines[:start]))
        and any(_CONTACT.search(ln) for ln in block)
        and all(len(ln.strip()) <= 60 for ln in block)
        and sum(ln.rstrip().endswith((".", "?", "!")) for ln in block) <= 1
    ):
        parts.append("signature")
        return "\n".join(lines[:start])
    return "\n".join(lines)
