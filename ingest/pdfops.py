"""A faster reader for PDF content streams that gives exactly pypdf's operations.

pypdf reads a page's drawing instructions one byte at a time through a file-like
object; on the Word-made reports councils publish (every word kerned, ~3,500
operators a page) that is over half the cost of extracting a page's text. This
reader takes the common tokens (numbers, names, simple strings, hex strings, arrays
of those, operators) with regular expressions over the bytes and hands anything
else (dictionaries, escaped or nested strings, comments in arrays, inline images,
malformed input) to pypdf's own reader at that position, so the result, including
the object types and the parsing limits, is pypdf's. tests/test_pdfops.py compares
the two on every page of the real corpus.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from pypdf import PageObject
from pypdf._configuration import get_configuration
from pypdf._utils import read_until_regex
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    FloatObject,
    NameObject,
    NumberObject,
    read_object,
)
from pypdf.generic._data_structures import IndirectPattern
from pypdf.generic._utils import StreamParsingBudget

Operations = list[tuple[Any, bytes]]

_TOKEN = re.compile(rb"""[\x00\t\n\f\r ]*(?:
    (?P<op>[A-Za-z'"][^\s()<>\[\]{}/%]*)
  | (?P<num>[+-.0-9]+)
  | (?P<name>/[^\s()<>\[\]{}/%#\x80-\xff]*)(?=[\s()<>\[\]{}/%]|\Z)
  | \((?P<str>[^()\\]*)\)
  | <(?P<hex>(?:[0-9A-Fa-f]{2})*)>
  | (?P<open>\[)
  | (?P<close>\])
  | (?P<other>.)
  | (?P<end>\Z))""", re.VERBOSE | re.DOTALL)
# pypdf's number class: the range +-. takes in the comma too
_FLAT_ARRAY = re.compile(rb"\[((?:[\x00\t\n\x0b\f\r ]*+(?:\([^()\\]*+\)|[+-.0-9]++))*+)"
                         rb"[\x00\t\n\x0b\f\r ]*+\]")  # possessive: no backtracking
_ELEMENT = re.compile(rb"\(([^()\\]*)\)|([+-.0-9]+)")
# A whole operation of numbers and names (`1 0 0 1 70.9 805.5 Tm`, `/F1 8.04 Tf`), the
# commonest kind, in one match; each element must end where pypdf's reader ends it.
_DELIM = rb"(?=[\s()<>\[\]{}/%]|\Z)"
_SIMPLE_OPERATION = re.compile(
    rb"((?:[\x00\t\n\f\r ]*+(?:[+-.0-9]{1,19}+(?![+-.0-9])|/[^\s()<>\[\]{}/%#\x80-\xff]{0,999}+"
    + _DELIM + rb"))*+)[\x00\t\n\f\r ]*+([A-Za-z'\"][^\s()<>\[\]{}/%]{0,14}+)" + _DELIM)
_OPERAND = re.compile(rb"([+-.0-9]+)|(/[^\s()<>\[\]{}/%]*)")
_OPERATOR_FAST = 15  # longer operators go through pypdf's length-limited reader
_NAME_FAST = 1000  # longer names too


class _Numbers(dict[bytes, Any]):
    """pypdf's number object for each numeric token, made once per stream: a page's
    kerning offsets and positions are a few hundred values repeated thousands of times.
    Sharing is safe: the objects are immutable int and float values."""

    def __missing__(self, token: bytes) -> Any:
        made = self[token] = FloatObject(token) if b"." in token else NumberObject(token)
        return made


class _Delegate(Exception):
    """The fast path does not handle this token; pypdf's reader must."""


def parse_operations(data: bytes, forced_encoding: str = "bytes") -> Operations | None:
    """The operations pypdf's ContentStream would parse from `data`, or None where this
    reader leaves the whole stream to pypdf (an inline image, another string encoding)."""
    if forced_encoding != "bytes":
        return None
    budget = StreamParsingBudget(
        remaining_budget=get_configuration().stream_parsing_work_maximum_count)
    return _Reader(data, budget).run()


class _Reader:
    def __init__(self, data: bytes, budget: StreamParsingBudget) -> None:
        self.data = data
        self.budget = budget
        self.stream = BytesIO(data)
        self.numbers = _Numbers()

    def spend(self, amount: int = 1) -> None:
        self.budget.remaining_budget -= amount
        if self.budget.remaining_budget < 0:
            raise LimitReachedError("Reached maximum number of tokens per stream.")

    def pypdf_object(self, pos: int) -> tuple[Any, int]:
        self.stream.seek(pos)
        value = read_object(self.stream, None, "bytes", parsing_budget=self.budget)
        return value, self.stream.tell()

    def run(self) -> Operations | None:
        data, size, match_token, budget = self.data, len(self.data), _TOKEN.match, self.budget
        numbers = self.numbers
        operations: Operations = []
        operands: list[Any] = []
        pos = 0
        match_operation = _SIMPLE_OPERATION.match
        while True:
            if not operands and (whole := match_operation(data, pos)):
                operator = whole[2]
                found = _OPERAND.findall(whole[1]) if whole[1] else []
                if (operator != b"BI" and not operator.startswith(b"R")  # R: see IndirectPattern
                        and len(found) < budget.remaining_budget):
                    budget.remaining_budget -= len(found) + 1
                    operations.append(([numbers[num] if num else NameObject(name.decode("ascii"))
                                        for num, name in found], operator))
                    pos = whole.end()
                    continue
            token = match_token(data, pos)
            assert token is not None
            kind = token.lastgroup
            if kind == "op":
                operator = token[kind]
                pos = token.end()
                if len(operator) > _OPERATOR_FAST:
                    self.stream.seek(token.start(kind))
                    operator = read_until_regex(stream=self.stream,
                                                regex=NameObject.delimiter_pattern,
                                                length=ContentStream._OPERATOR_LENGTH_LIMIT)
                    pos = self.stream.tell()
                if operator == b"BI":
                    return None
                self.spend()
                operations.append((operands, operator))
                operands = []
                continue
            if kind == "end" or kind is None:
                return operations
            start = token.start(kind)
            if kind == "other" and data[start] == 37:  # % comment: to the end of the line
                ends = [i for i in (data.find(b"\r", start), data.find(b"\n", start)) if i >= 0]
                pos = min(ends) + 1 if ends else size
                continue
            budget.remaining_budget -= 1
            if budget.remaining_budget < 0:
                raise LimitReachedError("Reached maximum number of tokens per stream.")
            try:
                if kind == "open":
                    flat = _FLAT_ARRAY.match(data, start)
                    value, pos = self.flat_array(flat) if flat else self.array(token.end())
                else:
                    value, pos = self.simple(token, kind)
            except _Delegate:
                value, pos = self.pypdf_object(start)
            operands.append(value)

    def flat_array(self, flat: re.Match[bytes]) -> tuple[ArrayObject, int]:
        """The usual TJ array, strings and numbers only, read in one go."""
        items = _ELEMENT.findall(flat[1])
        if (len(items) > min(get_configuration().array_maximum_element_count,
                             self.budget.remaining_budget)
                or any(len(num) >= 20 for _, num in items)):
            raise _Delegate  # pypdf raises its limit error or reads the long number its way
        self.spend(len(items))
        numbers = self.numbers
        return ArrayObject([numbers[num] if num else ByteStringObject(text)
                            for text, num in items]), flat.end()

    def simple(self, token: re.Match[bytes], kind: str | None) -> tuple[Any, int]:
        """A number, name, string or hex string exactly as pypdf's read_object makes it."""
        end = token.end()
        if kind == "num":
            num = token[kind]
            start = end - len(num)
            if (len(num) >= 20 or end >= len(self.data)
                    or b"." not in num and IndirectPattern.match(self.data, start, start + 20)):
                raise _Delegate  # pypdf's 20-byte look-ahead would not see the end
            return self.numbers[num], end
        if kind == "str" or kind == "hex":
            raw = token[kind]
            return ByteStringObject(raw if kind == "str" else bytes.fromhex(raw.decode())), end
        if kind == "name" and len(token[kind]) <= _NAME_FAST:
            return NameObject(token[kind].decode("ascii")), end
        raise _Delegate

    def array(self, pos: int) -> tuple[ArrayObject, int]:
        """An array of simple objects; anything else inside and pypdf reads the whole array."""
        data, match_token = self.data, _TOKEN.match
        out = ArrayObject()
        limit = min(get_configuration().array_maximum_element_count,
                    self.budget.remaining_budget)
        while True:
            token = match_token(data, pos)
            assert token is not None
            kind = token.lastgroup
            if kind == "close":
                break
            if len(out) >= limit:
                raise _Delegate  # pypdf raises its own limit error
            value, pos = self.simple(token, kind)
            out.append(value)
        self.spend(len(out))
        return out, token.end()


def preparse(page: PageObject, contents: ContentStream) -> None:
    """Give the page its content stream with the operations already read by this reader,
    so that `page.extract_text()` uses them instead of reading the stream again."""
    stream = ContentStream(None, contents.pdf, "bytes")  # what extract_text would build
    stream.set_data(contents.get_data())
    operations = parse_operations(stream.get_data())
    if operations is not None:
        stream._operations = operations
    page[NameObject("/Contents")] = stream
