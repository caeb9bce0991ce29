"""extractor serve: the Datasette metadata (every column described, facets, canned queries), the
region facet plugin, and the command's errors. Pages are fetched in-process with Datasette's own
`serve --get PATH`, with the same arguments `extractor serve` passes; tests/test_browser.py loads
them from a running server in Chromium."""

from __future__ import annotations

import json
import socket
import sqlite3
import sys

import pytest
from typer.testing import CliRunner

from extractor import datasette_meta, store
from extractor.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db_path(corpus_kb, tmp_path_factory):
    return store.export(corpus_kb, tmp_path_factory.mktemp("serve") / "kb.db")


def _columns(db_path) -> dict[str, list[str]]:
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        conn.close()


def test_every_table_and_column_of_an_export_is_described(db_path):
    columns = {t: c for t, c in _columns(db_path).items() if not t.startswith("facts_fts")}
    tables = datasette_meta.metadata("kb")["databases"]["kb"]["tables"]
    assert set(columns) == set(tables), "a table of the export has no title and description in datasette_meta.TABLES"
    for table, names in columns.items():
        assert tables[table]["title"] and tables[table]["description"]
        missing = [c for c in names if not tables[table]["columns"].get(c)]
        assert not missing, f"{table}: describe these columns in datasette_meta.TABLES: {missing}"
    for spec in (store.DOCUMENT_COLUMNS, store.FACT_COLUMNS, store.ENTITY_COLUMNS, store.MENTION_COLUMNS,
                 store.STATISTIC_COLUMNS):
        assert any(set(spec) <= set(t["columns"]) for t in tables.values())


def test_facets_and_queries():
    db = datasette_meta.metadata("kb")["databases"]["kb"]
    assert db["tables"]["facts"]["facets"] == ["type", {"region": "doc_id"}, "unit", "direction", "basis"]
    assert "region_province" in db["tables"]["documents"]["facets"]
    assert "percentages_down_yoy" in db["queries"] and "同比" in db["queries"]["percentages_down_yoy"]["title"]


def test_metadata_follows_the_file():
    meta = datasette_meta.metadata("other", {"facts": ["id", "type"], "documents": ["id"]})
    db = meta["databases"]["other"]
    assert set(db["tables"]) == {"facts", "documents"}
    assert set(db["tables"]["facts"]["columns"]) == {"id", "type"}
    assert "figures_in_several_articles" not in db["queries"]  # it reads statistics
    assert "percentages_down_yoy" in db["queries"]


def test_split_for_datasette_1():
    meta, config = datasette_meta.split(datasette_meta.metadata("kb"))
    assert meta["title"] == datasette_meta.TITLE
    facts_meta = meta["databases"]["kb"]["tables"]["facts"]
    assert set(facts_meta) == {"title", "description", "columns"}
    assert config["databases"]["kb"]["tables"]["facts"]["facets"][0] == "type"
    assert "percentages_down_yoy" in config["databases"]["kb"]["queries"]
    assert "queries" not in meta["databases"]["kb"]


def test_canned_queries_run(db_path):
    conn = sqlite3.connect(db_path)
    try:
        for name, query in datasette_meta.QUERIES.items():
            conn.execute(query["sql"], {"province": ""}).fetchall()
        rows = conn.execute(datasette_meta.QUERIES["percentages_down_yoy"]["sql"]).fetchall()
        expected = conn.execute("SELECT count(*) FROM facts WHERE type = 'percentage' AND direction = 'down' "
                                "AND basis = '同比'").fetchone()[0]
    finally:
        conn.close()
    assert len(rows) == expected > 0


# -- Datasette in-process, through the arguments extractor serve builds --

@pytest.fixture(scope="module")
def get(db_path):
    pytest.importorskip("datasette")
    from click.testing import CliRunner as ClickRunner
    from datasette.cli import cli as datasette_cli

    from extractor import serve

    serve.register_plugin()

    def fetch(path: str):
        with serve.prepared(db_path, immutable=True) as args:
            result = ClickRunner().invoke(datasette_cli, ["serve", *args, "--get", path])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout) if ".json" in path else result.stdout

    return fetch


def _sql(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _facet(data, name):
    return {r["label"]: r["count"] for r in data["facet_results"][name]["results"]}


def test_table_titles_and_facets(get, db_path):
    data = get("/kb/facts.json?_size=0")
    assert data["filtered_table_rows_count"] == _sql(db_path, "SELECT count(*) FROM facts")[0][0]
    assert set(data["facet_results"]) == {"type", "region_province", "unit", "direction", "basis"}
    assert _facet(data, "type") == dict(_sql(db_path, "SELECT type, count(*) FROM facts GROUP BY type"))
    by_region = dict(_sql(db_path, "SELECT coalesce(d.region_province, '(no region)'), count(*) FROM facts f "
                                   "JOIN documents d ON d.id = f.doc_id GROUP BY 1"))
    assert _facet(data, "region_province") == by_region
    meta = get("/-/metadata.json")
    assert meta["databases"]["kb"]["tables"]["facts"]["title"] == "Facts"
    page = get("/kb/facts")
    assert "<h1" in page and "Facts" in page and "One row per fact" in page


def test_region_filter(get, db_path):
    data = get("/kb/facts.json?_size=0&type=percentage&_region=%E6%B5%99%E6%B1%9F%E7%9C%81")  # 浙江省
    expected = _sql(db_path, "SELECT count(*) FROM facts f JOIN documents d ON d.id = f.doc_id "
                             "WHERE f.type = 'percentage' AND d.region_province = '浙江省'")[0][0]
    assert data["filtered_table_rows_count"] == expected > 0
    assert _facet(data, "region_province") == {"浙江省": expected}
    assert "浙江省" in data["human_description_en"]


def test_canned_query_page(get, db_path):
    rows = get("/kb/percentages_down_yoy.json?_shape=array")
    ids = [r[0] for r in _sql(db_path, "SELECT id FROM facts WHERE type = 'percentage' AND direction = 'down' "
                                       "AND basis = '同比'")]
    assert sorted(r["fact_id"] for r in rows) == sorted(ids)
    assert all(r["sentence"] for r in rows)


# -- the command's errors: one line, exit 2, before anything starts --

def _one_line_error(result):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_missing_and_corrupt_files(tmp_path):
    assert "no such knowledge base file" in _one_line_error(runner.invoke(app, ["serve", str(tmp_path / "no.db"), "--no-open"]))
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite at all" * 100)
    assert "bad.db" in _one_line_error(runner.invoke(app, ["serve", str(bad), "--no-open"]))
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert "not a knowledge base" in _one_line_error(runner.invoke(app, ["serve", str(other), "--no-open"]))


def test_port_in_use(db_path):
    pytest.importorskip("datasette")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        line = _one_line_error(runner.invoke(app, ["serve", str(db_path), "--port", str(port), "--no-open"]))
    assert f"127.0.0.1:{port}" in line and "--port" in line


def test_without_datasette(db_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette.version", None)  # import fails as if not installed
    line = _one_line_error(runner.invoke(app, ["serve", str(db_path), "--no-open"]))
    assert "pip install 'extractor[serve]'" in line


def test_articles_without_a_region(corpus_kb, tmp_path):
    """A document with no region is counted as (no region) and `_region=` (empty) selects its facts."""
    pytest.importorskip("datasette")
    from click.testing import CliRunner as ClickRunner
    from datasette.cli import cli as datasette_cli

    from extractor import serve

    kb = corpus_kb.model_copy(deep=True)
    kb.documents[0].region = None
    db_path = store.export(kb, tmp_path / "kb.db")
    serve.register_plugin()
    n = _sql(db_path, "SELECT count(*) FROM facts WHERE doc_id = ?", (kb.documents[0].id,))[0][0]
    assert n > 0
    with serve.prepared(db_path) as args:
        result = ClickRunner().invoke(datasette_cli, ["serve", *args, "--get", "/kb/facts.json?_size=0"])
        assert _facet(json.loads(result.stdout), "region_province")["(no region)"] == n
        result = ClickRunner().invoke(datasette_cli, ["serve", *args, "--get", "/kb/facts.json?_size=0&_region="])
    data = json.loads(result.stdout)
    assert data["filtered_table_rows_count"] == n
    assert _facet(data, "region_province") == {"(no region)": n}
