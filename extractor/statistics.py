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
from typing import Iterable, Mapping

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


def bucket_key(fact) -> tuple:
    """Only facts that could match share a bucket (same value, unit, province and head noun),
    so grouping stays near-linear on large corpora; a figure without a topic is compared with
    others without one. Statistics never span buckets: `statistics_of` one bucket's facts
    gives that bucket's statistics (store.DbWriter groups a corpus this way)."""
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

    for group in buckets.values():
        for i, fa in enumerate(group):
            for fb in group[i + 1:]:
                if fa.doc_id != fb.doc_id and _matches(fa, fb, published):
                    parent[find(fb.id)] = find(fa.id)
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
