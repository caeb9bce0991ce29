"""A document's result as the JSON line the knowledge base stores, made once and reused.

Workers send results to the parent in this form and the result cache keeps them in it. The
JSON is made once, in the worker, after the entity ids are set; the parent of a `.jsonl`
run writes it as it is, and a re-run served by the cache copies it from the cache file to
the output without parsing it. Measured on 700-character articles: making the JSON costs
~0.7 ms a document, parsing it back into models ~0.35 ms, pickling the models across
processes (what a pool does with them otherwise) ~1 ms. A re-run that rebuilt every model
only to serialize it again would take ~15% of the first run instead of a few percent, and
a parent serializing for two workers is a third process competing for two cores.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from .schema import DocumentResult


@dataclass(frozen=True)
class EncodedResult:
    """`json` is the `DocumentResult` as one line of UTF-8 (kept as bytes: it is read from
    a file and written to one); `fact_types` counts its facts by type (what a batch summary
    needs without parsing `json`)."""

    json: bytes
    fact_types: dict[str, int]

    @classmethod
    def encode(cls, result: DocumentResult) -> EncodedResult:
        return cls(_json_bytes(result), dict(Counter(f.type for f in result.facts)))

    def decode(self) -> DocumentResult:
        return DocumentResult.model_validate_json(self.json)

    def to_bytes(self) -> bytes:
        """A header line (fact counts, and the body's length to catch a damaged file) and
        the body."""
        body = self.json
        header = json.dumps({"fact_types": self.fact_types, "bytes": len(body)}, ensure_ascii=False)
        return header.encode() + b"\n" + body

    @classmethod
    def from_bytes(cls, data: bytes) -> EncodedResult:
        """The entry `to_bytes` wrote; ValueError when it is damaged or of another format."""
        head, sep, body = data.partition(b"\n")
        if not sep:
            raise ValueError("no header line")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("bytes") != len(body):
            raise ValueError("body length differs from the header's")
        fact_types = header.get("fact_types")
        if not isinstance(fact_types, dict):
            raise ValueError("no fact counts in the header")
        return cls(body, fact_types)


def _json_bytes(result: DocumentResult) -> bytes:
    """`result.model_dump_json().encode()`, the same bytes: pydantic's serializer writes
    UTF-8 bytes, which model_dump_json decodes to a str that we would encode back (two
    copies of every line, ~15% of the encoding time)."""
    return type(result).__pydantic_serializer__.to_json(result)
