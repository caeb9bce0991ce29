"""What an output was made from, so that a re-run with nothing changed leaves it alone.

A run with the result cache records, in the cache folder, the output it wrote: a digest of
every input file's cache key in order (its bytes, id and path, the output options and the
pipeline's version: see cache.py), the output's format and size and modification time, and
the fact counts its summary printed. A later run that computes the same digest for the same
output, and finds that file as it was left, has nothing to do and says so. Without this a
re-run of 10,000 unchanged articles still copied 150 MB of cached results into a new output
(and flushed it to disk): most of its time, for a file identical to the one already there.

Only runs without failed files are recorded: a failed file is tried again on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .errors import InputError
from .reader import read_bytes

VERSION = 1


def record_file(cache_dir: str, output: Path) -> str:
    """Where the record of `output` is kept: one file per output path, in the cache."""
    name = hashlib.sha256(os.path.abspath(output).encode()).hexdigest()[:24]
    return os.path.join(cache_dir, "outputs", name + ".json")


def inputs_digest(files, settings, cache) -> str | None:
    """One digest of every file's cache key, in order (None when a file cannot be read:
    that run will report it, and is not recorded)."""
    digest = hashlib.sha256(f"{VERSION}\0{settings.max_bytes}".encode())
    for path, doc_id in files:
        try:
            data = read_bytes(path, settings.max_bytes)
        except InputError:
            return None
        key = cache.key(data, doc_id, str(path), settings.keep_text)
        digest.update(key.encode())
    return digest.hexdigest()


def _state(output: Path) -> list[int] | None:
    try:
        st = os.stat(output)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def unchanged(record: str, digest: str | None, output: Path) -> dict | None:
    """The recorded summary when `output` was made from these very inputs and is still as it
    was written; else None."""
    if digest is None:
        return None
    try:
        with open(record, encoding="utf-8") as fh:
            saved = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("digest") != digest or saved.get("output") != _state(output):
        return None
    return saved.get("summary")


def save(record: str, digest: str | None, output: Path, summary: dict) -> None:
    """Record what `output` was just made from (nothing when the digest is unknown)."""
    if digest is None or (state := _state(output)) is None:
        return
    try:
        os.makedirs(os.path.dirname(record), exist_ok=True)
        tmp = f"{record}.{os.getpid()}.part"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"digest": digest, "output": state, "summary": summary}, fh)
        os.replace(tmp, record)
    except OSError:
        pass  # an unwritable cache only costs the next run its shortcut
