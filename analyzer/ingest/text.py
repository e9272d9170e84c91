"""Plain text / Markdown and HTML readers, plus `decode_bytes` and `html_to_text` for other readers.

Decoding order: BOM (UTF-8/16/32) -> BOM-less UTF-16 (by NUL pattern) -> strict UTF-8 -> the charset
an HTML page declares -> a fallback: damaged UTF-8, cp1252, or another code page when the evidence is
strong (charset-normalizer's guess for mostly non-ASCII text). The fallback, undecodable bytes and
double-encoded UTF-8 ("â€™") produce a "mis-encoded: ..." warning; double encoding is repaired when the
round trip is exact.
"""
from __future__ import annotations

import codecs
import re
from typing import Iterator

from ..records import Block, Document, ReadError, document_id
from .source import Source

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
)
STRONG_EVIDENCE = 0.3  # how much more "mess" cp1252 must show than another code page before that one is used
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf]|\u00e2\u20ac[\u0080-\u00bf\u2018-\u201e\u2122\u0153\u02dc\u00a6]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_CLAUSE_NO = re.compile(r"^(?:(?:clause|section)\s+)?(\d+(?:\.\d+)*)\.?(?=\s)", re.IGNORECASE)


def read_text(src: Source) -> Iterator[Document | ReadError]:
    text, encoding, warnings = decode_bytes(src.read_bytes())
    text = normalize_newlines(text)
    if not text.strip():
        yield ReadError(src.name, "empty", "no text found (only whitespace)")
        return
    markdown = src.suffix in (".md", ".markdown")
    yield Document(
        id=document_id(src.sha256),
        source=src.name,
        kind="contract",
        text=text,
        metadata={"format": "markdown" if markdown else "text", "encoding": encoding},
        blocks=_markdown_headings(text) if markdown else [],
        warnings=warnings,
    )


def read_html(src: Source) -> Iterator[Document | ReadError]:
    data = src.read_bytes()
    text, encoding, warnings = decode_bytes(data, declared=_declared_charset(data))
    soup = _soup(text)
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    body = _soup_to_text(soup)
    if not body.strip():
        yield ReadError(src.name, "empty", "no visible text in the HTML")
        return
    yield Document(
        id=document_id(src.sha256),
        source=src.name,
        kind="contract",
        text=body,
        metadata={"format": "html", "encoding": encoding, "title": title or None},
        warnings=warnings,
    )


# ---------------------------------------------------------------- decoding


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Bytes -> (text, encoding name, warnings). Never raises for any input."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _decode_with(data, enc)
    utf16 = bomless_utf16(data)  # before UTF-8: NUL-interleaved ASCII is valid UTF-8 too
    if utf16:
        return _decode_with(data, utf16)
    try:
        return _check_mojibake(data.decode("utf-8"), "utf-8", [])
    except UnicodeDecodeError:
        pass
    if declared and _known(declared):
        try:  # a page that declares its legacy charset is not mis-encoded
            return _check_mojibake(data.decode(declared), declared.lower(), [])
        except UnicodeDecodeError:
            pass
    encoding = _fallback_encoding(data)
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    note = f" with {bad:,} undecodable byte(s) replaced by U+FFFD" if bad else ""
    return _check_mojibake(text, encoding, [f"mis-encoded: not valid UTF-8; decoded as {encoding}{note}"])


def _fallback_encoding(data: bytes) -> str:
    """The encoding of bytes that are not valid UTF-8: UTF-8 itself when only a few sequences are damaged, else
    a code page: cp1252 unless the evidence for another is strong. charset-normalizer proposes Baltic, Central
    European or even Japanese code pages for Western text with accents or a few damaged bytes, so its guess is
    taken only when the text reads clearly worse as cp1252 (its "mess" measure), as Cyrillic or Polish does."""
    sample = data[: 1 << 20]  # a 1 MB sample keeps huge files fast
    as_utf8 = sample.decode("utf-8", errors="replace")
    bad = as_utf8.count("\ufffd")
    good = sum(1 for ch in as_utf8 if ord(ch) > 0x7F) - bad
    if good >= 4 * bad:
        return "utf-8"  # mostly valid multi-byte sequences: damaged UTF-8, not a code page
    if sum(b > 0x7F for b in sample) < 16:  # a few stray high bytes are no evidence for an exotic code page
        return "cp1252"
    guess = _guess(sample)
    if guess is None or guess == "cp1252":
        return "cp1252"
    try:
        from charset_normalizer.md import mess_ratio
    except ImportError:
        return guess
    head = sample[:65536]
    western = mess_ratio(head.decode("cp1252", errors="replace"), 1.0)
    other = mess_ratio(head.decode(guess, errors="replace"), 1.0)
    return guess if western - other >= STRONG_EVIDENCE else "cp1252"


def _decode_with(data: bytes, encoding: str) -> tuple[str, str, list[str]]:
    try:
        return _check_mojibake(data.decode(encoding), encoding, [])
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        return text, encoding, [f"mis-encoded: {bad} undecodable byte(s) replaced with U+FFFD (read as {encoding})"]


def _check_mojibake(text: str, encoding: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    """Repair UTF-8 that was decoded as cp1252/latin-1 and saved again ("donâ€™t" -> "don't")."""
    hits = _MOJIBAKE.findall(text)
    if len(hits) < 2:
        return text, encoding, warnings
    for legacy in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(legacy).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return repaired, encoding, warnings + [f"mis-encoded: double-encoded UTF-8 repaired ({len(hits)} sequences)"]
    return text, encoding, warnings + [f"mis-encoded: text looks double-encoded, e.g. {hits[0]!r}"]


def bomless_utf16(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the first bytes look like UTF-16 without a byte order mark: Latin text has
    a NUL in every other byte (and almost none in the others), and the code units decode to printable text.
    Works on a file's first bytes (the sniffer's) as on the whole file."""
    sample = data[:4096]
    sample = sample[: len(sample) & ~1]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) > 0.4 * len(zeros) and other.count(0) <= 0.05 * len(other):
            try:  # incremental: a surrogate pair cut at the sample's end is no error
                text = codecs.getincrementaldecoder(enc)().decode(sample, final=False)
            except UnicodeDecodeError:
                return None
            printable = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n\f")
            return enc if printable >= 0.95 * len(text) else None
    return None


def _guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional at run time: fall back to cp1252
        return None
    best = from_bytes(data[: 1 << 20]).best()  # a 1 MB sample keeps huge files fast
    if best is None or not _known(best.encoding) or best.encoding.startswith(("utf_16", "utf_32")):
        return None  # UTF-16/32 without BOM was ruled out above; such a guess on short input is noise
    # Several code pages often decode a text identically; prefer the Western default then.
    return "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
        return True
    except LookupError:
        return False


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def normalize_newlines(text: str) -> str:
    """CRLF/CR -> LF, form feed -> blank line, other control characters (and stray BOMs) dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    return _CONTROL.sub("", text)


def _markdown_headings(text: str) -> list[Block]:
    blocks = []
    for m in _MD_HEADING.finditer(text):
        num = _CLAUSE_NO.match(m.group(2))
        blocks.append(Block(m.start(), m.end(), "heading", len(m.group(1)), num.group(1) if num else None))
    return blocks


# ---------------------------------------------------------------- HTML

_DROP = frozenset("script style noscript template head svg iframe object canvas meta link button select".split())
_PARA = frozenset("p h1 h2 h3 h4 h5 h6 table blockquote pre ul ol dl hr form".split())
_LINE = frozenset(
    "address article aside center dd details dialog dir div dt fieldset figcaption figure footer header "
    "hgroup li main menu nav section summary tr caption legend tbody thead tfoot".split()
)


def html_to_text(html: str, quote_blockquotes: bool = False) -> str:
    """Visible text of an HTML document or fragment.

    Block elements start new lines (paragraph-like ones a blank line), table cells are joined with " | ",
    <br> is a line break, whitespace elsewhere collapses. Scripts, styles and hidden elements are dropped.
    With `quote_blockquotes`, lines inside <blockquote> get a "> " per nesting level, so quoted email
    history stays recognisable as quoted."""
    return _soup_to_text(_soup(html), quote_blockquotes)


def _soup(html: str):
    from bs4 import BeautifulSoup, FeatureNotFound

    try:
        return BeautifulSoup(html, "lxml")
    except FeatureNotFound:  # lxml missing: the stdlib parser is slower but fine
        return BeautifulSoup(html, "html.parser")


class _Lines:
    """Accumulates text into lines, each with the blockquote depth it started at."""

    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []
        self.parts: list[str] = []
        self.depth = 0
        self.line_depth = 0

    def text(self, s: str) -> None:
        if not self.parts:
            self.line_depth = self.depth
        self.parts.append(s)

    def newline(self) -> None:
        self.lines.append((self.line_depth, "".join(self.parts)))
        self.parts = []

    def block(self, blank: bool) -> None:
        if "".join(self.parts).strip():
            self.newline()
        self.parts = []
        if blank and self.lines and self.lines[-1][1].strip():
            self.lines.append((self.depth, ""))

    def result(self, quote: bool) -> str:
        self.block(False)
        out: list[str] = []
        for depth, line in self.lines:
            line = re.sub(r"[ \t]+", " ", line).strip()
            if not line and (not out or not out[-1]):
                continue  # at most one blank line in a row
            out.append(("> " * depth if quote and depth and line else "") + line)
        return "\n".join(out).strip()


def _soup_to_text(soup, quote_blockquotes: bool = False) -> str:
    from bs4 import NavigableString, Tag
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    skip_strings = (Comment, Declaration, Doctype, ProcessingInstruction)
    out = _Lines()
    pre = 0
    cells: list[int] = []  # cells seen so far in each open table row
    stack: list[tuple[object, bool]] = [(soup, False)]  # iterative: deeply nested mail HTML would overflow
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if isinstance(node, skip_strings):
                continue
            s = str(node)
            if pre:
                for i, piece in enumerate(s.split("\n")):
                    if i:
                        out.newline()
                    out.text(piece)
            else:
                out.text(re.sub(r"\s+", " ", s))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if closing:
            if name in _PARA or name in _LINE:
                out.block(name in _PARA)
            if name == "blockquote":
                out.depth -= 1
            elif name == "pre":
                pre -= 1
            elif name == "tr" and cells:
                cells.pop()
            continue
        if name in _DROP or _hidden(node):
            continue
        if name == "br":
            out.newline()
            continue
        if name in _PARA or name in _LINE:
            out.block(name in _PARA)
        if name == "blockquote":
            out.depth += 1
        elif name == "pre":
            pre += 1
        elif name == "tr":
            cells.append(0)
        elif name in ("td", "th") and cells:
            if cells[-1]:
                out.text(" | ")
            cells[-1] += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    return out.result(quote_blockquotes)


def _hidden(tag) -> bool:
    style = (tag.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or tag.has_attr("hidden")
