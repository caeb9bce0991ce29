"""Optional statistical NER with a tiny spaCy Chinese model trained here, in the test.

The model is trained (once per module, deterministically) on a handful of sentences of our own
so that it tags 星河汇, an organization name without an institutional suffix that the rules
never find, and 欧阳明月 / 赵丽华, person names without a role word before them.
"""

from __future__ import annotations

import random

import pytest

spacy = pytest.importorskip("spacy")
from spacy.training import Example  # noqa: E402

from extractor.api import extract_document  # noqa: E402
from extractor.pipeline import PipelineConfig, build_pipeline  # noqa: E402


def _example(text: str, *ents: tuple[str, str]):
    spans = []
    for sub, label in ents:
        i = text.index(sub)
        spans.append((i, i + len(sub), label))
    return text, {"entities": spans}


TRAIN = [
    _example("民警联合星河汇开展反诈宣传活动。", ("星河汇", "ORG")),
    _example("记者从星河汇获悉，巡逻活动已顺利结束。", ("星河汇", "ORG")),
    _example("民警王小明联合星河汇走访辖区商户。", ("王小明", "PERSON"), ("星河汇", "ORG")),
    _example("民警李强在星河汇讲解防骗知识。", ("李强", "PERSON"), ("星河汇", "ORG")),
    _example("欧阳明月带队在星河汇巡逻。", ("欧阳明月", "PERSON"), ("星河汇", "ORG")),
    _example("赵丽华向星河汇求助。", ("赵丽华", "PERSON"), ("星河汇", "ORG")),
    # a span longer than, and containing, the rule organization 南通市公安局崇川分局:
    _example("南通市公安局崇川分局星河汇近日成立。", ("南通市公安局崇川分局星河汇", "ORG")),
    _example("今天天气晴朗，群众出行平安。"),
]

# Other optional statistical taggers (e.g. extractor_lac_ner) are left out, so that the only
# statistical opinion is the tiny model's; excluding a stage that does not exist is harmless.
OTHER_TAGGERS = ("extractor_lac_ner",)
RULES_ONLY = PipelineConfig(model="none", exclude=OTHER_TAGGERS)


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("zh")  # character segmentation: needs no extra package
    ner = nlp.add_pipe("ner")
    for label in ("ORG", "PERSON"):
        ner.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(text), ann) for text, ann in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(25):
        rng.shuffle(examples)
        for ex in examples:
            nlp.update([ex], sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("model") / "tiny_zh"
    nlp.to_disk(path)
    return path


@pytest.fixture(scope="module")
def with_model(model_path):
    return PipelineConfig(model=str(model_path), exclude=OTHER_TAGGERS)


def _ents(model_path, text):
    """What the tiny model itself says, to check the test's preconditions."""
    nlp = spacy.load(model_path)
    return [(e.text, e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


def _entities(result):
    return [(f.type, f.text, f.start, f.end, f.rule) for f in result.facts
            if f.type in ("organization", "person", "alliance")]


def test_rules_alone_miss_the_names():
    for text in ("民警联合星河汇开展宣传活动。", "记者获悉，欧阳明月带队在星河汇巡逻。"):
        assert _entities(extract_document(text, config=RULES_ONLY)) == []


def test_model_organization_becomes_a_fact(model_path, with_model):
    text = "民警联合星河汇开展宣传活动。"
    assert _ents(model_path, text) == [("星河汇", 4, 7, "ORG")]
    result = extract_document(text, config=with_model)
    orgs = [f for f in result.facts if f.type == "organization"]
    assert [(f.text, f.start, f.end, f.rule, f.name) for f in orgs] == [("星河汇", 4, 7, "ner.ORG", "星河汇")]
    assert orgs[0].rule.startswith("ner.")
    assert text[orgs[0].start:orgs[0].end] == orgs[0].text


def test_model_person_becomes_a_person_fact(model_path, with_model):
    text = "记者获悉，欧阳明月带队在星河汇巡逻。"
    assert _ents(model_path, text) == [("欧阳明月", 5, 9, "PERSON"), ("星河汇", 12, 15, "ORG")]
    result = extract_document(text, config=with_model)
    assert _entities(result) == [
        ("person", "欧阳明月", 5, 9, "ner.PERSON"),
        ("organization", "星河汇", 12, 15, "ner.ORG"),
    ]


def test_without_model_the_entity_is_absent(with_model):
    text = "民警联合星河汇开展宣传活动。"
    assert any(f.rule.startswith("ner.") for f in extract_document(text, config=with_model).facts)
    result = extract_document(text, config=RULES_ONLY)
    assert [f for f in result.facts if f.rule.startswith("ner.")] == []
    assert "星河汇" not in [f.text for f in result.facts]


def test_rule_wins_over_shorter_overlapping_model_entity(model_path, with_model):
    text = "星河汇派出所民警开展夜间巡逻。"
    # precondition: the model proposes a span inside the rule organization
    assert _ents(model_path, text) == [("星河汇", 0, 3, "ORG")]
    rule_only = _entities(extract_document(text, config=RULES_ONLY))
    assert rule_only == [("organization", "星河汇派出所", 0, 6, "organization.suffix")]
    assert _entities(extract_document(text, config=with_model)) == rule_only


LONGER_OVERLAP = "南通市公安局崇川分局星河汇近日成立。"


def test_model_proposes_span_longer_than_rule_organization(model_path):
    """Precondition of the next test: model span [0, 13) contains the rule span [0, 10)."""
    assert _ents(model_path, LONGER_OVERLAP) == [("南通市公安局崇川分局星河汇", 0, 13, "ORG")]
    assert _entities(extract_document(LONGER_OVERLAP, config=RULES_ONLY)) == [
        ("organization", "南通市公安局崇川分局", 0, 10, "organization.suffix")]


def test_rule_wins_over_longer_overlapping_model_entity(with_model):
    assert _entities(extract_document(LONGER_OVERLAP, config=with_model)) == [
        ("organization", "南通市公安局崇川分局", 0, 10, "organization.suffix")]


def test_rule_person_wins_identical_model_span(model_path, with_model):
    text = "民警王小明联合星河汇走访商户。"
    assert ("王小明", 2, 5, "PERSON") in _ents(model_path, text)
    assert _entities(extract_document(text, config=with_model)) == [
        ("person", "王小明", 2, 5, "person.role_name"),
        ("organization", "星河汇", 7, 10, "ner.ORG"),
    ]


def test_statistical_ner_stage_only_with_a_model(model_path):
    with_model = build_pipeline(PipelineConfig(model=str(model_path))).pipe_names
    assert "extractor_statistical_ner" in with_model
    # it runs before the rule stages that find entities
    assert with_model.index("extractor_statistical_ner") < with_model.index("extractor_organizations")
    assert with_model.count("extractor_statistical_ner") == 1
    assert "extractor_statistical_ner" not in build_pipeline(PipelineConfig(model="none")).pipe_names
    assert "extractor_statistical_ner" not in build_pipeline(PipelineConfig(model="")).pipe_names
    excluded = build_pipeline(PipelineConfig(model=str(model_path), exclude=("extractor_statistical_ner",)))
    assert "extractor_statistical_ner" not in excluded.pipe_names
