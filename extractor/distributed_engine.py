"""Run the pipeline on a Dask cluster (dask.distributed) instead of local processes.

Workers read files by path from storage they share with the client, so only paths go out
and results come back. Results are gathered in file order, in bounded batches, so the
knowledge base is the same as a local run's and the client's memory does not grow with
the corpus. Install with `pip install 'extractor[dask]'`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from typing import Union

from .encoded import EncodedResult
from .runner import EncodedOutcome, Outcome, Settings, encode_file

BATCH = 256


def _work(item: tuple[str, str], settings: Settings) -> EncodedOutcome:
    return encode_file(Path(item[0]), item[1], settings)


def iter_outcomes_dask(files: list[tuple[Path, str]], settings: Settings, scheduler: str | object,
                       batch: int = BATCH, encoded: bool = False) -> Iterator[Union[Outcome, EncodedOutcome]]:
    """Outcomes in file order from a Dask cluster at `scheduler` (an address or a Client).
    Results travel as their JSON lines (encoded.py); `encoded=True` yields them so."""
    try:
        from distributed import Client
    except ImportError:
        raise RuntimeError("--engine dask needs dask.distributed: pip install 'extractor[dask]'") from None
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        remote_settings = client.scatter(settings, broadcast=True)
        items = [(str(p), doc_id) for p, doc_id in files]
        for i in range(0, len(items), batch):
            futures = client.map(_work, items[i:i + batch], settings=remote_settings, pure=False)
            for outcome in client.gather(futures):
                yield outcome.decode() if not encoded and isinstance(outcome, EncodedResult) else outcome
    finally:
        if client is not scheduler:
            client.close()
