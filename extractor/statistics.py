"""The same figure across outlets: group counts and percentages into statistics.

Two outlets reporting 浙江 破获电诈案件3.2万起 for 2023 are one statistic with two sources;
the same number for another province or another year is not. Facts are one statistic when
they have the same kind, value and unit, compatible subjects or metrics (equal, one
containing the other, or the same head noun; or both missing), the same province and city (where both name one),
and periods that overlap — or, where a period has no dates, the same period text or
documents published in the same month.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator, Mapping

from .normalize import to_simplified
from .schema import Document, Statistic

FIGURES = ("count", "percentage")


def _topic(fact) -> str | None:
    text = fact.subject if fact.type == "count" else fact.metric
    return to_simplified(text) if text else None


def _compatible_text(a: str | None, b: str | None) -> bool:
    """Equal, one containing the other, or the same head noun (电诈案件 / 电信网络诈骗案件):
    outlets abbreviate the modifiers, rarely the head."""
    return a is None or b is None or a in b or b in a or (len(a) >= 2 and len(b) >= 2 and a[-2:] == b[-2:])


def _same_place(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if a.province != b.province:
        return False
    return a.city is None or b.city is None or a.city == b.city


def _same_time(fa, fb, published: Mapping[str, str | None]) -> bool:
    pa, pb = fa.period, fb.period
    if pa and pb and (pa.start or pa.end) and (pb.start or pb.end):
        a0, a1 = pa.start or "0000", pa.end or "9999"
        b0, b1 = pb.start or "0000", pb.end or "9999"
        return a0 <= b1 and b0 <= a1
    if pa and pb and to_simplified(pa.text) == to_simplified(pb.text) and fa.doc_id == fb.doc_id:
        return True
    da, db = published[fa.doc_id], published[fb.doc_id]
    return bool(da and db and da[:7] == db[:7])


def _matches(fa, fb, published) -> bool:
    return (_compatible_text(_topic(fa), _topic(fb)) and _same_place(fa.region, fb.region)
            and _same_time(fa, fb, published))


def _signature(fact, published) -> tuple:
    """Everything `_matches` reads of a fact from another document: facts with equal signatures
    match the same facts."""
    region, period = fact.region, fact.period
    return (_topic(fact), None if region is None else (region.province, region.city),
            None if period is None else (period.text, period.start, period.end), published[fact.doc_id])


def _linked(group: list, published) -> Iterator[tuple[list, list]]:
    """Sets of facts of one bucket that belong to one statistic: the connected pieces of the graph
    that joins two facts of different documents when they `_matches`, found per pair of
    signatures instead of per pair of facts (a corpus that repeats a figure has buckets of
    thousands of facts with a handful of signatures).

    For two signature classes A and B whose facts match (A = B included), a fact is joined to
    every fact of the other class in another document. Over the documents of A and B: with one
    document nothing is joined; with two (d, e), A's facts in d join B's in e and A's in e join
    B's in d; with three or more, every fact that is joined at all (some fact of the other class
    is in another document) is in one piece. Yields (facts, more facts) to be joined as one."""
    classes: dict[tuple, list] = {}
    for fact in group:
        classes.setdefault(_signature(fact, published), []).append(fact)
    members = list(classes.values())
    for i, a in enumerate(members):
        for b in members[i:]:
            docs = {f.doc_id for f in a} | {f.doc_id for f in b}
            if len(docs) < 2:
                continue
            fa, fb = next((x, y) for x in a for y in b if x.doc_id != y.doc_id)
            if not _matches(fa, fb, published):
                continue
            if len(docs) == 2:
                d, e = sorted(docs)
                for one, other in ((d, e), (e, d)):
                    left = [f for f in a if f.doc_id == one]
                    right = [f for f in b if f.doc_id == other]
                    if left and right:
                        yield left, right
                continue
            docs_a, docs_b = {f.doc_id for f in a}, {f.doc_id for f in b}
            joined = [f for f in a if docs_b != {f.doc_id}] + [f for f in b if b is not a and docs_a != {f.doc_id}]
            if joined:
                yield joined, []


def bucket_key(fact) -> tuple:
    """Only facts that could match share a bucket (same value, unit, province and head noun),
    so grouping stays near-linear on large corpora; a figure without a topic is compared with
    others without one. Statistics never span buckets: `statistics_of` one bucket's facts
    gives that bucket's statistics (store_writer.DbWriter groups a corpus this way)."""
    topic = _topic(fact)
    return (fact.type, float(fact.value), getattr(fact, "unit", None), getattr(fact, "points", False),
            fact.region.province if fact.region else None, topic[-2:] if topic else None)


def build_statistics(facts: Iterable, documents: Iterable[Document]) -> list[Statistic]:
    """One `Statistic` per distinct figure, in the order of its first fact."""
    return statistics_of(facts, {d.id: d.published for d in documents})


def statistics_of(facts: Iterable, published: Mapping[str, str | None]) -> list[Statistic]:
    """`build_statistics`, given each document's publication date by document id."""
    buckets: dict[tuple, list] = defaultdict(list)
    order = []
    for fact in facts:
        if fact.type not in FIGURES:
            continue
        buckets[bucket_key(fact)].append(fact)
        order.append(fact)
    parent = {f.id: f.id for f in order}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(facts) -> None:
        root = find(facts[0].id)
        for f in facts[1:]:
            other = find(f.id)
            if other != root:
                parent[other] = root

    for group in buckets.values():
        for a, b in _linked(group, published):
            union(a + b)
    members: dict[str, list] = defaultdict(list)
    for fact in order:
        members[find(fact.id)].append(fact)
    out = []
    for root, group in members.items():
        first = group[0]
        out.append(Statistic(
            id=f"stat:{first.id}", type=first.type, value=first.value, unit=getattr(first, "unit", None),
            topic=next((t for t in map(_topic, group) if t), None), region=first.region, period=first.period,
            fact_ids=[f.id for f in group], doc_ids=list(dict.fromkeys(f.doc_id for f in group)),
        ))
    return out
