import math

import pytest
from hypothesis import given, strategies as st

from extractor.numbers import NumberFormatError, consecutive_pair, format_number, parse_number


@pytest.mark.parametrize("text, value", [
    ("113", 113), ("1.8万", 18000), ("3千", 3000), ("两万", 20000), ("三千", 3000), ("1,200", 1200),
    ("十二", 12), ("一百二十三", 123), ("2.5亿", 250_000_000), ("二〇二三", 2023), ("零", 0), ("十", 10),
    ("2万5千", 25000), ("1万2千3百", 12300),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "三十余", "1.2.3"])
def test_parse_number_rejects(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


def test_consecutive_pair():
    assert consecutive_pair("三四") == (3, 4)
    assert consecutive_pair("七八") == (7, 8)
    assert consecutive_pair("三五") is None
    assert consecutive_pair("十二") is None


@given(st.integers(min_value=0, max_value=10**12))
def test_format_round_trips(n):
    assert parse_number(format_number(n)) == n


@given(st.text(max_size=30))
def test_parse_number_never_returns_non_finite(s):
    try:
        v = parse_number(s)
    except NumberFormatError:
        return
    assert math.isfinite(v)
