"""Bad input and faults: HTML pages, the result cache, and a run killed mid-batch."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS
from extractor.reader import read_file
from extractor.runner import Settings, discover, iter_outcomes, run
from extractor.pipeline import PipelineConfig

RULES = PipelineConfig(model="none", tagger="none")

PAGE = """<!DOCTYPE html><html><head><title>示例</title><script>var x = "抓获99名嫌疑人";</script>
<style>p { color: red }</style></head><body><div class="nav">首页 &gt; 新闻</div>
<p>今年以来，南通市公安局抓获<b>4名</b>嫌疑人。</p><p>破获案件12起。</p></body></html>"""


def test_html_page_becomes_its_visible_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    tf = read_file(path)
    assert tf.text == "示例\n首页 > 新闻\n今年以来，南通市公安局抓获4名嫌疑人。\n破获案件12起。"
    assert tf.encoding == "utf-8+html"
    result = run([tmp_path], config=RULES).results[0]
    counts = [(f.text, f.value) for f in result.facts if f.type == "count"]
    assert counts == [("4名嫌疑人", 4), ("案件12起", 12)]  # nothing from the script


def _outcomes(folder, cache_dir, config=RULES):
    settings = Settings(config=config, cache_dir=str(cache_dir))
    return list(iter_outcomes(discover([folder]), settings))


def test_rerun_reads_the_cache(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("gold", "*.md"))
    first = _outcomes(folder, tmp_path / "cache")
    import extractor.pipeline as pipeline

    def no_pipeline(*args, **kwargs):
        raise AssertionError("the pipeline ran although every document was cached")

    monkeypatch.setattr(pipeline, "get_pipeline", no_pipeline)
    second = _outcomes(folder, tmp_path / "cache")
    assert [r.model_dump() for r in second] == [r.model_dump() for r in first]


def test_damaged_cache_entry_is_recomputed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("民警抓获4名嫌疑人。", encoding="utf-8")
    first = _outcomes(folder, tmp_path / "cache")
    [entry] = (tmp_path / "cache").rglob("*.json")
    entry.write_bytes(entry.read_bytes()[:-20])  # a disk error cut the entry short
    again = _outcomes(folder, tmp_path / "cache")
    assert [r.model_dump() for r in again] == [r.model_dump() for r in first]
    assert entry.read_bytes().endswith(b"}")  # rewritten whole


def test_cached_rerun_of_the_cli_does_not_load_spacy(tmp_path):
    """A re-run whose results are all cached copies them to the output: no pipeline, no
    spaCy import (~1 s), and the same file as the first run."""
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("gold", "*.md"))
    script = ("import sys\nfrom typer.main import get_command\nfrom extractor.cli import app\n"
              "try:\n    get_command(app).main(sys.argv[1:], standalone_mode=False)\nfinally:\n"
              "    print('SPACY' if 'spacy' in sys.modules else 'NO SPACY', file=sys.stderr)\n")
    outputs = []
    for name in ("first.jsonl", "second.jsonl"):
        out = tmp_path / name
        proc = subprocess.run([sys.executable, "-c", script, "run", str(folder), "-o", str(out),
                               "--cache", str(tmp_path / "cache"), "-w", "2"], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        outputs.append((out.read_bytes(), proc.stderr.strip().splitlines()[-1]))
    assert outputs[0][1] == "SPACY" and outputs[1][1] == "NO SPACY"
    assert outputs[1][0] == outputs[0][0]


def test_changed_file_is_recomputed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("民警抓获4名嫌疑人。", encoding="utf-8")
    (folder / "b.txt").write_text("破获案件12起。", encoding="utf-8")
    _outcomes(folder, tmp_path / "cache")
    (folder / "b.txt").write_text("破获案件13起。", encoding="utf-8")
    values = [[f.value for f in r.facts if f.type == "count"] for r in _outcomes(folder, tmp_path / "cache")]
    assert values == [[4], [13]]


def test_pattern_change_changes_the_fingerprint(monkeypatch):
    from extractor import cache, patterns

    before = cache.pipeline_fingerprint.__wrapped__("cfg")
    monkeypatch.setattr(patterns, "fingerprint", lambda: "edited-patterns")
    assert cache.pipeline_fingerprint.__wrapped__("cfg") != before
    assert cache.pipeline_fingerprint.__wrapped__("other cfg") != before


def _run_cli(folder, out, cache_dir):
    cmd = [sys.executable, "-m", "extractor", "run", str(folder), "-o", str(out), "--cache", str(cache_dir),
           "--model", "none", "--tagger", "none"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def test_killed_run_resumes_to_the_same_knowledge_base(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = sorted(CORPUS.glob("*.txt"))
    for i in range(60):  # enough documents that the kill lands mid-batch
        src = texts[i % len(texts)].read_text(encoding="utf-8")
        (folder / f"doc{i:03d}.txt").write_text(src.replace("2023", str(1990 + i)), encoding="utf-8")
    reference = tmp_path / "reference.json"
    assert _run_cli(folder, reference, tmp_path / "ref-cache").wait() == 0

    out, cache_dir = tmp_path / "kb.json", tmp_path / "cache"
    out.write_text('{"previous": true}', encoding="utf-8")
    proc = _run_cli(folder, out, cache_dir)
    deadline = time.time() + 120
    while time.time() < deadline and sum(1 for _ in cache_dir.rglob("*.json")) < 10:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    cached = sum(1 for _ in cache_dir.rglob("*.json"))
    assert 0 < cached < 60, cached
    # The killed run left the previous output whole, and no half-written file beside it.
    assert json.loads(out.read_text(encoding="utf-8")) == {"previous": True}
    assert not [p for p in tmp_path.glob(".kb.json.*")]

    assert _run_cli(folder, out, cache_dir).wait() == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(reference.read_text(encoding="utf-8"))


def test_symlinks_are_not_followed_unless_asked(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("民警抓获4名嫌疑人。", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("破获案件12起。", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "linkdir").symlink_to(outside, target_is_directory=True)
    assert [doc_id for _, doc_id in discover([folder])] == ["a"]
    assert [doc_id for _, doc_id in discover([folder], follow_symlinks=True)] == ["a", "link", "linkdir/secret"]


def _cli(folder, out, cache_dir, *extra):
    from typer.testing import CliRunner

    from extractor.cli import app

    return CliRunner().invoke(app, ["run", str(folder), "-o", str(out), "--cache", str(cache_dir),
                                    "--model", "none", *extra])


def test_rerun_with_nothing_changed_leaves_the_output_alone(tmp_path):
    """The second run finds the output made from these very inputs (output_record.py) and
    does not rewrite it; a changed input, a changed option or a touched output runs again."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("民警抓获4名嫌疑人。", encoding="utf-8")
    (folder / "b.txt").write_text("破获案件12起。", encoding="utf-8")
    out, cache_dir = tmp_path / "kb.jsonl", tmp_path / "cache"
    first = _cli(folder, out, cache_dir)
    assert first.exit_code == 0, first.output
    written = (out.read_bytes(), out.stat().st_mtime_ns)

    again = _cli(folder, out, cache_dir)
    assert again.exit_code == 0 and "up to date" in again.output
    assert (out.read_bytes(), out.stat().st_mtime_ns) == written
    assert "facts: count" in again.output and "│     2 │" in again.output  # the summary as before

    assert "up to date" not in _cli(folder, out, cache_dir, "--no-text").output  # another option
    assert "up to date" not in _cli(folder, out, cache_dir).output  # back to the first options: the record is the --no-text one
    (folder / "b.txt").write_text("破获案件13起。", encoding="utf-8")
    changed = _cli(folder, out, cache_dir)
    assert changed.exit_code == 0 and "up to date" not in changed.output
    assert b'"value":13' in out.read_bytes()
    out.write_bytes(out.read_bytes() + b"\n")  # someone edited the output
    assert "up to date" not in _cli(folder, out, cache_dir).output
    assert "up to date" in _cli(folder, out, cache_dir).output


def test_run_with_a_failed_file_is_not_recorded(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("民警抓获4名嫌疑人。", encoding="utf-8")
    (folder / "empty.txt").write_text("   ", encoding="utf-8")
    out, cache_dir = tmp_path / "kb.jsonl", tmp_path / "cache"
    assert _cli(folder, out, cache_dir).exit_code == 1
    again = _cli(folder, out, cache_dir)
    assert again.exit_code == 1 and "up to date" not in again.output and "empty.txt" in again.output
