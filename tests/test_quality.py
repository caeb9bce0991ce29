"""Quality gates: the seed targets of the extraction-quality issue, and the corpus gold.

A rule change that lowers a score below its target fails here, so no stage added later can
silently make the knowledge base worse.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, REAL, SEED_GOLD, SEEDS
from extractor.cli import app
from extractor.evaluate import evaluate, load_gold

SEED_F1 = {"count": 0.95, "percentage": 0.95, "alliance": 0.95, "organization": 0.90, "person": 0.90}
ATTRIBUTES = ("count.approx", "count.subject", "percentage.direction", "percentage.basis")


def test_seed_targets(seeds_kb):
    if not SEED_GOLD.is_dir():
        pytest.skip("../shared/dev/gold is not present")
    report = evaluate(seeds_kb, load_gold(SEED_GOLD))
    assert report.documents == 5
    scores = {t: round(report.scores[t].f1, 3) for t in SEED_F1}
    assert all(scores[t] >= SEED_F1[t] for t in SEED_F1), scores
    accuracy = {a: round(report.attribute_accuracy(a), 3) for a in ATTRIBUTES}
    assert all(v >= 0.90 for v in accuracy.values()), accuracy


# Statistics in context on the 24 real dev articles, at the targets: agent 0.85,
# period text and dates 0.90, published 0.95, region 0.90.
CONTEXT_TARGETS = {
    "count.agent": 0.85, "percentage.agent": 0.85,
    "count.period_text": 0.90, "percentage.period_text": 0.90,
    "count.period_dates": 0.90, "percentage.period_dates": 0.90,
    "document.published": 0.95, "document.region.province": 0.90, "document.region.city": 0.90,
    "document.region.county": 0.90,
}


def test_context_targets_on_real_dev_articles():
    if not (REAL / "articles").is_dir() or not (REAL / "gold").is_dir():
        pytest.skip("../shared/dev/real is not present")
    from extractor.runner import run

    report = evaluate(run([REAL / "articles"]).kb(), load_gold(REAL / "gold"))
    assert all(report.attributes.get(a, [0, 0])[1] > 0 for a in CONTEXT_TARGETS), report.attributes
    accuracy = {a: round(report.attribute_accuracy(a), 3) for a in CONTEXT_TARGETS}
    assert all(accuracy[a] >= CONTEXT_TARGETS[a] for a in CONTEXT_TARGETS), accuracy


# Extraction on the 24 real dev articles, a little under the figures reached (2026-12-02:
# org 0.964, alliance 0.930, person 1.000, count 0.982, percentage 1.000; count subject
# 0.856, percentage direction and basis 1.000): a rule change that loses ground fails here.
REAL_F1 = {"organization": 0.94, "alliance": 0.90, "person": 0.97, "count": 0.96, "percentage": 0.98}
REAL_ATTRIBUTES = {"count.subject": 0.85, "percentage.direction": 0.97, "percentage.basis": 0.97,
                   "document.title": 0.90}


def test_extraction_floor_on_real_dev_articles():
    if not (REAL / "articles").is_dir() or not (REAL / "gold").is_dir():
        pytest.skip("../shared/dev/real is not present")
    from extractor.runner import run

    report = evaluate(run([REAL / "articles"]).kb(), load_gold(REAL / "gold"))
    f1 = {t: round(report.scores[t].f1, 3) for t in REAL_F1}
    assert all(f1[t] >= REAL_F1[t] for t in REAL_F1), f1
    accuracy = {a: round(report.attribute_accuracy(a), 3) for a in REAL_ATTRIBUTES}
    assert all(accuracy[a] >= REAL_ATTRIBUTES[a] for a in REAL_ATTRIBUTES), accuracy


def test_corpus_gold(corpus_kb):
    """Our own sample articles exercise every hard case; they hold a high bar too."""
    report = evaluate(corpus_kb, load_gold(CORPUS / "gold"))
    assert report.documents == len(list(CORPUS.glob("*.txt")))
    scores = {t: round(s.f1, 3) for t, s in report.scores.items()}
    assert scores["count"] >= 0.95 and scores["percentage"] >= 0.95, scores
    assert scores["organization"] >= 0.90 and scores["person"] >= 0.90, scores
    assert scores["alliance"] >= 0.80, scores


def test_eval_command_json(tmp_path):
    """`extractor eval --json` scores a folder against gold files: a known miss and a spurious fact."""
    (tmp_path / "art").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "art" / "a.txt").write_text("今年以来，民警抓获4名嫌疑人，破获案件12起。", encoding="utf-8")
    gold = {"id": "a", "organizations": [], "alliances": [], "persons": [],
            "counts": [{"text": "4名嫌疑人", "value": 4, "unit": "名", "approx": None, "subject": "嫌疑人"},
                       {"text": "30余户", "value": 30, "unit": "户", "approx": "more_than", "subject": None}],
            "percentages": []}
    (tmp_path / "gold" / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "gold"), str(tmp_path / "art"), "--json",
                                      "--tagger", "none", "--model", "none"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["types"]["count"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert data["attributes"]["count.subject"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert data["misses"]["a"]["spurious"] == ["count: 案件12起 (12.0, '起')"]


def test_eval_rejects_missing_gold_folder(tmp_path):
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nope"), str(tmp_path)])
    assert result.exit_code == 2
    assert "not a folder of gold files" in result.output
