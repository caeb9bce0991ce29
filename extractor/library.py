"""The notebook API: load a knowledge base, filter its facts, hand it to pandas.

    import extractor
    kb = extractor.load("kb.db")                  # or kb.json / kb.jsonl
    extractor.facts(kb, type="percentage", direction="down", basis="同比")
    extractor.query("kb.db", text="派出所", sort="value")   # facts with their documents, via SQL
    frames = extractor.to_pandas("kb.db")         # {"documents", "facts", "entities"} DataFrames

These are functions rather than KnowledgeBase methods because `KnowledgeBase.facts` is the
list of facts itself. Each takes a KnowledgeBase, a path, or an open sqlite_utils.Database.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Union

from pydantic import ValidationError

from . import store
from .query import EntityReport, Filters, Hit, entity_reports, find_entities, open_source, query
from .schema import SCHEMA_VERSION, KnowledgeBase
from .store import KBFileError, export

__all__ = ["load", "facts", "query", "to_pandas", "export", "Filters", "Hit", "find_entities", "entity_reports",
           "EntityReport", "KBFileError", "highlight", "validation_message"]

_CATEGORIES = {"type": ("organization", "alliance", "person", "count", "percentage", "money", "date"),
               "direction": ("up", "down"), "basis": ("同比", "环比"),
               "approx": ("more_than", "about", "nearly", "at_least")}


def load(path: Union[str, Path]) -> KnowledgeBase:
    """A `.json`, `.jsonl` or `.db` knowledge base; KBFileError naming the file if it is not one."""
    from .output import FORMATS, read_kb

    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise KBFileError(f"{path}: not a knowledge base file; expected {', '.join(FORMATS)}")
    if not path.is_file():
        raise KBFileError(f"{path}: no such knowledge base file")
    try:
        return read_kb(path)
    except ValidationError as exc:
        if any(e["loc"][:1] == ("schema_version",) for e in exc.errors()):
            raise KBFileError(f"{path}: unknown schema_version; this extractor reads {SCHEMA_VERSION}") from None
        raise KBFileError(f"{path}: not a valid knowledge base ({validation_message(exc)})") from None
    except (ValueError, UnicodeDecodeError, sqlite3.DatabaseError) as exc:
        raise KBFileError(f"{path}: not a valid knowledge base ({str(exc).splitlines()[0]})") from None


def facts(kb_or_db, type=None, **filters) -> list:
    """The facts matching the filters (see `Filters`), without their documents."""
    return [hit.fact for hit in query(kb_or_db, type=type, **filters)]


def validation_message(exc: ValidationError, option: bool = False) -> str:
    """One line for the first problem of a ValidationError: `field: message (got value)`.

    With `option`, the field is named as the command-line option (`--min-value`).
    """
    e = exc.errors()[0]
    msg = e["msg"].removeprefix("Value error, ")
    if not e["loc"]:
        return msg
    field = str(e["loc"][0]) if option else ".".join(str(p) for p in e["loc"])
    field = "--" + field.replace("_", "-") if option else field
    got = f" (got {e['input']!r})" if "input" in e and isinstance(e["input"], (str, int, float)) else ""
    return f"{field}: {msg}{got}"


def highlight(hit: Hit) -> tuple[str, str, str]:
    """The fact's sentence split as (before, the fact's text, after), for display."""
    fact, sentence, text = hit.fact, hit.fact.sentence, hit.document.text
    i = -1
    if text:  # place the sentence in the document, so a repeated span is cut at the right place
        s0 = text.find(sentence, max(0, fact.end - len(sentence)))
        if 0 <= s0 <= fact.start:
            i = fact.start - s0
    if i < 0 or sentence[i: i + len(fact.text)] != fact.text:
        i = sentence.find(fact.text)
    if i < 0:
        return sentence, "", ""
    return sentence[:i], fact.text, sentence[i + len(fact.text):]


# -- pandas --

def _pandas():
    try:
        import pandas
    except ImportError:
        raise KBFileError("to_pandas needs pandas: pip install 'extractor[pandas]'") from None
    return pandas


def to_pandas(kb_or_db) -> dict:
    """DataFrames `documents`, `facts` and `entities`, the same columns as the SQLite tables.

    Categories for type/unit/direction/basis/approx, datetime64 for `published`, float for
    `value`; `extra` (JSON in SQLite) and `aliases` become Python objects.
    """
    pd = _pandas()
    with open_source(kb_or_db) as source:
        if isinstance(source, KnowledgeBase):
            documents = [store.document_row(d) for d in source.documents]
            fact_rows = [store.fact_row(f) for f in source.facts]
            entities = [store.entity_row(e) for e in source.entities]
        else:
            def table(name, columns):
                return list(store.rows(source, f"SELECT {store.select_columns('t', columns)} FROM {name} t ORDER BY t.rowid"))

            documents = table("documents", store.DOCUMENT_COLUMNS)
            fact_rows = table("facts", store.FACT_COLUMNS)
            entities = table("entities", ("id", "type", "name", "aliases"))
    return {"documents": _documents_frame(pd, documents), "facts": _facts_frame(pd, fact_rows),
            "entities": _entities_frame(pd, entities)}


def _json_column(series):
    return series.map(lambda v: json.loads(v) if isinstance(v, str) else None).astype(object)


def _documents_frame(pd, rows):
    df = pd.DataFrame.from_records(rows, columns=list(store.DOCUMENT_COLUMNS))
    df["published"] = pd.to_datetime(df["published"], format="ISO8601", errors="coerce")
    df["n_chars"] = df["n_chars"].astype("int64")
    df["extra"] = _json_column(df["extra"])
    return df


def _facts_frame(pd, rows):
    df = pd.DataFrame.from_records(rows, columns=list(store.FACT_COLUMNS))
    for column, categories in _CATEGORIES.items():
        df[column] = pd.Categorical(df[column], categories=categories)
    df["unit"] = df["unit"].astype("category")
    for column in ("value", "value_max"):
        df[column] = pd.to_numeric(df[column], errors="coerce").astype("float64")
    df[["start", "end"]] = df[["start", "end"]].astype("int64")
    df["points"] = df["points"].astype("boolean")
    df["extra"] = _json_column(df["extra"])
    return df


def _entities_frame(pd, rows):
    df = pd.DataFrame.from_records(rows, columns=["id", "type", "name", "aliases"])
    df["type"] = pd.Categorical(df["type"], categories=_CATEGORIES["type"][:3])
    df["aliases"] = df["aliases"].map(lambda v: json.loads(v) if v else []).astype(object)
    return df

