"""The SQLite export: tables, indexes, Chinese full-text search, a lossless round trip, atomic writes."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils
from typer.testing import CliRunner

from extractor import store
from extractor.cli import app
from extractor.output import write_json
from extractor.query import query
from extractor.store import export, read_db, trigram_supported

runner = CliRunner()
SPEC_FACT_COLUMNS = ["id", "doc_id", "type", "text", "start", "end", "sentence", "headline", "rule", "name", "role",
                     "org", "entity_id", "value", "value_max", "unit", "approx", "subject", "direction", "basis",
                     "metric", "points", "extra"]


@pytest.fixture(scope="module")
def db_path(corpus_kb, tmp_path_factory):
    return export(corpus_kb, tmp_path_factory.mktemp("store") / "kb.db")


@pytest.fixture()
def conn(db_path):
    conn = sqlite3.connect(db_path)
    yield conn
    conn.close()


def _indexed(conn, table):
    out = set()
    for _, name, *_ in conn.execute(f"PRAGMA index_list({table})"):
        out.add(tuple(r[2] for r in conn.execute(f"PRAGMA index_info({name})")))
    return out


def test_tables_columns_and_meta(conn, corpus_kb):
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "facts", "entities", "mentions", "statistics", "errors", "meta", "facts_fts"} <= tables
    assert [r[1] for r in conn.execute("PRAGMA table_info(facts)")][: len(SPEC_FACT_COLUMNS)] == SPEC_FACT_COLUMNS
    assert [r[1] for r in conn.execute("PRAGMA table_info(documents)")] == list(store.DOCUMENT_COLUMNS)
    assert dict(conn.execute("SELECT key, value FROM meta"))["schema_version"] == "1"
    assert conn.execute("SELECT count(*) FROM facts").fetchone()[0] == len(corpus_kb.facts)
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == sum(len(e.fact_ids) for e in corpus_kb.entities)
    fks = {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(mentions)")}
    assert fks == {("entities", "entity_id"), ("facts", "fact_id"), ("documents", "doc_id")}
    assert {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(facts)")} == {("documents", "doc_id")}


def test_indexes(conn):
    assert {("type",), ("doc_id",), ("entity_id",), ("value",)} <= _indexed(conn, "facts")
    assert ("published",) in _indexed(conn, "documents")


def test_values_are_typed_columns_and_the_rest_is_json(conn):
    value, typ = conn.execute("SELECT value, typeof(value) FROM facts WHERE type = 'count' LIMIT 1").fetchone()
    assert typ == "real" and value > 0
    assert conn.execute("SELECT count(*) FROM facts WHERE type = 'date' AND value IS NOT NULL").fetchone()[0] == 0
    iso = conn.execute("SELECT json_extract(extra, '$.value') FROM facts WHERE type = 'date' AND extra IS NOT NULL").fetchall()
    assert any(v and v[:2] == "20" for (v,) in iso)
    agent = conn.execute("SELECT json_extract(extra, '$.agent.name') FROM facts WHERE id = 'zj_fanzha_a:246-251:percentage'")
    assert agent.fetchone() == ("省公安厅",)


def test_full_text_search_finds_chinese_substrings(conn, corpus_kb):
    assert trigram_supported(), "this machine's SQLite lacks FTS5 trigram; the jieba test covers the fallback"
    assert "trigram" in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'facts_fts'").fetchone()[0]
    for needle in ("派出所", "义警服务站", "警務處"):
        found = {r[0] for r in conn.execute(
            "SELECT f.id FROM facts_fts JOIN facts f ON f.rowid = facts_fts.rowid WHERE facts_fts MATCH ?", [f'"{needle}"'])}
        expected = {f.id for f in corpus_kb.facts if any(needle in (s or "") for s in (f.sentence, f.text, getattr(f, "name", None)))}
        assert found == expected and found, needle
    # sqlite-utils' own search works on it too
    db = sqlite_utils.Database(conn)
    assert list(db["facts"].search('"派出所"', limit=1))


def test_round_trip_is_lossless(db_path, corpus_kb):
    assert read_db(db_path).model_dump_json() == corpus_kb.model_dump_json()


def test_statistics_and_unknown_fields_survive(corpus_kb, conn, tmp_path):
    assert conn.execute("SELECT count(*) FROM statistics").fetchone()[0] == len(corpus_kb.statistics)
    # A knowledge-base field with no table yet is kept as JSON in meta rather than dropped.
    from extractor.schema import KnowledgeBase

    class Newer(KnowledgeBase):
        notes: list[str] = []

    path = export(Newer(notes=["甲", "乙"]), tmp_path / "newer.db")
    with sqlite3.connect(path) as c:
        assert dict(c.execute("SELECT key, value FROM meta"))["kb.notes"] == '["甲", "乙"]'


def test_jieba_fallback(corpus_kb, db_path, tmp_path):
    path = export(corpus_kb, tmp_path / "jieba.db", fts="jieba")
    conn = sqlite3.connect(path)
    assert dict(conn.execute("SELECT key, value FROM meta"))["fts"] == "jieba"
    rows = conn.execute("SELECT f.id FROM facts_fts JOIN facts f ON f.rowid = facts_fts.rowid"
                        " WHERE facts_fts MATCH ?", ['"派出所"']).fetchall()
    conn.close()
    assert rows
    for needle in ("派出所", "民警", "警務處"):
        assert [h.fact.id for h in query(path, text=needle)] == [h.fact.id for h in query(db_path, text=needle)]
    assert read_db(path).model_dump_json() == corpus_kb.model_dump_json()


def test_export_is_one_transaction(corpus_kb, tmp_path, monkeypatch):
    if not hasattr(sqlite_utils.Database, "atomic"):
        pytest.skip("sqlite-utils 3 commits inside its helpers; the rename keeps the export all-or-nothing")
    seen, real_write = [], store._write

    def traced(db, kb, fts):
        db.conn.set_trace_callback(seen.append)
        real_write(db, kb, fts)
        db.conn.set_trace_callback(None)  # the one COMMIT comes after
        assert db.conn.in_transaction

    monkeypatch.setattr(store, "_write", traced)
    export(corpus_kb, tmp_path / "kb.db")
    assert not [s for s in seen if s.strip().upper().startswith(("COMMIT", "BEGIN"))]
    assert any(s.startswith("INSERT INTO [facts]") or s.startswith('INSERT INTO "facts"') for s in seen)


def test_failed_export_leaves_the_old_file(corpus_kb, db_path, tmp_path, monkeypatch):
    target = tmp_path / "kb.db"
    target.write_bytes(db_path.read_bytes())

    def boom(db, kb, fts):
        db["documents"].create({"id": str}, pk="id")
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_write", boom)
    with pytest.raises(RuntimeError):
        export(corpus_kb, target)
    assert target.read_bytes() == db_path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["kb.db"]


def test_export_replaces_an_existing_file(corpus_kb, tmp_path):
    target = tmp_path / "kb.db"
    target.write_bytes(b"old")
    export(corpus_kb, target)
    assert len(read_db(target).facts) == len(corpus_kb.facts)


def test_cli_export_and_run_to_db(corpus_kb, tmp_path):
    write_json(corpus_kb, tmp_path / "kb.json")
    result = runner.invoke(app, ["export", str(tmp_path / "kb.json"), "-o", str(tmp_path / "kb.db")])
    assert result.exit_code == 0, result.output
    assert f"{len(corpus_kb.facts)} facts" in result.stderr
    assert read_db(tmp_path / "kb.db").model_dump_json() == corpus_kb.model_dump_json()

    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "rugao.txt").write_text("如皋市公安局近日破获一起电信网络诈骗案，抓获犯罪嫌疑人7名，冻结涉案资金20万元。\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(articles), "-o", str(tmp_path / "run.db"), "--model", "none"])
    assert result.exit_code == 0, result.output
    kb = read_db(tmp_path / "run.db")
    assert [d.id for d in kb.documents] == ["rugao"]
    assert ("count", "犯罪嫌疑人7名") in {(f.type, f.text) for f in kb.facts}


def _dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_run_streams_the_same_database_as_export(corpus_kb, tmp_path):
    """`run -o kb.db` writes rows as results arrive (store_writer.DbWriter) and derives entities,
    mentions and statistics at the end: the database equals export() of the whole knowledge
    base, statement for statement, failed files included, on one worker and on two."""
    from extractor.kb import build
    from extractor.runner import run
    from conftest import CORPUS

    articles = tmp_path / "in"
    articles.mkdir()
    for path in sorted(CORPUS.glob("*.txt")):
        (articles / path.name).write_bytes(path.read_bytes())
    (articles / "m_empty.txt").write_bytes(b"")  # between the articles: errors arrive mid-stream
    batch = run([articles])
    assert batch.errors, "the empty file should fail: the errors table would go untested"
    export(build(batch.results, batch.errors), tmp_path / "export.db")
    expected = _dump(tmp_path / "export.db")
    for workers in ("1", "2"):
        out = tmp_path / f"run{workers}.db"
        result = runner.invoke(app, ["run", str(articles), "-o", str(out), "-w", workers, "--no-cache"])
        assert result.exit_code == 1, result.output  # one failed file
        assert _dump(out) == expected
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_failed_streamed_run_leaves_the_old_file(corpus_kb, db_path, tmp_path):
    from extractor.store_writer import DbWriter

    target = tmp_path / "kb.db"
    target.write_bytes(db_path.read_bytes())
    with pytest.raises(RuntimeError):
        with DbWriter(target):
            raise RuntimeError("interrupted")
    assert target.read_bytes() == db_path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["kb.db"]


def test_a_count_with_no_unit_survives_the_round_trip(tmp_path):
    from extractor import extract_document
    from extractor import kb as kb_builder

    kb = kb_builder.build([extract_document("向全市发送预警信息总数达405万，下达劝阻指令114万条。")])
    assert [(f.text, f.unit) for f in kb.facts if f.type == "count"] == [("405万", None), ("指令114万条", "条")]
    path = export(kb, tmp_path / "kb.db")
    assert read_db(path).model_dump_json() == kb.model_dump_json()
