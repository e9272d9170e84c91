"""Find numbered clauses in contract text: 1 / 1.1 / 1.1.1 / (a) / (i) / Article, Section, Clause N / Schedule N.

Works on the lines of any reader's text (PDF, DOCX with rendered numbering, TXT). A number at a line start is only
accepted when it continues the numbering seen so far (next sibling, first child, or next at an outer level), so a
wrapped line that happens to start with "30 days" or "2026" is not taken for a clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s+|\*\*|__)")
_ARTICLE = re.compile(r"^(article|section|clause)\s+(\d{1,3}|[IVXLC]{1,6})\b[.:)]?\s*[-–—:.]?\s*(.*)$", re.I)
_SCHEDULE = re.compile(r"^(schedule|annex|appendix|exhibit|attachment)\s+(\d{1,3}|[A-Z]{1,2})\b\s*[-–—:.]?\s*(.*)$", re.I)
_DECIMAL = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,4})(?:\.(?!\d)|\))?\s+(\S.*)$")
_TOC_LINE = re.compile(r"(?:\.\s?){4,}\s*\d{1,3}\s*$|…{2,}\s*\d{1,3}\s*$")
# "a. Browser." / "iv. Fees": a lettered item with a dot, inside a numbered clause (a capital must follow)
_DOTTED = re.compile(r"^([a-z]|[ivx]{1,4})\.\s+([A-Z\"“(].*)$")
_PAREN = re.compile(r"^\(?([a-z]{1,2}|[ivxlc]{1,6}|[A-Z]{1,2}|[IVXLC]{1,6}|\d{1,2})\)\s+(\S.*)$")


@dataclass
class Clause:
    """A numbered unit of a contract. `body_start:body_end` is the text after its number (may be empty)."""

    number: str  # e.g. "12.3(a)(i)" or "Schedule 2 > 1.1"
    heading: str | None
    heading_path: list[str]
    line_start: int
    body_start: int
    body_end: int = -1


@dataclass
class _ParenLevel:
    style: str  # alpha, ALPHA, roman, ROMAN, digit
    value: int


@dataclass
class _State:
    decimal: tuple[int, ...] = ()
    labels: dict[int, str] = field(default_factory=dict)  # decimal depth -> path label
    parens: list[_ParenLevel] = field(default_factory=list)
    schedule: str | None = None
    schedule_label: str | None = None


def find_clauses(text: str) -> list[Clause]:
    """All clauses in reading order; each ends where the next begins."""
    state = _State()
    clauses: list[Clause] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        md = _MARKDOWN.match(line[lead:])
        offset = line_start + lead + (md.end() if md else 0)
        content = text[offset:pos].rstrip()
        clause = _match_line(content, offset, state)
        if clause is not None:
            clause.line_start = line_start
            clauses.append(clause)
    for current, following in zip(clauses, clauses[1:]):
        current.body_end = following.line_start
    if clauses:
        clauses[-1].body_end = len(text)
    for c in clauses:
        c.body_end = max(c.body_start, _rstrip_pos(text, c.body_start, c.body_end))
    return clauses


def _rstrip_pos(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _match_line(content: str, offset: int, st: _State) -> Clause | None:
    if _TOC_LINE.search(content):  # "12. Limitation of Liability ........ 14": a contents line, not a clause
        return None
    m = _SCHEDULE.match(content)
    if m and (_looks_like_heading(m.group(3)) if m.group(3)  # "EXHIBIT A" alone is a heading too, unless it
              else not content.rstrip().endswith((",", ";", ")")) and m.group(1)[0].isupper()):  # ends a wrapped line
        st.schedule = f"{m.group(1).title()} {m.group(2)}"
        st.decimal, st.labels, st.parens = (), {}, []
        title = _clean_heading(m.group(3))
        st.schedule_label = f"{st.schedule} {title}".strip()
        return Clause(st.schedule, title or None, [st.schedule_label], 0, offset + m.end())
    m = _ARTICLE.match(content)
    if m and re.match(r"\.\d", content[m.end(2):]):  # "Section 3.7." wrapped from a cross-reference, not a heading
        m = None
    if m:
        raw = m.group(2)
        n = int(raw) if raw.isdigit() else _roman_value(raw.lower())
        if n and _plausible((n,), st.decimal):
            rest = m.group(3)
            heading = _clean_heading(rest) if _looks_like_heading(rest) else None
            body_start = offset + m.end() if heading else offset + m.start(3)
            return _enter_decimal((n,), f"{m.group(1).title()} {raw}", heading, offset, body_start, st)
    m = _DECIMAL.match(content)
    if m:
        parts = tuple(int(p) for p in m.group(1).split("."))
        while len(parts) > 1 and parts[-1] == 0:  # "7.0 TERM" is section 7
            parts = parts[:-1]
        rest = m.group(2)
        if _plausible(parts, st.decimal) and (rest[0].isupper() or rest[0] in "(\"'“‘[" or rest[0].isdigit()):
            heading = _clean_heading(rest) if _looks_like_heading(rest) else None
            body_start = offset + m.end() if heading else offset + m.start(2)
            return _enter_decimal(parts, m.group(1), heading, offset, body_start, st)
    m = _PAREN.match(content) or (_DOTTED.match(content) if st.decimal else None)
    if m and st.decimal:
        level = _paren_level(m.group(1), st.parens)
        if level is not None:
            depth, plevel = level
            st.parens = st.parens[:depth] + [plevel]
            return Clause(_number(st), None, _path(st), 0, offset + m.start(2))
    return None


def _enter_decimal(parts: tuple[int, ...], shown: str, heading: str | None, offset: int, body_start: int,
                   st: _State) -> Clause:
    st.decimal = parts
    st.parens = []
    depth = len(parts)
    st.labels = {d: lab for d, lab in st.labels.items() if d < depth}
    st.labels[depth] = f"{shown} {heading}" if heading else shown
    return Clause(_number(st), heading, _path(st), 0, body_start)


def _plausible(parts: tuple[int, ...], cur: tuple[int, ...]) -> bool:
    """Does `parts` continue the numbering `cur`? Allows a small gap for a line the reader lost."""
    if not cur:
        return parts[0] <= 2 and all(p <= 2 for p in parts[1:])
    for k in range(min(len(parts), len(cur))):
        if parts[:k] != cur[:k]:
            return False
        if parts[k] != cur[k]:
            step = parts[k] - cur[k]
            tail = parts[k + 1:]
            return 1 <= step <= 2 and all(p == 1 for p in tail)
    if len(parts) > len(cur):
        return parts[len(cur)] in (1, 2) and all(p == 1 for p in parts[len(cur) + 1:])
    return False  # same number again, or a prefix of the current one


def _paren_level(label: str, levels: list[_ParenLevel]) -> tuple[int, _ParenLevel] | None:
    """Where an "(x)" marker sits: next item of an open level, or the first item of a new nested level."""
    readings = _readings(label)
    for depth in range(len(levels) - 1, -1, -1):
        lev = levels[depth]
        for style, value in readings:
            if style == lev.style and value == lev.value + 1:
                return depth, _ParenLevel(style, value)
    for style, value in readings:
        if value == 1 and all(lev.style != style for lev in levels):
            return len(levels), _ParenLevel(style, value)
    return None


def _readings(label: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    if label.isdigit():
        return [("digit", int(label))]
    low = label.lower()
    style_case = "" if label.islower() else "upper_"
    if len(label) == 1:
        out.append((style_case + "alpha", ord(low) - ord("a") + 1))
    elif len(label) == 2 and label[0] == label[1]:  # (aa), (bb) after (z)
        out.append((style_case + "alpha", 26 + ord(low[0]) - ord("a") + 1))
    r = _roman_value(low)
    if r:
        out.append((style_case + "roman", r))
    # "(i)" is both; _paren_level prefers continuing an open list, so "(i)" after "(h)" stays alphabetical.
    return out


def _roman_value(s: str) -> int:
    if not s or any(ch not in _ROMAN for ch in s):
        return 0
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b in _ROMAN and _ROMAN[b] > v else v
    return total if 0 < total < 40 else 0


def _looks_like_heading(rest: str) -> bool:
    """A short title with no sentence punctuation: "LIMITATION OF LIABILITY", "Service Credits"."""
    rest = rest.strip().rstrip(".:").strip("*_ ")
    if not rest or len(rest) > 80 or rest.endswith((",", ";")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", rest)]
    if not words or len(words) > 10:
        return False
    if rest.isupper():
        return True
    small = {"of", "and", "or", "the", "to", "for", "in", "on", "a", "an", "by", "with", "as"}
    return all(w[0].isupper() or w in small for w in words) and "." not in rest


def _clean_heading(rest: str | None) -> str:
    return (rest or "").strip().strip("*_").rstrip(".:").strip()


def _number(st: _State) -> str:
    base = ".".join(str(p) for p in st.decimal)
    marks = "".join(f"({_render(p)})" for p in st.parens)
    prefix = f"{st.schedule} > " if st.schedule else ""
    return f"{prefix}{base}{marks}"


def _render(level: _ParenLevel) -> str:
    v = level.value
    if level.style.endswith("alpha"):
        s = chr(ord("a") + v - 1) if v <= 26 else chr(ord("a") + v - 27) * 2
    elif level.style.endswith("roman"):
        s = _to_roman(v)
    else:
        return str(v)
    return s.upper() if level.style.startswith("upper_") else s


def _to_roman(v: int) -> str:
    out = ""
    for val, sym in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while v >= val:
            out, v = out + sym, v - val
    return out


def _path(st: _State) -> list[str]:
    path = []
    if st.schedule_label:
        path.append(st.schedule_label)
    path += [st.labels[d] for d in sorted(st.labels)]
    path += [f"({_render(p)})" for p in st.parens]
    return path
