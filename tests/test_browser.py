"""A reader's view: `extractor serve` in a subprocess, pages loaded by headless Chromium.

The knowledge base is the sample corpus exported to SQLite; what the pages show (row counts,
facet counts, facts and their sentences) is checked against direct SQL on the same file.
Skips when /usr/bin/chromium (Debian package `chromium`) or Datasette is missing.
"""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("datasette", reason="Datasette is not installed (pip install 'extractor[serve]')")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # uvicorn shuts down cleanly on Ctrl-C
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


@pytest.fixture(scope="module")
def db_path(corpus_kb, tmp_path_factory):
    from extractor.store import export

    return export(corpus_kb, tmp_path_factory.mktemp("browser") / "kb.db")


@pytest.fixture(scope="module")
def server(db_path, tmp_path_factory):
    """Base URL of `extractor serve kb.db --immutable` running in a subprocess."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "extractor", "serve", str(db_path), "--port", str(port),
                                 "--no-open", "--immutable"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"extractor serve exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"extractor serve did not answer in 90 s:\n{log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield base
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def dump_dom(tmp_path_factory):
    """The DOM Chromium builds for a URL, after its scripts ran, as HTML text."""
    profile = tmp_path_factory.mktemp("chromium-profile")

    def dump(url: str) -> str:
        proc = subprocess.Popen([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            out, errors = proc.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # chromium and the helpers it started
            proc.communicate()
            pytest.fail(f"chromium did not finish loading {url} in 90 s")
        assert proc.returncode == 0, errors.decode(errors="replace")[-2000:]
        dom = out.decode("utf-8")
        assert "<html" in dom, dom[:500]
        return dom

    return dump


def _sql(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _facets(dom: str) -> dict[str, dict[str, int]]:
    """{facet name: {value label: count}} from the facet boxes of a Datasette table page."""
    facets = {}
    for m in re.finditer(r'<div class="facet-info[^"]*"[^>]*data-column="([^"]+)"[^>]*>(.*?)</ul>', dom, re.S):
        values = {}
        for item in re.findall(r"<li[^>]*>(.*?)</li>", m.group(2), re.S):
            text = _text(item).replace("✖", "").strip()
            label, _, count = text.replace(" · ", " ").rpartition(" ")
            if count.replace(",", "").isdigit():
                values[label.strip()] = int(count.replace(",", ""))
        facets[html.unescape(m.group(1))] = values
    return facets


def _rows_heading(dom: str) -> str:
    m = re.search(r"<h3[^>]*>(.*?)</h3>", dom, re.S)
    assert m, "no row count heading on the page"
    return _text(m.group(1))


def test_facts_table_page(server, dump_dom, db_path):
    dom = dump_dom(server + "/kb/facts")
    text = _text(dom)
    assert "Facts" in _text(re.search(r"<h1[^>]*>(.*?)</h1>", dom, re.S).group(1))
    assert "One row per fact found in an article" in text  # the table description from datasette_meta
    assert "What a change compares with: 同比" in text  # a column description, Chinese intact
    n_facts = _sql(db_path, "SELECT count(*) FROM facts")[0][0]
    assert _rows_heading(dom).startswith(f"{n_facts:,} rows")
    facets = _facets(dom)
    assert {"type", "region_province", "unit", "direction", "basis"} <= set(facets)
    assert facets["type"] == dict(_sql(db_path, "SELECT type, count(*) FROM facts GROUP BY type"))
    assert facets["region_province"] == dict(_sql(
        db_path, "SELECT coalesce(d.region_province, '(no region)'), count(*) FROM facts f "
                 "JOIN documents d ON d.id = f.doc_id GROUP BY 1"))
    assert facets["basis"] == dict(_sql(db_path, "SELECT basis, count(*) FROM facts WHERE basis IS NOT NULL GROUP BY basis"))
    # The first page of rows (Datasette shows 100, ordered by id) with their Chinese texts.
    first = _sql(db_path, "SELECT id, text FROM facts ORDER BY id LIMIT 3")
    for fact_id, fact_text in first:
        assert fact_id in dom and html.escape(fact_text, quote=False) in dom


def test_facet_query_percentages_down(server, dump_dom, db_path):
    dom = dump_dom(server + "/kb/facts?type=percentage&direction=down")
    expected = _sql(db_path, "SELECT id, text, sentence, basis FROM facts WHERE type = 'percentage' AND direction = 'down'")
    assert len(expected) > 0
    heading = _rows_heading(dom)
    assert heading.startswith(f"{len(expected)} rows") and "percentage" in heading and "down" in heading
    for fact_id, *_ in expected:
        assert fact_id in dom
    facets = _facets(dom)
    assert facets["type"] == {"percentage": len(expected)}
    assert facets["direction"] == {"down": len(expected)}
    by_basis = {}
    for *_, basis in expected:
        if basis:
            by_basis[basis] = by_basis.get(basis, 0) + 1
    assert facets["basis"] == by_basis
    # The 浙江 2023 figure of the README: 电诈警情同比下降21.5%, with its sentence.
    sentence = _sql(db_path, "SELECT sentence FROM facts WHERE doc_id = 'zj_fanzha_a' AND type = 'percentage' "
                             "AND text = '21.5%' AND direction = 'down' AND basis = '同比'")
    assert sentence, "the corpus's 21.5% 同比 fall in zj_fanzha_a is not in the knowledge base"
    assert "去年全省电诈警情同、环比分别下降21.5%" in _text(dom)
    assert html.escape(sentence[0][0], quote=False) in dom


def test_region_facet_link(server, dump_dom, db_path):
    """Follow the region facet: the province's link filters facts by their article's province."""
    dom = dump_dom(server + "/kb/facts?type=percentage")
    link = re.search(r'<a href="([^"]+)">浙江省</a>', dom)
    assert link, "no 浙江省 link in the region facet"
    url = html.unescape(link.group(1))
    assert "_region=" in url
    dom = dump_dom(url if url.startswith("http") else server + url)
    expected = _sql(db_path, "SELECT f.id FROM facts f JOIN documents d ON d.id = f.doc_id "
                             "WHERE f.type = 'percentage' AND d.region_province = '浙江省'")
    assert _rows_heading(dom).startswith(f"{len(expected)} rows")
    assert "浙江省" in _rows_heading(dom)
    assert _facets(dom)["region_province"] == {"浙江省": len(expected)}
    for (fact_id,) in expected:
        assert fact_id in dom


def test_canned_query_page(server, dump_dom, db_path):
    dom = dump_dom(server + "/kb/percentages_down_yoy")
    assert "Percentages that fell 同比" in _text(dom)
    expected = _sql(db_path, "SELECT id, sentence FROM facts WHERE type = 'percentage' AND direction = 'down' "
                             "AND basis = '同比'")
    assert expected
    for fact_id, sentence in expected:
        assert fact_id in dom and html.escape(sentence, quote=False) in dom


def test_search_box_finds_chinese(server, dump_dom, db_path):
    dom = dump_dom(server + "/kb/facts?_search=" + quote("派出所"))
    expected = _sql(db_path, "SELECT count(*) FROM facts_fts WHERE facts_fts MATCH ?", ['"派出所"'])[0][0]
    assert expected > 0
    assert _rows_heading(dom).startswith(f"{expected} row")
