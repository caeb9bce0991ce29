"""notebooks/quickstart.ipynb runs from start to end in a fresh python3 kernel and shows what it says.

Executed with nbclient (MPLBACKEND=Agg, output into tmp_path through EXTRACTOR_WORK); the expected
figures come from the corpus and from the library, not from numbers written here.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook after running it, its output folder, and how long it took."""
    import time

    work = tmp_path_factory.mktemp("quickstart")
    before = {name: _tree(ROOT / name) for name in ("notebooks", "corpus")}
    nb = nbformat.read(NOTEBOOK, as_version=4)
    mp = pytest.MonkeyPatch()
    mp.setenv("MPLBACKEND", "Agg")
    mp.setenv("EXTRACTOR_WORK", str(work))
    mp.delenv("EXTRACTOR_REPO", raising=False)  # it must find the repository from its own folder
    started = time.perf_counter()
    try:
        client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300, startup_timeout=120,
                                         resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        client.execute()  # CellExecutionError on the first cell that raises
    finally:
        mp.undo()
    seconds = time.perf_counter() - started
    after = {name: _tree(ROOT / name) for name in ("notebooks", "corpus")}
    return nb, work, seconds, before, after


def _cell(nb, tag):
    cells = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r}"
    return cells[0]


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def test_runs_without_errors_and_fast(executed):
    nb, _, seconds, _, _ = executed
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"]
            assert cell.execution_count is not None
    assert seconds < 120, f"the quickstart took {seconds:.0f} s; keep it under a minute"


def test_prints_the_corpus_counts(executed, corpus_kb):
    nb = executed[0]
    text = _stdout(_cell(nb, "extract"))
    n_articles = len(list((ROOT / "corpus").glob("*.txt")))
    assert f"documents: {n_articles}\n" in text
    assert f"facts: {len(corpus_kb.facts)}\n" in text
    assert "unreadable files: 0\n" in text


def test_query_output(executed, corpus_kb):
    import extractor

    nb = executed[0]
    text = _stdout(_cell(nb, "query"))
    expected = extractor.query(corpus_kb, type="percentage", direction="down", basis="同比", sort="value")
    assert expected
    assert f"percentages down 同比: {len(expected)}\n" in text
    assert text.count("%  ") == len(expected)
    for hit in expected:
        assert hit.document.title in text


def test_frames_by_province_and_month(executed, corpus_kb):
    nb = executed[0]
    text = _stdout(_cell(nb, "frames"))
    counts = sum(f.type == "count" for f in corpus_kb.facts)
    percentages = sum(f.type == "percentage" for f in corpus_kb.facts)
    assert f"figures: {counts + percentages} ({counts} counts, {percentages} percentages)" in text
    for doc in corpus_kb.documents:
        assert (doc.region.province if doc.region and doc.region.province else "(no region)") in text
        assert (doc.published[:7] if doc.published else "(no date)") in text
    # one row per province: its counts and percentages match the knowledge base
    province_of = {d.id: (d.region.province if d.region and d.region.province else "(no region)")
                   for d in corpus_kb.documents}
    for province in set(province_of.values()):
        n_count = sum(f.type == "count" and province_of[f.doc_id] == province for f in corpus_kb.facts)
        n_pct = sum(f.type == "percentage" and province_of[f.doc_id] == province for f in corpus_kb.facts)
        assert re.search(rf"^{re.escape(province)}\s+{n_count}\s+{n_pct}$", text, re.M), (province, text)


def test_charts_are_shown_and_written_only_to_the_temporary_folder(executed):
    nb, work, _, before, after = executed
    for tag in ("chart", "changes"):
        images = [o for o in _cell(nb, tag).outputs if o.output_type == "display_data" and "image/png" in o.data]
        assert len(images) == 1, tag
        png = base64.b64decode(images[0].data["image/png"])
        assert png.startswith(b"\x89PNG") and len(png) > 10_000
    assert {p.name for p in work.iterdir()} == {"kb.db", "figures_by_province_and_month.png",
                                                "percentage_changes_by_province.png"}
    assert after == before, "the notebook wrote into the repository"
