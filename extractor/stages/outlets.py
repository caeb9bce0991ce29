"""Outlets as organizations: the one the metadata stage read as the page's source, and the
ones running text names by their work (红星新闻记者从…获悉, 中国青年报·中青在线记者).

A site or app name often ends in a common word (新闻 news, 在线 online, 客户端 app) that the
suffix walk of the organizations stage cannot trust; what follows it (记者, 讯, 报道, 客户端)
says it is an outlet, and a left edge at punctuation keeps the sentence's words out of its
name (大河客户端记者, not 他接受新闻记者).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..candidates import Candidate, text_of, words_of
from .metadata import names_no_outlet, source_parts
from .names import token_index_at

# 红星新闻|记者, 中青在线|记者, 浙江在线|讯, 大河客户端|记者: a name of two to four characters
# ending in 新闻, 在线 or 客户端, opening after punctuation or a line's start, before an outlet's work.
_NAMED_BY_WORK = re.compile(r"(?:^|(?<=[·•\-－—|｜\s，,。：:、（(“\"《]))([\u4e00-\u9fff]{2,4}?(新[闻聞]|在[线線]|客[户戶]端))"
                            r"(?=[）)]?(?:[讯訊电電]|记者|記者|报道|報道|消息|客户端|客戶端))", re.M)
# Words of a sentence, not of a name: a pronoun, verb, preposition, conjunction, particle or adverb
# (他|接受|新闻记者).
_SENTENCE_TAGS = frozenset({"r", "v", "vd", "p", "c", "u", "uj", "ul", "d", "m", "q"})


def source_outlets(doc: Doc, rules) -> list[Candidate]:
    """The outlets the metadata stage found as source (中国网·美丽盐城, 东北网-新晚报):
    each part that ends like an outlet name is an organization, at the mention on the source
    line (来源：…), else at its first mention (a page's navigation may name the site first)."""
    source = (doc.user_data.get("meta") or {}).get("source")
    if not source:
        return []
    text = text_of(doc)
    line = max(text.find("来源"), text.find("稿源"))  # the source line's mention, when there is one
    at = text.find(source, max(line, 0))
    if at < 0:
        at = text.find(source)
    parts = source_parts(source)
    out = []
    for part in parts:
        name = part.group().strip()
        # A source named alone is the outlet whatever its name ends with (文明风); a site and
        # its paper (东北网-新晚报) are told apart by their endings, a police account by its
        # police word (江门公安、南方日报).
        outlet_like = name.endswith(tuple(rules.outlet_suffixes) + tuple(rules.police_short_words)) or (
            len(parts) == 1 and _han_name(name) and not names_no_outlet(name))
        if len(name) >= 2 and outlet_like and at >= 0:
            start = at + part.start()
            out.append(Candidate("organization", start, start + len(part.group()), "organization.outlet", {"name": name}))
    return out


def _han_name(name: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in name)



def outlets_in_text(doc: Doc, rules) -> list[Candidate]:
    """Outlets named in running text by their work (see the module docstring)."""
    text = text_of(doc)
    if "新" not in text and "在" not in text and "客" not in text:
        return []
    words = words_of(doc)
    generic = tuple(rules.generic_prefixes)
    out = []
    for m in _NAMED_BY_WORK.finditer(text):
        start, end = m.span(1)
        head = text[start:m.start(2)]
        if head.startswith(generic) or names_no_outlet(head):
            continue  # 当地新闻, 本网在线: no outlet's name
        i = token_index_at(doc, start)
        if words[i][0] != start:
            continue  # the name would start inside a word
        j = i
        while j < len(words) and words[j][0] < m.start(2):
            if words[j][2] in _SENTENCE_TAGS:
                break
            j += 1
        else:
            if not m.group(2).startswith("客") and text.startswith(("客户端", "客戶端"), end):
                end += 3  # 中安新闻客户端讯: the app is the outlet named
            out.append(Candidate("organization", start, end, "organization.outlet_in_text", {"name": text[start:end]}))
    return out
