"""Property-based tests: on any text, every rule stage keeps its promises.

Arbitrary Unicode, long digit runs, nested and unbalanced quotes, mixed scripts and
whitespace: no exception, every offset inside the text and quoting it exactly, every
number finite.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings, strategies as st

from extractor.api import extract_document
from extractor.pipeline import PipelineConfig

RULES = PipelineConfig(model="none", tagger="none")
PIECES = ["公安局", "派出所", "分局", "联盟", "巡逻队", "“", "”", "‘", "’", "\"", "名", "起", "余", "多", "约", "近",
          "至少", "%", "％", "个百分点", "同比", "环比", "下降", "上升", "分别", "、", "，", "。", "\n", " ", "　",
          "万", "千", "亿", "两", "三四", "十", "1.8", "１２３", "-", "至", "年", "月", "日", "元", "今年以来",
          "發布時間：", "警務處", "宗", "所长", "记者", "张", "王", "(广告)", "第", "成"]
chinese_texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3),
                                   st.from_regex(r"[0-9]{1,25}", fullmatch=True)), max_size=40).map("".join)


def _check(text: str) -> None:
    result = extract_document(text, config=RULES)
    assert result.document.n_chars == len(text)
    for f in result.facts:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        for attr in ("value", "value_max"):
            v = getattr(f, attr, None)
            if isinstance(v, (int, float)):
                assert math.isfinite(v)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chinese_texts)
def test_any_chinese_like_text(text):
    _check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_unicode(text):
    _check(text)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=400))
def test_long_digit_runs(n):
    _check("破获案件" + "9" * n + "起，同比下降" + "8" * n + "%。")
