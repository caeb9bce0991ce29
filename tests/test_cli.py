"""The command line, called in-process: exit codes, output files, errors, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from extractor.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schema" / "kb.schema.json"

# Two short articles of our own, each with a count and an organization the rules find.
ARTICLES = {
    "chongchuan": (
        "南通市公安局崇川分局通报：3月5日，民警在辖区开展夜间巡查，"
        "当场抓获4名盗窃嫌疑人，追回被盗电动车12辆。\n"
        "目前，案件正在进一步侦办中。\n"
    ),
    "rugao": (
        "如皋市公安局近日破获一起电信网络诈骗案，抓获犯罪嫌疑人7名，冻结涉案资金20万元。\n"
        "民警提醒广大群众提高防范意识。\n"
    ),
}
# (doc id, type, text, start, end) of facts that must be in the output
EXPECTED = [
    ("chongchuan", "organization", "南通市公安局崇川分局", 0, 10),
    ("chongchuan", "count", "4名盗窃嫌疑人", 34, 41),
    ("rugao", "organization", "如皋市公安局", 0, 6),
    ("rugao", "count", "犯罪嫌疑人7名", 22, 29),
]

runner = CliRunner()


def _write_good(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def _write_bad(folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    # Would be errors ("binary", "empty") if they were not skipped.
    (folder / ".x.txt").write_bytes(b"\x00\x01\x02\x03binary\x00")
    (folder / "a.txt~").write_bytes(b"")
    (folder / "~$draft.txt").write_bytes(b"")  # an office lock file, with a .txt suffix


def _run(*args: str):
    return runner.invoke(app, ["run", *args, "--model", "none"])


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """One run over a folder with the two good articles and four files that are not."""
    base = tmp_path_factory.mktemp("mixed")
    folder = base / "in"
    _write_good(folder)
    _write_bad(folder)
    out = base / "kb.json"
    result = _run(str(folder), "-o", str(out))
    return folder, out, result


def _check_offsets(kb: dict) -> None:
    texts = {d["id"]: d["text"] for d in kb["documents"]}
    assert kb["facts"], "no facts at all"
    for f in kb["facts"]:
        assert f["text"] == texts[f["doc_id"]][f["start"]:f["end"]], f


def test_run_mixed_folder_exits_1_and_writes_json(mixed):
    folder, out, result = mixed
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert out.is_file()


def test_run_output_validates_against_committed_schema(mixed):
    _, out, _ = mixed
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    kb = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(kb, schema, cls=jsonschema.Draft202012Validator)


def test_run_documents_and_errors(mixed):
    folder, out, _ = mixed
    kb = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in kb["documents"]] == ["chongchuan", "rugao"]
    assert [d["path"] for d in kb["documents"]] == [str(folder / "chongchuan.txt"), str(folder / "rugao.txt")]
    assert [d["text"] for d in kb["documents"]] == [ARTICLES["chongchuan"], ARTICLES["rugao"]]
    assert [(e["path"], e["kind"]) for e in kb["errors"]] == [
        (str(folder / "empty.txt"), "empty"),
        (str(folder / "scan.txt"), "binary"),
    ]
    mentioned = json.dumps(kb["documents"], ensure_ascii=False) + json.dumps(kb["errors"], ensure_ascii=False)
    assert ".x.txt" not in mentioned
    assert "a.txt~" not in mentioned
    assert "draft" not in mentioned


def test_run_facts_quote_the_document_text(mixed):
    _, out, _ = mixed
    kb = json.loads(out.read_text(encoding="utf-8"))
    _check_offsets(kb)
    got = {(f["doc_id"], f["type"], f["text"], f["start"], f["end"]) for f in kb["facts"]}
    for fact in EXPECTED:
        assert fact in got
    counts = {(f["doc_id"], f["text"]): (f["value"], f["unit"]) for f in kb["facts"] if f["type"] == "count"}
    assert counts[("chongchuan", "4名盗窃嫌疑人")] == (4, "名")
    assert counts[("rugao", "犯罪嫌疑人7名")] == (7, "名")
    assert {f["doc_id"] for f in kb["facts"]} == {"chongchuan", "rugao"}


def test_run_good_folder_exits_0(tmp_path):
    folder = tmp_path / "in"
    _write_good(folder)
    out = tmp_path / "kb.json"
    result = _run(str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    kb = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in kb["documents"]] == ["chongchuan", "rugao"]
    assert kb["errors"] == []
    _check_offsets(kb)


def test_run_jsonl(tmp_path):
    folder = tmp_path / "in"
    _write_good(folder)
    _write_bad(folder)
    out = tmp_path / "kb.jsonl"
    result = _run(str(folder), "-o", str(out))
    assert result.exit_code == 1, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    records = [json.loads(line) for line in lines]
    docs = [r for r in records if "document" in r]
    errors = [r["error"] for r in records if "error" in r]
    assert len(docs) + len(errors) == 4
    assert [d["document"]["id"] for d in docs] == ["chongchuan", "rugao"]
    assert [(e["path"], e["kind"]) for e in errors] == [
        (str(folder / "empty.txt"), "empty"),
        (str(folder / "scan.txt"), "binary"),
    ]
    for d in docs:
        assert d["facts"]
        for f in d["facts"]:
            assert f["doc_id"] == d["document"]["id"]
            assert f["text"] == d["document"]["text"][f["start"]:f["end"]]


def test_unknown_output_extension_is_usage_error(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    _write_good(folder)
    monkeypatch.chdir(tmp_path)
    result = _run("in", "-o", "out.csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "out.csv" in lines[0] and ".csv" in lines[0]
    assert not (tmp_path / "out.csv").exists()


def test_usage_error_with_long_path_is_one_line(tmp_path):
    folder = tmp_path / "in"
    _write_good(folder)
    out = tmp_path / "a-rather-long-folder-name-for-the-knowledge-base-output" / "out.csv"
    result = _run(str(folder), "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {out}: unknown output format .csv; use one of .json, .jsonl, .db"]


def test_nonexistent_input_is_usage_error(tmp_path):
    missing = tmp_path / "nope"
    out = tmp_path / "kb.json"
    result = _run(str(missing), "-o", str(out))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert "nope" in result.stderr
    assert result.stderr.startswith("error: ")
    assert not out.exists()


def test_no_text_leaves_document_text_null(tmp_path):
    folder = tmp_path / "in"
    _write_good(folder)
    out = tmp_path / "kb.json"
    result = _run(str(folder), "-o", str(out), "--no-text")
    assert result.exit_code == 0, result.output
    kb = json.loads(out.read_text(encoding="utf-8"))
    assert [d["text"] for d in kb["documents"]] == [None, None]
    assert [d["n_chars"] for d in kb["documents"]] == [len(ARTICLES["chongchuan"]), len(ARTICLES["rugao"])]
    got = {(f["doc_id"], f["type"], f["text"], f["start"], f["end"]) for f in kb["facts"]}
    for fact in EXPECTED:
        assert fact in got


def test_two_workers_give_the_same_facts_as_one(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # enough files that two workers really split them
    for i in range(6):
        (folder / f"c{i}.txt").write_text(
            f"南通市公安局崇川分局通报：民警当场抓获{i + 2}名盗窃嫌疑人，追回电动车{i + 10}辆。\n"
            "目前，案件正在进一步侦办中。\n", encoding="utf-8")
    _write_good(folder)
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    r1 = _run(str(folder), "-o", str(one), "--workers", "1")
    r2 = _run(str(folder), "-o", str(two), "--workers", "2")
    assert (r1.exit_code, r2.exit_code) == (0, 0), r1.output + r2.output
    kb1 = json.loads(one.read_text(encoding="utf-8"))
    kb2 = json.loads(two.read_text(encoding="utf-8"))
    assert len(kb1["documents"]) == 8
    assert len(kb1["facts"]) > 8
    assert kb2["facts"] == kb1["facts"]
    assert kb2["documents"] == kb1["documents"]
    assert kb2["entities"] == kb1["entities"]


def _count_facts(stdout: str) -> list[dict]:
    facts = json.loads(stdout)
    return [f for f in facts if f["type"] == "count"]


def test_extract_text_prints_count_fact():
    result = runner.invoke(app, ["extract", "抓获4名嫌疑人", "--model", "none"])
    assert result.exit_code == 0, result.output
    counts = _count_facts(result.stdout)
    assert [(c["text"], c["value"], c["unit"], c["start"], c["end"]) for c in counts] == [
        ("4名嫌疑人", 4, "名", 2, 7)]


def test_extract_text_longer_than_a_file_name_is_read_as_text():
    # 100 Han characters are 300 bytes in UTF-8: no file name can be that long
    text = "民警当场抓获4名嫌疑人，" + "，".join(["群众纷纷点赞"] * 14) + "。"
    result = runner.invoke(app, ["extract", text, "--model", "none"])
    assert result.exit_code == 0, result.output
    assert [(f["text"], f["value"]) for f in json.loads(result.output) if f["type"] == "count"] == [("4名嫌疑人", 4)]


def test_extract_text_that_is_no_utf8_is_a_clear_error():
    # a shell passes bytes that are no UTF-8 (here the first two bytes of 民) as lone surrogates
    text = "民警抓获4名嫌疑人" + b"\xe6\xb0".decode("utf-8", "surrogateescape")
    result = runner.invoke(app, ["extract", text, "--model", "none"])
    assert result.exit_code == 2
    assert "not valid UTF-8" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_extract_reads_stdin():
    result = runner.invoke(app, ["extract", "-", "--model", "none"], input="民警当场抓获4名嫌疑人。\n")
    assert result.exit_code == 0, result.output
    counts = _count_facts(result.stdout)
    assert [(c["text"], c["value"], c["unit"], c["start"], c["end"]) for c in counts] == [
        ("4名嫌疑人", 4, "名", 6, 11)]


def test_schema_command_matches_committed_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_extract_reads_a_file_named_by_its_path(tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes("民警当场抓获4名嫌疑人。\n".encode("gb18030"))
    result = runner.invoke(app, ["extract", str(article), "--model", "none"])
    assert result.exit_code == 0, result.output
    counts = _count_facts(result.stdout)
    assert [(c["text"], c["value"], c["start"], c["end"]) for c in counts] == [("4名嫌疑人", 4, 6, 11)]


def test_extract_names_the_file_it_cannot_read(tmp_path):
    article = tmp_path / "empty.txt"
    article.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(article), "--model", "none"])
    assert result.exit_code != 0
    assert "empty.txt" in result.output and "empty" in result.output
