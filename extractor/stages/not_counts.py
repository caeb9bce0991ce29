"""What looks like a count and is none: a code, an ordinal, a rank, a page's counter, a team's
number, a phase, an idiom, a place's name, a slogan's figure (counts.yaml's exclusion lists and
the structural checks around them).

counts.py finds every number with a classifier and asks `no_count` of each; each check says by
its example which reading it rules out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from spacy.tokens import Doc

from .. import patterns
from ..candidates import derived, text_of, words_of
from ..numbers import CN_DIGITS
from .count_subjects import AGE
from .names import hotline_end, hotlines, token_index_at
from .region import doc_mentions


def no_count(doc: Doc, text: str, m: re.Match, num: str, r, words: RuleWords) -> bool:
    """Whether the match `m` of counts.py's pattern (number `num`, classifier) counts nothing."""
    return _excluded(text, m, num, r, words) or _adverbial(doc, m, r) or _in_idiom(doc, m) or _in_place_name(doc, m)


def all_classifiers(r) -> frozenset[str]:
    """Every classifier of counts.yaml, whatever its group."""
    return frozenset(c for group in r.classifiers.values() for c in group)


# A word of three Latin letters or more right before a number (安装反诈APP1200余人次): the
# word ends there; a code has one or two letters (G15, K1234).
_ASCII_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,}$")
# A figure with its classifier or a percentage later in the clause (四类案件|107起).
_FIGURE_IN_CLAUSE = re.compile(r"[^，。；,;\n]{0,16}?\d[\d.]*[万亿]?余?(?:%|％|个?百分点|[起件名人宗])")


def _in_idiom(doc: Doc, m: re.Match) -> bool:
    """A Chinese numeral and classifier inside an idiom the segmenter keeps whole (三头六臂):
    a figure of speech, not a figure."""
    if m.group("num")[0].isdigit():
        return False
    word = words_of(doc)[token_index_at(doc, m.start("num"))]
    # (两千人 is filed as an idiom too, though it is only the figure: an idiom holds more words)
    return (word.tag_ == "i" and word.idx + len(word.text) >= m.end("cls")
            and not (word.idx == m.start("num") and word.idx + len(word.text) == m.end("cls")))


def _in_place_name(doc: Doc, m: re.Match) -> bool:
    """A Chinese numeral that is part of a place's name (九台区张某某: 九台区 is a district of
    长春, not nine machines)."""
    if m.group("num")[0].isdigit():
        return False
    return any(s <= m.start("num") < e for s, e, _ in doc_mentions(doc))


def _adverbial(doc: Doc, m: re.Match, r) -> bool:
    """A numeral and classifier the language uses as an adverb, before a verb (四处|翻找), or as
    an attribute before a word (二次|伤害)."""
    text = text_of(doc)
    written = text[m.start("num"):m.end("cls")]
    han_after = "\u4e00" <= text[m.end("cls"):m.end("cls") + 1] <= "\u9fff"
    if written in r.attributive_counts and han_after:
        return True  # 二次|饮酒驾驶, 防止二次|受骗: "secondary", an attribute of the word after it
    if m.group("cls") in r.phase_classifiers and han_after and not m.group("num")[0].isdigit():
        return True  # 大汉龙城二期|某楼栋: a phase or an issue named by its number, no count
    if not r.adverbial_counts or written not in r.adverbial_counts:
        return False
    ws = words_of(doc)
    k = token_index_at(doc, m.end("cls"))
    return ws[k].idx == m.end("cls") and ws[k].tag_.startswith("v")


class Slogans:
    """The short quotations of a text (SLOGAN), asked whether one holds a match: they come in
    order and do not overlap, so only the last one opening before the match can hold it."""

    def __init__(self, text: str):
        self.spans = [(q.start(), q.end()) for q in SLOGAN.finditer(text)]
        self.starts = [s for s, _ in self.spans]

    def hold(self, start: int, end: int) -> bool:
        """Whether a quotation opens before `start` and closes after `end`."""
        k = bisect_left(self.starts, start) - 1
        return k >= 0 and end < self.spans[k][1]


class RuleWords(NamedTuple):
    """The rule words that are tested with str.endswith / startswith, as tuples built once."""

    not_before: tuple[str, ...]
    vague: tuple[str, ...]
    not_after: tuple[str, ...]
    not_rank: tuple[str, ...]
    team_members: tuple[str, ...]


def rule_words(r) -> RuleWords:
    # a page counter with its colon (文章点击：1200) bars the figure wherever it stands
    counters = tuple(f"{counter}{colon}" for counter in r.page_counters for colon in "：:")
    return RuleWords(tuple(r.not_before_number) + counters, tuple(r.vague_numbers), tuple(r.not_after_classifier),
                     tuple(r.not_rank_before), tuple(r.team_members))


def _lines_counted(pre: str, num: str) -> bool:
    """拦截涉案电话492个, 查处电信诈骗号码456个: a figure of at most five digits after 电话 or
    号码 that is no hotline counts the lines (a phone number has seven digits or more; 电话110 is
    the hotline)."""
    return pre.endswith(("电话", "号码")) and num.isdigit() and len(num) <= 5 and num not in hotlines()


# A span of time right after a count (3000余人|24小时开展安保): the clause's, not the noun counted.
_DURATION = re.compile(r"\d+(?:小时|个小时|天|分钟|个月)")
# A fraction right after a count (3个|三分之一勤务模式): the count numbers a model's parts.
_FRACTION = re.compile(r"[一二两三四五六七八九十百\d]+分之")


def _page_counter_re(r) -> re.Pattern:
    """A page counter's label opening a bracket, a line or a bar right before the number
    (counts.yaml `page_counters`): 该帖被转发3000余次 is the article's."""
    return derived(r, _build_page_counter_re)


def _build_page_counter_re(r) -> re.Pattern:
    return re.compile(rf"(?:^|[【\[（(|｜\s])(?:{patterns.alternation(r.page_counters)})[ \u3000]*[：:]?[ \u3000]*$", re.M)



def _excluded(text: str, m: re.Match, num: str, r, words: RuleWords) -> bool:
    """The checks on the characters around the match: the five before it (`pre`: 第, 编号, a
    digit, a colon) and those after its classifier (a duration, a fraction, a team's
    members), then what a Chinese numeral alone can be (一 as "a", a
    numbered unit, a category's number). Each check's comment gives the reading it rules out."""
    pre = text[max(0, m.start() - 5): m.start()]
    if pre.endswith((" ", "\u00a0")) and pre.rstrip(" \u00a0"):
        pre = pre.rstrip(" \u00a0")  # 第 3 名, 电话 110: a scraped space does not part the word from its number
    if len(num) > 1 and num[0] == "0" and num[1].isdigit():
        return True  # 0512: a number with a leading zero is a code (an area code, a ticket)
    if num == "一一":
        return True  # 一一对应, 一一列举: "one by one", no eleven
    if pre.endswith(("》", "〉")) and m.group("cls") in ("条", "款", "项"):
        return True  # 《民法典》1246条: the law's article, no count of articles
    not_before, vague, not_after, not_rank = words.not_before, words.vague, words.not_after, words.not_rank
    if pre.endswith(not_before) and not any(ch in num for ch in ".万亿") and not m.group("mult") \
            and not _lines_counted(pre, num):
        return True  # 第二批, 编号123, 电话110; 诈骗电话21.7亿次, 电话280余万起 are counts (no code has 万 or a point)
    if pre.endswith(vague) and not num[0].isdigit():
        return True  # 数十名, 几百人 are vague; 总人口数9700多人 is not
    if m.group("cls") == "台" and num in hotlines():
        return True  # 广州110台接处警: the hotline's desk, no count of machines
    if _page_counter_re(r).search(text, max(0, m.start() - 8), m.start()):
        return True  # 【评论0条】, 点击：1200次: the page's own counters, no fact of the article
    if pre and (pre[-1].isdigit() or pre[-1] in ".-/#" or pre[-1].isascii() and pre[-1].isalpha() and not _ASCII_WORD.search(pre)) \
            and not pre.endswith(("（-", "(-", "（+", "(+")):
        return True  # part of a code, a time or a longer number ((-5610宗) is a signed change)
    if pre[-1:] in (":", "：") and (len(pre) < 2 or pre[-2].isascii()):
        return True  # 10:30, No:12; after a Han label (南岗区:三个层面) the figure opens a heading
    tail = m.end("cls") + (1 if text[m.end("cls"):m.end("cls") + 1] in ("多", "余") else 0)
    if text.startswith(not_after, tail) and not m.group("after"):
        return True
    if m.group("cls") in r.classifier_not_before and text.startswith(tuple(r.classifier_not_before[m.group("cls")]), tail):
        return True  # 两轮摩托车: the classifier makes a compound with the noun
    if m.group("cls") == "次" and "届" in pre:
        return True  # 六届人大五次会议: a congress's session numbers, no count of meetings
    if m.group("cls") in r.classifier_not_after and pre.endswith(tuple(r.classifier_not_after[m.group("cls")])):
        return True  # 第二批, 第二十二条二款: an ordinal or a law's clause, no count (线索30条17人 is two counts)
    if _FRACTION.match(text, tail):
        return True  # 3个三分之一勤务模式: a count whose noun is a fraction names a model, counts nothing
    if (text[tail:tail + 1].isdigit() and not derived(r, _count_after).match(text, tail) and hotline_end(text, tail) == tail
            and not AGE.match(text, tail) and not _DURATION.match(text, tail)):
        # (1名65岁老人: an age describes the one counted; 警力3000余人24小时开展安保: a duration the clause's)
        return True  # 三个100%: a count's noun is never a number (542起574人, 38起126件 are two counts; 10名12345热线话务员 has one)
    if not num[0].isdigit():
        if not any(ch in CN_DIGITS for ch in num) and num != "十" and not m.group("before") and not m.group("inside"):
            return True  # 千家万户, 百家: unit characters alone are words, not numbers (千余人 is one)
        if num == "一" and not m.group("before"):
            return True  # 一支队伍, 一名志愿者: the article use of 一
        if num == "一" and m.group("before") == "近" and text[m.start() - 1:m.start()] in ("最", "附", "靠", "临", "接"):
            return True  # 最近一次盗窃: "the latest", 附近一家工厂: "a nearby", not nearly one
        if num in ("零", "〇"):
            return True  # 零部件, 零发案: 零 alone opens a word, it counts nothing
        if (len(num) == 1 and num != "两" and pre and "\u4e00" <= pre[-1] <= "\u9fff"
                and ((m.group("cls") == "所" and not text.startswith(tuple(r.counted_by_suo), m.end("cls")))
                     or m.group("cls") in ("路", "队")
                     or (m.group("cls") == "支" and text.startswith("队", m.end("cls"))
                                                  and not text.startswith(("队伍", "队员"), m.end("cls"))))):
            return True  # 夏镇二所民警, 海警二支队, 国道七队, 福德二路: a numbered unit's or road's name (两所; 九所高校 are schools)
        if pre and pre[-1] in CN_DIGITS + "十百千万亿":
            return True
    if m.group("cls") == "类" and (_named_category(text, m, num, r) or pre.endswith(("、", "第"))
                                   or _FIGURE_IN_CLAUSE.match(text, m.end())):
        # 八类案件, 街面九类: the statistics' named categories; 二、三类街道: grades; 四类案件107起,
        # 七类严重刑事案件同比下降2.41%: the kinds name what a figure after them counts or measures
        return True
    if m.group("cls") == "队" and not num[0].isdigit() and (
            pre.endswith("队") or (num != "两" and text.startswith(words.team_members, m.end("cls")))):
        return True  # 刑侦支队|九队, 值勤二队民警: a numbered team of the unit, not nine teams (两队民警 are two)
    if (m.group("cls") == "支" and not num[0].isdigit() and num != "两" and text.startswith("队", m.end("cls"))
            and text.startswith(words.team_members, m.end("cls") + 1)):
        return True  # ，四支队全体民警: the fourth detachment and its members, not four teams
    if pre.endswith("前") and m.group("cls") in r.rank_classifiers and not pre.endswith(not_rank):
        return True  # 全省发案前20位: a rank, not a count
    if m.group("cls") in r.rank_classifiers and pre.endswith(tuple(r.rank_moves)):
        return True  # 排名前进了5位: a move in a ranking
    return False


def _named_category(text: str, m: re.Match, num: str, r) -> bool:
    """八类案件, 街面九类, 8类严重暴力犯罪: the crime statistics' named categories, a name and
    no count of kinds; the same number before another noun counts kinds (8类交通违法行为)."""
    if num not in r.named_categories:
        return False
    after = text[m.end("cls"):m.end("cls") + 2]
    return not after or not "\u4e00" <= after[0] <= "\u9fff" or after.startswith(tuple(r.category_nouns))


def _count_after(r) -> re.Pattern:
    """A second figure and classifier right after a count (542起574人, 38起126件): two counts."""
    return re.compile(rf"\d+(?:{patterns.alternation(all_classifiers(r))})")



# A figure inside a short quotation belongs to a slogan, a rule or a name
# (“十户一组，一人一周”, “三个下降”), not to the article's counts.
SLOGAN = re.compile(r"“[^“”\n]{2,16}”")
