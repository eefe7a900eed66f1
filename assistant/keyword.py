"""Keyword (BM25) search over chunk texts, with a tokenizer tuned for council papers.

Lowercased word tokens, numbers kept ("27", "2019", "5.6"), words stemmed,
common words dropped. Scores for all chunks come back at once, so a filter is a mask.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse

TOKEN = re.compile(r"[a-z0-9]+(?:[.'’][a-z0-9]+)*")
# "re-procure" and "reprocure" are one word, and not "procure" ("re-referrals" are not
# referrals): papers spell them both ways.
REPEATED = re.compile(r"\bre[-\u2010\u2011](?=[a-z])")
STOPWORDS = frozenset(["a", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "so", "than", "that", "the", "their", "them", "there", "these", "they", "this", "those", "to", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you", "your", "about", "after", "also", "any", "all", "been", "more", "most", "much", "not", "now", "over", "such", "tell", "me", "please", "say", "said", "says", "list", "some", "give", "describe", "name", "according"])


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens, stop words dropped, English (Snowball) stems."""
    tokens = []
    for raw in TOKEN.findall(REPEATED.sub("re", text.lower().replace("’", "'"))):
        token = raw.removesuffix("'s")
        if token in STOPWORDS:
            continue
        tokens.append(stem(token))
    return tokens


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if any(ch.isdigit() for ch in word):
        return word
    return str(_STEMMER.stemWord(word))


_STEMMER = snowballstemmer.stemmer("english")


class KeywordIndex:
    """Okapi BM25 over a fixed list of texts (k1=1.2, b=0.75)."""

    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        docs = [tokenize(t) for t in texts]
        self.vocab: dict[str, int] = {}
        rows, cols, counts = [], [], []
        for row, tokens in enumerate(docs):
            freq: dict[int, int] = {}
            for tok in tokens:
                col = self.vocab.setdefault(tok, len(self.vocab))
                freq[col] = freq.get(col, 0) + 1
            for col, count in freq.items():
                rows.append(row)
                cols.append(col)
                counts.append(count)
        n = len(docs)
        self.size = n
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        avg = float(lengths.mean()) if n else 1.0
        tf = sparse.csr_matrix((np.array(counts, dtype=np.float32), (rows, cols)),
                               shape=(n, max(1, len(self.vocab))))
        df = np.bincount(np.array(cols, dtype=np.int64), minlength=tf.shape[1])
        self.idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = k1 * (1 - b + b * lengths / max(avg, 1e-6))
        tf = tf.tocoo()
        weights = tf.data * (k1 + 1) / (tf.data + norm[tf.row])
        self.matrix = sparse.csc_matrix((weights * self.idf[tf.col], (tf.row, tf.col)),
                                        shape=tf.shape)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every text for the query (zeros where nothing matches)."""
        return self.term_scores(tokenize(query))

    def term_scores(self, terms: Iterable[str]) -> np.ndarray:
        """BM25 score of every text for terms already tokenized (stemming is not
        idempotent: "decision" -> "decis" -> "deci", so stems are never stemmed again)."""
        cols = sorted({self.vocab[t] for t in terms if t in self.vocab})
        if not cols or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.matrix[:, cols].sum(axis=1)).ravel()

    def term_idf(self, token: str) -> float:
        col = self.vocab.get(token)
        if col is None:
            return float(math.log(1 + (self.size + 0.5) / 0.5))
        return float(self.idf[col])
