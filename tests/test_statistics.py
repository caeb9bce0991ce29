"""The same figure across outlets is one statistic; the same number elsewhere is not."""

from __future__ import annotations


def _stats_with(kb, value, unit):
    return [s for s in kb.statistics if s.value == value and s.unit == unit]


def test_two_outlets_one_statistic(corpus_kb):
    zhejiang = [s for s in _stats_with(corpus_kb, 32000, "起") if s.region and s.region.province == "浙江省"]
    assert len(zhejiang) == 1
    assert zhejiang[0].doc_ids == ["zj_fanzha_a", "zj_fanzha_b"]
    assert len(zhejiang[0].fact_ids) == 2


def test_same_number_other_province_is_another_statistic(corpus_kb):
    fujian = [s for s in _stats_with(corpus_kb, 32000, "起") if s.region and s.region.province == "福建省"]
    assert [s.doc_ids for s in fujian] == [["fj_newspage"]]


def test_percentage_reported_twice(corpus_kb):
    stats = [s for s in corpus_kb.statistics if s.type == "percentage" and s.value == 21.5]
    assert [s.doc_ids for s in stats] == [["zj_fanzha_a", "zj_fanzha_b"]]
    assert stats[0].period.start == "2023-01-01" and stats[0].period.end == "2023-12-31"


def test_every_figure_in_exactly_one_statistic(corpus_kb):
    figures = [f.id for f in corpus_kb.facts if f.type in ("count", "percentage")]
    in_stats = [fid for s in corpus_kb.statistics for fid in s.fact_ids]
    assert sorted(figures) == sorted(in_stats)


def test_impossible_period_is_null_with_a_warning():
    from extractor.api import extract_document

    result = extract_document("发布时间：2024-03-15\n2月30日抽查商户12家，今年5至3月整改隐患8处。")
    counts = [f for f in result.facts if f.type == "count"]
    assert [(c.period.text, c.period.start, c.period.end) for c in counts] == [
        ("2月30日", None, None), ("今年5至3月", None, None)]
    assert "period is not a real date: 2月30日" in result.document.warnings
    assert "period ends before it starts: 今年5至3月" in result.document.warnings


def test_unknown_region_name_is_null_with_a_warning():
    from extractor.api import extract_document

    result = extract_document("火星省公安厅通报，今年以来全省破获案件12起。按照省里部署，我省继续推进。")
    assert result.document.region is None
    assert result.document.warnings == ["region name not in the administrative-division data: 火星省"]
    assert [(f.type, f.value) for f in result.facts if f.type == "count"] == [("count", 12)]


def test_known_region_gives_no_warning():
    from extractor.api import extract_document

    result = extract_document("江苏省公安厅通报，南通市公安局今年以来破获案件12起。")
    assert result.document.region.province == "江苏省"
    assert result.document.warnings == []


def _pairwise_statistics(facts, published):
    """The grouping as first written: every two facts of a bucket compared, one by one."""
    from collections import defaultdict

    from extractor.statistics import FIGURES, _matches, bucket_key

    buckets, order = defaultdict(list), []
    for fact in facts:
        if fact.type in FIGURES:
            buckets[bucket_key(fact)].append(fact)
            order.append(fact)
    parent = {f.id: f.id for f in order}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for group in buckets.values():
        for i, fa in enumerate(group):
            for fb in group[i + 1:]:
                if fa.doc_id != fb.doc_id and _matches(fa, fb, published):
                    parent[find(fb.id)] = find(fa.id)
    members = defaultdict(list)
    for fact in order:
        members[find(fact.id)].append(fact.id)
    return list(members.values())


def test_grouping_by_signature_equals_pairwise_comparison():
    """statistics_of joins facts per pair of signatures (statistics._linked); on random figures
    that share values, topics, places, periods, documents and publication months in every
    combination, its statistics are the pairwise comparison's, in the same order."""
    import random

    from extractor.schema import CountFact, Period, Region
    from extractor.statistics import statistics_of

    rng = random.Random(5)
    regions = [None, Region(province="江苏省"), Region(province="江苏省", city="南通市"), Region(province="江苏省", city="南京市")]
    periods = [None, Period(text="今年以来", start="2023-01-01", end="2023-06-30"), Period(text="上半年"),
               Period(text="2022年", start="2022-01-01", end="2022-12-31"), Period(text="今年以来"),
               # a span that ends before it starts (自5月1日以来 published in March) matches no copy of itself
               Period(text="自5月1日以来", start="2023-05-01", end="2023-03-01")]
    docs = [f"d{i}" for i in range(5)]
    for trial in range(300):
        published = {d: rng.choice([None, "2023-06-01", "2023-06-20", "2023-07-02"]) for d in docs}
        facts = []
        for i in range(rng.randint(1, 40)):
            facts.append(CountFact(
                id=f"f{i}", doc_id=rng.choice(docs[:rng.randint(1, 5)]), text="x", start=i, end=i + 1, sentence="x",
                rule="r", value=rng.choice([3, 5]), unit="名", subject=rng.choice([None, "民警", "辅警民警", "嫌疑人"]),
                region=rng.choice(regions), period=rng.choice(periods)))
        fast = [s.fact_ids for s in statistics_of(facts, published)]
        assert fast == _pairwise_statistics(facts, published), trial
