"""Pinyin glosses (網(wǎng)絡(luò)): cut before the rules read the text, every offset back on the page."""

from __future__ import annotations

from extractor import extract_document
from extractor import kb as kb_builder
from extractor.glosses import strip_glosses


def test_strip_glosses_maps_every_offset_back():
    page = "環(huán)比下降(APP)和(110)"
    cut, offsets = strip_glosses(page)
    assert cut == "環比下降(APP)和(110)"  # no tone mark: no gloss
    assert len(offsets) == len(cut) + 1 and offsets[-1] == len(page)
    assert all(page[offsets[i]] == ch for i, ch in enumerate(cut))


def test_text_without_glosses_is_left_alone():
    assert strip_glosses("南通市公安局(南通警方)通报")[1] is None


def test_facts_read_through_glosses_and_quote_the_page():
    page = ("【中工網(wǎng)】全市電信網(wǎng)絡(luò)詐騙警情同比下降4.04%、環(huán)比下降49.2%。"
            "派出所所長(zhǎng)夏永春說，查獲2個(gè)窩點。")
    result = extract_document(page)
    assert result.document.text == page and result.document.n_chars == len(page)
    for f in result.facts:
        assert page[f.start:f.end] == f.text
    pcts = [(f.value, f.direction, f.basis) for f in result.facts if f.type == "percentage"]
    assert pcts == [(4.04, "down", "同比"), (49.2, "down", "环比")]
    persons = [(f.name, f.role) for f in result.facts if f.type == "person"]
    assert persons == [("夏永春", "所长")]
    counts = [(f.text, f.value, f.unit, f.subject) for f in result.facts if f.type == "count"]
    assert counts == [("2個(gè)窩點", 2, "个", "窝点")]


def test_a_glossed_name_is_reported_as_written_and_filed_plain():
    page = "荆会(huì)平局长说，民警巡逻。荆会平局长指出，治安向好。"
    result = extract_document(page)
    names = [f.name for f in result.facts if f.type == "person"]
    assert names == ["荆会(huì)平", "荆会平"]
    kb = kb_builder.build([result])
    assert [e.name for e in kb.entities if e.type == "person"] == ["荆会平"]


def test_a_quoted_glossed_group_is_named_as_written_without_quotes():
    page = "在城西派出所，“美團(tuán)流動義警隊”的故事令人耳目一新。"
    names = [f.name for f in extract_document(page).facts if f.type == "alliance"]
    assert names == ["美團(tuán)流動義警隊"]


def test_the_title_is_reported_as_the_page_writes_it():
    page = "晉江市公安局召開新聞發(fā)布會\n\n臺海網(wǎng)9月6日訊 摧毀犯罪集團(tuán)3個。"
    assert extract_document(page).document.title == "晉江市公安局召開新聞發(fā)布會"
