"""Plain text / Markdown and HTML readers, plus `decode_bytes` and `html_to_text` for other readers.

Decoding order: BOM (UTF-8/16/32) -> strict UTF-8 -> BOM-less UTF-16 (by NUL pattern) -> the charset
an HTML page declares -> charset-normalizer's best guess -> cp1252 with replacement characters.
Undecodable bytes and double-encoded UTF-8 ("â€™") produce a "mis-encoded: ..." warning; double
encoding is repaired when the round trip is exact.
"""
from __future__ import annotations

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
    utf16 = _bomless_utf16(data)  # before UTF-8: NUL-interleaved ASCII is valid UTF-8 too
    if utf16:
        return _decode_with(data, utf16)
    try:
        return _check_mojibake(data.decode("utf-8"), "utf-8", [])
    except UnicodeDecodeError:
        pass
    if declared and _known(declared):
        try:
            return _check_mojibake(data.decode(declared), declared.lower(), [])
        except UnicodeDecodeError:
            pass
    # A few stray high bytes in English text are no evidence for a CJK or Cyrillic code page.
    guess = _guess(data) if sum(b > 0x7F for b in data[:65536]) >= 16 else None
    if guess:
        return _decode_with(data, guess)
    return _decode_with(data, "cp1252")


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


def _bomless_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.4 * len(zeros):
            try:
                data.decode(enc)
                return enc
            except UnicodeDecodeError:
                return None
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
    import codecs

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
