"""Optional statistical NER: an installed spaCy Chinese pipeline's `ner`, merged with the rules.

When a user has `zh_core_web_sm`/`md`/`lg`/`trf` installed (or passes `--model PATH`), its
entities join the rule candidates as a second opinion. Merge policy (applied in merge.py):
a rule candidate always wins an overlap; a model entity that overlaps no rule candidate is
kept when it passes the same filters as rule names (not a class noun such as 派出所, a person
name of 2-4 Han characters). The model runs on the original text with its own tokenizer:
`zh_core_web_*` were trained on pkuseg tokens and lose accuracy on jieba's.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..candidates import Candidate, add, text_of

log = logging.getLogger(__name__)
KNOWN_MODELS = ("zh_core_web_trf", "zh_core_web_lg", "zh_core_web_md", "zh_core_web_sm")
LABELS = {"ORG": "organization", "PERSON": "person", "PER": "person", "NORP": None}


def find_installed_model() -> str | None:
    """The best installed spaCy Chinese pipeline that really loads, or None."""
    for name in KNOWN_MODELS:
        if spacy.util.is_package(name):
            try:
                _load(name)
                return name
            except Exception as exc:  # the PyPI placeholder stub installs but cannot load
                log.warning("spaCy model %s is installed but does not load (%s); skipping it", name, exc)
    return None


@lru_cache(maxsize=4)
def _load(name_or_path: str):
    nlp = spacy.load(name_or_path, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
    if "ner" not in nlp.pipe_names:
        raise ValueError(f"{name_or_path} has no ner component")
    return nlp


class StatisticalNER:
    def __init__(self, model: str):
        self.model_name = model
        self.model = _load(model)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get("original_text", text_of(doc))
        for ent in self.model(text).ents:
            kind = LABELS.get(ent.label_)
            if kind:
                add(doc, Candidate(kind, ent.start_char, ent.end_char, f"ner.{ent.label_}",
                                   {"name": text_of(doc)[ent.start_char:ent.end_char]}, score=0.5))
        return doc


@Language.factory("extractor_statistical_ner", default_config={"model": ""})
def make_statistical_ner(nlp: Language, name: str, model: str):
    return StatisticalNER(model)
