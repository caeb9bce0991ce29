"""reader.read_file: encodings decode to the exact text; non-articles become typed InputErrors."""

from __future__ import annotations

import hashlib
import random

import pytest

from extractor.errors import InputError
from extractor.reader import read_file

SIMPLIFIED = (
    "南通市公安局崇川分局通报：3月5日，民警在辖区开展夜间巡查，"
    "当场抓获4名盗窃嫌疑人，追回被盗电动车12辆。\n"
    "目前，案件正在进一步侦办中。\n"
)
TRADITIONAL = (
    "香港警務處今日表示，警方於旺角區展開行動，拘捕三名涉嫌詐騙的男子，"
    "檢獲現金約十萬元。\n案件交由西九龍總區刑事部跟進。\n"
)


@pytest.mark.parametrize(
    ("codec", "text", "encoding"),
    [
        ("utf-8", SIMPLIFIED, "utf-8"),
        ("utf-8-sig", SIMPLIFIED, "utf-8-sig"),
        ("gb18030", SIMPLIFIED, "gb18030"),
        ("gbk", SIMPLIFIED, "gb18030"),  # GBK is reported as its superset
        ("big5", TRADITIONAL, None),  # detector's label for Big5 may vary (big5 / cp950)
        ("utf-16", SIMPLIFIED, "utf-16"),  # Python's utf-16 codec writes a BOM
    ],
)
def test_encodings_decode_to_the_original_text(tmp_path, codec, text, encoding):
    data = text.encode(codec)
    if codec == "utf-16":
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    if codec == "utf-8-sig":
        assert data[:3] == b"\xef\xbb\xbf"
    path = tmp_path / f"article-{codec}.txt"
    path.write_bytes(data)

    tf = read_file(path)

    assert tf.text == text
    assert tf.path == str(path)
    assert tf.sha256 == hashlib.sha256(data).hexdigest()
    if encoding is not None:
        assert tf.encoding == encoding
    else:
        assert data.decode(tf.encoding) == text


def _error(path, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        read_file(path, **kw)
    return info.value


def test_empty_file_is_empty(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    exc = _error(path)
    assert exc.kind == "empty"
    assert exc.path == str(path)


def test_whitespace_only_file_is_empty(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(" \n\t\r\n  \n".encode("utf-8"))
    assert _error(path).kind == "empty"


def test_fullwidth_space_only_file_is_empty(tmp_path):
    # U+3000 is the ideographic space Chinese pages pad with; it is whitespace too.
    path = tmp_path / "blank-cjk.txt"
    path.write_bytes("\u3000\u3000\n\u3000\n".encode("utf-8"))
    assert _error(path).kind == "empty"


def test_pdf_is_binary_and_message_names_the_path(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    exc = _error(path)
    assert exc.kind == "binary"
    assert exc.path == str(path)
    assert str(path) in str(exc)
    assert "PDF" in exc.message


def test_png_is_binary(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06")
    exc = _error(path)
    assert exc.kind == "binary"
    assert "PNG" in exc.message


def test_random_bytes_with_nuls_are_binary(tmp_path):
    rng = random.Random(20240305)
    data = bytearray(rng.randbytes(3000))
    for i in range(0, len(data), 97):  # sprinkle NULs, as any binary blob has
        data[i] = 0
    data[0:2] = b"\x01\x02"  # never a byte-order mark or known magic by accident
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(data))
    exc = _error(path)
    assert exc.kind == "binary"
    assert exc.path == str(path)


def test_file_above_max_bytes_is_too_large(tmp_path):
    data = SIMPLIFIED.encode("utf-8")
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    exc = _error(path, max_bytes=len(data) - 1)
    assert exc.kind == "too_large"
    assert exc.path == str(path)
    # exactly at the limit is still accepted
    assert read_file(path, max_bytes=len(data)).text == SIMPLIFIED


def test_missing_file_is_unreadable(tmp_path):
    path = tmp_path / "missing.txt"
    exc = _error(path)
    assert exc.kind == "unreadable"
    assert exc.path == str(path)


def test_crlf_and_cr_line_endings_become_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("第一行，民警出警。\r\n第二行，抓获2人。\r\n第三行。\r结束。".encode("utf-8"))
    assert read_file(path).text == "第一行，民警出警。\n第二行，抓获2人。\n第三行。\n结束。"


@pytest.mark.parametrize("cut", [1, 2])
def test_utf8_cut_inside_its_last_character_keeps_the_rest(tmp_path, cut):
    # a download that stopped short: 人。 loses the last 1 or 2 of its 3 bytes of 。
    data = SIMPLIFIED.rstrip("\n").encode("utf-8")[:-cut]
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    tf = read_file(path)
    assert tf.text == SIMPLIFIED.rstrip("\n")[:-1]
    assert tf.encoding == "utf-8+truncated"


def test_utf8_broken_mid_text_is_not_read_as_truncated(tmp_path):
    data = SIMPLIFIED.encode("utf-8")
    path = tmp_path / "broken.txt"
    path.write_bytes(data[:10] + data[11:])  # one byte lost inside the text, not at its end
    assert _error(path).kind == "undecodable"


def test_crlf_in_gb18030_become_newlines(tmp_path):
    path = tmp_path / "crlf-gb.txt"
    path.write_bytes(SIMPLIFIED.replace("\n", "\r\n").encode("gb18030"))
    tf = read_file(path)
    assert tf.text == SIMPLIFIED
    assert tf.encoding == "gb18030"


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
@pytest.mark.parametrize("text", [
    "南通市公安局崇川分局通报：民警当场抓获4名盗窃嫌疑人。\n",
    "如皋市公安局近日破获一起诈骗案。\n抓获犯罪嫌疑人7名。\n",
], ids=["one-sentence", "two-sentences"])
def test_one_sentence_gbk_article_decodes(tmp_path, codec, text):
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode(codec))
    tf = read_file(path)
    assert tf.text == text
    assert tf.encoding == "gb18030"
