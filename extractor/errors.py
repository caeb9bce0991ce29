"""Errors the extractor raises on purpose, each naming the file and the problem.

The CLI maps them to exit codes: `InputError` and `PatternError` for a single file are
recorded in the knowledge base's `errors` list and the batch goes on; `UsageError` ends the
command with status 2.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """Base class: every error of ours carries a one-line message for humans."""


class InputError(ExtractorError):
    """An input file could not be read as a text article.

    `kind` is a short machine-readable tag (`empty`, `binary`, `undecodable`, `too_large`,
    `unreadable`) so that summaries can group failures.
    """

    def __init__(self, path: str, kind: str, message: str):
        self.path = path
        self.kind = kind
        self.message = message
        super().__init__(f"{path}: {message}")


class PatternError(ExtractorError):
    """A pattern data file in `patterns/` is missing or malformed."""


class UsageError(ExtractorError):
    """The user asked for something we cannot do (bad option, unknown format)."""
