"""Persons named again and again with no role or speech verb around them.

A feature story names its people bare (谢传伦骑着摩托车…。这辆摩托车花了谢传伦3000元): no
post, no 说 after the name, so the role and speaker rules never see them. What gives them
away is the segmenter: a full name it does not know stays one unknown word of three
characters that opens with a surname, and the story repeats it. A word the dictionary lists
(安全感, 许可证, 连云港) is never read so, nor is one that ends like a place (封刀岭, 俞邦村)
or stands before 社区 (文耀里社区), nor one after a numeral (59支反诈…: its first character is
a classifier), nor one said only once (a single unknown word is as often a place or a term as
a name).
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc

from ..candidates import Candidate, text_of, words_of
from ..tokenizer import dictionary_tag
from .names import NUMERAL_LEADS, token_index_at
from .person_names import NOT_NAME_END, SPEECH

# A name said at least this often is one the story is about.
MIN_MENTIONS = 2
# Verbs the segmenter glues onto a two-character name (宋琦|涉黑案, 王刚|说): such a word is no
# full name of three.
_GLUED_VERBS = frozenset(SPEECH | {"涉"})


def _place_across_start(doc: Doc, text: str, idx: int) -> bool:
    """Whether a lone character before the word and the word's first make a place the
    dictionary knows (长|江大桥: the river 长江), so the word opens no name there; the 长 of a
    title word before it (局长|宁惠军) is the title's, whatever 长宁 would be."""
    return (idx > 0 and dictionary_tag(text[idx - 1:idx + 1]) == "ns"
            and len(words_of(doc)[token_index_at(doc, idx - 1)].text) == 1)


def recurring_names(doc: Doc, surnames: frozenset[str], rules) -> list[Candidate]:
    """Every mention of each unknown three-character word that opens with a one-character
    surname and recurs in the text. A word ending like a place or a site (persons.yaml
    place_end_chars) is no full name, nor one ending like a form of address or a post
    (陶警官, NOT_NAME_END), nor one a place word follows (place_after_words)."""
    place_ends = rules.place_end_chars
    place_after = tuple(rules.place_after_words)
    text = text_of(doc)
    mentions: dict[str, list[int]] = defaultdict(list)
    not_names: set[str] = set()
    # (the cheap tests first, in a comprehension: an article has hundreds of words and a few of them qualify)
    unknown = [(idx, word) for idx, word, tag in words_of(doc) if tag == "x" and len(word) == 3]
    for idx, word in unknown:
        if (word[0] in surnames and word[-1] not in place_ends and not word.endswith(NOT_NAME_END)
                and word[-1] not in _GLUED_VERBS and not _place_across_start(doc, text, idx)):
            mentions[word].append(idx)
            if text.startswith(place_after, idx + 3) or (idx > 0 and text[idx - 1] in NUMERAL_LEADS):
                not_names.add(word)  # 文耀里|社区 is a place; 一|支反诈… reads 支 as a classifier
    return [Candidate("person", idx, idx + 3, "person.recurring_name", {"name": word, "role": None, "org": None})
            for word, starts in mentions.items() if len(starts) >= MIN_MENTIONS and word not in not_names
            for idx in starts]
