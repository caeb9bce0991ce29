"""A knowledge base as a SQLite file, for journalists' notebooks and `sqlite-utils`/Datasette.

    export(kb, "kb.db")      # one transaction into a temporary file, renamed into place
                             # (store_writer.DbWriter writes the same from a stream of results)
    read_db("kb.db")         # back to a KnowledgeBase, losslessly
    open_db("kb.db")         # read-only sqlite_utils.Database, schema version checked

Tables: documents, facts (one column per fact attribute; anything a column cannot hold, such
as a date fact's ISO value or a figure's agent, period and region, goes in the JSON column
`extra`), entities, mentions (entity, fact, document), statistics (one figure reported by
several facts), errors and meta (schema_version, generator, fts; and, as JSON under `kb.NAME`,
any knowledge-base field this module has no table for yet, so an export never loses data). `facts_fts` indexes
facts.sentence, facts.text and facts.name for Chinese: FTS5's trigram tokenizer (SQLite
>= 3.34) matches any substring of three characters or more; where it is missing, a
jieba-segmented column `search_text` is indexed instead (meta `fts` says which).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Union

from pydantic import TypeAdapter

from .errors import UsageError
from .schema import SCHEMA_VERSION, Document, Entity, Fact, FileError, KnowledgeBase, Region

DOCUMENT_COLUMNS = {
    "id": str, "path": str, "sha256": str, "title": str, "published": str, "source": str,
    "region_province": str, "region_city": str, "region_county": str, "n_chars": int, "text": str,
    "extra": str,
}
FACT_COLUMNS = {
    "id": str, "doc_id": str, "type": str, "text": str, "start": int, "end": int, "sentence": str,
    "headline": str, "rule": str, "name": str, "role": str, "org": str, "entity_id": str,
    "value": float, "value_max": float, "unit": str, "approx": str, "subject": str,
    "direction": str, "basis": str, "metric": str, "points": int, "extra": str,
}
STATISTIC_COLUMNS = {"id": str, "type": str, "value": float, "unit": str, "topic": str, "fact_ids": str,
                     "doc_ids": str, "extra": str}
ENTITY_COLUMNS = {"id": str, "type": str, "name": str, "aliases": str}
MENTION_COLUMNS = {"entity_id": str, "fact_id": str, "doc_id": str}
PRIMARY_KEYS = {"documents": "id", "facts": "id", "entities": "id", "statistics": "id", "meta": "key"}
FOREIGN_KEYS = {"facts": [("doc_id", "documents", "id")],
                "mentions": [("entity_id", "entities", "id"), ("fact_id", "facts", "id"), ("doc_id", "documents", "id")]}
FTS_COLUMNS = ("sentence", "text", "name")
_TABLES = {"schema_version", "generator", "documents", "facts", "entities", "statistics", "errors"}
INDEXES = {"facts": (["type"], ["doc_id"], ["entity_id"], ["value"]), "documents": (["published"],),
           "mentions": (["entity_id"], ["fact_id"])}
_NUMBERS = {"value", "value_max"}
_FACT_ADAPTER = TypeAdapter(Fact)


class KBFileError(UsageError):
    """A knowledge base file is missing, corrupt, or of a schema version we do not read."""


# -- rows: one function per table, used by the export and by to_pandas on an in-memory KB --

def _json(value) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value not in (None, {}, []) else None


def _fits(column: str, value) -> bool:
    if value is None:
        return True
    if column in _NUMBERS:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if column == "points":
        return isinstance(value, bool)
    return isinstance(value, FACT_COLUMNS[column])


def fact_row(fact) -> dict:
    row = dict.fromkeys(FACT_COLUMNS)
    extra = {}
    for key, value in fact.model_dump().items():
        if key in FACT_COLUMNS and key != "extra" and _fits(key, value):
            row[key] = int(value) if isinstance(value, bool) else value
        elif value is not None:
            extra[key] = value
    row["extra"] = _json(extra)
    return row


def document_row(doc: Document) -> dict:
    data = doc.model_dump()
    region = data.pop("region")
    row = {key: data.pop(key) for key in ("id", "path", "sha256", "title", "published", "source", "n_chars", "text")}
    row.update(region_province=None, region_city=None, region_county=None)
    extra = {k: v for k, v in data.items() if v not in (None, [])}
    if region is not None:
        row.update(region_province=region["province"], region_city=region["city"], region_county=region["county"])
        extra["region_code"] = region["code"]  # kept even when None: it marks that a region was found
    row["extra"] = json.dumps(extra, ensure_ascii=False) if extra else None
    return row


def entity_row(entity: Entity) -> dict:
    return {"id": entity.id, "type": entity.type, "name": entity.name,
            "aliases": json.dumps(entity.aliases, ensure_ascii=False)}


def statistic_row(statistic) -> dict:
    data = statistic.model_dump()
    row = {k: data.pop(k) for k in ("id", "type", "value", "unit", "topic")}
    row.update(fact_ids=json.dumps(data.pop("fact_ids"), ensure_ascii=False),
               doc_ids=json.dumps(data.pop("doc_ids"), ensure_ascii=False),
               extra=_json({k: v for k, v in data.items() if v is not None}))
    return row


def statistic_from_row(row: dict):
    from .schema import Statistic

    data = {k: row[k] for k in ("id", "type", "value", "unit", "topic")}
    if isinstance(data["value"], float) and data["value"].is_integer():
        data["value"] = int(data["value"])
    data.update(fact_ids=json.loads(row["fact_ids"]), doc_ids=json.loads(row["doc_ids"]), **json.loads(row["extra"] or "{}"))
    return Statistic.model_validate(data)


def fact_from_row(row: dict):
    data = {k: v for k, v in row.items() if v is not None and k in FACT_COLUMNS and k != "extra"}
    if "points" in data:
        data["points"] = bool(data["points"])
    for key in _NUMBERS & data.keys():  # REAL in SQLite; the pipeline writes whole numbers as int
        if isinstance(data[key], float) and data[key].is_integer():
            data[key] = int(data[key])
    if row.get("extra"):
        data.update(json.loads(row["extra"]))
    return _FACT_ADAPTER.validate_python(data)


def document_from_row(row: dict) -> Document:
    data = {k: row[k] for k in ("id", "path", "sha256", "title", "published", "source", "n_chars", "text")}
    extra = json.loads(row["extra"]) if row.get("extra") else {}
    if "region_code" in extra:
        data["region"] = Region(province=row["region_province"], city=row["region_city"],
                                county=row["region_county"], code=extra.pop("region_code"))
    data.update(extra)
    return Document.model_validate(data)


# -- writing --

@lru_cache(maxsize=1)
def trigram_supported() -> bool:
    """True when this SQLite's FTS5 has the trigram tokenizer (SQLite >= 3.34)."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError:
        return False
    return True


@contextmanager
def _transaction(db) -> Iterator[None]:
    if hasattr(db, "atomic"):  # sqlite-utils >= 4: every helper below joins this one transaction
        with db.atomic():
            yield
    else:  # sqlite-utils 3 commits inside its helpers; the temporary file + rename keeps it all-or-nothing
        with db.conn:
            yield


def export(kb: KnowledgeBase, path: Union[str, Path], fts: str = "auto") -> Path:
    """Write `kb` to the SQLite file `path`, replacing it atomically. `fts`: auto, trigram or jieba."""
    import sqlite_utils

    if fts == "auto":
        fts = "trigram" if trigram_supported() else "jieba"
    if fts not in ("trigram", "jieba"):
        raise UsageError(f"fts must be auto, trigram or jieba, not {fts!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite_utils.Database(tmp)
        try:
            # Journal in memory, no fsync while writing: a crash leaves only the temporary file.
            db.execute("PRAGMA journal_mode=MEMORY")
            db.execute("PRAGMA synchronous=OFF")
            with _transaction(db):
                _write(db, kb, fts)
        finally:
            db.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _insert_sql(name: str, columns) -> str:
    return f'INSERT INTO "{name}" ({", ".join(f"[{c}]" for c in columns)}) VALUES ({", ".join("?" * len(columns))})'


def _insert_rows(db, name: str, columns, records) -> None:
    db.conn.executemany(_insert_sql(name, columns), ([row[c] for c in columns] for row in records))


def _create_tables(db, fts: str) -> dict[str, dict]:
    """Every table with its columns, keys and foreign keys (by sqlite-utils), in export order."""
    tables = {
        "documents": DOCUMENT_COLUMNS,
        "facts": dict(FACT_COLUMNS, **({"search_text": str} if fts == "jieba" else {})),
        "entities": ENTITY_COLUMNS,
        "mentions": MENTION_COLUMNS,
        "statistics": STATISTIC_COLUMNS,
        "errors": {"path": str, "kind": str, "message": str},
        "meta": {"key": str, "value": str},
    }
    for name, columns in tables.items():
        db[name].create(columns, pk=PRIMARY_KEYS.get(name), foreign_keys=FOREIGN_KEYS.get(name, []))
    return tables


def _finish_tables(db, fts: str) -> None:
    """Indexes and full-text search, once the rows are in."""
    for table, indexes in INDEXES.items():
        for columns in indexes:
            db[table].create_index(columns)
    if fts == "trigram":
        db["facts"].enable_fts(FTS_COLUMNS, tokenize="trigram")
    else:
        db["facts"].enable_fts(["search_text"])


def _write(db, kb: KnowledgeBase, fts: str) -> None:
    """Tables, foreign keys, indexes and FTS by sqlite-utils; rows by executemany, which is several
    times faster than insert_all on 100,000 facts (no per-row type detection) and runs in the
    same transaction."""
    columns = _create_tables(db, fts)
    records = {
        "documents": (document_row(d) for d in kb.documents),
        "facts": (_with_search_text(fact_row(f)) if fts == "jieba" else fact_row(f) for f in kb.facts),
        "entities": (entity_row(e) for e in kb.entities),
        "mentions": _mentions(kb),
        "statistics": (statistic_row(s) for s in getattr(kb, "statistics", [])),
        "errors": (e.model_dump() for e in kb.errors),
        "meta": _meta_rows(kb, fts),
    }
    for name, rows in records.items():
        _insert_rows(db, name, columns[name], rows)
    _finish_tables(db, fts)


def _mentions(kb: KnowledgeBase) -> Iterator[dict]:
    doc_of = {f.id: f.doc_id for f in kb.facts}
    for e in kb.entities:
        for fid in e.fact_ids:
            yield {"entity_id": e.id, "fact_id": fid, "doc_id": doc_of.get(fid)}


def _meta_rows(kb: KnowledgeBase, fts: str) -> list[dict]:
    rows = [{"key": "schema_version", "value": str(kb.schema_version)}, {"key": "generator", "value": kb.generator},
            {"key": "fts", "value": fts}]
    for name in type(kb).model_fields:
        if name not in _TABLES:
            value = kb.model_dump(mode="json", include={name})[name]
            rows.append({"key": f"kb.{name}", "value": json.dumps(value, ensure_ascii=False)})
    return rows


def _with_search_text(row: dict) -> dict:
    from .tokenizer import segment

    text = " ".join(row[c] for c in FTS_COLUMNS if row[c])
    row["search_text"] = " ".join(w for w in segment(text) if w.strip())
    return row


# -- reading --

def open_db(path: Union[str, Path]):
    """The knowledge base at `path`, read-only; KBFileError if it is not one we can read."""
    import sqlite_utils

    path = Path(path)
    if not path.is_file():
        raise KBFileError(f"{path}: no such knowledge base file")
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise KBFileError(f"{path}: not a knowledge base database ({exc})") from None
    version = meta.get("schema_version")
    if version != str(SCHEMA_VERSION):
        conn.close()
        raise KBFileError(f"{path}: unknown schema_version {version!r}; this extractor reads {SCHEMA_VERSION}")
    return sqlite_utils.Database(conn)


def meta(db) -> dict[str, str]:
    """The meta table: schema_version, generator, fts (trigram or jieba)."""
    return dict(db.conn.execute("SELECT key, value FROM meta").fetchall())


def read_db(path: Union[str, Path]) -> KnowledgeBase:
    """Load a `.db` written by `export` back into a KnowledgeBase."""
    db = open_db(path)
    try:
        return _read(db)
    except sqlite3.DatabaseError as exc:
        raise KBFileError(f"{path}: corrupt knowledge base database ({exc})") from None
    finally:
        db.close()


def rows(db, sql: str, params=()) -> Iterator[dict]:
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


def select_columns(alias: str, columns) -> str:
    return ", ".join(f'{alias}."{c}"' for c in columns)


def read_entities(db) -> list[Entity]:
    mentions: dict[str, list[tuple[str, str]]] = {}
    for entity_id, fact_id, doc_id in db.conn.execute("SELECT entity_id, fact_id, doc_id FROM mentions ORDER BY rowid"):
        mentions.setdefault(entity_id, []).append((fact_id, doc_id))
    entities = []
    for r in rows(db, "SELECT id, type, name, aliases FROM entities ORDER BY rowid"):
        pairs = mentions.get(r["id"], [])
        entities.append(Entity(id=r["id"], type=r["type"], name=r["name"], aliases=json.loads(r["aliases"] or "[]"),
                               fact_ids=[f for f, _ in pairs], doc_ids=list(dict.fromkeys(d for _, d in pairs if d))))
    return entities


def _read(db) -> KnowledgeBase:
    documents = [document_from_row(r) for r in rows(
        db, f"SELECT {select_columns('d', DOCUMENT_COLUMNS)} FROM documents d ORDER BY d.rowid")]
    facts = [fact_from_row(r) for r in rows(
        db, f"SELECT {select_columns('f', FACT_COLUMNS)} FROM facts f ORDER BY f.rowid")]
    entities = read_entities(db)
    errors = [FileError(**r) for r in rows(db, "SELECT path, kind, message FROM errors ORDER BY rowid")]
    data = {"generator": meta(db).get("generator", "extractor"), "documents": documents, "facts": facts,
            "entities": entities, "errors": errors}
    if db["statistics"].exists():
        data["statistics"] = [statistic_from_row(r) for r in rows(
            db, f"SELECT {select_columns('s', STATISTIC_COLUMNS)} FROM statistics s ORDER BY s.rowid")]
    data.update((key[3:], json.loads(value)) for key, value in meta(db).items()
                if key.startswith("kb.") and key[3:] in KnowledgeBase.model_fields)
    return KnowledgeBase.model_validate(data)
