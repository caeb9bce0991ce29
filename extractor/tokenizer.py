"""The pipeline's tokenizer: normalize, segment with jieba (or rjieba), keep exact offsets.

spaCy's own `ChineseTokenizer` calls the process-global `jieba` module; we keep a private
`jieba.Tokenizer` so a user's own jieba dictionary changes cannot leak into our results
(and ours cannot leak into theirs). The Doc's text is the length-preserving normalized form
(see `normalize.py`); the original text travels in `doc.user_data["original_text"]` and facts
quote it. Each token's `tag_` is its jieba dictionary part of speech (`x` when unknown):
the rule stages read it to find where names start and stop, without the cost of a tagger.
On the rjieba path the tags come from jieba-rs's own copy of the same dictionary, word by
word as they are first met (`dictionary_tag`), so start-up does not load jieba's 350,000-word
tag table.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from itertools import accumulate, repeat
from operator import itemgetter

import numpy
from spacy.attrs import TAG
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces, registry

from .candidates import Word
from .glosses import strip_glosses
from .normalize import is_traditional, normalize

SEGMENTERS = ("jieba", "rjieba")
MAX_TAG_MEMO = 200_000
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech of every word it knows (n, v, ns, nr, ...).

    Read straight from jieba's dictionary file (`word freq tag` per line): importing
    jieba.posseg would build a whole POS tokenizer, twice, and cost seconds at start-up.
    The parsed table is kept in the user's cache folder (keyed by the dictionary file's
    size and time), so later start-ups load it in a fraction of the time."""
    import marshal
    import os
    import sys

    source = _jieba_dict_path()
    stat = os.stat(source)
    cache_dir = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "extractor")
    cached = os.path.join(cache_dir, f"jieba-tags-v2-{stat.st_size}-{int(stat.st_mtime)}.marshal")
    try:
        with open(cached, "rb") as fh:
            return marshal.load(fh)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    with open(source, "rb") as fh:
        rows = (line.split() for line in fh.read().decode("utf-8").splitlines())
        # One string object per tag (marshal then writes references): loads ~3x faster.
        tags = {parts[0]: sys.intern(parts[2]) for parts in rows if len(parts) == 3}
    try:
        os.makedirs(cache_dir, exist_ok=True)
        tmp = f"{cached}.{os.getpid()}.part"
        with open(tmp, "wb") as fh:
            marshal.dump(tags, fh)
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only home only costs start-up time
    return tags


def dictionary_tag(word: str) -> str:
    """jieba's dictionary tag of `word` ("x" when the dictionary does not list it), asked of
    jieba-rs, which loads the same dict.txt with its tags (tests/test_segmenters.py checks
    the two agree). `rjieba.tag` of a whole text is no use here: it guesses a tag for unknown
    words (HMM), where we want "x". A listed word that the segmenter keeps whole when alone
    comes back with its own entry's tag; the few listed words it would split (a split path is
    likelier than the whole word) cannot be a token of any text, but are answered from the
    full table all the same."""
    import rjieba

    if not rjieba.has_word(word):
        return "x"
    found = rjieba.tag(word, False)
    if len(found) == 1 and found[0][0] == word:
        return found[0][1]
    return word_tags().get(word, "x")


def _jieba_dict_path() -> str:
    """jieba's main dictionary file (what `jieba.get_dict_file()` opens), found without
    importing jieba: its import pulls in pkg_resources and costs most of a second, which
    the default segmenter (rjieba) does not need."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("jieba")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, "dict.txt")
        if os.path.isfile(path):
            return path
    import jieba  # an unusual install (zipped, vendored): ask jieba itself

    return jieba.get_dict_file().name


def segment(text: str, segmenter: str = "jieba") -> list[str]:
    """Words of `text` in order; their concatenation is `text` (whitespace included)."""
    if segmenter == "rjieba":
        import rjieba

        return rjieba.cut(text)
    if segmenter != "jieba":
        raise ValueError(f"unknown segmenter {segmenter!r}; choose one of {SEGMENTERS}")
    with _lock:
        return list(_jieba().cut(text, HMM=True))


def _in_memory_zone(vocab) -> bool:
    """Whether strings added now are dropped later (spaCy 3.8's memory zones; 3.7 has none)."""
    return getattr(vocab, "in_memory_zone", False)


class JiebaTokenizer:
    """spaCy tokenizer: text → Doc over the normalized text, tagged from jieba's dictionary."""

    def __init__(self, vocab, segmenter: str = "jieba"):
        if segmenter not in SEGMENTERS:
            raise ValueError(f"unknown segmenter {segmenter!r}; choose one of {SEGMENTERS}")
        self.vocab = vocab
        self.segmenter = segmenter
        self._tag_hashes: dict[str, int] = {}
        self._tag_vocab = vocab
        # word → (tag, tag hash, word hash), filled as words are first met: a text's tags,
        # tag column and lexemes are then one dict lookup per word (see `_word_entries`)
        self._word_memo: dict[str, tuple[str, int, int]] = {}
        self._memo_vocab = vocab

    def _tag_hash(self, tag: str) -> int:
        """The tag's hash, added to this vocab's string store (as Doc(tags=...) does); not
        remembered when added inside a memory zone, whose strings are dropped when it ends."""
        if self._tag_vocab is not self.vocab:
            self._tag_hashes, self._tag_vocab = {}, self.vocab
        h = self.vocab.strings.add(tag)
        if not _in_memory_zone(self.vocab):
            self._tag_hashes[tag] = h
        return h

    def _tag_of(self, word: str) -> str:
        """jieba's tag of `word`: "_SP" for whitespace (no dictionary word is whitespace),
        the dictionary's part of speech, "x" when unknown."""
        if word.isspace():
            return "_SP"
        if self.segmenter == "rjieba":
            return dictionary_tag(word)
        return word_tags().get(word, "x")

    def _entry(self, word: str) -> tuple[str, int, int]:
        """(tag, the tag's hash, the word's hash) of a word not met before, memoized.

        The word's hash is what `Doc(words=[word])` would look its lexeme up by; giving the
        Doc hashes spares it hashing every word of every text again. Inside a spaCy memory
        zone the strings added are dropped when the zone ends, so nothing is memoized there
        (and `__call__` hands the Doc the words themselves)."""
        tag = self._tag_of(word)
        hashes = self._tag_hashes if self._tag_vocab is self.vocab else {}
        entry = (tag, hashes.get(tag) or self._tag_hash(tag), 0)
        if _in_memory_zone(self.vocab):
            return entry
        entry = (entry[0], entry[1], self.vocab.strings.add(word))
        if len(self._word_memo) >= MAX_TAG_MEMO:  # a corpus of endless new numbers and names
            self._word_memo.clear()
        self._word_memo[word] = entry
        return entry

    def _word_entries(self, words: list[str]) -> list[tuple[str, int, int]]:
        """The memo entry of each word, looked up at C speed; new words are filled in."""
        if self._memo_vocab is not self.vocab:
            self._word_memo, self._memo_vocab = {}, self.vocab
        entries = list(map(self._word_memo.get, words))
        if None in entries:
            for i, entry in enumerate(entries):
                if entry is None:
                    entries[i] = self._word_memo.get(words[i]) or self._entry(words[i])
        return entries

    def __call__(self, text: str) -> Doc:
        source, (text, source_offsets) = text, strip_glosses(text)
        traditional = is_traditional(text)
        norm = normalize(text, traditional)
        words = segment(norm, self.segmenter)
        if "" in words:
            words = [w for w in words if w]
        if "".join(words) == norm:  # the segmenters keep every character: whitespace is a token
            spaces = [False] * len(words)
            offsets = list(accumulate(map(len, words), initial=0))
            word_ends = set(offsets)  # each word ends where the next starts, the last at the end
            word_ends.discard(0)
            offsets.pop()
        else:
            words, spaces = get_words_and_spaces(words, norm)
            offsets, word_ends, pos = [], set(), 0
            for w, sp in zip(words, spaces):
                offsets.append(pos)
                word_ends.add(pos + len(w))
                pos += len(w) + sp
        entries = self._word_entries(words)
        in_zone = _in_memory_zone(self.vocab)
        doc = Doc(self.vocab, words=words if in_zone else list(map(itemgetter(2), entries)), spaces=spaces)
        if words:
            # What Doc(..., tags=tags) does, without its per-token Python loop: the tags'
            # string-store hashes as one TAG column.
            doc.from_array([TAG], numpy.fromiter(map(itemgetter(1), entries), dtype=numpy.uint64, count=len(entries)))
        # Word(offset, word, tag) for each word, the tag jieba's ("x" when unknown, "_SP" for
        # whitespace): tuple.__new__ mapped in C, without the NamedTuple constructor's overhead
        tags = map(itemgetter(0), entries)
        doc.user_data["words"] = list(map(tuple.__new__, repeat(Word), zip(offsets, words, tags)))
        doc.user_data["_token_starts"] = offsets  # names.token_starts: the same list
        doc.user_data["_word_ends"] = word_ends  # person_names.word_ends: where a word ends
        doc.user_data["original_text"] = text
        if source_offsets is not None:  # pinyin glosses were cut (glosses.py): facts quote the page as read
            doc.user_data["source_text"] = source
            doc.user_data["source_offsets"] = source_offsets
        doc.user_data["text"] = norm  # Doc.text rebuilds the string on every access: keep it once
        doc.user_data["script"] = "traditional" if traditional else "simplified"
        return doc

    # spaCy serializes tokenizers with the pipeline; ours has no state beyond its settings.
    def to_bytes(self, **kwargs) -> bytes:
        return self.segmenter.encode()

    def from_bytes(self, data: bytes, **kwargs):
        self.segmenter = data.decode() or "jieba"
        self._word_memo = {}
        return self

    def to_disk(self, path, **kwargs):
        path.mkdir(parents=True, exist_ok=True)
        (path / "segmenter").write_text(self.segmenter)

    def from_disk(self, path, **kwargs):
        self.segmenter = (path / "segmenter").read_text().strip()
        self._word_memo = {}
        return self


@registry.tokenizers("extractor.JiebaTokenizer.v1")
def create_tokenizer(segmenter: str = "jieba"):
    def make(nlp):
        return JiebaTokenizer(nlp.vocab, segmenter=segmenter)

    return make
