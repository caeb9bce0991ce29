"""Length-preserving normalization: the rules see one form, offsets stay the original's.

Full-width digits and signs (１２３, ％) become ASCII and traditional characters become
simplified, one character for one character, so a match at [start, end) in the normalized
text is the same span in the original. Where OpenCC would change the length (phrase
conversions), we fall back to converting character by character.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Small-form variants that some traditional-script pages use for signs (18﹪, ﹣3): ASCII too.
_FULLWIDTH.update({0xFE6A: ord("%"), 0xFE63: ord("-"), 0xFE62: ord("+")})
# Slashes of other blocks that Taiwan's wire bylines use (記者林有清∕花蓮報導): ASCII too.
_FULLWIDTH.update({0x2215: ord("/"), 0x2044: ord("/")})
# Punctuation whose full-width form is the house style of Chinese text: keep it, the
# rules are written against it.
for _ch in "，。：；！？（）《》【】、“”‘’":
    _FULLWIDTH.pop(ord(_ch), None)
_HALF_TO_CJK = str.maketrans({";": "；", "(": "（", ")": "）", "!": "！", "?": "？"})
# Both tables in one pass: full-width → ASCII, then ASCII ; ( ) ! ? → Chinese punctuation.
_ONE_PASS = {cp: _HALF_TO_CJK.get(to, to) for cp, to in _FULLWIDTH.items()}
for _cp, _to in _HALF_TO_CJK.items():
    _ONE_PASS.setdefault(_cp, _to)
# The same table keyed by character, and a class of the characters it changes: an article
# holds a handful of them, so replacing those matches is several times faster than
# `str.translate`, which looks every character up in the table.
_ONE_PASS_CHARS = {chr(cp): to if isinstance(to, str) else chr(to) for cp, to in _ONE_PASS.items()}
# Variant Han characters some pages use that OpenCC's t2s leaves as they are (國際在線陜西消息:
# 陜 for 陝/陕): their standard simplified form.
_ONE_PASS_CHARS.update({"陜": "陕"})
_TRANSLATED = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_ONE_PASS_CHARS)) + "]")
# A Han character (the CJK Unified Ideographs block), and a run of them.
HAN_CHAR = re.compile("[\u4e00-\u9fff]")
_HAN_RUN = re.compile("[\u4e00-\u9fff]+")
# ASCII comma and colon become Chinese ones except between digits (1,200 and 19:25 stay):
# not preceded by a digit (the lookbehind spans the digit and the sign itself) or not
# followed by one. Written sign first, so the engine jumps from sign to sign.
_COMMA_COLON = re.compile(r"[,:](?:(?<!\d.)|(?!\d))")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified, guaranteed to keep the length."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    conv = _t2s().convert
    return "".join(c if len(c := conv(ch)) == 1 else ch for ch in text)


def is_traditional(text: str) -> bool:
    """True when converting to simplified changes a noticeable share of the Han characters.

    The sample is converted first: most texts are simplified and convert to themselves,
    which settles the answer (False) without counting their Han characters. Runs of Han
    characters are counted rather than each character (far fewer matches), and only a text
    that changes is compared character by character."""
    sample = text[:5000]
    try:
        simplified = to_simplified(sample)
    except UnicodeError:  # a lone surrogate: as before, a text with few Han characters is
        simplified = None  # simply not traditional, and any other one raises below
    if simplified == sample:
        return False
    han = sum(map(len, _HAN_RUN.findall(sample)))
    if han < 20:
        return False
    if simplified is None:
        simplified = to_simplified(sample)
    changed = sum(map(str.__ne__, sample, simplified))
    return changed / han > 0.03


def normalize(text: str, traditional: bool | None = None) -> str:
    """The form the rules read: ASCII digits and signs, Chinese punctuation, simplified script."""
    out = _TRANSLATED.sub(_translated, text)
    out = _COMMA_COLON.sub(lambda m: "，" if m.group() == "," else "：", out)
    if traditional is None:
        traditional = is_traditional(text)
    if traditional:
        out = to_simplified(out)
    assert len(out) == len(text)
    return out


def _translated(m: re.Match) -> str:
    return _ONE_PASS_CHARS[m.group()]


def nfkc_char(ch: str) -> str:
    """NFKC of one character when it stays one character (used by the number parser)."""
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch
