"""Batch runs: find the article files, process them (on N workers), keep going past bad ones.

Every file found ends up either as a `DocumentResult` or as a `FileError`; results come
back in the order the files were found, whatever the worker count, so output is the same
for one worker or many.
"""

from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Union

from . import kb as kb_builder
from .encoded import EncodedResult
from .errors import InputError
from .pipeline_config import PipelineConfig
from .reader import DEFAULT_MAX_BYTES, read_bytes, to_text_file
from .schema import DocumentResult, FileError, KnowledgeBase

TEXT_SUFFIXES = {".txt", ".text", ".htm", ".html", ""}
Outcome = Union[DocumentResult, FileError]
EncodedOutcome = Union[EncodedResult, FileError]


def _skipped(name: str) -> bool:
    """Hidden files and editors' temporary files are never articles."""
    return name.startswith((".", "~", "#")) or name.endswith(("~", ".swp", ".swo", ".tmp", ".bak"))


def _stem_and_suffix(name: str) -> tuple[str, str]:
    """PurePath(name).stem and .suffix, without building a path (a.b.txt → a.b, .txt;
    name. → name., '')."""
    i = name.rfind(".")
    return (name[:i], name[i:]) if 0 < i < len(name) - 1 else (name, "")


def discover(paths: Iterable[Path], follow_symlinks: bool = False) -> list[tuple[Path, str]]:
    """(file, document id) for every article under `paths`, sorted, ids unique.

    Symbolic links inside the folders are skipped unless `follow_symlinks`: a run never
    reads outside the paths it was given unless asked to. Hidden files and editors'
    temporary files are never articles."""
    found: list[tuple[Path, str]] = []
    for root in paths:
        root = Path(root)
        if root.is_file():
            found.append((root, root.stem))
            continue
        if not root.is_dir():
            raise FileNotFoundError(f"{root}: no such file or directory")
        # Strings, not Path objects, per file: pathlib's parsing was most of a cached
        # re-run's time on 10,000 files.
        for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_symlinks):
            dirnames[:] = sorted(d for d in dirnames if not _skipped(d))
            rel_dir = os.path.relpath(dirpath, root)
            prefix = "" if rel_dir == os.curdir else rel_dir.replace(os.sep, "/") + "/"
            for name in sorted(filenames):
                stem, suffix = _stem_and_suffix(name)
                if _skipped(name) or suffix.lower() not in TEXT_SUFFIXES:
                    continue
                full = os.path.join(dirpath, name)
                if not follow_symlinks and os.path.islink(full):
                    continue
                found.append((Path(full), prefix + stem))
    seen: dict[str, int] = {}
    out = []
    for path, doc_id in found:
        n = seen.get(doc_id, 0)
        seen[doc_id] = n + 1
        out.append((path, doc_id if n == 0 else f"{doc_id}~{n}"))
    return out


@dataclass
class Settings:
    config: PipelineConfig = field(default_factory=PipelineConfig)
    keep_text: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    cache_dir: str | None = None  # None: no cache


def process_file(path: Path, doc_id: str, settings: Settings) -> Outcome:
    """One file to one outcome; never raises for a bad file. Cached results are reused.

    The result's entity ids are set (`kb.link_result`), as in every knowledge base."""
    outcome = _outcome(path, doc_id, settings, encoded=False)
    return outcome.decode() if isinstance(outcome, EncodedResult) else outcome


def encode_file(path: Path, doc_id: str, settings: Settings) -> EncodedOutcome:
    """`process_file`, the result as its JSON line (encoded.py): what workers send back."""
    return _outcome(path, doc_id, settings, encoded=True)


def _outcome(path: Path, doc_id: str, settings: Settings, encoded: bool) -> Union[Outcome, EncodedResult]:
    """A cached result as stored (encoded), a new one (written to the cache; as models, or
    encoded when asked: it is encoded once), or the file's error. Only a cache miss loads
    the pipeline (and spaCy with it)."""
    cache = cache_of(settings)
    try:
        data = read_bytes(path, settings.max_bytes)
        key = cache and cache.key(data, doc_id, str(path), settings.keep_text)
        if cache and (hit := cache.get(key)) is not None:
            return hit
        tf = to_text_file(str(path), data)
    except InputError as exc:
        return FileError(path=str(path), kind=exc.kind, message=exc.message)
    except Exception as exc:  # a decoder bug must cost one file, not the batch
        return FileError(path=str(path), kind="internal", message=f"{type(exc).__name__}: {exc}")
    try:
        from .document import to_result
        from .pipeline import get_pipeline

        nlp = get_pipeline(settings.config)
        result = to_result(nlp(tf.text), doc_id, path=str(path), sha256=tf.sha256,
                           encoding=tf.encoding, keep_text=settings.keep_text)
        kb_builder.link_result(result)
    except Exception as exc:  # a rule bug must cost one file, not the batch
        return FileError(path=str(path), kind="internal", message=f"{type(exc).__name__}: {exc}")
    if not (cache or encoded):
        return result
    line = EncodedResult.encode(result)
    if cache:
        cache.put(key, line)
    return line if encoded else result


@lru_cache(maxsize=4)
def _cache_for(directory: str, config: PipelineConfig):
    from .cache import ResultCache

    return ResultCache(directory, repr(config))


def cache_of(settings: Settings):
    """The result cache these settings name (cache.ResultCache), or None."""
    return _cache_for(settings.cache_dir, settings.config) if settings.cache_dir else None



_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    from .pipeline import get_pipeline

    global _settings
    _settings = settings
    get_pipeline(settings.config)
    # Everything inherited (modules, the pipeline and its rule data) lives as long as the
    # worker: out of the collector's sight, full collections walk only what documents leave,
    # and the inherited pages are not dirtied by the collector's bookkeeping (copy-on-write).
    gc.freeze()


def _work(item: tuple[Path, str]) -> EncodedOutcome:
    return encode_file(item[0], item[1], _settings)


def _cached_key(path: Path, doc_id: str, settings: Settings, cache) -> str | None:
    """The cache key of this file's result when the cache holds one (the entry is not parsed)."""
    try:
        data = read_bytes(path, settings.max_bytes)
    except Exception:  # the worker (or process_file) reports it
        return None
    key = cache.key(data, doc_id, str(path), settings.keep_text)
    return key if cache.has(key) else None


# A short text that passes through every rule stage, so that their lazily built data
# (dictionaries, pattern regexes, number parser) is loaded once in the parent.
_WARM_TEXT = "南通市公安局2023年10月23日通报，今年以来，“东亭有义”平安联盟发动志愿者2000余名，所长许毅说，电诈警情同比下降19.7%，挽回损失三十万元。"


def _load_in_parent(settings: Settings) -> None:
    """Build (and warm) the pipeline before the pool forks, so every worker inherits it
    instead of building its own. A LAC pipeline is built but not run: onnxruntime's
    threads must not be started in a process that forks."""
    from .pipeline import get_pipeline

    nlp = get_pipeline(settings.config)
    if "extractor_lac_ner" not in nlp.pipe_names:
        nlp(_WARM_TEXT)


def iter_outcomes(files: list[tuple[Path, str]], settings: Settings, workers: int = 1,
                  encoded: bool = False) -> Iterator[Union[Outcome, EncodedOutcome]]:
    """Outcomes in file order. With workers > 1, files are spread over processes.

    With a cache, the parent first looks up which files already have a result: those are
    read from the cache here, and only the rest go to the pool (none is started when
    nothing is left to do). `encoded=True` yields results as `EncodedResult` (their JSON
    lines, as workers and the cache hold them) for a caller that writes them out."""
    if workers <= 1 or len(files) <= 1:
        one = encode_file if encoded else process_file
        for path, doc_id in files:
            yield one(path, doc_id, settings)
        return
    cache = cache_of(settings)
    cached = [_cached_key(path, doc_id, settings, cache) for path, doc_id in files] if cache else [None] * len(files)
    todo = [f for f, key in zip(files, cached) if key is None]
    if not todo:
        outcomes = _merge_hits(files, cached, iter(()), settings, cache)
    else:
        _load_in_parent(settings)
        workers = min(workers, len(todo))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings,))
        done = pool.map(_work, todo, chunksize=max(1, min(16, len(todo) // (workers * 4) or 1)))
        outcomes = _merge_hits(files, cached, done, settings, cache)
    try:
        for outcome in outcomes:
            yield outcome.decode() if not encoded and isinstance(outcome, EncodedResult) else outcome
    finally:
        if todo:
            pool.shutdown(cancel_futures=True)


def _merge_hits(files, keys, done, settings: Settings, cache) -> Iterator[EncodedOutcome]:
    """Outcomes in file order: a hit taken from the cache by the key found above (a file whose
    entry broke since is done again here), any other from `done`, the pool's results in order."""
    for (path, doc_id), key in zip(files, keys):
        if key is None:
            yield next(done)
        else:
            yield cache.get(key) or encode_file(path, doc_id, settings)


@dataclass
class RunResult:
    results: list[DocumentResult] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)

    def kb(self) -> KnowledgeBase:
        return kb_builder.build(self.results, self.errors)


def run(paths: list[Path], config: PipelineConfig | None = None, workers: int = 1, keep_text: bool = True) -> RunResult:
    settings = Settings(config=config or PipelineConfig(), keep_text=keep_text)
    out = RunResult()
    for outcome in iter_outcomes(discover(paths), settings, workers):
        (out.errors if isinstance(outcome, FileError) else out.results).append(outcome)
    return out
