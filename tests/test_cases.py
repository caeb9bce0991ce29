"""Table-driven extraction cases (Recognizers-Text style): tests/cases/*.yaml.

Each case gives a text and, for the fact types it names, the exact list of facts expected:
no fact may be missing and none may be extra. Only the keys written in a case are compared,
so a case about counts does not need to spell out every sentence field.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractor import extract

CASES = []
for path in sorted((Path(__file__).parent / "cases").glob("*.yaml")):
    for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
        CASES.append(pytest.param(case, id=f"{path.stem}-{i}-{case['text'][:12]}"))


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    facts = extract(case["text"])
    types = case["types"]
    got = [f.model_dump() for f in facts if f.type in types]
    expected = case["expected"]
    assert [{k: g.get(k) for k in e} for g, e in zip(got, expected)] == expected, got
    assert len(got) == len(expected), [g["text"] for g in got]
    for g in got:
        assert case["text"][g["start"]:g["end"]] == g["text"]
