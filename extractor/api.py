"""The library surface: `extract(text)` for a string, `extract_folder(path)` for a corpus."""

from __future__ import annotations

from pathlib import Path

from . import kb as kb_builder
from .document import to_result
from .pipeline import PipelineConfig, get_pipeline
from .schema import DocumentResult, Fact, KnowledgeBase


def extract_document(text: str, doc_id: str = "text", config: PipelineConfig | None = None, **kw) -> DocumentResult:
    """Run the pipeline on one text; the facts' offsets refer to `text` itself."""
    nlp = get_pipeline(config or PipelineConfig())
    return to_result(nlp(text), doc_id, **kw)


def extract(text: str, config: PipelineConfig | None = None) -> list[Fact]:
    """The facts of one string, entities linked as in a one-document knowledge base."""
    result = extract_document(text, config=config)
    return kb_builder.build([result]).facts


def extract_folder(path: str | Path, config: PipelineConfig | None = None, workers: int = 1) -> KnowledgeBase:
    """Every article under `path` as one knowledge base (unreadable files in `errors`)."""
    from .runner import run

    return run([Path(path)], config=config or PipelineConfig(), workers=workers).kb()
