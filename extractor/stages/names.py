"""Where a name starts: walk left over the segmenter's tokens from a known head.

Organizations (…派出所), alliances (…巡逻队) and counted nouns all end in something we can
find with a pattern; their left edge is the hard part. We walk left token by token while the
token can be part of a name (a noun, place name, unknown word, or another unit of the same
hierarchy) and stop at punctuation, verbs, prepositions, pronouns and listed stop words.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

# jieba dictionary tags that can sit inside a name: nouns of all kinds, place and
# organization names, unknown words, and (for 反诈, 巡逻) verbal nouns.
NAME_TAGS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "x", "j", "l", "i", "vn", "an", "eng", "s", "b", "nw"}
NUMERAL_LEADS = set("0123456789零〇一二两三四五六七八九十百千几数每各整")
PUNCT = set("，。、；：！？“”‘’《》（）()【】[]「」『』—…·|｜/ \t\n,.;:!?\"'")


def token_starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get("_token_starts")
    if starts is None:
        starts = [t.idx for t in doc]
        doc.user_data["_token_starts"] = starts
    return starts


def token_index_at(doc: Doc, offset: int) -> int:
    """Index of the token containing character `offset`."""
    return max(bisect_right(token_starts(doc), offset) - 1, 0)


def walk_left(doc: Doc, head_start: int, stop_words: set[str], max_chars: int = 24,
              through: tuple[str, ...] = ()) -> int:
    """Start offset of the name that ends with the head at `head_start`.

    A token counts when its tag is in NAME_TAGS (or it ends with one of `through`, the
    heads of hierarchy units such as 分局), it is not a stop word and holds no
    punctuation. A token that straddles `head_start` contributes its left part.
    """
    text = doc.text
    i = token_index_at(doc, head_start)
    start = head_start
    tok = doc[i] if len(doc) else None
    if tok is not None and tok.idx < head_start:
        part = text[tok.idx:head_start]
        if _name_like(part, tok.tag_, stop_words, through):
            start = tok.idx
        else:
            return head_start
        i -= 1
    else:
        i -= 1
    while i >= 0:
        tok = doc[i]
        if head_start - tok.idx > max_chars:
            break
        if not _name_like(tok.text, tok.tag_, stop_words, through):
            break
        start = tok.idx
        i -= 1
    return start


def _name_like(word: str, tag: str, stop_words: set[str], through: tuple[str, ...]) -> bool:
    if not word or word in stop_words or any(ch in PUNCT for ch in word):
        return False
    if through and word.endswith(through):
        return True
    if tag in NAME_TAGS:
        return True
    if tag == "m" and len(word) >= 2 and word[0] not in NUMERAL_LEADS:
        return True  # 万户 (新村): a word the dictionary files under numerals
    if tag == "a" and len(word) >= 2:
        return True  # 平安 (服务中心)
    # Single Han characters the dictionary files as something else (亭, 湖) are often
    # parts of place names the segmenter split; accept them when not a stop word.
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff" and tag not in {"p", "c", "u", "uj", "ul", "uz", "r", "d", "v", "m", "q", "f", "y", "e", "o", "zg", "ad", "vd", "t"}


def strip_prefix(text: str, prefixes: list[str]) -> int:
    """Number of leading characters that are generic modifiers (辖区, 各, 全市)."""
    cut = 0
    changed = True
    ordered = sorted(prefixes, key=len, reverse=True)
    while changed:
        changed = False
        for p in ordered:
            if text.startswith(p, cut):
                cut += len(p)
                changed = True
                break
    return cut
