"""extractor: sourced, normalized facts from Chinese police and public-security press texts.

    >>> from extractor import extract
    >>> [f.text for f in extract("今年以来，共发动平安志愿者2000余名。")]  # doctest: +SKIP

Imports are lazy: `import extractor` loads neither spaCy nor jieba until they are needed.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from .spacy_import import defer_spacy_cli

defer_spacy_cli()  # spaCy, when first needed, is imported without its CLI: see spacy_import.py

__version__ = "0.1.0"
__all__ = ["extract", "extract_document", "extract_folder", "KnowledgeBase", "PipelineConfig", "build_pipeline",
           "load", "facts", "query", "to_pandas", "export", "Filters"]
_LIBRARY = ("load", "facts", "to_pandas", "export", "Filters")  # the notebook API: library.py


@contextmanager
def gc_paused():
    """No cyclic garbage collection inside: while spaCy, thinc and pydantic import and the
    pipeline is built, Python's collector passes ~250 times over a heap growing to ~100,000
    objects (~0.3 s of a 2.5 s start-up) and finds nothing to free. The previous state is
    restored on exit."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def __getattr__(name):
    if name in ("extract", "extract_document", "extract_folder"):
        with gc_paused():
            from . import api

        return getattr(api, name)
    if name in ("PipelineConfig", "build_pipeline"):
        with gc_paused():
            from . import pipeline

        return getattr(pipeline, name)
    if name in _LIBRARY:
        from . import library

        return getattr(library, name)
    if name == "query":  # the submodule, callable as query(kb_or_db, filters): see query.py
        import importlib

        return importlib.import_module(".query", __name__)
    if name == "KnowledgeBase":
        from .schema import KnowledgeBase

        return KnowledgeBase
    raise AttributeError(name)
