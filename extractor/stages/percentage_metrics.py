"""A percentage's metric: the noun phrase that says what was measured (重复报警率, 破案率), read
back from the clause before the figure up to its first basis, direction or linking word,
with leading words (今年以来, 全市) stripped. The words are percentages.yaml's
`metric_enders` and `metric_leaders`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .. import patterns
from .names import PUNCT


class MetricWords(NamedTuple):
    """What cuts a metric short (enders) and what is stripped off its start (leaders, and
    their first characters), built once with the rules."""

    enders: re.Pattern
    leaders: list[str]
    leader_firsts: frozenset[str]


def metric_words_of(r) -> MetricWords:
    """The metric enders' regex, the leaders longest first and the leaders' first characters
    (none of an empty one: it never strips)."""
    return MetricWords(re.compile(patterns.alternation(r.metric_enders)),
                       sorted(r.metric_leaders, key=len, reverse=True),
                       frozenset(lead[0] for lead in r.metric_leaders if lead))


_PUNCT_CHARS = "".join(sorted(PUNCT))
# A clause opening with these compares the figure before it with an earlier one (较去年,
# 比上年, 与去年相比): what changed is that figure's measure, not the comparison.
COMPARED = ("较", "比", "与", "同")
_BASIS_LEAD = re.compile(r"^(?:同、环比|同比|环比)")
# 逾8.9万宗|罪案按年减5.9%: a headline's figure before the measure is the level, not the measure
_FIGURE_LEAD = re.compile(r"^(?:逾|约|近|超|共)?\d[\d.,]*[万亿千]?[余多]?[宗起名人件次个家户](?=[\u4e00-\u9fff]{2})")


def metric_of(context: str, r, cut: int, words: MetricWords) -> str | None:
    """The noun phrase before the first basis, direction or linking word of the clause
    (`cut`: where the first basis or direction word starts, found with them)."""
    for paired in r.paired_basis:
        k = context.find(paired)
        if k >= 0:
            cut = min(cut, k)
    enders = words.enders.search(context)
    if enders:
        cut = min(cut, enders.start())
    metric = context[:cut].lstrip(_PUNCT_CHARS)  # ●110接报警…: a list bullet is not part of it
    leaders, firsts = words.leaders, words.leader_firsts
    changed = True
    while changed and metric[:1] in firsts:  # a pass can strip only a leader the metric opens with
        changed = False
        for lead in leaders:
            if metric.startswith(lead) and len(metric) > len(lead):
                metric = metric[len(lead):]
                changed = True
    metric = metric.strip(" “”\"（）()的")
    metric = _FIGURE_LEAD.sub("", _BASIS_LEAD.sub("", metric))
    return metric if 1 < len(metric) <= 20 else None
