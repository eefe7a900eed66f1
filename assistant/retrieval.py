"""Hybrid retrieval: BM25 and dense (Chroma) candidates, fused, then steered by metadata.

Weighted fusion of normalised scores: dense cosine and BM25 scaled by its best
score, plus the question's affinity to each document (council, year, type), so
a question naming "Medway" and "2019" lands in that report. At most a few
passages per document reach the top, so one long report cannot crowd out the rest; the
parts of a paragraph that a page break cut in two score together and take one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from assistant.abstention import role_played
from assistant.embedding import Embedder
from assistant.index import Index
from assistant.keyword import tokenize
from assistant.question import Question, analyse, document_affinity
from assistant.types import Chunk, DocumentMeta, Filters, Hit

POOL = 60


@dataclass(frozen=True)
class Weights:
    dense: float = 0.55
    keyword: float = 0.45
    affinity: float = 0.25
    per_document: int = 4
    fusion: str = "weighted"  # weighted | rrf
    list_bonus: float = 0.08  # list questions favour passages that are lists
    heading: float = 0.15  # a passage under a heading that echoes the question
    section: float = 0.2  # a passage in the standard section the question asks about


def retrieve(query: str, index: Index, embedder: Embedder, filters: Filters | None = None,
             k: int = 10, weights: Weights | None = None,
             question: Question | None = None, mode: str = "hybrid",
             vector: np.ndarray | None = None) -> list[Hit]:
    """The k best passages for the query, within the filters."""
    weights = weights or Weights()
    filters = filters or Filters()
    snap = index.snapshot()
    if not snap.chunks:
        return []
    question = question or analyse(query, snap.metas)
    mask = snap.mask(filters)
    affinity = {name: document_affinity(question, meta) for name, meta in snap.metas.items()}
    if not question.years:
        for name in latest_documents(snap.metas.values()):
            affinity[name] += RECENCY
    strongest = max(affinity.values(), default=0.0)
    focus_list = focus_terms(question, [snap.metas[n] for n, a in affinity.items()
                                        if a > 0 and a == strongest])
    focus = set(focus_list)  # headings are matched on the question's own words
    keyword_query = _with_synonyms(focus_list) + _role_words(question)
    keyword = (snap.keyword.term_scores(keyword_query) if mode != "dense"
               else np.zeros(len(snap.chunks)))
    if mask is not None:
        keyword = np.where(mask, keyword, 0.0)
    dense: dict[int, float] = {}
    if mode != "keyword":
        vector = embedder.embed([query])[0] if vector is None else vector
        allowed = snap.allowed_chunk_ids(filters)
        if allowed == []:
            return []
        for chunk_id, sim in index.vectors.query(vector, POOL, allowed):
            pos = snap.position.get(chunk_id)
            if pos is not None:
                dense[pos] = sim
    top_keyword = [int(i) for i in np.argsort(-keyword)[:POOL] if keyword[i] > 0]
    pointed = {n for n, a in affinity.items() if a > 0 and a == strongest}
    in_section = {p for p, tags in enumerate(snap.sections)
                  if tags and set(question.sections) & tags and snap.chunks[p].document in pointed
                  and (mask is None or mask[p])} if question.sections and pointed else set()
    # Who wrote, took or signed a paper is said in its header ("DECISION TO BE TAKEN BY:",
    # "From:"), in words no question echoes: its first passage is a candidate.
    front = ({snap.first_chunk[n] for n in pointed if n in snap.first_chunk}
             if question.kind == "who" and len(pointed) <= POINTED_FEW and strongest > RECENCY
             else set())
    if mask is not None:
        front = {p for p in front if mask[p]}
    candidates = set(dense) | set(top_keyword) | in_section | front
    halves = page_split_halves(snap.chunks, candidates, mask)
    candidates |= {p for pair in halves for p in pair}
    if mode == "hybrid" and vector is not None:
        _fill_dense(index, snap, vector, candidates - set(dense), dense)
    best_kw = float(keyword.max()) if keyword.size and keyword.max() > 0 else 1.0
    rank_d = {p: r for r, p in enumerate(sorted(dense, key=lambda p: -dense[p]))}
    rank_k = {p: r for r, p in enumerate(top_keyword)}
    scored = []
    for pos in candidates:
        chunk = snap.chunks[pos]
        d, kw = dense.get(pos, 0.0), float(keyword[pos]) / best_kw
        if weights.fusion == "rrf":
            base = sum(1.0 / (60 + r[pos]) for r in (rank_d, rank_k) if pos in r) * 30
        elif mode == "dense":
            base = d
        elif mode == "keyword":
            base = kw
        else:
            base = weights.dense * d + weights.keyword * kw
        score = (base + weights.affinity * affinity[chunk.document]
                 + weights.heading * _heading_match(chunk.heading, focus)
                 + (weights.section if pos in in_section or pos in front else 0.0))
        if question.kind == "list" and chunk.text.count("\n- ") >= 2:
            score += weights.list_bonus
        scored.append(Hit(chunk, snap.metas[chunk.document], score, d, kw))
    partner: dict[str, set[str]] = {}
    for a, b in halves:
        partner.setdefault(snap.chunks[a].id, set()).add(snap.chunks[b].id)
        partner.setdefault(snap.chunks[b].id, set()).add(snap.chunks[a].id)
    _score_split_paragraphs(scored, partner)
    scored.sort(key=lambda h: -h.score)
    return _diversify(scored, k, weights.per_document, partner)


SPLIT_SHARE = 0.95  # a page-split paragraph's part scores at least this share of its neighbour


def page_split_halves(chunks: list[Chunk], positions: Iterable[int],
                      mask: np.ndarray | None) -> set[tuple[int, int]]:
    """Pairs of neighbouring positions, one of them a candidate, that are one numbered
    paragraph a page break cut in two (the same paragraph, kind and heading going on to
    the next page)."""
    pairs: set[tuple[int, int]] = set()
    for pos in positions:
        for first, second in ((pos - 1, pos), (pos, pos + 1)):
            if first >= 0 and second < len(chunks) \
                    and (mask is None or (mask[first] and mask[second])) \
                    and _same_paragraph_across_pages(chunks[first], chunks[second]):
                pairs.add((first, second))
    return pairs


def _same_paragraph_across_pages(a: Chunk, b: Chunk) -> bool:
    return (a.document == b.document and a.paragraph is not None
            and a.paragraph == b.paragraph and b.page == a.page + 1
            and (a.kind == b.kind or {a.kind, b.kind} <= PROSE) and a.heading == b.heading)


PROSE = frozenset({"paragraph", "text"})  # a paragraph's words over the page are "text"


def _score_split_paragraphs(scored: list[Hit], partner: dict[str, set[str]]) -> None:
    """A paragraph that a page break cut in two answers as a whole: each part is scored
    at least nearly as well as its neighbour ("Reasons 1 and 5 ... were assessed as
    valid" on one page, "The reasons for this determination ..." on the next)."""
    if not partner:
        return
    found = {hit.chunk.id: hit.score for hit in scored}
    for i, hit in enumerate(scored):
        lifted = max((SPLIT_SHARE * found[p] for p in partner.get(hit.chunk.id, ()) if p in found),
                     default=hit.score)
        if lifted > hit.score:
            scored[i] = replace(hit, score=lifted)


def focus_terms(question: Question, pointed_at: list[DocumentMeta]) -> list[str]:
    """The question's keywords less those that only name the documents it points at
    (council, committee, title words, dates): those choose the document, through
    affinity, and would otherwise make every title page look like the answer."""
    described: set[str] = set()
    if len(pointed_at) > POINTED_FEW:
        return list(question.terms)  # it names a council, not a document: keep every word
    for meta in pointed_at:
        described.update(tokenize(" ".join(filter(None, (
            meta.title, meta.body, meta.council, meta.date, meta.document_type)))))
    kept = [t for t in question.terms if t not in described]
    return kept if len(kept) >= 2 else list(question.terms)


# Reports spell out what councillors abbreviate, and the reverse ("HMI" for "His Majesty's
# Inspector"); the keyword search looks for both. Stems, as tokenize() makes them.
SYNONYMS = {
    "hmi": ("inspector",), "led": ("lead",), "lac": ("look",), "cla": ("look",),
    "cic": ("care",), "uasc": ("unaccompani", "asylum"), "ehcp": ("ehc", "plan"),
    "send": ("special", "educ"), "kpi": ("indic",), "kpis": ("indic",),
    "mtfp": ("medium", "term", "financi"),
    "respit": ("break",),  # respite for disabled children is "short breaks" in council papers
}


def _with_synonyms(terms: list[str]) -> list[str]:
    """The terms, each abbreviation's words, and the abbreviation of words spelled out
    ("unaccompanied asylum-seeking" finds "UASC"; one word alone, "looked", is too loose)."""
    spelled = [short for short, words in SYNONYMS.items() if len(words) > 1
               and short not in terms and all(w in terms for w in words)]
    return terms + [s for t in terms for s in SYNONYMS.get(t, ()) if s not in terms] + spelled


# "Who proposed the call-in?": a call-in request is "submitted by" its proposers, a motion
# "moved"; "who wrote" a paper, its "author". Stems, as tokenize() makes them.
ROLE_WORDS = {"proposed": ("submit", "move"), "called": ("propos",), "moved": ("propos",),
              "wrote": ("author",)}


def _role_words(question: Question) -> list[str]:
    return [w for w in ROLE_WORDS.get(role_played(question), ()) if w not in question.terms]


POINTED_FEW = 3  # a question that singles out at most this many documents
RECENCY = 0.15  # with no year in the question, the latest report of its kind comes first


def latest_documents(metas: Iterable[DocumentMeta]) -> set[str]:
    """The newest document of each (council, document type)."""
    newest: dict[tuple[str | None, str | None], DocumentMeta] = {}
    for meta in metas:
        key = (meta.council, meta.document_type)
        if meta.date and (key not in newest or (newest[key].date or "") < meta.date):
            newest[key] = meta
    return {m.document for m in newest.values()}


def _heading_match(heading: str, focus: set[str]) -> float:
    if not heading or not focus:
        return 0.0
    return len(set(tokenize(heading)) & focus) / len(focus)


def _fill_dense(index: Index, snap, vector: np.ndarray, missing: set[int],  # type: ignore[no-untyped-def]
                dense: dict[int, float]) -> None:
    """Cosine similarity for keyword-only candidates, from their stored vectors."""
    if not missing:
        return
    ids = [snap.chunks[p].id for p in missing]
    got = index.vectors.collection.get(ids=ids, include=["embeddings"])
    embeddings = got["embeddings"] if got["embeddings"] is not None else []
    for chunk_id, emb in zip(got["ids"], embeddings, strict=False):
        pos = snap.position.get(chunk_id)
        if pos is not None:
            dense[pos] = float(np.dot(np.asarray(emb, dtype=np.float32), vector))


def _diversify(hits: list[Hit], k: int, per_document: int,
               partner: dict[str, set[str]] | None = None) -> list[Hit]:
    """The best hits, at most per_document from one document; the parts of a page-split
    paragraph take one place between them."""
    chosen: list[Hit] = []
    chosen_ids: set[str] = set()
    per_doc: dict[str, int] = {}
    partner = partner or {}
    for hit in hits:
        if partner.get(hit.chunk.id, set()) & chosen_ids:
            chosen.append(hit)  # the rest of a paragraph already chosen
        elif per_doc.get(hit.chunk.document, 0) >= per_document:
            continue
        else:
            per_doc[hit.chunk.document] = per_doc.get(hit.chunk.document, 0) + 1
            chosen.append(hit)
        chosen_ids.add(hit.chunk.id)
        if len(chosen) == k:
            break
    return chosen
