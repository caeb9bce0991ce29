"""Shared fixtures: the sample corpus, the shared seeds (skipped when ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SEED_GOLD = SHARED / "dev" / "gold"
REAL = SHARED / "dev" / "real"


@pytest.fixture(scope="session")
def corpus_kb():
    from extractor.runner import run

    return run([CORPUS]).kb()


@pytest.fixture(scope="session")
def seeds_kb():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    from extractor.runner import run

    return run([SEEDS]).kb()
