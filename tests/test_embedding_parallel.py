"""The int8 embedder runs batches side by side: the vectors must not depend on that."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embedding import OnnxInt8Embedder
from assistant.settings import Settings


@pytest.mark.real
def test_parallel_batches_give_the_same_vectors_in_the_same_order() -> None:
    model = Settings().resolved_model()
    texts = [f"Paragraph {i}: " + "caseloads and workforce stability " * (i % 9 + 1)
             for i in range(37)]
    parallel = OnnxInt8Embedder(model, batch_size=4, workers=2).embed(texts)
    one_by_one = np.vstack([OnnxInt8Embedder(model, workers=1).embed([t]) for t in texts])
    assert parallel.shape == (37, 384)
    assert np.allclose(np.linalg.norm(parallel, axis=1), 1.0, atol=1e-5)
    assert np.all(np.sum(parallel * one_by_one, axis=1) > 0.9999)
    assert OnnxInt8Embedder(model).embed([]).shape == (0, 384)
