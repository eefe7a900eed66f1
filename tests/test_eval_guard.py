"""Regression guard: the evaluation set, with the real model, must stay above its floors.

The floors are recorded in evaluation/floors.json, a little under the figures measured
when they were set, so that noise does not fail CI but a real drop does.
"""

from __future__ import annotations

import json

import pytest

from assistant.service import Assistant
from evaluation.runner import evaluate
from evaluation.systems import Ours
from tests.conftest import ROOT

pytestmark = pytest.mark.real

FLOORS = json.loads((ROOT / "evaluation" / "floors.json").read_text())
DATASET = ROOT / "evaluation" / "datasets" / "council.jsonl"


def test_accuracy_stays_above_the_recorded_floors(real_assistant: Assistant) -> None:
    overall, _, _ = evaluate(DATASET, [Ours(real_assistant)])
    scores = overall["scrutiny"]
    below = {name: (round(scores[name], 3), floor) for name, floor in FLOORS["scrutiny"].items()
             if scores[name] < floor}
    assert not below, f"below the floor (measured, floor): {below}"
    ceilings = FLOORS.get("ceilings", {})
    above = {name: (round(scores[name], 3), ceiling) for name, ceiling in ceilings.items()
             if scores[name] > ceiling}
    assert not above, f"above the ceiling (measured, ceiling): {above}"
