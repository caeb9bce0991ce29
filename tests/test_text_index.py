"""TextIndex (sections.py) answers as the one-off scans it replaces, at every offset."""

from __future__ import annotations

import random

import pytest

from conftest import ROOT
from extractor.stages.sections import TextIndex, paragraph_end, paragraph_start, split_sentences


def _sentence_at(sentences, offset):
    return next(((s, e) for s, e in sentences if s <= offset < e), (offset, offset))


def _stop_bounds(text, offset):
    """Reporters' sentence: from after the last 。！？ or line break before `offset` to its own stop."""
    start = max(text.rfind(ch, 0, offset) for ch in "。！？\n") + 1
    ends = [i for i in (text.find(ch, offset) for ch in "。！？\n") if i >= 0]
    return start, (min(ends) + 1 if ends else len(text))


def _texts():
    corpus = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    rng = random.Random(7)
    alphabet = "。！？；\n \u3000\t，甲乙1"
    randoms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(300)]
    return corpus + randoms


@pytest.mark.parametrize("text", _texts())
def test_text_index_matches_the_scans(text):
    sentences = split_sentences(text)
    index = TextIndex(text, sentences)
    for offset in range(len(text) + 1):
        assert index.sentence_at(offset) == _sentence_at(sentences, offset)
        assert index.paragraph_start(offset) == paragraph_start(text, offset)
        assert index.paragraph_end(offset) == paragraph_end(text, offset)
        assert index.stop_bounds(offset) == _stop_bounds(text, offset)
