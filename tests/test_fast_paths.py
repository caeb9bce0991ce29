"""The shortcuts taken for speed give what the plain way gives."""

from __future__ import annotations

import re

from conftest import ROOT

from extractor.normalize import normalize

AWKWARD_AMOUNTS = ["5千万元", "三百万元", "1,0000元", "12,34元", "1234,567元", "5百万元", "约5万余元", "5多万元",
                   "1,000.5万元", "2023.元", "十万八千元", "1.5.5元", "一千万亿元", "5千块钱", "5万人民币", "百万元",
                   "第5万元", "55,555,5万元", "1,234,567.89亿元", "5万万元", "3千千元", "逾两千元", ""]


def _texts() -> list[str]:
    return [normalize(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpus").glob("*.txt"))] + AWKWARD_AMOUNTS


def _found(regex, text: str) -> list:
    """What `regex` (or a scanner with its finditer) matches in `text`."""
    return [(m.span(), m.groupdict()) for m in regex.finditer(text)]


def test_money_atomic_number_finds_what_the_plain_pattern_finds():
    from extractor.numbers import NUMBER
    from extractor.stages import money

    r, regex, before, scanner = money._rules()
    assert "(?>" in regex.pattern  # the units allow it: the fast form is the one under test
    assert scanner.firsts is not None
    plain = re.compile(money._money_pattern(NUMBER, r, before))
    for text in _texts():
        assert _found(regex, text) == _found(plain, text), text
        assert _found(scanner, text) == _found(plain, text), text


def test_money_keeps_backtracking_where_the_units_need_it():
    from extractor.stages import money

    assert money._longest_number_suffices({"元": 1, "万元": 1, "千万元": 1, "人民币": 1})
    # 5万美元 with 万美元 but not 美元 a unit: only the shorter reading 5 matches
    assert not money._longest_number_suffices({"元": 1, "万美元": 1})
    assert not money._longest_number_suffices({"两元": 1, "元": 1})
    assert not money._longest_number_suffices({"万": 1})


def test_merge_filter_memo_answers_as_the_filters(corpus_kb):
    from extractor.candidates import Candidate
    from extractor.stages import merge

    for f in corpus_kb.facts:
        if f.type in ("organization", "alliance", "person"):
            c = Candidate(f.type, f.start, f.end, f.rule, {"name": f.name})
            assert merge._passes_filters_memo(f.type, c) == merge._passes_filters(c)
    odd = Candidate("person", 0, 2, "x", {"name": "王某"})
    assert merge._passes_filters_memo("person", odd) is merge._passes_filters(odd) is False


def test_link_result_sets_the_same_ids_with_or_without_entities():
    from extractor import kb
    from extractor.api import extract_document

    for p in sorted((ROOT / "corpus").glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        alone, collected = extract_document(text), extract_document(text)
        kb.link_result(alone)
        kb.link_result(collected, {})
        assert alone.model_dump_json() == collected.model_dump_json()


def test_tokenizer_words_are_the_tokens():
    from extractor.candidates import Word
    from extractor.pipeline import PipelineConfig, get_pipeline

    nlp = get_pipeline(PipelineConfig())
    for p in sorted((ROOT / "corpus").glob("*.txt"))[:3]:
        doc = nlp.make_doc(p.read_text(encoding="utf-8"))
        words = doc.user_data["words"]
        assert all(type(w) is Word for w in words)
        assert words == [Word(t.idx, t.text, t.tag_) for t in doc]


def test_encoded_json_is_model_dump_json(corpus_kb):
    from extractor.encoded import EncodedResult
    from extractor.schema import DocumentResult

    by_doc: dict[str, list] = {}
    for f in corpus_kb.facts:
        by_doc.setdefault(f.doc_id, []).append(f)
    for document in corpus_kb.documents:
        result = DocumentResult(document=document, facts=by_doc.get(document.id, []))
        assert EncodedResult.encode(result).json == result.model_dump_json().encode()


def test_percentage_scanner_finds_what_finditer_finds():
    import random

    from extractor.stages import percentages

    _r, regex, *_rest, scanner = percentages._rules()
    assert scanner.firsts is not None  # the fast path is the one under test
    random.seed(11)
    pieces = list("0123456789,.%％‰、-+－＋负百分之点个成半一二两三四五六七八九十百千万亿零〇○ \n\u3000为人年不达下降同比，。")
    pieces += ["百分之", "个百分点", "百分点", "1,000", "3.5", "三成半"]
    texts = _texts() + ["".join(random.choice(pieces) for _ in range(random.randint(0, 25))) for _ in range(5000)]
    for text in texts:
        assert _found(scanner, text) == _found(regex, text), text


def test_money_scanner_finds_what_the_plain_pattern_finds_in_random_text():
    import random

    from extractor.numbers import NUMBER
    from extractor.stages import money

    r, _regex, before, scanner = money._rules()
    plain = re.compile(money._money_pattern(NUMBER, r, before))
    random.seed(5)
    pieces = list("0123456789,.余多元一二两三四五六七八九十百千万亿零〇○约近逾超不少于达将接概大至，。 第")
    pieces += ["人民币", "块钱", "万元", "千万元", "百万元", "不少于", "多达", "超过"]
    for _ in range(5000):
        text = "".join(random.choice(pieces) for _ in range(random.randint(0, 20)))
        assert _found(scanner, text) == _found(plain, text), text


def test_merge_filter_memo_tells_a_quoted_brand_from_the_same_name_unquoted():
    """A name opening with digits passes as a quoted brand (“4050”巡防员队伍) and fails
    otherwise, whichever the memo saw first."""
    from extractor.candidates import Candidate
    from extractor.stages import merge

    plain = Candidate("alliance", 0, 9, "alliance.head_noun", {"name": "7788巡防员队伍"})
    quoted = Candidate("alliance", 0, 11, "alliance.quoted_brand_head", {"name": "7788巡防员队伍"})
    assert [merge._passes_filters_memo("alliance", c) for c in (plain, quoted, plain)] == [False, True, False]


def test_merge_filter_memo_tells_an_outlet_from_the_same_short_name_elsewhere():
    """A two-character name passes as the outlet the page names as its source (明報) and
    fails from any other rule, whichever the memo saw first."""
    from extractor.candidates import Candidate
    from extractor.stages import merge

    other = Candidate("organization", 0, 2, "organization.suffix", {"name": "晨报"})
    outlet = Candidate("organization", 0, 2, "organization.outlet", {"name": "晨报"})
    assert [merge._passes_filters_memo("organization", c) for c in (other, outlet, other)] == [False, True, False]
