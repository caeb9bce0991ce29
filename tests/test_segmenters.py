"""rjieba and jieba give the same facts: the default segmenter can be chosen on speed alone.

For every sample article (and every shared seed, when ../shared is present) the facts of the
default pipeline with segmenter="rjieba" equal those with segmenter="jieba": same type, start,
end and attributes. `rule` is ignored (it names the rule, not the fact), and so are the
fields that follow from the offsets (id, text, sentence, headline) or from linking (entity_id).

The two segmenters do tokenize differently (rjieba keeps `2024-05-20`, `0591-83332211` and
`www.pafj.net` whole where jieba splits at `-` and `.`), so this guards a real risk.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import CORPUS, SEEDS
from extractor.pipeline import PipelineConfig
from extractor.runner import Settings, process_file
from extractor.schema import DocumentResult

NOT_COMPARED = {"id", "doc_id", "text", "sentence", "headline", "rule", "entity_id"}


def _articles():
    params = [pytest.param(p, id=f"corpus/{p.name}") for p in sorted(CORPUS.glob("*.txt"))]
    if SEEDS.is_dir():
        params += [pytest.param(p, id=f"seeds/{p.name}") for p in sorted(SEEDS.glob("*.txt"))]
    else:
        params.append(pytest.param(None, id="seeds", marks=pytest.mark.skip(reason="../shared/seeds is not present")))
    return params


def _facts(path, segmenter: str) -> tuple[DocumentResult, Counter]:
    outcome = process_file(path, path.stem, Settings(config=PipelineConfig(segmenter=segmenter)))
    assert isinstance(outcome, DocumentResult), outcome
    keys = Counter()
    for fact in outcome.facts:
        data = fact.model_dump(mode="json")
        attrs = {k: v for k, v in data.items() if k not in NOT_COMPARED | {"type", "start", "end"}}
        keys[(data["type"], data["start"], data["end"], json.dumps(attrs, ensure_ascii=False, sort_keys=True))] += 1
    return outcome, keys


def test_corpus_is_not_empty():
    assert list(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("path", _articles())
def test_rjieba_facts_equal_jieba_facts(path):
    doc_j, jieba_facts = _facts(path, "jieba")
    _, rjieba_facts = _facts(path, "rjieba")
    assert jieba_facts, f"{path.name}: no facts at all, the comparison would prove nothing"
    if jieba_facts != rjieba_facts:
        text = doc_j.document.text or ""
        lines = [f"{path.name}: the segmenters disagree"]
        for label, diff in (("jieba only ", jieba_facts - rjieba_facts), ("rjieba only", rjieba_facts - jieba_facts)):
            for (kind, start, end, attrs), n in sorted(diff.items()):
                lines.append(f"  {label} {kind} [{start}:{end}] {text[start:end]!r} {attrs}" + (f" x{n}" if n > 1 else ""))
        pytest.fail("\n".join(lines))


def test_rjieba_dictionary_tags_equal_jieba_dictionary_tags():
    """The rjieba path asks jieba-rs for a word's tag instead of loading jieba's table: the
    two must agree on listed words (every 25th of the table) and give "x" for words
    neither lists."""
    from extractor.tokenizer import dictionary_tag, word_tags

    table = word_tags()
    words = list(table)[::25]
    for word in words:
        assert dictionary_tag(word) == table[word], word
    for word in ("4", "2024-05-20", "东亭有义", "abc", "火星省公安厅"):
        if word not in table:
            assert dictionary_tag(word) == "x", word


@pytest.mark.parametrize("segmenter", ["rjieba", "jieba"])
def test_documents_after_a_memory_zone_keep_their_tags(segmenter):
    """spaCy drops the strings added inside `nlp.memory_zone()` when it ends: the tokenizer
    must not remember hashes of tags or words first met there."""
    from extractor.pipeline import build_pipeline

    nlp = build_pipeline(PipelineConfig(segmenter=segmenter, model="none"))
    text = "南通市公安局抓获4名嫌疑人。"
    with nlp.memory_zone():
        inside = [(t.text, t.tag_) for t in nlp(text)]
    after = [(t.text, t.tag_) for t in nlp(text)]
    assert after == inside
    assert ("南通市", "ns") in after
