"""`extractor serve KB.db`: browse a knowledge base in Datasette, with our metadata and region facet.

    check(path)                          # KBFileError unless `path` is a knowledge base .db we read
    with prepared(path) as args: ...     # Datasette's `serve` arguments; metadata in a temporary folder
    serve(path, port=8001)               # runs Datasette's own command line in this process

Datasette is an optional dependency: `pip install 'extractor[serve]'`.
"""

from __future__ import annotations

import json
import re
import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Union

from . import datasette_meta
from .errors import UsageError
from .store import KBFileError, open_db

INSTALL_HINT = "extractor serve needs Datasette: pip install 'extractor[serve]'"
# Long article texts and sentences stay readable in table pages (the row page shows them whole).
SETTINGS = {"truncate_cells_html": "300", "facet_time_limit_ms": "1000", "sql_time_limit_ms": "5000"}


class ServeError(UsageError):
    """extractor serve cannot start: no Datasette, a port in use."""


def datasette_version() -> tuple[int, ...]:
    """Datasette's version as numbers, e.g. (0, 65, 5); ServeError when it is not installed."""
    try:
        from datasette.version import __version__
    except ImportError:
        raise ServeError(INSTALL_HINT) from None
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", __version__)  # 1.0a19 → (1, 0)
    return tuple(int(n) for n in match.groups() if n is not None) if match else (0,)


def check(path: Union[str, Path]) -> dict[str, list[str]]:
    """The tables of the knowledge base at `path` and their columns; KBFileError if it is missing or not one."""
    import sqlite3

    db = open_db(path)
    try:
        return {name: list(db[name].columns_dict) for name in db.table_names()}
    except sqlite3.DatabaseError as exc:
        raise KBFileError(f"{path}: corrupt knowledge base database ({exc})") from None
    finally:
        db.close()


def database_name(path: Union[str, Path]) -> str:
    """The name Datasette gives the file: its stem (kb.db → kb), the first part of every URL."""
    return Path(path).stem


@contextmanager
def prepared(path: Union[str, Path], immutable: bool = False) -> Iterator[list[str]]:
    """Arguments for `datasette serve` (file, --metadata [--config], settings), valid inside the block."""
    path = Path(path)
    tables = check(path)
    meta = datasette_meta.metadata(database_name(path), tables=tables)
    with tempfile.TemporaryDirectory(prefix="extractor-serve-") as tmp:
        args = ["--immutable", str(path)] if immutable else [str(path)]
        if datasette_version() >= (1,):  # 1.x: facets, sort and queries moved to datasette.yaml
            meta, config = datasette_meta.split(meta)
            config_path = Path(tmp, "datasette.json")
            config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
            args += ["--config", str(config_path)]
        meta_path = Path(tmp, "metadata.json")
        meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        args += ["--metadata", str(meta_path)]
        for name, value in SETTINGS.items():
            args += ["--setting", name, value]
        yield args


def register_plugin() -> None:
    from .datasette_plugin import register

    register()


def port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def serve(path: Union[str, Path], host: str = "127.0.0.1", port: int = 8001, open_browser: bool = True,
          immutable: bool = False, echo=print) -> None:
    """Serve the knowledge base until interrupted (Ctrl-C). KBFileError / ServeError before it starts."""
    check(path)
    datasette_version()
    if port and not port_free(host, port):
        raise ServeError(f"cannot listen on {host}:{port}: the port is in use or the address is not this machine's; "
                         "choose another with --port")
    from datasette.cli import cli as datasette_cli

    register_plugin()
    with prepared(path, immutable=immutable) as args:
        args = ["serve", *args, "--host", host, "--port", str(port)] + (["--open"] if open_browser else [])
        if port:
            echo(f"serving {path} at http://{host}:{port}/{database_name(path)} (Ctrl-C to stop)")
        datasette_cli.main(args=args, prog_name="datasette", standalone_mode=False)
