"""Results cached by content and pipeline version, so re-runs never redo finished work.

A document's result is stored under a key made of the file's bytes (sha256), its id and
path, the output options, and the pipeline's fingerprint: a hash of every pattern file,
every source file of the package and the pipeline config. Editing a pattern file or a rule
therefore invalidates exactly the documents it could change (all of them), and nothing
else does. Each entry is written atomically, so a run killed mid-batch leaves only whole
entries behind and the next run resumes from them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from . import patterns
from .encoded import EncodedResult

DEFAULT_DIR = ".extractor-cache"


@lru_cache(maxsize=8)
def pipeline_fingerprint(config_repr: str) -> str:
    digest = hashlib.sha256(config_repr.encode())
    digest.update(patterns.fingerprint().encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


class ResultCache:
    def __init__(self, directory: str | Path, config_repr: str):
        self.directory = Path(directory)
        self.fingerprint = pipeline_fingerprint(config_repr)
        self._root = os.path.join(os.fspath(directory), self.fingerprint)

    def key(self, content: bytes, doc_id: str, path: str, keep_text: bool) -> str:
        """The entry's key: the file's bytes, its id and path, the output option, and the
        pipeline's fingerprint."""
        raw = "\0".join([self.fingerprint, hashlib.sha256(content).hexdigest(), doc_id, path, str(keep_text)])
        return hashlib.sha256(raw.encode()).hexdigest()

    def _path(self, key: str) -> str:
        """The entry's file (a string: Path objects cost more than the lookups themselves)."""
        return os.path.join(self._root, key[:2], key + ".json")

    def has(self, key: str) -> bool:
        return os.path.isfile(self._path(key))

    def get(self, key: str) -> EncodedResult | None:
        """The stored result, not parsed (see encoded.py); None when absent or damaged."""
        try:
            with open(self._path(key), "rb") as fh:
                return EncodedResult.from_bytes(fh.read())
        except FileNotFoundError:
            return None
        except ValueError:  # a damaged entry is a miss, and is rewritten
            return None

    def put(self, key: str, result: EncodedResult) -> None:
        path = self._path(key)
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(result.to_bytes())
        os.replace(tmp, path)
