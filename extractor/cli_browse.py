"""Commands that read a knowledge base: export, query, entity, serve.

Thin like the rest of the CLI: the behaviour lives in store.py, query.py, library.py and
serve.py; these functions parse options and print. Registered on the app of cli.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape
from rich.table import Table

from .cli import _fail, app, err, out
from .errors import ExtractorError

# -- journalists and notebooks: export, query, entity. The behaviour lives in store.py, query.py
# -- and library.py; these commands only parse options and print.

_TABLE_LIMIT = 50


def _kb_errors():
    import sqlite3

    from pydantic import ValidationError

    return ExtractorError, OSError, sqlite3.DatabaseError, ValidationError


def _number_text(value) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _value_text(fact) -> str:
    value = getattr(fact, "value", None)
    if fact.type == "count":
        high = f"–{_number_text(fact.value_max)}" if fact.value_max is not None else ""
        return f"{_number_text(value)}{high} {fact.unit or ''}".strip()
    if fact.type == "percentage":
        arrow = {"up": "↑", "down": "↓"}.get(fact.direction, "")
        return f"{arrow}{_number_text(value)}{'个百分点' if fact.points else '%'} {fact.basis or ''}".strip()
    if fact.type == "money":
        return f"{_number_text(value)} 元"
    return "" if value is None else str(value)


def _attributes(fact) -> str:
    keys = ("name", "role", "org", "approx", "subject", "metric", "entity_id")
    lines = [f"{k}: {getattr(fact, k)}" for k in keys if getattr(fact, k, None) not in (None, "")]
    if getattr(fact, "agent", None):
        lines.append(f"agent: {fact.agent.name}")
    if getattr(fact, "period", None):
        p = fact.period
        lines.append(f"period: {p.text}" + (f" ({p.start or '…'} – {p.end or '…'})" if p.start or p.end else ""))
    return "\n".join(lines)


def _hits_table(hits, title: str) -> Table:
    from rich.text import Text

    from .library import highlight

    table = Table(title=title, show_lines=True, expand=True)
    for column, ratio in (("fact", 2), ("value", 2), ("attributes", 3), ("sentence", 6), ("document", 3)):
        table.add_column(column, overflow="fold", ratio=ratio)
    for hit in hits:
        before, span, after = highlight(hit)
        sentence = Text(before)
        sentence.append(span, style="bold black on yellow")
        sentence.append(after)
        doc = hit.document
        table.add_row(Text(f"{hit.fact.type}\n{hit.fact.text}"), Text(_value_text(hit.fact)),
                      Text(_attributes(hit.fact)), sentence,
                      Text(f"{doc.title or '(no title)'}\n{doc.published or 'no date'}\n{doc.path}"
                           + (f"\nalso reported by: {', '.join(hit.also_reported_by)}" if hit.also_reported_by else "")))
    return table


def _hit_json(hit) -> dict:
    return {"fact": hit.fact.model_dump(mode="json"), "document": hit.document.model_dump(mode="json", exclude={"text"}),
            "also_reported_by": hit.also_reported_by}


_CSV_COLUMNS = ("id", "type", "text", "value", "value_max", "unit", "approx", "direction", "basis", "points", "metric",
                "subject", "name", "role", "org", "entity_id", "sentence")


def _write_csv(hits) -> None:
    import csv

    writer = csv.writer(sys.stdout)
    writer.writerow([*_CSV_COLUMNS, "doc_id", "title", "published", "path"])
    for hit in hits:
        writer.writerow([*(getattr(hit.fact, c, None) for c in _CSV_COLUMNS), hit.document.id, hit.document.title,
                         hit.document.published, hit.document.path])


@app.command("export")
def export_cmd(
    kb: Path = typer.Argument(..., help="knowledge base to read: .json, .jsonl or .db"),
    output: Path = typer.Option(..., "-o", "--output", help="SQLite file to write (.db)"),
):
    """Write a knowledge base as SQLite: tables, indexes and Chinese full-text search."""
    from .library import export, load

    if output.suffix.lower() != ".db":
        _fail(f"{output}: export writes SQLite; name the output file *.db")
    try:
        knowledge = load(kb)
        export(knowledge, output)
    except _kb_errors() as exc:
        _fail(str(exc).splitlines()[0] if str(exc) else repr(exc))
    err.print(f"wrote {escape(str(output))}: {len(knowledge.documents)} documents, {len(knowledge.facts)} facts, "
              f"{len(knowledge.entities)} entities")


@app.command("query")
def query_cmd(
    kb: Path = typer.Argument(..., help="knowledge base: .db (queried with SQL), .json or .jsonl"),
    type_: Optional[List[str]] = typer.Option(None, "--type", help="organization, alliance, person, count, percentage, money or date; repeat or comma-separate"),
    text: Optional[str] = typer.Option(None, "--text", help="substring of the fact's sentence, text or name"),
    org: Optional[str] = typer.Option(None, "--org", help="organization or alliance (name or alias, substring): facts in its sentences or credited to it"),
    region: Optional[str] = typer.Option(None, "--region", help="substring of the province, city or county"),
    agent: Optional[str] = typer.Option(None, "--agent", help="organization or alliance a figure is credited to (substring)"),
    since: Optional[str] = typer.Option(None, "--since", help="period (else publication) on or after: YYYY-MM-DD, YYYY-MM or YYYY"),
    until: Optional[str] = typer.Option(None, "--until", help="period (else publication) on or before: YYYY-MM-DD, YYYY-MM or YYYY"),
    min_value: Optional[str] = typer.Option(None, "--min-value", help="numeric value at least this"),
    max_value: Optional[str] = typer.Option(None, "--max-value", help="numeric value at most this"),
    direction: Optional[str] = typer.Option(None, "--direction", help="up or down"),
    basis: Optional[str] = typer.Option(None, "--basis", help="同比 or 环比"),
    limit: Optional[str] = typer.Option(None, "--limit", help=f"at most this many facts (table default {_TABLE_LIMIT}; --json/--csv: all)"),
    sort: Optional[str] = typer.Option(None, "--sort", help="date (newest first) or value (largest first)"),
    as_json: bool = typer.Option(False, "--json", help="print the facts and their documents as JSON"),
    as_csv: bool = typer.Option(False, "--csv", help="print the facts as CSV"),
):
    """Find facts, each with its value, attributes, highlighted sentence and document."""
    from pydantic import ValidationError

    from .library import Filters, query, validation_message

    if as_json and as_csv:
        _fail("--json and --csv: choose one")
    default_limit = limit is None and not (as_json or as_csv)
    try:
        filters = Filters(type=type_, text=text, org=org, region=region, agent=agent, since=since, until=until,
                          min_value=min_value,
                          max_value=max_value, direction=direction, basis=basis, sort=sort,
                          limit=_TABLE_LIMIT + 1 if default_limit else limit)
    except ValidationError as exc:
        message = validation_message(exc, option=True)
        _fail(("bad filter " if message.startswith("--") else "bad filters: ") + message)
    try:
        hits = query(kb, filters)
    except _kb_errors() as exc:
        _fail(str(exc).splitlines()[0] if str(exc) else repr(exc))
    if as_json:
        sys.stdout.write(json.dumps([_hit_json(h) for h in hits], ensure_ascii=False, indent=1) + "\n")
    elif as_csv:
        _write_csv(hits)
    else:
        more = default_limit and len(hits) > _TABLE_LIMIT
        hits = hits[:_TABLE_LIMIT] if more else hits
        out.print(_hits_table(hits, f"{len(hits)}{'+' if more else ''} facts in {kb}"))
        if more:
            err.print(f"more facts match: showing the first {_TABLE_LIMIT}; use --limit N, --json or --csv")


@app.command("entity")
def entity_cmd(
    name: str = typer.Argument(..., help="entity name or alias (exact; else a substring)"),
    kb: Path = typer.Argument(..., help="knowledge base: .db, .json or .jsonl"),
    as_json: bool = typer.Option(False, "--json", help="print as JSON"),
):
    """An entity: its aliases, the documents that name it, the counts and percentages in its sentences."""
    from .library import entity_reports

    if not name.strip():
        _fail("NAME is empty")
    try:
        reports = entity_reports(kb, name.strip())
    except _kb_errors() as exc:
        _fail(str(exc).splitlines()[0] if str(exc) else repr(exc))
    if not reports:
        err.print(f"no entity named {escape(name)} in {escape(str(kb))}")
        raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps([{"entity": r.entity.model_dump(mode="json"),
                                      "documents": [d.model_dump(mode="json", exclude={"text"}) for d in r.documents],
                                      "figures": [_hit_json(h) for h in r.figures]} for r in reports],
                                    ensure_ascii=False, indent=1) + "\n")
        return
    for r in reports:
        e = r.entity
        out.print(f"\n[bold]{escape(e.name)}[/bold]  {e.type}  {escape(e.id)}  ({len(e.fact_ids)} mentions)")
        out.print("aliases: " + (escape("、".join(e.aliases)) if e.aliases else "none"))
        docs = Table(title="documents")
        for column in ("title", "published", "source", "path"):
            docs.add_column(column, overflow="fold")
        for d in r.documents:
            docs.add_row(escape(d.title or ""), d.published or "", escape(d.source or ""), escape(d.path))
        out.print(docs)
        out.print(_hits_table(r.figures, "counts and percentages in its sentences or credited to it"))


# -- serve: the knowledge base in Datasette, in a browser. The behaviour lives in serve.py,
# -- datasette_meta.py (titles, descriptions, facets, canned queries) and datasette_plugin.py.

@app.command("serve")
def serve_cmd(
    kb: Path = typer.Argument(..., help="knowledge base SQLite file (.db), e.g. from extractor run corpus/ -o kb.db"),
    port: int = typer.Option(8001, "--port", "-p", min=0, max=65535, help="port to listen on (0: any free port)"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on; 127.0.0.1 keeps it to this machine"),
    no_open: bool = typer.Option(False, "--no-open", help="do not open a web browser"),
    immutable: bool = typer.Option(False, "--immutable", help="open the file immutable: Datasette never writes it "
                                   "(and counts rows once); do not change the file while serving"),
):
    """Browse and query a knowledge base in Datasette: facets, full-text search, SQL, canned queries."""
    import click

    from .serve import ServeError, serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/yellow] listening on {escape(host)}: other machines can read this knowledge base")
    try:
        serve(kb, host=host, port=port, open_browser=not no_open, immutable=immutable,
              echo=lambda line: err.print(escape(line)))
    except ServeError as exc:
        _fail(str(exc))
    except _kb_errors() as exc:
        _fail(str(exc).splitlines()[0] if str(exc) else repr(exc))
    except click.ClickException as exc:  # Datasette's own refusal, e.g. an unusable file
        _fail(exc.format_message().splitlines()[0])
    except click.exceptions.Abort:
        pass
