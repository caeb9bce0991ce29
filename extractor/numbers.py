"""Numbers as Chinese press texts write them, parsed to values.

Finding a number is the rule stages' job; this module only turns a matched string into a
value (Recognizers-Text's extractor/parser split). Chinese numerals go to cn2an, the
maintained converter; we add what it does not do: thousands separators and the 两/俩
colloquial forms it already handles are passed through untouched.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

CN_DIGITS = "零〇○一二两三四五六七八九"  # ○ (U+25CB) is how many pages write 〇: 一千○八十二
CN_UNITS = "十百千万亿"
# 廿 (20) and 卅 (30) are still written in Taiwan and Hong Kong (百分之廿四).
CN_NUMERAL = f"[{CN_DIGITS}{CN_UNITS}廿卅]+"
# An Arabic number with optional thousands separators, decimals and a Chinese multiplier.
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# 2万1244, 1亿2000, 2万2,807: the digits after 万/亿 are the rest of the number (Taiwan writes
# numbers so, with or without a thousands separator).
ARABIC_WAN = r"\d{1,4}[万亿](?:\d,\d{3}|\d{3,4})(?![\d.]|,\d)"
# 2万5千, 1万2千3百: Arabic digits with Chinese units all through (cn2an reads them).
ARABIC_UNITS = r"\d{1,4}[万亿](?:\d[千百十]){1,3}"
NUMBER = rf"(?:{ARABIC_UNITS}|{ARABIC_WAN}|(?:{ARABIC})(?:[十百千万亿]+)?|{CN_NUMERAL})"

_SMALL = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
_SMALL.update({"〇": 0, "○": 0, "两": 2})
_MULT = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


class NumberFormatError(ValueError):
    """The string is not a number we can read."""


def parse_number(text: str) -> float:
    """Value of an Arabic or Chinese number: '1.8万' → 18000, '两万' → 20000, '1,200' → 1200."""
    if type(text) is str:
        return _parse_cached(text)
    return _parse(text)


@lru_cache(maxsize=8192)
def _parse_cached(text: str) -> float:
    # Articles repeat their numbers and cn2an is slow; a failure raises and is not cached.
    return _parse(text)


def _parse(text: str) -> float:
    s = text.strip().replace(",", "").replace("○", "〇")
    if not s:
        raise NumberFormatError("empty number")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿]*)", s)
    if m:
        value = float(m.group(1))
        for unit in m.group(2):
            value *= _MULT[unit]
        return _finite(value, text)
    m = re.fullmatch(r"(\d+)([万亿])(\d{3,4})", s)
    if m:  # 2万1244 → 21244
        return _finite(float(int(m.group(1)) * _MULT[m.group(2)] + int(m.group(3))), text)
    if re.fullmatch(ARABIC_UNITS, s):  # 2万5千 → 25000
        import cn2an

        return _finite(float(cn2an.cn2an(s, "smart")), text)
    if s in _MULT:  # 千余人, 百余部: a unit character alone counts one of it
        return float(_MULT[s])
    s = s.replace("廿", "二十").replace("卅", "三十")
    m = re.fullmatch(f"({CN_NUMERAL})万([{CN_DIGITS}]{{3,4}})", s)
    if m and not any(u in m.group(2) for u in CN_UNITS):  # 九萬三三七九 → 93379: digits after 万
        rest = float("".join(str(_SMALL[ch]) for ch in m.group(2)))
        return _finite(_parse(m.group(1)) * 10_000 + rest, text)
    if re.fullmatch(CN_NUMERAL, s):
        import cn2an  # imported on first use: it takes ~0.5 s and most numbers are Arabic

        try:
            return _finite(float(cn2an.cn2an(s, "smart")), text)
        except (ValueError, KeyError):
            pass
        if all(ch in _SMALL for ch in s):  # digit strings such as 二〇二三
            return _finite(float("".join(str(_SMALL[ch]) for ch in s)), text)
    raise NumberFormatError(f"not a number: {text!r}")


def consecutive_pair(text: str) -> tuple[int, int] | None:
    """三四 → (3, 4), 七八 → (7, 8): two adjacent Chinese digits that write a vague range."""
    if len(text) == 2 and text[0] in _SMALL and text[1] in _SMALL:
        a, b = _SMALL[text[0]], _SMALL[text[1]]
        if a > 0 and b == a + 1:
            return a, b
    return None


def format_number(value: float) -> str:
    """The Chinese numeral of a whole number (the inverse of `parse_number` on integers)."""
    if value != int(value) or value < 0:
        raise NumberFormatError(f"only whole non-negative numbers have a Chinese numeral form: {value}")
    import cn2an

    return cn2an.an2cn(str(int(value)), "low")


def as_int_if_whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _finite(value: float, text: str) -> float:
    if not math.isfinite(value):
        raise NumberFormatError(f"number out of range: {text!r}")
    return value
