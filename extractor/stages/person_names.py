"""What a person's full name looks like in Chinese press text, whichever rule found it.

A full name is a surname and one or two more characters (a compound surname and one or two);
it ends where the segmenter ends a word, holds no function character, and is no form of
address (刘先生, 王某, 陶警官). The person rules (persons.py) and the filters of the merge and
LAC stages share these tests.
"""

from __future__ import annotations

import operator
from functools import lru_cache

from spacy.tokens import Doc

from .. import patterns
from ..candidates import text_of, words_of
from ..tokenizer import dictionary_tag
from .names import GLUED_LEADS, token_index_at

# What a police publicity office's pen name holds (粤公宣, 宁公宣, 合公新, 公新文: 公安宣传,
# 公安新闻): a byline's signature, no person.
PEN_NAME_MARKS = ("公宣", "公新")
# Endings that make a form of address, not a full name (刘先生, 王某, 吕大爷).
NOT_NAME_END = ("某", "感", "先生", "女士", "小姐", "大爷", "大妈", "大娘", "阿姨", "师傅", "老总", "姐", "哥", "叔", "婆", "娘", "爷", "嫂", "奶", "伯",
                "老汉", "老人",
                "警官", "教官", "所长", "队长", "局长", "书记", "主任", "科长", "处长", "股长", "站长", "院长", "校长", "组长",
                "经理", "大夫", "医生", "老师", "老板")  # 陶警官, 班教官, 刘所长, 邹科长, 赵大夫: a surname and a post


@lru_cache(maxsize=1)
def surname_set() -> frozenset[str]:
    """The surname list as a set: membership is tested for every word of every article."""
    return frozenset(patterns.load("persons").surnames)


SPEECH = set("说讲称道笑谈问答")
CREDITS = set("摄")  # 记者 徐琦摄: a photo credit's mark glued to the name at the line's end
# Function characters that no given name uses (民警来得比…, 他们的, 成员全是…).
NEVER_IN_NAME = set("的得地了着过么吗呢吧比被把们是网網")  # (作者:阳湖网 names a site)
DELIMITERS = set("，。、；：！？）)】」』”’ \u3000\n")
# A one-character word before a name that is a conjunction, preposition, particle, adverb
# or pronoun (和, 对, 也) is not its surname; a classifier reading (张) is no evidence.
FUNCTION_TAGS = {"c", "p", "u", "uj", "ul", "uz", "d", "r"}
# The tags of a word that may be a name: a name the dictionary knows (nr…) or an unknown word
# (x). A known common word holding the whole name (查询 v, 项目 n) means there is no name.
NAME_TAGS = {"nr", "nrfg", "nrt", "x"}
LOCATIVES = set("外内上下中前后里")


def word_ends(doc: Doc) -> set[int]:
    ends = doc.user_data.get("_word_ends")
    if ends is None:
        ws = words_of(doc)  # Word(idx, text, tag_): idx + len(text) for each, at C speed
        ends = set(map(operator.add, map(operator.itemgetter(0), ws), map(len, map(operator.itemgetter(1), ws))))
        doc.user_data["_word_ends"] = ends
    return ends


def pick_name(doc: Doc, start: int, candidate: str, stoppers: set[str], surnames: list[str]) -> str | None:
    """The full name at `start`: the longest reading that ends where a word ends.

    jieba keeps an unknown name together (王勤发|介绍) and splits 许毅|说, so a name ends at
    a word boundary; 齐心协|力 and 和志愿|者 do not, and are rejected. When the name was split
    into single characters, a trailing verb-like character (说, 介) is cut.
    """
    if "某" in candidate[1:]:
        return None  # 村民冷某|因琐事: the text keeps the name anonymous
    compound = len(candidate) >= 3 and candidate[:2] in surnames
    min_len = 3 if compound else 2
    ends = word_ends(doc)
    first = words_of(doc)[token_index_at(doc, start)]
    if first.idx == start and 2 <= len(first.text) < len(candidate) and first.tag_ in _CLAUSE_WORD_TAGS:
        return None  # 义警|成立|后: a verb (or adverb) opens the words after the role, no name
    if first.idx == start and len(first.text) == 2 == len(candidate) - 1 and first.tag_ == "a":
        nxt = words_of(doc)[token_index_at(doc, start + 2)]
        if nxt.idx == start + 2 and len(nxt.text) == 1 and nxt.tag_ in _CLAUSE_WORD_TAGS:
            return None  # 民警|平均|约|45.5岁: an adjective and an adverb, no surname and given name
    after_name = words_of(doc)[token_index_at(doc, start + len(candidate) - 1)]
    if after_name.tag_ == "x" and after_name.text.endswith("们") and after_name.idx > start:
        return None  # 民警|和护|边员们: the words run on into a plural noun (护边员们), no name
    if (first.idx == start and len(first.text) == 2 and len(candidate) == 3 and first.tag_ not in NAME_TAGS
            and candidate[2] in LOCATIVES):
        return None  # 民警|商场|内|巡逻: a place noun and its locative, no name
    if first.idx == start and first.text.endswith(NOT_NAME_END) and len(first.text) >= 3:
        return None  # 居民|安全感 (filed under nr by the dictionary): a feeling, no name in any reading
    if (first.idx == start and len(first.text) == 1 and first.tag_ in FUNCTION_TAGS and not compound
            and not (len(candidate) == 3 and _unknown_word(doc, start + 1, start + 3) and _speaks_next(doc, start + 3))
            and not (len(candidate) == 3 and first.tag_ == "r" and _name_word(doc, start + 1, start + 3))
            and not (len(candidate) == 3 and first.text in _adverb_surnames() and _name_word(doc, start + 1, start + 3)
                     and text_of(doc)[start + 3:start + 4] in DELIMITERS | {"。", "，", "："})):
        return None  # 和 (conjunction), 对 (preposition): not a surname here (所长于东辉介绍, 民警何|海波 are names)
    if first.idx == start and len(first.text) == 1 and first.tag_ == "v":
        nxt = words_of(doc)[token_index_at(doc, start + 1)]
        if nxt.idx == start + 1 and (nxt.tag_ == "f" or (nxt.tag_ in ("v", "p", "t") and len(nxt.text) == 1)
                                     or (nxt.tag_ == "v" and len(nxt.text) == 2 and len(candidate) == 3)):
            return None  # 老人|盖|上…, 民警|来|做…, 记者|来|采访: a verb and its direction or a second verb, no surname and name
    # 赵刚|介绍: a stopper that the segmenter keeps inside the name's own word is part of it.
    whole_word = first.idx == start and len(first.text) == min_len and first.tag_ in NAME_TAGS
    never = next((k for k in range(1, len(candidate)) if candidate[k] in NEVER_IN_NAME), None)
    if never is not None:
        if never < min_len:
            return None
        candidate = candidate[:never]  # 柯琪|把…: the name ends before a character no name holds
    if (len(candidate) == min_len + 1 and candidate[-1] in _GIVEN_NAME_STOPPERS and start + min_len in ends
            and (_speaks_next(doc, start + len(candidate)) or text_of(doc).startswith("和", start + len(candidate)))):
        return candidate  # 姚正|一|说道, 熊能一|和周星辉: a given name ending in 一 before a verb of speech or a list mark
    # 郭|向阳|表示: a lone surname, then a given name the dictionary files as a name, though
    # its first character is a stopper (向)
    if first.idx == start and len(first.text) == 1 and len(candidate) == min_len + 1 and not compound:
        given = words_of(doc)[token_index_at(doc, start + 1)]
        if given.idx == start + 1 and given.text == candidate[1:] and (
                given.tag_ in ("nr", "nrfg", "nrt") or (given.tag_ in _COMMON_GIVEN_TAGS and _speaks_next(doc, start + len(candidate)))):
            return candidate  # (副厅长谭|和平|介绍: a given name that is a common word, before a verb of speech)
    # 康正健|出席: an unknown word of the whole reading holds its stopper (正) too
    whole_unknown = first.idx == start and first.text == candidate and len(candidate) > min_len and first.tag_ == "x"
    if whole_unknown and len(candidate) == min_len + 1 and _speaks_next(doc, start + len(candidate)):
        return candidate  # 处长|陈智刚|介绍: one unknown word closed by a verb of speech is the whole name
    if candidate[min_len - 1] in stoppers and not whole_word and not whole_unknown and not (
            len(candidate) == min_len + 1 and candidate[min_len - 1] in _GIVEN_NAME_STOPPERS
            and candidate[min_len] not in _CLASSIFIER_CHARS and _speaks_next(doc, start + len(candidate))):
        return None  # (处长周一鸣表示: 一 opens many given names; before a verb of speech it is one)
    if (first.idx == start and len(first.text) == len(candidate) > min_len and first.tag_ in ("nr", "nrfg", "nrt")
            and candidate[-1] not in SPEECH and not candidate.endswith(NOT_NAME_END)):
        return candidate  # 刘志刚|提醒: the dictionary knows the whole name, 刚 and all
    lengths = range(len(candidate), min_len - 1, -1)
    following = text_of(doc)[start + len(candidate):start + len(candidate) + 1]
    if (len(candidate) > min_len and start + len(candidate) in ends and (not following or following in DELIMITERS
                                                                      or following in SPEECH)
            and candidate[-1] not in SPEECH and candidate[-1] not in CREDITS
            and not (candidate[-1] in stoppers and start + len(candidate) - 1 in ends)):
        return candidate  # a name closed by punctuation keeps its last character (王烁刚）, not 许毅|说。, 徐琦摄)
    if whole_word and candidate[min_len - 1] in stoppers:
        if (len(candidate) == min_len + 1 and candidate[-1] not in stoppers and candidate[-1] not in _CLASSIFIER_CHARS
                and (_speaks_next(doc, start + len(candidate)) or _glued_to_speech(doc, start + len(candidate))
                     or (first.tag_ == "x" and start + len(candidate) in ends))):
            # 李道|军|介绍: the stopper (道) is inside a name that a verb of speech closes; 郭笑|兵|分析:
            # the segmenter glued the stopper to the surname as an unknown word, so it is no verb there
            return candidate
        return candidate[:min_len]  # (骆有|才， is closed above: its 有 is no stopper there)
    after = start + len(candidate)
    glued = words_of(doc)[token_index_at(doc, after - 1)]
    if len(candidate) > min_len and _glued_to_speech(doc, after) and candidate[-1] not in stoppers:
        return candidate  # 张祖|召说, 袁观|清率: an unknown word glued the name's last character to the verb after it
    if (len(candidate) == min_len + 1 and first.idx == start and first.tag_ == "x" and len(first.text) == len(candidate) + 1
            and not _cuts_common_word(doc, start, len(candidate))):
        return candidate  # 尹喜峰作|主旨发布: an unknown word ran a full name of three on into the verb after it
    if (len(candidate) == min_len + 1 and glued.idx == after - 2 and glued.text == candidate[-2:]
            and candidate[-1] in speech_verbs() and first.idx == start and first.text == candidate[:min_len - 1]):
        return candidate[:-1]  # 李|明说 (明说 "say plainly"): a lone surname, then its given name glued to 说
    if (len(candidate) == min_len + 1 and first.idx == start and first.tag_ == "x" and first.text == candidate[:min_len]
            and glued.idx == after - 1 and len(glued.text) == 2 and glued.text[1] == "说" and glued.text[0] != "时"
            and text_of(doc)[after + 1:after + 2] in DELIMITERS | {"，", "。", "：", "“"}):
        return candidate  # 黄富|明说，: an unknown word holds surname and given name; its last character went to 说
        # (谢钧|时说 is "when … said": no name ends in 时)
    chosen = next((n for n in lengths if start + n in ends and not (n > min_len and candidate[n - 1] in stoppers)), None)
    if chosen is None and following in LOCATIVES and after + 1 in ends and words_of(doc)[token_index_at(doc, after)].tag_ == "x":
        chosen = len(candidate)  # 民警|张云良外: the locative of 除了…外 glued onto the name
    if chosen is None and not _cuts_common_word(doc, start, len(candidate)):  # one unknown word ran on into a verb: 庄浩说
        chosen = next((n for n in lengths if n < len(candidate) and candidate[n] in stoppers), None)
    if chosen is None or candidate[:chosen].endswith(NOT_NAME_END):
        return None
    return candidate[:chosen]


@lru_cache(maxsize=1)
def _glued_addressees() -> frozenset[str]:
    """Prepositions of whom one speaks to, glued onto a name's last character (吴子|明对|记者说;
    persons.yaml `glued_addressees`)."""
    return frozenset(patterns.load("persons").glued_addressees)


# What may follow a photo credit's 摄: the end of the text or line, a space, a closing bracket.
_CREDIT_CLOSERS = frozenset(("", "\n", " ", "\u3000", "）", ")", "】", "]"))


# Conjunctions that join two names (潘轩硕及潘裕谚).
_GLUED_JOINERS = frozenset("及和与")


def _glued_to_speech(doc: Doc, after: int) -> bool:
    """Whether the name's last character, before `after`, is glued into an unknown word with
    the verb of speech or of leading after it (张祖|召说, 王道|荣说, 袁观|清率)."""
    glued = words_of(doc)[token_index_at(doc, after - 1)]
    return (glued.idx == after - 1 and len(glued.text) == 2
            and ((glued.tag_ == "x" and (glued.text[1] in speech_verbs() or glued.text[1] in GLUED_LEADS
                                         or glued.text[1] in _glued_addressees()))
                 or (glued.text[1] == "说" and glued.tag_ not in ("v", "vn", "d", "c") and glued.text[0] != "时")
                 or (glued.text[1] in CREDITS and text_of(doc)[after + 1:after + 2] in _CREDIT_CLOSERS)
                 or (glued.tag_ == "x" and glued.text[1] in _GLUED_JOINERS and text_of(doc)[after + 1:after + 2] in surname_set())))
    # (警员潘轩|硕及|潘裕谚: a conjunction glued on before the next name;
    # 通讯员应后|威摄: a photo credit's 摄 closes its line; 记者全程|拍摄、记录 is the verb "to film")
    # (张贞|文说: the dictionary lists 文说 as a noun, and 说 still speaks; 王芳|听说 is a verb, "heard";
    # 在评价民警谢钧|时说: 时 closes the clause, "when … said", no name ends in it)


def _name_word(doc: Doc, start: int, end: int) -> bool:
    """Whether text[start:end] is one word that can be a given name: a name or a noun (海波)."""
    word = words_of(doc)[token_index_at(doc, start)]
    return word.idx == start and word.idx + len(word.text) == end and word.tag_ in ("nr", "nrfg", "nrt", "n", "x", "nz")


@lru_cache(maxsize=1)
def _adverb_surnames() -> frozenset[str]:
    """Surnames the segmenter reads as adverbs (persons.yaml `adverb_surnames`: 民警曾|文才。)."""
    return frozenset(patterns.load("persons").adverb_surnames)


# Tags of the common words that serve as given names (和平 nz, 建国 ns, 海波 n, 红 a): not a
# numeral's (民警张|一名|说 counts nobody).
_COMMON_GIVEN_TAGS = frozenset({"n", "nz", "ns", "a", "an"})
# Tags of dictionary words that open a clause: a reading that starts with one is no name.
_CLAUSE_WORD_TAGS = frozenset({"v", "vd", "d", "p", "c"})
# Stoppers that also open given names (周一鸣, 张三丰): a three-character reading before a
# verb of speech keeps them.
_GIVEN_NAME_STOPPERS = frozenset("一二三")
_CLASSIFIER_CHARS = frozenset("名个位人次起件")  # 一名, 三人: a figure, not a given name
_LEADS = frozenset("率")  # 主任袁观清率市人大常委会…: a leader's name, then the body he leads


@lru_cache(maxsize=1)
def speech_verbs() -> tuple[str, ...]:
    """The verbs of speech that open a quotation or report after a name (persons.yaml
    `speech_verbs`: 所长于东辉|介绍, 彭金生说), as a tuple for str.startswith."""
    return tuple(patterns.load("persons").speech_verbs)


def _cuts_common_word(doc: Doc, start: int, length: int) -> bool:
    """Whether a dictionary word that is no name crosses a cut inside the reading (民警|来|调解|了:
    来调 would cut 调解); an unknown word that ran on into a verb (庄浩说) is cut freely."""
    ws = words_of(doc)
    i, end = token_index_at(doc, start), start + length
    while i < len(ws) and ws[i].idx < end:
        word = ws[i]
        if len(word.text) > 1 and word.tag_ not in NAME_TAGS:
            return True
        i += 1
    return False


def _unknown_word(doc: Doc, start: int, end: int) -> bool:
    """Whether text[start:end] is one word the dictionary does not know (东辉 x, not 昨日 t)."""
    word = words_of(doc)[token_index_at(doc, start)]
    return word.idx == start and len(word.text) == end - start and word.tag_ in NAME_TAGS


def _speaks_next(doc: Doc, end: int) -> bool:
    """Whether a word of speech starts right where a three-character reading ends: the
    reading is then the speaker's name, whatever the dictionary makes of its first character."""
    text = text_of(doc)
    return end in word_ends(doc) and text.startswith(speech_verbs(), end)


def full_name(item: str, surnames) -> bool:
    """A surname and one or two more characters (a compound surname and one or two); a name
    the text keeps anonymous (秦某汉) is none."""
    if "某" in item:
        return False
    if len(item) >= 3 and item[:2] in surnames:
        return len(item) <= 4 and not NEVER_IN_NAME.intersection(item)
    return item[:1] in surnames and 2 <= len(item) <= 3 and not NEVER_IN_NAME.intersection(item)


def common_word_at(doc: Doc, start: int, end: int) -> bool:
    """Whether the text from `start` to `end` lies in one dictionary word that is not a name
    (全市; 公安 of 公安部)."""
    word = words_of(doc)[token_index_at(doc, start)]
    if not (word.idx == start and word.idx + len(word.text) >= end):
        return False
    return word.tag_ not in NAME_TAGS or _verb_led_entry(word.text, word.tag_)


def _verb_led_entry(word: str, tag: str) -> bool:
    """A three-character dictionary entry tagged as a name whose first two characters are a
    verb (宣传日, 宣传周: jieba's dictionary files these days and weeks under nr). No surname
    and given name read as a verb, so the entry is the event, not a person."""
    return tag == "nr" and len(word) == 3 and dictionary_tag(word[:2]) in ("v", "vn")


def plausible_name(name: str) -> bool:
    """What a surname-led run found without a role must still look like to be a name: no 某
    (黄某到, an anonymized person), not a preposition with a locative (公安局|向外|透露), and
    not a place's level at its end (高桥镇|表示: a township speaks through its office)."""
    return "某" not in name and not (len(name) == 2 and name[1] in LOCATIVES) and name[-1] not in _PLACE_LEVELS


_PLACE_LEVELS = frozenset("省市县区镇乡村州")  # (not 旗: 张光旗 is a name)
