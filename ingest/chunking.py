"""Chunking by structure: blocks -> chunks that fit the embedding model.

A numbered paragraph is a chunk; a list keeps its lead-in; a table keeps its
header row in every piece; headings join the passage that follows them. Only a
block longer than the token budget is split, at sentence (or list item, or row)
boundaries, and every piece keeps the block's page and paragraph number.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from assistant.types import Chunk
from ingest.structure import Block

SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[A-Z0-9‘“'\"(£])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage (or lines, for lists and tables), each verbatim."""
    pieces: list[str] = []
    for line in text.split("\n"):
        if "\t" in line:  # a table row is quoted whole: its cells only mean something together
            if line.strip():
                pieces.append(line.strip())
            continue
        pieces.extend(_line_sentences(line))
    return pieces


# A list marker is no sentence: "16. Cabinet resolved ..." and "a. NOTE the comments ... b.
# CONFIRM the decision ..." keep each marker with the item it opens. A letter at a
# sentence's end is the next item's marker only when it follows the line's last marker
# (b after a), opens a list after a colon ("the following: a.") or follows a finished
# sentence ("... of adoption. b."): "Part iii." and "option b." end their sentences.
BARE_MARKER = re.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivx]{1,4})[.)]")
OPENING_MARKER = re.compile(r"\(?([a-z]|[ivx]{1,4})[.)]\s")
TRAILING_MARKER = re.compile(r"\s\(?([a-z]|[ivx]{1,4})\.$")
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


def _next_marker(marker: str) -> set[str]:
    """The markers that can follow this one: the next letter, and the next numeral."""
    after = {chr(ord(marker) + 1)} if len(marker) == 1 and marker < "z" else set()
    if marker in ROMAN[:-1]:
        after.add(ROMAN[ROMAN.index(marker) + 1])
    return after


def _line_sentences(line: str) -> list[str]:
    pieces: list[str] = []
    start, last = 0, ""  # last: the latest item marker seen on the line
    for cut in SENTENCE_END.finditer(line):
        piece = line[start:cut.start()]
        if BARE_MARKER.fullmatch(piece.strip()):
            continue  # the marker opens the sentence that follows it
        opening = OPENING_MARKER.match(piece.strip())
        last = opening.group(1) if opening else last
        marker = TRAILING_MARKER.search(piece)
        before = piece[:marker.start()].rstrip() if marker else ""
        if marker and (marker.group(1) in _next_marker(last) if last else (
                before.endswith((".", ";")) or marker.group(1) in ("a", "i")
                and before.endswith(":"))):
            pieces.append(piece[:marker.start()])  # the next item's marker: cut before it
            start += marker.start()
            last = marker.group(1)
            continue
        pieces.append(piece)
        start = cut.end()
    pieces.append(line[start:])
    return [p.strip() for p in pieces if p.strip()]


def chunk_blocks(document: str, blocks: list[Block], count_tokens: Callable[[str], int],
                 budget: int = 200) -> list[Chunk]:
    """Chunks of one document, in reading order, with ids derived from their content."""
    drafts: list[tuple[Block, str]] = []
    pending_heading: Block | None = None
    for block in _rejoin_page_cuts(blocks):
        if block.kind == "heading":
            if pending_heading is not None and pending_heading.page == block.page:
                pending_heading.lines = [pending_heading.text, block.text]
                pending_heading.heading = block.heading
            else:
                _flush_heading(drafts, pending_heading)
                pending_heading = Block("heading", block.page, block.paragraph, block.heading,
                                        [block.text])
            continue
        lead = ""
        if pending_heading is not None and pending_heading.page == block.page:
            lead = pending_heading.text + "\n"
        else:
            _flush_heading(drafts, pending_heading)
        pending_heading = None
        for piece in _pieces(block, count_tokens, budget, lead):
            drafts.append((block, piece))
    _flush_heading(drafts, pending_heading)
    drafts = _merge_small(drafts, count_tokens, budget)
    return _with_ids(document, drafts)


# A page that ends mid-sentence, and the next page carries on ("As of October" /
# "2024, the service was working with 894 young adults."; "... the lives of" / "children.").
MONTH_AT_END = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September"
                          r"|October|November|December)$")


def _rejoin_page_cuts(blocks: list[Block]) -> list[Block]:
    """Move a sentence that a page break cuts in two into the block on the next page that
    finishes it, so that the sentence is whole in one passage (cited to the page where it
    ends). Blocks are copied where changed; the page's earlier sentences stay where they are."""
    out = [replace(b, lines=list(b.lines)) for b in blocks]
    for before, after in itertools.pairwise(out):
        if not (before.kind in ("paragraph", "text") and after.kind in ("paragraph", "text")
                and after.page == before.page + 1 and not after.own_number):
            continue
        text = before.text.rstrip()
        if not text or text.endswith((".", "!", "?", ":", ";", "\"", "”", "’", ")")):
            continue
        if not (after.text[:1].islower() or MONTH_AT_END.search(text)
                and after.text[:1].isdigit()):
            continue
        cuts = [m.end() for m in SENTENCE_END.finditer(text)]
        if not cuts:
            continue  # no sentence ends on the page: leave the blocks as they are
        before.lines = [text[:cuts[-1]].rstrip()]
        after.lines = [text[cuts[-1]:].strip(), *after.lines]
    return out


def _flush_heading(drafts: list[tuple[Block, str]], heading: Block | None) -> None:
    if heading is not None:
        drafts.append((heading, heading.text))


def _pieces(block: Block, count_tokens: Callable[[str], int], budget: int,
            lead: str) -> Iterable[str]:
    text = lead + block.text
    if count_tokens(text) <= budget:
        yield text
        return
    if block.kind == "table":
        header, *rows = block.lines
        yield from _pack([lead + header], rows, count_tokens, budget, joiner="\n")
        return
    units = split_sentences(block.text)
    yield from _pack([lead.strip()] if lead else [], units, count_tokens, budget,
                     joiner="\n" if block.kind == "list" else " ")


def _pack(prefix: list[str], units: list[str], count_tokens: Callable[[str], int],
          budget: int, joiner: str) -> Iterable[str]:
    """Greedy packing of units under the budget; the prefix (a table header) repeats."""
    repeat = prefix[:1] if prefix and "\t" in prefix[0] else []
    current = list(prefix)
    for unit in units:
        for part in _fit(unit, count_tokens, budget):
            candidate = joiner.join([*current, part])
            if current and current != repeat and count_tokens(candidate) > budget:
                yield joiner.join(current)
                current = [*repeat, part]
            else:
                current.append(part)
    if current and current != repeat:
        yield joiner.join(current)


def _fit(unit: str, count_tokens: Callable[[str], int], budget: int) -> list[str]:
    """A unit longer than the budget on its own is cut at word boundaries."""
    if count_tokens(unit) <= budget:
        return [unit]
    words, parts, current = unit.split(" "), [], []  # type: ignore[var-annotated]
    for word in words:
        if current and count_tokens(" ".join([*current, word])) > budget:
            parts.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        parts.append(" ".join(current))
    return parts


def _merge_small(drafts: list[tuple[Block, str]], count_tokens: Callable[[str], int],
                 budget: int) -> list[tuple[Block, str]]:
    """Unnumbered scraps (a title page's lines, a short note) join the passage before them."""
    merged: list[tuple[Block, str]] = []
    for block, text in drafts:
        if merged:
            prev_block, prev_text = merged[-1]
            joinable = (not block.own_number and block.kind in ("text", "heading")
                        and prev_block.page == block.page
                        and prev_block.paragraph == block.paragraph
                        and prev_block.kind != "table")
            if joinable and count_tokens(prev_text + "\n" + text) <= budget:
                merged[-1] = (prev_block, prev_text + "\n" + text)
                continue
        merged.append((block, text))
    return merged


def _with_ids(document: str, drafts: list[tuple[Block, str]]) -> list[Chunk]:
    seen: Counter[str] = Counter()
    chunks = []
    for ordinal, (block, text) in enumerate(drafts):
        key = f"{document}\x1f{block.page}\x1f{block.paragraph}\x1f{text}"
        seen[key] += 1
        digest = hashlib.sha1(f"{key}\x1f{seen[key]}".encode()).hexdigest()[:24]
        kind = block.kind if block.kind != "heading" else "text"
        chunks.append(Chunk(id=digest, document=document, text=text, page=block.page,
                            paragraph=block.paragraph, heading=block.heading, kind=kind,
                            ordinal=ordinal))
    return chunks
