"""Read one input file into text: detect its encoding, refuse what is not an article.

Encoding detection is charset-normalizer's job; we only short-cut the unambiguous cases
(byte-order marks, valid UTF-8) and reject binary files by their magic bytes before it runs,
so that a PDF or an image becomes an error instead of garbage facts.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
CHINESE_ENCODINGS = ["gb18030", "big5", "big5hkscs", "utf_16", "utf_32", "hz"]
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


@dataclass(frozen=True)
class TextFile:
    path: str
    text: str
    encoding: str
    sha256: str


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding) of raw bytes, or raise `InputError` naming the problem."""
    if not data.strip():
        raise InputError(path, "empty", "file is empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(path, "binary", f"not a text file: looks like {what}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(path, "undecodable", f"byte-order mark says {encoding} but {exc.reason}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # valid UTF-8 cut inside its last character (a download or a copy stopped short):
            # the text is whole but for that character, which no detector would recover
            return data[:exc.start].decode("utf-8"), "utf-8+truncated"
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise InputError(path, "binary", "not a text file: contains NUL bytes")
    # Our inputs are Chinese: ask the detector to choose among Chinese encodings first (a
    # short GBK text otherwise passes for Korean cp949), then among all.
    sample = data[: 1 << 20]
    best = from_bytes(sample, cp_isolation=CHINESE_ENCODINGS).best() or from_bytes(sample).best()
    if best is None:
        raise InputError(path, "undecodable", "could not detect a text encoding")
    encoding = best.encoding
    if encoding in {"gb2312", "gbk"}:
        encoding = "gb18030"  # the superset: never lose a character GBK-labelled pages really use
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(path, "undecodable", f"detected {encoding} but decoding failed: {exc}") from None
    if _control_ratio(text) > 0.05:
        raise InputError(path, "binary", "not a text file: too many control characters")
    return text, encoding


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / len(sample)


def read_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of one file, refusing files above `max_bytes` before reading them."""
    name = str(path)
    try:
        with open(name, "rb") as fh:  # one open and fstat: this runs for every file of every re-run
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise InputError(name, "too_large", f"file is {size:,} bytes, above the limit of {max_bytes:,} (--max-bytes)")
            return fh.read()
    except OSError as exc:
        raise InputError(name, "unreadable", exc.strerror or str(exc)) from None


def to_text_file(name: str, data: bytes) -> TextFile:
    """Decode bytes already read; HTML pages become their visible text."""
    text, encoding = decode(data, name)
    if looks_like_html(text):
        text = html_to_text(text)
        encoding = f"{encoding}+html"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(name, "empty", "file has no text")
    return TextFile(name, text, encoding, hashlib.sha256(data).hexdigest())


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> TextFile:
    """Read and decode one article file; every failure is an `InputError` naming the file."""
    return to_text_file(str(path), read_bytes(path, max_bytes))


_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<p[ >])", re.I)
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|tr|section|article|header|footer|table|ul|ol|title)\s*>|<br\s*/?>", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:500]))


def html_to_text(html: str) -> str:
    """Visible text of a saved web page (selectolax, the maintained lexbor binding): scripts,
    styles and templates dropped, one line per block element. Offsets in the knowledge base
    refer to this text, which is what the knowledge base stores."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(_BLOCK_END.sub(lambda m: m.group() + "\n", html))
    tree.strip_tags(["script", "style", "noscript", "template", "iframe", "svg"])
    root = tree.body or tree.root
    text = root.text(separator="") if root is not None else ""
    title = tree.css_first("title")
    if title is not None and title.text().strip() and title.text().strip() not in text[:500]:
        text = title.text().strip() + "\n" + text
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
