"""A page's text exactly as pypdf's `extract_text()` gives it, several times faster.

pypdf 7.1.1 (plain mode) lays a page's text out by replaying its drawing instructions:
strings shown with Tj/TJ are decoded through the font's encoding and ToUnicode map and
appended in stream order; a move of the text position (Td, TD, Tm, T*) is compared with
the width of what was shown since the last move: a move across lines by more than 80%
of the font height starts a new line, a move along the line wider than half a space
(in the font's own space width) adds a space; a TJ offset of more than 95% of that half
space adds one too. It reads every operator into pypdf objects, rebuilds each font's
character map on every page and recomputes matrices after every string: on the
Word-made reports councils publish (~3,400 operators a page) that is 10-20 ms a page.

This module applies the same rules to the content bytes directly: one regular
expression steps over the operators that cannot change the text (paths, colours,
marked content) and stops at those that can; numbers are plain floats, the text and
combined matrices are recomputed only when they change, fonts and decoded strings are
kept per document. pypdf still supplies what defines the result: each font's
encoding, character map and widths (`Font.from_font_resource`), the page's resources,
and the text of form XObjects (its own code, for the rare `Do` of a form).

Whatever this reader does not reproduce exactly makes it give the page back to
`page.extract_text()`: syntax beyond the common subset (inline images, escapes in
names, nested strings, comments inside arrays), right-to-left text, Type3 fonts,
unusual operands, very large streams, any exception. The reason is recorded, so a
comparison can count them (evaluation/compare_pagetext.py); tests/test_pagetext.py
checks whole real documents against pypdf.
"""

from __future__ import annotations

import copy
import math
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache, reduce
from operator import add
from typing import Any

from pypdf import PageObject
from pypdf import _text_extraction as pypdf_text
from pypdf._codecs import encoding_dict_from_named_encoding
from pypdf._configuration import get_configuration
from pypdf._page import _get_font_resources, _get_page_resources, _TraversalState
from pypdf.generic import NameObject
from pypdf.generic._font import Font, FontDescriptor

# pypdf releases whose rules this reader reproduces (tests/test_pagetext.py); with another,
# ingest.readers lets pypdf read every page.
CHECKED_PYPDF = ("7.1.1",)
ORIENTATIONS = (0, 90, 180, 270)  # extract_text's default: text in every direction
SPACE_WIDTH = 200.0  # extract_text's default for a font whose space has no width
MAX_STREAM_BYTES = 1_000_000  # larger streams (none in real reports) are left to pypdf
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Unsupported(Exception):
    """This page holds something the fast reader does not reproduce; the message says what."""


class _OutsideSyntax(Unsupported):
    """Bytes the syntax does not cover (read again with the comment-aware syntax)."""

    def __init__(self) -> None:
        super().__init__("content outside the fast reader's syntax")


# --- the content-stream syntax this reader accepts (a subset of pypdf's) ------------------
# pypdf reads any run of number characters as a number (a malformed one is 0, with a
# warning), so where operands do not matter (paths, colours, marked content) a run of
# number characters and white space is skipped in one step; the operands of operators
# that change the text are read exactly (split and float, else _tokens, else pypdf).
_DELIM = rb"(?=[\s()<>\[\]{}/%]|\Z)"  # where pypdf ends a name or an operator
_SPACE = rb"[\x00\t\n\f\r ]"  # pypdf's white space between tokens
_ARRAY_WS = rb"[\x00\t\n\x0b\f\r ]*+"  # and inside arrays
_DICT_WS = _SPACE + rb"*+"
_NAME = rb"/[^\s()<>\[\]{}/%#\x80-\xff]{0,999}+" + _DELIM
_STR = rb"\((?:[^()\\]++|\\[\s\S])*+\)"  # no unescaped parenthesis inside
_HEX = rb"<[0-9A-Fa-f\x00\t\n\f\r ]*+>"
_RUN = rb"[-+.0-9\x00\t\n\f\r ]*+"  # numbers and white space
_ARRAY_RUN = rb"[-+.0-9\x00\t\n\x0b\f\r ]*+"
_ARRAY = (rb"\[(?:" + _ARRAY_RUN + rb"(?:" + _STR + rb"|" + _NAME + rb"|" + _HEX + rb")){0,10000}+"
          + _ARRAY_RUN + rb"\]")
_VALUE = rb"(?:[-+.0-9]++|" + _NAME + rb"|" + _STR + rb"|" + _HEX + rb"|" + _ARRAY + rb")"
_NOT_STREAM = rb"(?!" + _DICT_WS + rb"stream)"  # pypdf would read a stream object there
_INNER_DICT = (rb"<<(?:" + _DICT_WS + _NAME + _DICT_WS + _VALUE + rb"){0,200}+" + _DICT_WS
               + rb">>" + _NOT_STREAM)
_DICT = (rb"<<(?:" + _DICT_WS + _NAME + _DICT_WS + rb"(?:" + _VALUE + rb"|" + _INNER_DICT
         + rb")){0,200}+" + _DICT_WS + rb">>" + _NOT_STREAM)
_SIMPLE_ARRAY = rb"\[" + _ARRAY_RUN + rb"(?:\([^()\\]*+\)" + _ARRAY_RUN + rb")*+\]"  # TJ's usual
_OTHER_OPERANDS = (rb"(?:" + _SIMPLE_ARRAY + rb"|" + _NAME + rb"|" + _STR + rb"|" + _ARRAY + rb"|"
                   + _DICT + rb"|" + _HEX + rb")")
_COMMENT = rb"%[^\r\n]*+"

# Operators that can change the text, in the order of their groups below; BI (an inline
# image) and an R not followed by a letter (pypdf may read "1 0 R" as a reference) are
# left to pypdf.
_TEXT_OPERATORS = (b"TJ", b"Tj", b"Tm", b"Tf", b"BT", b"ET", b"q", b"Q", b"Td", b"TD", b"T\\*",
                   b"cm", b"Tc", b"TL", b"'", b'"', b"Do")
_OTHER_OPERATOR = (
    rb"(?:[ACF-PSU-Zabd-pr-z]"  # a first letter no text operator has
    rb"|(?!(?:" + b"|".join(_TEXT_OPERATORS) + rb"|BI)" + _DELIM + rb"|R(?![A-Za-z]))[A-Za-z'\"])"
    rb"[^\s()<>\[\]{}/%]{0,14}+" + _DELIM)
(NEXT_TEXT_OBJECT, NEXT_FONT, NEXT_MATRIX, TJ, TJ_ONE, TM, TF, BT, ET, SAVE, RESTORE, TD_MOVE,
 TD_LEAD, T_STAR, CM, TC, TL, QUOTE, DOUBLE_QUOTE, DO, UNSUPPORTED, IGNORED) = range(2, 24)


def _syntax(comments: bool) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """The next operator that can change the text, with its operands (group 1) and its
    code (the last group), after those that cannot; and the end of the stream. With
    `comments`, % comments count as white space between tokens (a slower pattern).

    Operators that cannot change the text are stepped over when their operands are
    numbers, names and dictionaries; with arrays or strings (rare, but TJ's array would
    be read twice otherwise) they are matched too, as IGNORED."""
    run = rb"(?:[-+.0-9\x00\t\n\f\r ]++|" + _COMMENT + rb")*+" if comments else _RUN
    operands = rb"(?:" + run + _OTHER_OPERANDS + rb")*+" + run
    skipped = rb"(?:" + run + rb"(?:" + _NAME + rb"|" + _DICT + rb"))*+" + run
    skip = rb"(?:" + skipped + _OTHER_OPERATOR + rb")*+"
    # ET Q q ... BT, between the text objects of Word's reports, in one step, with the
    # Tf and the Tm that usually follow (groups NEXT_FONT and NEXT_MATRIX)
    space, number = _SPACE + rb"++", rb"[+-]?(?:[0-9]{1,40}+(?:\.[0-9]{0,40}+)?|\.[0-9]{1,40}+)"
    next_text_object = (
        rb"ET" + space + rb"Q" + space + rb"q" + _DELIM + skip + skipped + rb"BT(?:" + space
        + rb"(" + _NAME + space + number + rb")" + space + rb"Tf(?:" + space
        + rb"(" + space.join([number] * 6) + rb")" + space + rb"Tm)?+)?+")
    operation = re.compile(
        skip + rb"(" + operands + rb")(?:(" + next_text_object + rb")|"
        + b"|".join(rb"(" + op + rb")" for op in _TEXT_OPERATORS)
        + rb"|(BI|R(?![A-Za-z])[^\s()<>\[\]{}/%]{0,13}+)|(" + _OTHER_OPERATOR + rb"))" + _DELIM)
    return operation, re.compile(skip + operands + rb"\Z")


_PLAIN, _COMMENTED = _syntax(comments=False), _syntax(comments=True)

# Operands read exactly, when an operator has not the usual shape
_WS = rb"(?:" + _SPACE + rb"++|" + _COMMENT + rb")*+"
_NUM = rb"[+-]?(?:[0-9]{1,40}+(?:\.[0-9]{0,40}+)?|\.[0-9]{1,40}+)(?![+-.0-9])"  # a clean number
NUM, NAME, STR, HEX, DICT, ARRAY = range(1, 7)
_TOKEN = re.compile(_WS + rb"(?:(" + _NUM + rb")|(" + _NAME + rb")|(" + _STR + rb")|(" + _HEX
                    + rb")|(" + _DICT + rb")|(" + _ARRAY + rb"))")
_TOKENS_END = re.compile(_WS + rb"\Z")
_SIMPLE_ITEM = re.compile(rb"\(([^()\\]*)\)|([+-.0-9]+)")
_ITEM = re.compile(_ARRAY_WS + rb"(?:\(((?:[^()\\]|\\[\s\S])*)\)|<([^>]*)>|(" + _NUM + rb")|"
                   + _NAME + rb")")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|[\r\n][\r\n]?|[\s\S])")
# pypdf's string escapes: these five, the byte itself for _LITERAL, else the backslash stays
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_LITERAL = frozenset(b"()/\\ %<>[]#_&$")
_NOT_HEX = re.compile(rb"[\x00\t\n\f\r ]")


@lru_cache(maxsize=4)
def _long_array(elements: int) -> re.Pattern[bytes]:
    """An array with more elements than pypdf reads (it raises LimitReachedError)."""
    return re.compile(rb"\[(?:" + _ARRAY_WS + rb"(?:[-+.0-9]++|" + _NAME + rb"|" + _STR + rb"|"
                      + _HEX + rb")){%d}" % (elements + 1))


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match[1]
    if code[0] in b"01234567":
        value = int(code, 8)
        return bytes((value,)) if value <= 255 else b"\\" + code  # pypdf keeps what overflows
    if code[0] in b"\r\n":
        return b""  # an escaped line break continues the string
    return _ESCAPED.get(code) or (code if code[0] in _LITERAL else b"\\" + code)


def _string(raw: bytes) -> bytes:
    return _ESCAPE.sub(_unescape, raw) if b"\\" in raw else raw


def _hex(raw: bytes) -> bytes:
    digits = _NOT_HEX.sub(b"", raw)
    return bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode())


def _tokens(operands: bytes) -> list[tuple[int, bytes]]:
    """An operation's operands as (kind, bytes), for the rarer shapes; all of them clean."""
    found = []
    pos = 0
    while (token := _TOKEN.match(operands, pos)) is not None:
        kind = token.lastindex
        assert kind is not None
        found.append((kind, token[kind]))
        pos = token.end()
    if _TOKENS_END.match(operands, pos) is None:
        raise Unsupported("operands the fast reader does not read (a malformed number?)")
    return found


def _number(tokens: list[tuple[int, bytes]], index: int, default: float) -> float:
    """pypdf's reading of an optional numeric operand: anything else is the default."""
    if index < len(tokens) and tokens[index][0] == NUM:
        return float(tokens[index][1])
    return default


def _shown(token: tuple[int, bytes] | None) -> bytes | None:
    """The bytes a Tj shows, None when pypdf shows nothing for this operand."""
    if token is None or token[0] not in (STR, HEX, NAME):
        return None
    if token[0] == NAME:
        raise Unsupported("a name shown as text")
    return _string(token[1][1:-1]) if token[0] == STR else _hex(token[1][1:-1])


Items = list[tuple[bytes, bytes]]  # a TJ array: (string, b"") or (b"", number) pairs


def _array_items(operands: bytes) -> Items | None:
    """A TJ operand's strings and offsets, as (string, number) pairs with one of the two
    empty (names, which pypdf does not show, are left out); None if it is no array.
    Numbers are converted where they are used: most arrays are shown once."""
    inner = operands.strip()
    if (inner[:1] == b"[" and inner.find(b"]") == len(inner) - 1
            and b"\\" not in inner and b"<" not in inner and b"/" not in inner):
        return _SIMPLE_ITEM.findall(inner, 1, len(inner) - 1)  # strings and numbers only
    tokens = _tokens(operands)
    if not tokens or tokens[0][0] != ARRAY:
        return None
    array = tokens[0][1]
    items: Items = []
    pos, end = 1, len(array) - 1
    while (item := _ITEM.match(array, pos, end)) is not None:
        text, hexa, num = item.groups()
        if num is not None:
            items.append((b"", num))
        elif text is not None:
            items.append((_string(text), b""))
        elif hexa is not None:
            items.append((_hex(hexa), b""))
        pos = item.end()
    if array[pos:end].strip(b"\x00\t\n\x0b\f\r "):
        raise Unsupported("a malformed number in a TJ array")
    return items


def _six_numbers(operands: bytes, operator: str) -> list[float] | None:
    """A matrix operator's six numbers as pypdf reads them; None where pypdf would fall
    back to the identity (too few, or not numbers)."""
    try:
        values = [float(x) for x in operands.split()]
    except ValueError:
        tokens = _tokens(operands)[:6]
        if any(kind in (STR, HEX) for kind, _ in tokens):
            raise Unsupported(f"a string as a {operator} operand") from None
        if not all(kind == NUM for kind, _ in tokens):
            return None
        values = [float(raw) for _, raw in tokens]
    return values[:6] if len(values) >= 6 else None


def _times(m: tuple[float, ...] | list[float], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix product m x n, each term in pypdf's order (the same floats)."""
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


def _placed(tm: list[float], cm: tuple[float, ...]) -> tuple[float, ...]:
    """Where text is placed: the combined matrix tm x cm, then its horizontal and
    vertical scales (the lengths pypdf computes at each position check)."""
    m = _times(tm, cm)
    return (*m, math.sqrt(m[0] ** 2 + m[1] ** 2), math.sqrt(m[2] ** 2 + m[3] ** 2))


def _axis(m: tuple[float, ...]) -> int:
    """Index of the coordinate across the lines: y for upright or upside-down text, else x."""
    return 5 if m[3] > 1e-6 or m[3] < -1e-6 else 4


def _quiet(here: tuple[float, ...], size: float, half: float) -> bool:
    """Whether pypdf's check after a string shown at the unmoved position `here` adds
    neither a new line nor a space (font size and scale positive: the usual case)."""
    threshold = 0.8 * (size * here[7])
    space = (size * half / 1000 + 0.0) * here[6]
    return not (threshold < 0.0 or space <= 0.0)


def _position_check(m: tuple[float, ...], prev: tuple[float, ...],
                    span: tuple[int, float, float] | None, text: str, out: list[str],
                    out_last: str, height: float, size: float, space: float, shown: float,
                    ) -> tuple[str, str, tuple[int, float, float]]:
    """pypdf's check after a move of the text position from `prev` to `m` (see _placed):
    a move across the line by more than 80% of the font height ends the line (the
    pending `text` goes to `out` with a newline), a move along it wider than half a
    space plus what was shown adds a space. `span` is the range of
    baselines on the current line; `height` the font size of the last string shown,
    `size` the current one, `space` half a space and `shown` the width shown since the
    previous move (text space units). Returns the pending text, the last character of
    the output and the new span."""
    last = text[-1] if text else out_last
    axis_index = _axis(m)
    across = m[axis_index] - prev[axis_index]
    along = (m[4] - prev[4]) if axis_index == 5 else (m[5] - prev[5])
    axis = m[axis_index]
    if span is None or span[0] != axis_index:
        distance = abs(across)
    elif span[1] <= axis <= span[2]:
        distance = 0.0
    else:
        distance = min(abs(axis - span[1]), abs(axis - span[2]))
    threshold = 0.8 * min(height * prev[7], size * m[7])
    if distance > threshold:
        if last not in ("", "\n"):
            out.append(text + "\n")
            text, out_last = "", "\n"
        return text, out_last, (axis_index, axis, axis)
    if ((abs(across) > threshold
         or along >= (space + shown) * prev[6])
            and last not in ("", " ")):
        text += " "
    if last in ("", "\n") or span is None or span[0] != axis_index:
        return text, out_last, (axis_index, axis, axis)
    return text, out_last, (axis_index, min(span[1], axis), max(span[2], axis))


class _Font:
    """What text extraction needs of one font, from pypdf's Font, with its decoded strings.

    For a one-byte encoding (a dict) the characters, shown characters and widths of the
    256 codes are tabled once, so a string is decoded by str.translate and its width
    summed by a C loop (in order, from 0.0: the floats pypdf's loop makes).
    """

    __slots__ = ("encoding", "character_map", "widths", "default", "space_char", "space_width",
                 "half", "strings", "unsupported", "shown_table", "text_table", "byte_widths")

    def __init__(self, font: Font) -> None:
        self.unsupported = "Type3 font" if font.sub_type == "Type3" else None
        self.encoding = font.encoding
        self.character_map = cmap = font.character_map
        self.widths = {char: 0.0 + width for char, width in font.character_widths.items()}
        self.default = self.widths["default"]
        self.space_char = font.space_char
        self.space_width = font.space_width
        self.half = font.space_width / 2  # pypdf's unit of word gaps: half a space
        self.strings: dict[bytes, tuple[str, float, int, bool]] = {}
        if isinstance(self.encoding, dict):
            texts = [self.encoding.get(code, chr(code)) for code in range(256)]
            self.shown_table = ["".join([cmap.get(char, char) for char in text]) for text in texts]
            self.text_table = None if all(len(text) == 1 for text in texts) else texts
            self.byte_widths = [self._width(chr(code)) for code in range(256)]

    def _width(self, char: str) -> float:
        return 0.0 + (self.space_width if char == self.space_char
                      else self.widths.get(char, self.default))

    def decode(self, raw: bytes) -> tuple[str, float, int, bool]:
        """The characters a string shows, its width (font units), its number of characters
        before the character map, and whether its last character ends no line (usual)."""
        if self.unsupported:
            raise Unsupported(self.unsupported)
        if isinstance(self.encoding, str):
            try:
                text = raw.decode(self.encoding, "surrogatepass")
            except UnicodeDecodeError:
                text = raw.decode(self.encoding, "replace")
            width = 0.0
            for char in text:
                width += self._width(char)
            cmap = self.character_map
            shown = "".join([cmap.get(char, char) for char in text]) if cmap else text
            count = len(text)
        else:
            codes = raw.decode("latin-1")
            shown = codes.translate(self.shown_table)
            width = reduce(add, map(self.byte_widths.__getitem__, raw), 0.0)
            count = len(raw) if self.text_table is None else len(codes.translate(self.text_table))
        if pypdf_text.RTL_CHARACTER_PATTERN.search(shown):
            raise Unsupported("right-to-left text")
        result = self.strings[raw] = (shown, width, count, shown[-1:] not in ("", "\n"))
        return result


@lru_cache(maxsize=1)
def _fallback_templates() -> tuple[_Font, _Font]:
    """The font pypdf uses before any Tf, and for a Tf naming no usable font, built once."""
    before = Font(name="NotInitialized", sub_type="Unknown",
                  encoding=encoding_dict_from_named_encoding("cp1252"),
                  font_descriptor=FontDescriptor())
    unknown = Font("Unknown", space_width=250, encoding=dict.fromkeys(range(256), "\ufffd"),
                   font_descriptor=FontDescriptor(), character_map={})
    return _Font(before), _Font(unknown)


def _fallback_fonts() -> tuple[_Font, _Font]:
    """The two fallback fonts with no decoded strings yet (fresh for each document: the
    strings must not pile up in a long-running app; the tables are shared, never changed)."""
    fresh = []
    for template in _fallback_templates():
        font = copy.copy(template)
        font.strings = {}
        fresh.append(font)
    return fresh[0], fresh[1]


class PageText:
    """Text of the pages of one PDF, as `page.extract_text()` gives it.

    Keep one per document: fonts and the TJ arrays already read are shared between its
    pages. `fallbacks` counts the pages given back to pypdf, by reason.
    """

    def __init__(self) -> None:
        self._fonts: dict[int, tuple[Any, _Font | None]] = {}
        self._arrays: dict[bytes, Items | None] = {}
        self._fallback_fonts = _fallback_fonts()
        self.fallbacks: Counter[str] = Counter()

    def extract(self, page: PageObject,
                fallback: Callable[[PageObject], str] | None = None) -> str:
        """The page's text; pages this reader does not handle go to `fallback` (by default
        `page.extract_text()`, which ingest.readers speeds up with ingest.pdfops)."""
        return self.extract_why(page, fallback)[0]

    def extract_why(self, page: PageObject, fallback: Callable[[PageObject], str] | None = None,
                    ) -> tuple[str, str | None]:
        """The page's text, and why it was left to pypdf (None when this reader read it)."""
        try:
            return self._fast(page), None
        except Unsupported as why:
            reason = str(why)
        except MemoryError:
            raise
        except Exception as err:  # noqa: BLE001 - pypdf reads the page; it raises what it raises
            reason = f"{type(err).__name__} in the fast reader"
        self.fallbacks[reason] += 1
        return (fallback or PageObject.extract_text)(page), reason

    def _fast(self, page: PageObject) -> str:
        if pypdf_text.CUSTOM_RTL_MIN and pypdf_text.CUSTOM_RTL_MAX:
            raise Unsupported("custom right-to-left range")
        resources = _get_page_resources(page)
        if not resources:
            return ""
        fonts = self._page_fonts(resources)
        content = pypdf_text._get_content_stream_for_text(page, page.pdf, "/Contents",
                                                          has_visitor=False)
        if content is None:
            return ""
        data = content.get_data()
        limits = get_configuration()
        # pypdf's limits: a token, or an array element, takes at least a byte
        if len(data) > min(MAX_STREAM_BYTES, limits.stream_parsing_work_maximum_count):
            raise Unsupported("content stream over 1 MB or pypdf's token budget")
        elements = limits.array_maximum_element_count
        if len(data) > elements and _long_array(elements).search(data):
            raise Unsupported("an array over pypdf's element limit")
        layout = _Layout(self._arrays, fonts, self._fallback_fonts, page, resources)
        try:
            return layout.run(data, _PLAIN)
        except _OutsideSyntax:
            if b"%" not in data:
                raise
        return layout.run(data, _COMMENTED)

    def _page_fonts(self, resources: Any) -> dict[str, _Font | None]:
        """The page's fonts by resource name; None where pypdf could not build the font."""
        found: dict[str, _Font | None] = {}
        table = _get_font_resources(resources)
        for name in table:
            font_dict = table[name].get_object()
            cached = self._fonts.get(id(font_dict))
            if cached is None:
                cached = self._fonts[id(font_dict)] = (font_dict, self._font(font_dict))
            found[name] = cached[1]
        return found

    @staticmethod
    def _font(font_dict: Any) -> _Font | None:
        try:
            font = Font.from_font_resource(font_dict)
            if font.character_widths.get(font.space_char, 0) == 0:
                font.space_width = SPACE_WIDTH
        except (AttributeError, TypeError):  # pypdf leaves such a font out too
            return None
        return _Font(font)


class _Layout:
    """One pass over a content stream, with pypdf's text state."""

    def __init__(self, arrays: dict[bytes, Any], fonts: dict[str, _Font | None],
                 fallback_fonts: tuple[_Font, _Font], page: PageObject, resources: Any) -> None:
        self.arrays = arrays
        self.fonts = fonts
        self.no_font, self.unknown_font = fallback_fonts
        self.page = page
        self.resources = resources

    def form_text(self, name: bytes, known_ids: set[int], forms: _TraversalState) -> str | None:
        """Text of the form XObject `name` (None for an image), by pypdf's own extraction."""
        try:
            return self.page._extract_text__xform(
                resources_dict=self.resources, operands=[NameObject(name.decode("ascii"))],
                orientations=ORIENTATIONS, space_width=SPACE_WIDTH, known_ids=known_ids,
                traversal_state=forms)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - pypdf skips a form it cannot read, and so do we
            return None

    def run(self, data: bytes, syntax: tuple[re.Pattern[bytes], re.Pattern[bytes]]) -> str:
        """The text, following pypdf's rules (see the module docstring).

        One long loop with the state in local variables, on purpose: it runs once per
        operator that can change the text, hundreds of times a page, and function calls
        and attribute look-ups there were most of the cost.
        """
        arrays = self.arrays
        out: list[str] = []
        out_last = ""  # the last character of the output so far
        text = ""  # the text not yet moved to the output
        cm: tuple[float, ...] = IDENTITY
        tm = list(IDENTITY)
        prev = _placed(list(IDENTITY), IDENTITY)  # where text was at the last position check
        moved = True  # the matrices may have changed since
        span: tuple[int, float, float] | None = None
        stack: list[tuple[Any, ...]] = []
        font, size, half = self.no_font, 12.0, 500.0
        char_spacing, leading = 0.0, 0.0
        shown_width, height = 0.0, 0.0  # width shown since the last move; size of the last string
        font_gap: float | None = None  # half a space of the font before a Tf, until a string
        pos = 0
        operation, end = syntax
        font_operands: dict[bytes, tuple[_Font, float | None]] = {}
        known_ids: set[int] = set()  # what pypdf keeps while it reads form XObjects
        forms = _TraversalState()
        match = operation.match
        while (op := match(data, pos)) is not None:
            pos = op.end()
            code = op.lastindex
            show: bytes | None = None
            if code == TJ:
                operands = op[1]
                items = arrays.get(operands, False)
                if items is False:
                    items = arrays[operands] = _array_items(operands)
                if items is None:
                    continue
                gap, spacing, strings = half * 0.95, 1000 * char_spacing, font.strings
                if not moved and _quiet(prev, size, half):
                    # pypdf checks the position after every string; unmoved, and quiet, the
                    # check can only restart the line's span of baselines
                    restart = False
                    for string, number in items:
                        if number:
                            offset = float(number)
                            if -offset >= gap:
                                last = text[-1] if text else out_last
                                if last and last not in " \n":
                                    text += " "  # a word gap inside the array
                                    font_gap, height = None, size
                            shown_width -= offset * size
                        else:
                            shown, width, count, plain = strings.get(string) or font.decode(string)
                            text += shown
                            shown_width += width * size + spacing * count
                            font_gap, height = None, size
                            if not plain and (text[-1] if text else out_last) in ("", "\n"):
                                restart = True
                    if restart:
                        axis_index = _axis(prev)
                        span = (axis_index, prev[axis_index], prev[axis_index])
                    continue
                for string, number in items:  # the same, with the whole check after each string
                    after = None
                    if number:
                        offset = float(number)
                        after = shown_width - offset * size
                        last = text[-1] if text else out_last
                        if -offset < gap or not last or last in " \n":
                            shown_width = after
                            continue
                        text += " "
                    else:
                        shown, width, count, plain = strings.get(string) or font.decode(string)
                        text += shown
                        shown_width += width * size + spacing * count
                    font_gap, height = None, size
                    m = _placed(tm, cm) if moved else prev
                    text, out_last, span = _position_check(
                        m, prev, span, text, out, out_last, height, size, size * half / 1000, 0.0)
                    prev, moved = m, False
                    if after is not None:
                        shown_width = after
                continue
            if code == TM:
                tm = self._tm(op[1])
                check, shown_width, moved = shown_width / 1000, 0.0, True
            elif code == TF:
                if text:
                    font_gap = size * half
                    out.append(text)
                    out_last, text = text[-1], ""
                chosen = font_operands.get(op[1])
                if chosen is None:
                    chosen = font_operands[op[1]] = self._font_operands(op[1])
                font, half = chosen[0], chosen[0].half
                if chosen[1] is not None:
                    size = chosen[1]
                continue
            elif code == NEXT_TEXT_OBJECT:  # ET, Q, q (the state Q restores), BT, [Tf, [Tm]]
                if text:
                    out.append(text)
                    out_last, text = text[-1], ""
                if stack:
                    cm, font, size, char_spacing, leading = stack[-1]
                else:
                    cm = IDENTITY
                    stack.append((cm, font, size, char_spacing, leading))
                tm, moved = list(IDENTITY), True
                if op[NEXT_FONT] is None:
                    continue
                chosen = font_operands.get(op[NEXT_FONT])  # no text to flush: ET did
                if chosen is None:
                    chosen = font_operands[op[NEXT_FONT]] = self._font_operands(op[NEXT_FONT])
                font, half = chosen[0], chosen[0].half
                if chosen[1] is not None:
                    size = chosen[1]
                if op[NEXT_MATRIX] is None:
                    continue
                tm = [float(x) for x in op[NEXT_MATRIX].split()]
                check, shown_width = shown_width / 1000, 0.0
            elif code in (BT, ET):
                if code == BT:
                    tm, moved = list(IDENTITY), True
                if text:
                    out.append(text)
                    out_last, text = text[-1], ""
                continue
            elif code == SAVE:
                stack.append((cm, font, size, char_spacing, leading))
                continue
            elif code == RESTORE:
                cm, font, size, char_spacing, leading = (
                    stack.pop() if stack else (IDENTITY, font, size, char_spacing, leading))
                moved = True
                continue
            elif code in (TD_MOVE, TD_LEAD):
                tokens = _tokens(op[1])
                if code == TD_LEAD:
                    if len(tokens) < 2:
                        continue
                    if tokens[1][0] == NUM:
                        leading = -float(tokens[1][1])
                tx, ty = _number(tokens, 0, 0.0), _number(tokens, 1, 0.0)
                tm[4] += tx * tm[0] + ty * tm[2]
                tm[5] += tx * tm[1] + ty * tm[3]
                check, shown_width, moved = shown_width / 1000, 0.0, True
            elif code == T_STAR:
                tm[4] -= leading * tm[2]
                tm[5] -= leading * tm[3]
                check, shown_width, moved = shown_width / 1000, 0.0, True
            elif code == TJ_ONE:
                tokens = _tokens(op[1])
                show, check = _shown(tokens[0] if tokens else None), 0.0
            elif code == CM:
                if text:
                    out.append(text)
                    out_last, text = text[-1], ""
                cm, moved = self._cm(op[1], cm), True
                continue
            elif code == TC:
                char_spacing = _number(_tokens(op[1]), 0, 0.0)
                continue
            elif code == TL:
                leading = _number(_tokens(op[1]), 0, 0.0)
                continue
            elif code in (QUOTE, DOUBLE_QUOTE):
                tokens = _tokens(op[1])
                if code == DOUBLE_QUOTE:
                    if len(tokens) < 3:
                        continue
                    char_spacing = _number(tokens, 1, 0.0)
                    tokens = tokens[2:]
                tm[4] -= leading * tm[2]  # T* first, with its own check
                tm[5] -= leading * tm[3]
                m = _placed(tm, cm)
                space = (size * half if font_gap is None else min(size * half, font_gap)) / 1000
                text, out_last, span = _position_check(m, prev, span, text, out, out_last, height,
                                                       size, space, shown_width / 1000)
                prev, moved, shown_width = m, False, 0.0
                show, check = _shown(tokens[0] if tokens else None), 0.0
            elif code == DO:
                tokens = _tokens(op[1])
                if not tokens:
                    continue
                if text:
                    out.append(text)
                    out_last = text[-1]
                if out_last not in ("", "\n"):
                    out.append("\n")
                    out_last = "\n"
                form = (self.form_text(tokens[0][1], known_ids, forms)
                        if tokens[0][0] == NAME else None)
                if form:
                    out.append(form)
                    out_last = form[-1]
                text = ""
                continue
            elif code == IGNORED:
                continue
            else:
                raise Unsupported("inline image" if op[UNSUPPORTED] == b"BI" else "an R operator")
            # Tj, ', " show a string; all of these end with the position check
            if show is not None:
                font_gap = None
                shown, width, count, _ = font.strings.get(show) or font.decode(show)
                text += shown
                shown_width += width * size + 1000 * char_spacing * count
                height = size
            m = _placed(tm, cm) if moved else prev
            space = (size * half if font_gap is None else min(size * half, font_gap)) / 1000
            text, out_last, span = _position_check(m, prev, span, text, out, out_last, height,
                                                   size, space, check)
            prev, moved = m, False
        if end.match(data, pos) is None:  # neither a text operator nor the end: pypdf reads it
            raise _OutsideSyntax
        out.append(text)
        return "".join(out)

    @staticmethod
    def _tm(operands: bytes) -> list[float]:
        """The text matrix Tm sets: pypdf's identity unless there are six numbers."""
        values = _six_numbers(operands, "Tm")
        return values if values is not None else list(IDENTITY)

    @staticmethod
    def _cm(operands: bytes, cm: tuple[float, ...]) -> tuple[float, ...]:
        """The graphics matrix after `cm`: pypdf's identity for anything but six numbers."""
        values = _six_numbers(operands, "cm")
        return _times(values, cm) if values is not None else IDENTITY

    def _font_operands(self, operands: bytes) -> tuple[_Font, float | None]:
        """The font and size Tf sets (size None: pypdf keeps the previous one)."""
        parts = operands.split()
        if len(parts) == 2 and parts[0][:1] == b"/":
            chosen = self.fonts.get(parts[0].decode("ascii"))
            try:
                return chosen or self.unknown_font, float(parts[1])
            except ValueError:
                pass
        tokens = _tokens(operands)
        if not tokens or tokens[0][0] in (NUM, STR, HEX):
            chosen = None  # pypdf finds no font under such a key
        elif tokens[0][0] == NAME:
            chosen = self.fonts.get(tokens[0][1].decode("ascii"))
        else:
            raise Unsupported("an array or dictionary naming a font")
        return chosen or self.unknown_font, self._size(tokens)

    @staticmethod
    def _size(tokens: list[tuple[int, bytes]]) -> float | None:
        if len(tokens) < 2 or tokens[1][0] in (NAME, ARRAY, DICT):
            return None  # pypdf keeps the previous size
        if tokens[1][0] != NUM:
            raise Unsupported("a string as a font size")
        return float(tokens[1][1])
