"""Properties every knowledge base must have, on the sample corpus and the shared seeds."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from conftest import ROOT

SCHEMA = json.loads((ROOT / "schema" / "kb.schema.json").read_text(encoding="utf-8"))


def _check(kb):
    texts = {d.id: d.text for d in kb.documents}
    assert kb.facts, "no facts at all"
    for f in kb.facts:
        assert texts[f.doc_id][f.start:f.end] == f.text, f
        assert f.text in f.sentence
    jsonschema.validate(json.loads(kb.model_dump_json()), SCHEMA)


def test_corpus_offsets_and_schema(corpus_kb):
    assert len(corpus_kb.documents) == len(list((ROOT / "corpus").glob("*.txt")))
    assert corpus_kb.errors == []
    _check(corpus_kb)


def test_seed_offsets_and_schema(seeds_kb):
    assert len(seeds_kb.documents) == 5
    _check(seeds_kb)


def test_committed_schema_is_current():
    from extractor.schema import KnowledgeBase

    assert KnowledgeBase.model_json_schema() == SCHEMA, "run: extractor schema -o schema/kb.schema.json"


def test_entities_point_at_their_facts(corpus_kb):
    facts = {f.id: f for f in corpus_kb.facts}
    for e in corpus_kb.entities:
        assert e.fact_ids
        for fid in e.fact_ids:
            assert facts[fid].entity_id == e.id
