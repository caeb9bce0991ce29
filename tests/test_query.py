"""Queries over the corpus: exact results, the same facts from SQLite and from memory, the CLI."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

import extractor
from extractor.cli import app
from extractor.library import facts, highlight, load, to_pandas
from extractor.query import Filters, build_sql, query
from extractor.store import export

runner = CliRunner()


@pytest.fixture(scope="module")
def db(corpus_kb, tmp_path_factory):
    return export(corpus_kb, tmp_path_factory.mktemp("query") / "kb.db")


def _ids(hits):
    return [h.fact.id for h in hits]


def _pairs(hits):
    return [(h.fact.doc_id, h.fact.text) for h in hits]


# Every 同比 decrease the corpus's gold files list, in knowledge-base order.
DOWN_YOY = [
    ("fj_newspage", "19.7%"), ("fj_newspage", "32.6%"), ("fj_newspage", "27.1%"),
    ("gz_fabuhui", "12.7%"), ("gz_fabuhui", "21.3%"), ("gz_fabuhui", "18.4%"), ("gz_fabuhui", "8.2%"),
    ("gz_fabuhui", "9.6%"), ("haian_yijing", "13.6%"),
    ("hk_crime_trad", "百分之十二"), ("zhuzhou_xiaye", "20.4%"), ("zhuzhou_xiaye", "10.7%"),
    ("zj_fanzha_a", "21.5%"), ("zj_fanzha_b", "21.5%"), ("zj_fanzha_b", "18.3%"),
]


@pytest.mark.parametrize("where", ["memory", "db"])
def test_percentages_down_year_on_year(corpus_kb, db, where):
    hits = query(corpus_kb if where == "memory" else db, type="percentage", direction="down", basis="同比")
    assert _pairs(hits) == DOWN_YOY
    assert all(h.document.id == h.fact.doc_id for h in hits)


@pytest.mark.parametrize("where", ["memory", "db"])
def test_largest_down_year_on_year_first(corpus_kb, db, where):
    hits = query(corpus_kb if where == "memory" else db, type="percentage", direction="down", basis="同比",
                 sort="value", limit=3)
    assert _pairs(hits) == [("fj_newspage", "32.6%"), ("fj_newspage", "27.1%"), ("zj_fanzha_a", "21.5%")]


@pytest.mark.parametrize("needle", ["派出所", "民警", "警", "公安厅反诈"])
def test_text_is_a_substring_of_sentence_text_or_name(corpus_kb, db, needle):
    expected = [f.id for f in corpus_kb.facts if any(needle in (s or "") for s in (f.sentence, f.text, getattr(f, "name", None)))]
    assert expected, needle
    assert _ids(query(corpus_kb, text=needle)) == expected
    assert _ids(query(db, text=needle)) == expected


def test_two_character_text_goes_by_like_and_longer_by_fts(db):
    short, _ = build_sql(Filters(text="民警"))
    long, params = build_sql(Filters(text="派出所"))
    assert "facts_fts" not in short and "LIKE" in short
    assert "facts_fts MATCH ?" in long and params[0] == '"派出所"'


def test_region_matches_province_city_or_county(corpus_kb, db):
    nantong = [f.id for f in corpus_kb.facts if f.doc_id == "haian_yijing"]
    assert _ids(query(db, region="南通")) == nantong
    assert _ids(query(corpus_kb, region="南通市")) == nantong
    assert {h.fact.doc_id for h in query(db, region="浙江")} == {"zj_fanzha_a", "zj_fanzha_b"}
    assert {h.fact.doc_id for h in query(db, region="海安")} == {"haian_yijing"}  # by county
    assert query(db, region="义乌") == []  # zj_fanzha_b is the province's: 义乌 is an example in it
    assert query(db, region="西藏") == []


def _plain_span(fact, doc):
    period = getattr(fact, "period", None)
    if period is not None and (period.start or period.end):
        return period.start or "0000-01-01", period.end or doc.published or "9999-12-31"
    return doc.published, doc.published


def test_since_until_is_period_overlap_else_publication_date(corpus_kb, db):
    docs = {d.id: d for d in corpus_kb.documents}
    spans = {f.id: _plain_span(f, docs[f.doc_id]) for f in corpus_kb.facts}
    in_2023 = [fid for fid, (start, end) in spans.items() if start and start <= "2023-12-31" and end >= "2023-01-01"]
    got = _ids(query(db, since="2023", until="2023"))
    assert got == in_2023 == _ids(query(corpus_kb, since="2023", until="2023"))
    # Both outlets' 2023 figure for 浙江 is found by its period, though published in 2024.
    pairs = _pairs(query(db, since="2023", until="2023", type="count"))
    assert ("zj_fanzha_a", "电诈案件3.2万起") in pairs
    later = [fid for fid, (start, end) in spans.items() if start and end >= "2024-04-01"]
    assert _ids(query(db, since="2024-04")) == later
    newest = query(db, sort="date", limit=1)[0]
    assert newest.document.published == max(d.published for d in corpus_kb.documents if d.published)


def test_agent_filter_and_other_sources(corpus_kb, db):
    hits = query(db, agent="公安厅", type="count", min_value=32000, max_value=32000)
    assert sorted(h.fact.doc_id for h in hits) == ["fj_newspage", "zj_fanzha_a", "zj_fanzha_b"]
    by_doc = {h.fact.doc_id: h.also_reported_by for h in hits}
    assert by_doc == {"fj_newspage": [], "zj_fanzha_a": ["zj_fanzha_b"], "zj_fanzha_b": ["zj_fanzha_a"]}
    memory = {h.fact.doc_id: h.also_reported_by for h in query(corpus_kb, agent="公安厅", type="count",
                                                               min_value=32000, max_value=32000)}
    assert memory == by_doc
    assert query(db, agent="不存在的机构") == []


def test_org_matches_aliases_sentences_and_agents(corpus_kb, db):
    hits = query(db, org="省公安厅", type="percentage", direction="down", basis="同比")
    # 浙江省公安厅 is written 省公安厅 in both Zhejiang articles; 福建省公安厅 reports the Fujian figures.
    assert ("zj_fanzha_a", "21.5%") in _pairs(hits) and ("zj_fanzha_b", "21.5%") in _pairs(hits)
    assert ("fj_newspage", "19.7%") in _pairs(hits)
    assert ("haian_yijing", "13.6%") not in _pairs(hits)
    alliance = query(corpus_kb, org="海邑义警", type="alliance")
    assert alliance and all(h.fact.doc_id == "haian_yijing" for h in alliance)


FILTERS = [
    {}, {"type": "count"}, {"type": "count,percentage", "sort": "value"}, {"text": "派出所"}, {"text": "民警"},
    {"text": "%"}, {"text": "_"}, {"text": "警務處"}, {"text": "ABC"}, {"org": "公安"}, {"org": "志愿联盟", "type": "count"},
    {"region": "南通"}, {"region": "浙江", "sort": "value", "limit": 5}, {"since": "2024-04"}, {"until": "2024-03", "sort": "date"},
    {"min_value": 1000, "type": "count", "sort": "value"}, {"max_value": 5}, {"min_value": 10, "max_value": 30},
    {"direction": "up"}, {"basis": "环比"}, {"sort": "date"}, {"type": "date"}, {"entity": "organization:浙江省公安厅"},
    {"text": "诈骗", "region": "浙江", "min_value": 1, "sort": "date", "limit": 7},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: json.dumps(f, ensure_ascii=False))
def test_same_facts_from_sqlite_and_memory(corpus_kb, db, filters):
    in_memory = query(corpus_kb, **filters)
    from_db = query(db, **filters)
    assert _ids(from_db) == _ids(in_memory)
    assert [h.fact for h in from_db] == [h.fact for h in in_memory]
    assert [h.document for h in from_db] == [h.document for h in in_memory]


INJECTIONS = ["'; DROP TABLE facts; --", "\"; DROP TABLE facts; --", "' OR 1=1 --", "%' OR '1'='1", ")) OR ((1=1"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_injection_looking_values_are_harmless(corpus_kb, db, value):
    for field in ("text", "org", "region", "entity"):
        assert query(db, **{field: value}) == []
    assert query(db, type="percentage", text=value, org=value, region=value) == []
    assert len(load(db).facts) == len(corpus_kb.facts)


def test_facts_and_package_api(corpus_kb, db):
    assert [f.id for f in extractor.facts(db, type="percentage", direction="down", basis="同比")] == \
        [f.id for f in facts(corpus_kb, type="percentage", direction="down", basis="同比")]
    assert extractor.query(db, Filters(type="money"), limit=1)[0].fact.type == "money"
    assert extractor.load(db).model_dump_json() == corpus_kb.model_dump_json()
    with pytest.raises(ValidationError):
        facts(corpus_kb, typo="count")


def test_highlight_cuts_the_sentence_at_the_fact(db):
    for hit in query(db, type="percentage"):
        before, span, after = highlight(hit)
        assert span == hit.fact.text and before + span + after == hit.fact.sentence


@pytest.mark.parametrize("bad", [{"since": "notadate"}, {"until": "2024-13"}, {"min_value": "abc"}, {"max_value": "nan"},
                                 {"limit": 0}, {"type": "weather"}, {"direction": "sideways"}, {"basis": "YoY"},
                                 {"sort": "size"}, {"min_value": 5, "max_value": 1}, {"since": "2024-05", "until": "2024-04"}])
def test_bad_filters_are_refused(bad):
    with pytest.raises(ValidationError):
        Filters(**bad)


def test_partial_dates():
    f = Filters(since="2024", until="2024-02")
    assert (f.since.isoformat(), f.until.isoformat()) == ("2024-01-01", "2024-02-29")


def test_to_pandas_dtypes_and_same_frames(corpus_kb, db):
    pd = pytest.importorskip("pandas")
    frames = to_pandas(db)
    assert set(frames) == {"documents", "facts", "entities"}
    f, d = frames["facts"], frames["documents"]
    assert len(f) == len(corpus_kb.facts) and len(d) == len(corpus_kb.documents)
    for column in ("type", "unit", "direction", "basis", "approx"):
        assert isinstance(f[column].dtype, pd.CategoricalDtype), column
    assert f["value"].dtype == "float64" and f["value_max"].dtype == "float64"
    assert f["start"].dtype == "int64" and f["points"].dtype == "boolean"
    assert pd.api.types.is_datetime64_any_dtype(d["published"])
    assert isinstance(frames["entities"]["type"].dtype, pd.CategoricalDtype)
    assert set(f[f["type"] == "percentage"]["direction"].dropna()) <= {"up", "down"}
    in_memory = to_pandas(corpus_kb)
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(in_memory[name], frame)


# -- the command line --

def test_cli_query_table_json_and_csv(db):
    result = runner.invoke(app, ["query", str(db), "--type", "percentage", "--direction", "down", "--basis", "同比"])
    assert result.exit_code == 0, result.output
    assert "19.7%" in result.stdout and "15 facts" in result.stdout
    result = runner.invoke(app, ["query", str(db), "--type", "percentage", "--direction", "down", "--basis", "同比", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["fact"]["doc_id"], r["fact"]["text"]) for r in rows] == DOWN_YOY
    assert "text" not in rows[0]["document"] and rows[0]["document"]["path"].endswith("fj_newspage.txt")
    result = runner.invoke(app, ["query", str(db), "--text", "派出所", "--csv", "--limit", "2"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("id,type,text,value") and len(lines) == 3


def test_cli_query_table_says_when_more_match(db):
    result = runner.invoke(app, ["query", str(db)])
    assert result.exit_code == 0
    assert "50+ facts" in result.stdout and "more facts match" in result.stderr


def test_cli_entity(db):
    result = runner.invoke(app, ["entity", "浙江省公安厅", str(db)])
    assert result.exit_code == 0, result.output
    assert "aliases: 省公安厅" in result.stdout and "之江法治网" in result.stdout and "21.5%" in result.stdout
    result = runner.invoke(app, ["entity", "省公安厅", str(db), "--json"])  # an alias
    report = json.loads(result.stdout)
    assert [r["entity"]["id"] for r in report] == ["organization:浙江省公安厅"]
    assert {"zj_fanzha_a", "zj_fanzha_b"} <= {d["id"] for d in report[0]["documents"]}
    assert {h["fact"]["type"] for h in report[0]["figures"]} <= {"count", "percentage"}
    result = runner.invoke(app, ["entity", "无此单位", str(db)])
    assert result.exit_code == 1 and "无此单位" in result.stderr


def _bad_files(tmp_path):
    (tmp_path / "corrupt.db").write_bytes(b"this is not sqlite at all")
    (tmp_path / "corrupt.json").write_text('{"documents": [', encoding="utf-8")
    (tmp_path / "corrupt.jsonl").write_text("{not json}\n", encoding="utf-8")
    (tmp_path / "v9.json").write_text(json.dumps({"schema_version": 9}), encoding="utf-8")
    import sqlite3

    conn = sqlite3.connect(tmp_path / "v9.db")
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('schema_version', '9')")
    conn.commit()
    conn.close()
    sqlite3.connect(tmp_path / "empty.db").execute("CREATE TABLE x (y)").connection.close()


@pytest.mark.parametrize("args, needle", [
    (["query", "{tmp}/missing.db"], "no such knowledge base file"),
    (["query", "{tmp}/corrupt.db"], "not a knowledge base database"),
    (["query", "{tmp}/empty.db"], "not a knowledge base database"),
    (["query", "{tmp}/corrupt.json"], "not a valid knowledge base"),
    (["query", "{tmp}/corrupt.jsonl"], "not a valid knowledge base"),
    (["query", "{tmp}/v9.json"], "unknown schema_version"),
    (["query", "{tmp}/v9.db"], "unknown schema_version '9'"),
    (["query", "{db}", "--since", "notadate"], "--since"),
    (["query", "{db}", "--min-value", "abc"], "--min-value"),
    (["query", "{db}", "--limit", "many"], "--limit"),
    (["query", "{db}", "--type", "weather"], "--type"),
    (["query", "{db}", "--sort", "size"], "--sort"),
    (["query", "{db}", "--min-value", "9", "--max-value", "1"], "min_value"),
    (["query", "{db}", "--json", "--csv"], "choose one"),
    (["export", "{tmp}/corrupt.json", "-o", "{tmp}/out.db"], "not a valid knowledge base"),
    (["export", "{db}", "-o", "{tmp}/out.json"], "*.db"),
    (["entity", "浙江省公安厅", "{tmp}/missing.json"], "no such knowledge base file"),
    (["entity", "浙江省公安厅", "{tmp}/v9.db"], "unknown schema_version"),
])
def test_cli_bad_input_is_one_line_and_exit_2(db, tmp_path, args, needle):
    _bad_files(tmp_path)
    args = [a.format(tmp=tmp_path, db=db) for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and needle in lines[0]
    assert not (tmp_path / "out.db").exists()
