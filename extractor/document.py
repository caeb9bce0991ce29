"""From a processed spaCy Doc to a `DocumentResult`: the document record and its facts.

Facts quote the original text (not the normalized form the rules read) and carry their
sentence and news-item headline, so a reader can check and cite each one.
"""

from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from .candidates import text_of

from .normalize import to_simplified
from .numbers import as_int_if_whole
from .schema import Document, DocumentResult, Region
from .stages.sections import headline_at, sentence_at

_COMMON = ("id", "doc_id", "text", "start", "end", "sentence", "headline", "rule", "type")


def to_result(doc: Doc, doc_id: str, path: str = "<text>", sha256: str | None = None,
              encoding: str | None = None, keep_text: bool = True) -> DocumentResult:
    original = doc.user_data.get("original_text", text_of(doc))
    meta = doc.user_data.get("meta") or {}
    region: Region | None = doc.user_data.get("region")
    document = Document(
        id=doc_id, path=path,
        sha256=sha256 or hashlib.sha256(original.encode("utf-8")).hexdigest(),
        title=meta.get("title"), published=meta.get("published"), source=meta.get("source"),
        author=meta.get("author"), region=region, encoding=encoding,
        script=doc.user_data.get("script", "simplified"), n_chars=len(original),
        text=original if keep_text else None, warnings=list(dict.fromkeys(doc.user_data.get("warnings", []))),
    )
    facts = []
    headlines: dict[str, str] = {}  # per headline: finding it in the text is a scan
    for c in doc.user_data.get("facts", []):
        s_start, s_end = sentence_at(doc, c.start)
        s_end = max(s_end, c.end)
        record = {
            "id": f"{doc_id}:{c.start}-{c.end}:{c.type}",
            "doc_id": doc_id, "type": c.type,
            "text": original[c.start:c.end], "start": c.start, "end": c.end,
            "sentence": original[min(s_start, c.start):s_end],
            "headline": _original_headline(doc, original, c.start, headlines),
            "rule": c.rule,
        }
        attrs = {k: v for k, v in c.attrs.items() if not k.startswith("number_")}
        if "name" in attrs and document.script == "traditional":
            attrs["name"] = _original_name(original, c, attrs["name"])
        for key in ("value", "value_max"):
            if isinstance(attrs.get(key), float):
                attrs[key] = as_int_if_whole(attrs[key])
        record.update(attrs)
        facts.append(record)
    return DocumentResult.model_validate({"document": document, "facts": facts})


def _original_headline(doc: Doc, original: str, offset: int, memo: dict | None = None) -> str | None:
    headline = headline_at(doc, offset)
    if headline is None:
        return None
    if memo is not None and headline in memo:
        return memo[headline]
    i = text_of(doc).find(headline)
    found = original[i:i + len(headline)] if i >= 0 else headline
    if memo is not None:
        memo[headline] = found
    return found


def _original_name(original: str, c, name: str) -> str:
    """In a traditional-script text, report the name as the text writes it."""
    span = original[c.start:c.end]
    if to_simplified(span) == name:
        return span
    return name
