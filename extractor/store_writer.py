"""`extractor run -o kb.db`: the SQLite knowledge base written as results arrive.

`store.export(kb)` writes a whole in-memory knowledge base; `DbWriter` writes the same
tables, rows and order from a stream of results, so a corpus of any size is exported in
flat memory. The table layout and row conversions are `store`'s; this module only orders
the writes.
"""

from __future__ import annotations

import json
import os
import tempfile
from itertools import chain
from pathlib import Path
from typing import Iterator, Union

from .errors import UsageError
from .schema import Entity, FileError, KnowledgeBase
from .statistics import FIGURES, bucket_key, statistics_of
from .store import (_FACT_ADAPTER, STATISTIC_COLUMNS, _create_tables, _finish_tables, _insert_rows, _insert_sql,
                    _meta_rows, _with_search_text, document_row, entity_row, fact_row, statistic_row,
                    trigram_supported)


class DbWriter:
    """The SQLite knowledge base written as results arrive (`extractor run -o kb.db`), in the
    same tables, rows and order as `export(kb)` of the whole corpus, in flat memory.

        with DbWriter("kb.db") as out:
            for result in results:          # entity ids already set (kb.link_result)
                out.write(result)
            out.write_error(error)

    Documents, facts and errors are inserted as they come. What needs the whole corpus is
    derived at the end from what is stored: entities and mentions by one pass over the facts
    ordered by entity id (SQLite's binary order of UTF-8 text is Python's order of str), and
    statistics bucket by bucket (`statistics.bucket_key`: no statistic spans two buckets), from
    each figure kept as JSON in a temporary table; only each document's publication date stays
    in memory. One transaction into a temporary file, renamed into place on success."""

    def __init__(self, path: Union[str, Path], fts: str = "auto"):
        if fts == "auto":
            fts = "trigram" if trigram_supported() else "jieba"
        if fts not in ("trigram", "jieba"):
            raise UsageError(f"fts must be auto, trigram or jieba, not {fts!r}")
        self.path, self.fts = Path(path), fts
        self._db = self._tmp = None
        self._published: dict[str, str | None] = {}
        self._figures = 0

    def __enter__(self):
        import sqlite_utils

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        os.close(fd)
        try:
            db = self._db = sqlite_utils.Database(self._tmp)
            # No rollback journal at all: an in-memory one grows with every page the long
            # transaction rewrites (hundreds of MB on a large corpus), and nothing is ever
            # rolled back here, a failed run deletes the temporary file instead.
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.conn.execute("BEGIN")  # one transaction (sqlite-utils 4 helpers join it as savepoints)
            self._columns = _create_tables(db, self.fts)
            db.execute("CREATE TEMP TABLE _figures (seq INTEGER PRIMARY KEY, bucket TEXT, fact TEXT)")
            self._inserts = {name: _insert_sql(name, columns) for name, columns in self._columns.items()}
        except BaseException:
            self._discard()
            raise
        return self

    def write(self, result) -> None:
        conn = self._db.conn
        document = result.document
        self._published[document.id] = document.published
        row = document_row(document)
        conn.execute(self._inserts["documents"], [row[c] for c in self._columns["documents"]])
        fact_columns = self._columns["facts"]
        rows = (_with_search_text(fact_row(f)) if self.fts == "jieba" else fact_row(f) for f in result.facts)
        conn.executemany(self._inserts["facts"], ([row[c] for c in fact_columns] for row in rows))
        figures = [f for f in result.facts if f.type in FIGURES]
        if figures:
            conn.executemany("INSERT INTO temp._figures (seq, bucket, fact) VALUES (?, ?, ?)", (
                (self._figures + i, json.dumps(bucket_key(f), ensure_ascii=False), f.model_dump_json())
                for i, f in enumerate(figures)))
            self._figures += len(figures)

    def write_error(self, error: FileError) -> None:
        row = error.model_dump()
        self._db.conn.execute(self._inserts["errors"], [row[c] for c in self._columns["errors"]])

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self._discard()
            return False
        try:
            db = self._db
            _insert_rows(db, "entities", self._columns["entities"], self._entities())
            db.execute('INSERT INTO "mentions" ([entity_id], [fact_id], [doc_id]) SELECT entity_id, id, doc_id '
                       "FROM facts WHERE entity_id IS NOT NULL ORDER BY entity_id, rowid")
            self._statistics()
            _insert_rows(db, "meta", self._columns["meta"], _meta_rows(KnowledgeBase(), self.fts))
            _finish_tables(db, self.fts)
            db.execute("DROP TABLE temp._figures")
            db.conn.commit()
            db.close()
            with open(self._tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(self._tmp, self.path)
        except BaseException:
            self._discard()
            raise
        return False

    def _discard(self, *exc) -> None:
        """Close without committing and delete the temporary file (no rollback: no journal)."""
        try:
            if self._db is not None:
                self._db.close()
        finally:
            if self._tmp and os.path.exists(self._tmp):
                os.unlink(self._tmp)

    def _entities(self) -> Iterator[dict]:
        """What kb.build collects per entity, from the facts grouped by entity id in id order:
        its name (the id after the type), and the other names of its facts, in fact order."""
        cursor = self._db.conn.execute(
            "SELECT entity_id, type, name FROM facts WHERE entity_id IS NOT NULL ORDER BY entity_id, rowid")
        current = None
        for eid, kind, name in cursor:
            if current is None or current.id != eid:
                if current is not None:
                    yield entity_row(current)
                current = Entity(id=eid, type=kind, name=eid[len(kind) + 1:])
            if name != current.name and name not in current.aliases:
                current.aliases.append(name)
        if current is not None:
            yield entity_row(current)

    def _statistics(self) -> None:
        """statistics.statistics_of bucket by bucket; rows in the order of their first fact."""
        conn = self._db.conn
        names = ", ".join(f"[{c}]" for c in STATISTIC_COLUMNS)
        conn.execute(f"CREATE TEMP TABLE _statistics (seq INTEGER PRIMARY KEY, {names})")
        insert = f"INSERT INTO temp._statistics (seq, {names}) VALUES ({', '.join('?' * (1 + len(STATISTIC_COLUMNS)))})"

        def rows() -> Iterator[list]:
            bucket, facts, seqs = None, [], {}
            cursor = conn.execute("SELECT seq, bucket, fact FROM temp._figures ORDER BY bucket, seq")
            for seq, key, data in chain(cursor, [(None, None, None)]):  # streamed, not listed
                if key != bucket and facts:
                    for stat in statistics_of(facts, self._published):
                        row = statistic_row(stat)
                        yield [seqs[stat.fact_ids[0]], *(row[c] for c in STATISTIC_COLUMNS)]
                    facts, seqs = [], {}
                if data is None:
                    break
                bucket = key
                fact = _FACT_ADAPTER.validate_json(data)
                facts.append(fact)
                seqs.setdefault(fact.id, seq)

        conn.executemany(insert, rows())
        conn.execute(f'INSERT INTO "statistics" ({names}) SELECT {names} FROM temp._statistics ORDER BY seq')
        conn.execute("DROP TABLE temp._statistics")
