"""What a rule stage hands to the merge stage: a typed span with attributes and its rule.

Rule stages append `Candidate`s to `doc.user_data["candidates"]`; the merge stage (one
place, as in presidio's analyzer) resolves overlaps and turns survivors into facts. Plain
dataclasses on the hot path; pydantic only at the knowledge-base edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from spacy.tokens import Doc


@dataclass
class Candidate:
    type: str
    start: int
    end: int
    rule: str
    attrs: dict[str, Any] = field(default_factory=dict)
    score: float = 1.0

    @property
    def length(self) -> int:
        return self.end - self.start


_DERIVED: dict[tuple[int, object], tuple[object, object]] = {}


def derived(source, build):
    """`build(source)`, computed once per `source` object (a pattern list or model, which
    lives as long as the process) instead of on every call of a hot rule. The source is
    held, so its id cannot be reused for another object while the entry exists."""
    key = (id(source), build)
    entry = _DERIVED.get(key)
    if entry is None or entry[0] is not source:
        if len(_DERIVED) > 256:
            _DERIVED.clear()
        entry = _DERIVED[key] = (source, build(source))
    return entry[1]


def text_of(doc: Doc) -> str:
    """The normalized text the rules read. `Doc.text` joins every token on each access, so
    the tokenizer stores the string once and stages read it from here."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


class Word(NamedTuple):
    """A segmenter word with the same attribute names as a spaCy Token (idx, text, tag_).
    Stages walk these plain tuples: creating spaCy Token objects one by one costs more
    than the rules themselves."""

    idx: int
    text: str
    tag_: str


def words_of(doc: Doc) -> list[Word]:
    found = doc.user_data.get("words")
    if found is None:
        found = doc.user_data["words"] = [Word(t.idx, t.text, t.tag_) for t in doc]
    return found


def candidates(doc: Doc) -> list[Candidate]:
    return doc.user_data.setdefault("candidates", [])


def add(doc: Doc, cand: Candidate) -> None:
    """Append `cand` when its span lies inside the text (`text_of` and `candidates`, read
    here without the calls: every rule stage adds its candidates one by one)."""
    data = doc.user_data
    text = data.get("text")
    if text is None:
        text = text_of(doc)
    if 0 <= cand.start < cand.end <= len(text):
        found = data.get("candidates")
        if found is None:
            found = data.setdefault("candidates", [])
        found.append(cand)


def of_type(doc: Doc, *types: str) -> list[Candidate]:
    return [c for c in candidates(doc) if c.type in types]
