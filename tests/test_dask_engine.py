"""The Dask engine writes the same knowledge base as a local run (tested on a LocalCluster)."""

from __future__ import annotations

import shutil

import pytest

from conftest import CORPUS
from extractor.pipeline import PipelineConfig
from extractor.runner import Settings, discover, iter_outcomes

distributed = pytest.importorskip("distributed")


def test_dask_engine_matches_local_run(tmp_path):
    from extractor.distributed_engine import iter_outcomes_dask

    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("gold", "*.md"))
    (folder / "empty.txt").write_text("", encoding="utf-8")
    files = discover([folder])
    settings = Settings(config=PipelineConfig(model="none", tagger="none"))
    local = [o.model_dump() for o in iter_outcomes(files, settings)]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = [o.model_dump() for o in iter_outcomes_dask(files, settings, client, batch=3)]
    assert remote == local
    assert remote[0]["path"] == str(files[0][0])  # the empty file is an error, in its place
