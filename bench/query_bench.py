"""Query benchmark: a 100,000-fact knowledge base in SQLite and in memory.

    python bench/query_bench.py                    # 100,000 facts
    python bench/query_bench.py --n 20000 --repeat 3 --json-out bench.json

The knowledge base is the corpus (corpus/*.txt, extracted once) replicated until it holds
--n facts: every copy of a document and of its facts gets a new id, and each copy's
publication date moves one day later, so date filters and sorts have something to do.
Measured: export to SQLite (one transaction, FTS5 trigram index), load of the .db back into
a KnowledgeBase, each query on the .db (SQL) and on the in-memory KnowledgeBase (Python),
and to_pandas from both. Times are the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import kb as kb_builder  # noqa: E402
from extractor.library import load, to_pandas  # noqa: E402
from extractor.query import query  # noqa: E402
from extractor.runner import run  # noqa: E402
from extractor.schema import DocumentResult, KnowledgeBase  # noqa: E402
from extractor.store import export, open_db  # noqa: E402

QUERIES = {
    "percentage down 同比": dict(type="percentage", direction="down", basis="同比"),
    "text 派出所 (FTS trigram)": dict(text="派出所"),
    "text 民警 (2 chars, LIKE)": dict(text="民警"),
    "region 浙江": dict(region="浙江"),
    "org 公安厅 (sentences + agent)": dict(org="公安厅"),
    "since/until one month": dict(since="2024-06", until="2024-06"),
    "count >= 10000, by value, top 20": dict(type="count", min_value=10000, sort="value", limit=20),
    "newest 50": dict(sort="date", limit=50),
}


def replicate(corpus: KnowledgeBase, n: int) -> KnowledgeBase:
    """`corpus` copied until it has `n` facts. Entities are linked as kb.build links them; the
    corpus's statistics are copied along with their facts (kb.build's grouping of figures
    across outlets is left out: it is not what this benchmark measures)."""
    by_doc: dict[str, list] = {}
    for fact in corpus.facts:
        by_doc.setdefault(fact.doc_id, []).append(fact)
    kb, entities, total, copy = KnowledgeBase(), {}, 0, 0
    while total < n:
        kept: set[str] = set()
        for doc in corpus.documents:
            facts = by_doc.get(doc.id, [])[: n - total]
            if not facts:
                continue
            doc_id = f"{doc.id}~{copy}"
            published = doc.published or "2024-03-01"
            published = (date.fromisoformat(published) + timedelta(days=copy % 365)).isoformat()
            result = DocumentResult(document=doc.model_copy(update={"id": doc_id, "published": published}),
                                    facts=[f.model_copy(update={"id": f"{f.id}~{copy}", "doc_id": doc_id}, deep=True)
                                           for f in facts])
            kb_builder.link_result(result, entities)
            kb.documents.append(result.document)
            kb.facts.extend(result.facts)
            kept.update(f.id for f in facts)
            total += len(facts)
            if total >= n:
                break
        for stat in getattr(corpus, "statistics", []):
            ids = [i for i in stat.fact_ids if i in kept]
            if ids:
                kb.statistics.append(stat.model_copy(update={
                    "id": f"{stat.id}~{copy}", "fact_ids": [f"{i}~{copy}" for i in ids],
                    "doc_ids": list(dict.fromkeys(f"{i.split(':')[0]}~{copy}" for i in ids))}))
        copy += 1
    kb.entities = sorted(entities.values(), key=lambda e: e.id)
    return kb


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="facts in the knowledge base")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median reported)")
    parser.add_argument("--json-out", type=Path, help="also write the figures here")
    args = parser.parse_args()

    start = time.perf_counter()
    corpus = run([ROOT / "corpus"]).kb()
    kb = replicate(corpus, args.n)
    print(f"built {len(kb.facts):,} facts, {len(kb.documents):,} documents, {len(kb.entities):,} entities "
          f"from {len(corpus.facts)} corpus facts in {time.perf_counter() - start:.1f} s")
    figures: dict = {"facts": len(kb.facts), "documents": len(kb.documents), "queries": {}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kb.db"
        seconds, _ = timed(lambda: export(kb, path), 1)
        figures.update(export_s=seconds, db_mb=path.stat().st_size / 1e6)
        print(f"export to SQLite: {seconds:.2f} s, {path.stat().st_size / 1e6:.1f} MB")
        seconds, loaded = timed(lambda: load(path), 1)
        assert len(loaded.facts) == len(kb.facts)
        figures["load_db_s"] = seconds
        print(f"load .db into a KnowledgeBase: {seconds:.2f} s\n")

        db = open_db(path)
        print(f"{'query':34} {'hits':>7} {'SQLite ms':>10} {'memory ms':>10}")
        for name, filters in QUERIES.items():
            sql_s, sql_hits = timed(lambda: query(db, **filters), args.repeat)
            mem_s, mem_hits = timed(lambda: query(kb, **filters), args.repeat)
            assert [h.fact.id for h in sql_hits] == [h.fact.id for h in mem_hits], name
            figures["queries"][name] = {"hits": len(sql_hits), "sqlite_ms": sql_s * 1e3, "memory_ms": mem_s * 1e3}
            print(f"{name:34} {len(sql_hits):>7,} {sql_s * 1e3:>10.1f} {mem_s * 1e3:>10.1f}")
        db.close()

        try:
            import pandas  # noqa: F401
        except ImportError:
            print("\npandas not installed: to_pandas skipped (pip install 'extractor[pandas]')")
        else:
            db_s, frames = timed(lambda: to_pandas(path), max(1, args.repeat // 2))
            mem_s, _ = timed(lambda: to_pandas(kb), max(1, args.repeat // 2))
            figures.update(to_pandas_db_s=db_s, to_pandas_memory_s=mem_s)
            print(f"\nto_pandas: from .db {db_s:.2f} s, from memory {mem_s:.2f} s "
                  f"(facts frame {frames['facts'].shape[0]:,} x {frames['facts'].shape[1]})")
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
