"""From a processed spaCy Doc to a `DocumentResult`: the document record and its facts.

Facts quote the original text (not the normalized form the rules read) and carry their
sentence and news-item headline, so a reader can check and cite each one.
"""

from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from .candidates import text_of
from .glosses import strip_glosses
from .normalize import to_simplified
from .numbers import as_int_if_whole
from .schema import Document, DocumentResult, Region
from .stages.sections import headlines_at, sentences_at

_COMMON = ("id", "doc_id", "text", "start", "end", "sentence", "headline", "rule", "type")


def to_result(doc: Doc, doc_id: str, path: str = "<text>", sha256: str | None = None,
              encoding: str | None = None, keep_text: bool = True) -> DocumentResult:
    original = doc.user_data.get("original_text", text_of(doc))
    # the page as read, when pinyin glosses were cut before the rules (glosses.py)
    page = doc.user_data.get("source_text", original)
    meta = doc.user_data.get("meta") or {}
    region: Region | None = doc.user_data.get("region")
    source_offsets = doc.user_data.get("source_offsets")
    document = Document(
        id=doc_id, path=path,
        sha256=sha256 or hashlib.sha256(page.encode("utf-8")).hexdigest(),
        title=_as_on_page(meta.get("title"), original, page, source_offsets), published=meta.get("published"),
        source=_as_on_page(meta.get("source_as_written", meta.get("source")), original, page, source_offsets),
        author=meta.get("author"), region=region, encoding=encoding,
        script=doc.user_data.get("script", "simplified"), n_chars=len(page),
        text=page if keep_text else None, warnings=list(dict.fromkeys(doc.user_data.get("warnings", []))),
    )
    facts = doc.user_data.get("facts", [])
    offsets = [c.start for c in facts]
    sentences = sentences_at(doc, offsets)
    headlines = _original_headlines(doc, original, offsets)
    if source_offsets is not None:  # every offset back to the page as read, glosses and all
        facts = [_Located(c, *_on_page(source_offsets, c.start, c.end), page) for c in facts]
        sentences = [_on_page(source_offsets, s, e) for s, e in sentences]
    records = [_record(c, doc_id, page, sentence, headline, document.script == "traditional")
               for c, sentence, headline in zip(facts, sentences, headlines)]
    return DocumentResult.model_validate({"document": document, "facts": records})


def _as_on_page(found: str | None, original: str, page: str, source_offsets: list[int] | None) -> str | None:
    """A string found in the text the rules read (a headline), as the page writes it."""
    if not found or source_offsets is None:
        return found
    i = original.find(found)
    return found if i < 0 else page[source_offsets[i]:source_offsets[i + len(found)]].rstrip()


def _on_page(source_offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """A span of the text the rules read as a span of the page, the glosses inside it and
    after its last character included (中工網(wǎng), 2個(gè))."""
    return source_offsets[start], source_offsets[end]


class _Located:
    """A candidate placed on the page as read: its attributes, at the page's offsets. A name
    is reported as the page writes it, glosses and all (中工网(wǎng)), as a traditional-script
    name is; the knowledge base files it under its plain form (kb.canonical_name)."""

    __slots__ = ("type", "rule", "attrs", "start", "end")

    def __init__(self, c, start: int, end: int, page: str):
        self.type, self.rule, self.attrs, self.start, self.end = c.type, c.rule, c.attrs, start, end
        name = c.attrs.get("name")
        span = page[start:end].translate(_NO_QUOTES)  # (“美團(tuán)流動義警隊”: the name has no quotes)
        if name and span != name and to_simplified(strip_glosses(span)[0]) == to_simplified(name):
            self.attrs = {**c.attrs, "name": span}


_NO_QUOTES = str.maketrans("", "", "“”\"「」『』‘’")


def _record(c, doc_id: str, original: str, sentence: tuple[int, int], headline: str | None,
            traditional: bool) -> dict:
    """One fact as the knowledge base writes it: the candidate's attributes (less the
    `number_*` offsets the stages keep for themselves) over the common fields. Built for
    every fact of every document, so the few steps are written out plainly."""
    start, end = c.start, c.end
    s_start, s_end = sentence
    attrs = c.attrs
    record = {
        "id": f"{doc_id}:{start}-{end}:{c.type}",
        "doc_id": doc_id, "type": c.type,
        "text": original[start:end], "start": start, "end": end,
        # the sentence, widened to the fact where the fact runs past it
        "sentence": original[s_start if s_start < start else start:s_end if s_end > end else end],
        "headline": headline,
        "rule": c.rule,
        **attrs,
    }
    for key in attrs:
        if key.startswith("number_"):
            del record[key]  # no common field starts so: only the attribute is dropped
    if traditional and "name" in attrs:
        record["name"] = _original_name(original, c, record["name"])
    value = record.get("value")
    if isinstance(value, float):
        record["value"] = as_int_if_whole(value)
    value = record.get("value_max")
    if isinstance(value, float):
        record["value_max"] = as_int_if_whole(value)
    return record


def _original_headlines(doc: Doc, original: str, offsets: list[int]) -> list[str | None]:
    """The headline of each offset as the original text writes it; finding a headline in
    the text is a scan, so each distinct headline is looked up once."""
    found: dict[str, str] = {}
    out = []
    for headline in headlines_at(doc, offsets):
        if headline is not None and headline not in found:
            found[headline] = _original_headline_text(doc, original, headline)
        out.append(None if headline is None else found[headline])
    return out


def _original_headline_text(doc: Doc, original: str, headline: str) -> str:
    i = text_of(doc).find(headline)
    return original[i:i + len(headline)] if i >= 0 else headline


def _original_name(original: str, c, name: str) -> str:
    """In a traditional-script text, report the name as the text writes it."""
    span = original[c.start:c.end]
    if to_simplified(span) == name:
        return span
    return name
