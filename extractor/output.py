"""Write a knowledge base: `.json` (one object) or `.jsonl` (one document per line, streamed).

Writes are atomic: we write to a temporary file beside the target and rename it into place,
so a killed run leaves the previous file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import UsageError
from .encoded import EncodedResult
from .schema import DocumentResult, FileError, KnowledgeBase

FORMATS = (".json", ".jsonl", ".db")  # .db: SQLite, written and read by store.py


def format_of(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"{path}: unknown output format {suffix or '(none)'}; use one of {', '.join(FORMATS)}")
    return suffix


@contextmanager
def atomic_writer(path: Path, binary: bool = False) -> Iterator:
    """A file handle (UTF-8 text, or bytes) whose content replaces `path` only when the
    block ends without an error: a killed run never leaves half an output behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_json(kb: KnowledgeBase, path: Path) -> None:
    with atomic_writer(path) as fh:
        fh.write(kb.model_dump_json(indent=1))


class JsonlWriter:
    """Streams one `DocumentResult` per line; errors go on lines of their own at the end.
    The file is written as bytes: encoded results (encoded.py) arrive as UTF-8 already."""

    def __init__(self, path: Path):
        self._cm = atomic_writer(path, binary=True)
        self._fh = None

    def __enter__(self):
        self._fh = self._cm.__enter__()
        return self

    def write(self, result: DocumentResult) -> None:
        self._fh.write(result.model_dump_json().encode() + b"\n")

    def write_encoded(self, result: EncodedResult) -> None:
        """The line a worker or the cache already made: the same bytes `write` would."""
        self._fh.write(result.json + b"\n")

    def write_error(self, error: FileError) -> None:
        self._fh.write(json.dumps({"error": error.model_dump()}, ensure_ascii=False).encode() + b"\n")

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def read_kb(path: Path) -> KnowledgeBase:
    """Load a `.json`, `.jsonl` or `.db` knowledge base written by `extractor run`."""
    from . import kb as kb_builder

    path = Path(path)
    suffix = format_of(path)
    if suffix == ".db":
        from .store import read_db

        return read_db(path)
    if suffix == ".json":
        return KnowledgeBase.model_validate_json(path.read_text(encoding="utf-8"))
    results, errors = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        if "error" in data:
            errors.append(FileError.model_validate(data["error"]))
        else:
            results.append(DocumentResult.model_validate(data))
    return kb_builder.build(results, errors)
