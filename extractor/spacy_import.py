"""Import spaCy without its command-line package, which the extractor never uses.

spaCy 3.8's `__init__` runs `from .cli.info import info`, and `spacy.cli` imports typer,
weasel, requests, httpx and jinja2: 0.4-0.9 s of a ~1.2 s import on this project's machines,
a third of the extractor's start-up. Upstream knows (explosion/spaCy#12962 made it lazy and
#13933 proposes a light CLI package); until a release does it, `defer_spacy_cli()`, run when
`extractor` is imported, wraps spaCy's first import: while spaCy's `__init__` runs, `spacy.cli`
and `spacy.cli.info` are placeholders, removed as soon as it returns. Afterwards everything
behaves as usual: `spacy.cli` (attribute or `import spacy.cli`) imports the real package on
first use, and `spacy.info(...)` calls the real `spacy.cli.info.info`.

Nothing is done when spaCy was imported first, and `EXTRACTOR_EAGER_SPACY_CLI=1` turns the
deferral off; if spaCy's layout ever changes so that the placeholders do not fit, the import
is simply retried the ordinary way.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys
import types

_PLACEHOLDERS = ("spacy.cli", "spacy.cli.info")


def defer_spacy_cli() -> None:
    """Install the wrapper for spaCy's first import (once; a no-op when spaCy is loaded)."""
    if "spacy" in sys.modules or os.environ.get("EXTRACTOR_EAGER_SPACY_CLI"):
        return
    if not any(isinstance(f, _SpacyFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SpacyFinder())


def _info(*args, **kwargs):
    """`spacy.info`: the real one, imported when called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _module_getattr(name: str):
    """spaCy's module-level `__getattr__` for `spacy.cli`, imported on first use."""
    if name == "cli":
        return importlib.import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


class _SpacyFinder:
    """A meta-path finder that answers only for the top-level `spacy` package, once."""

    def find_spec(self, name, path=None, target=None):
        if name != "spacy":
            return None
        sys.meta_path[:] = [f for f in sys.meta_path if f is not self]
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _Loader(spec.loader)
        return spec


def _placeholders() -> dict[str, types.ModuleType]:
    """What spaCy's `__init__` imports from `spacy.cli`: the package and `info`."""
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []
    info.info = _info
    return {"spacy.cli": cli, "spacy.cli.info": info}


class _Loader:
    """spaCy's own loader, run with the placeholders in place."""

    def __init__(self, real):
        self.real = real

    def create_module(self, spec):
        return self.real.create_module(spec)

    def exec_module(self, module):
        placeholders = _placeholders()
        sys.modules.update(placeholders)
        try:
            self.real.exec_module(module)
        except Exception:  # spaCy wants more of its CLI than `info`: import it as usual
            _remove(placeholders)
            for name in [n for n in sys.modules if n.startswith("spacy.")]:
                del sys.modules[name]
            keep = {k: module.__dict__[k] for k in ("__name__", "__spec__", "__loader__", "__file__",
                                                    "__path__", "__package__", "__cached__") if k in module.__dict__}
            module.__dict__.clear()
            module.__dict__.update(keep)
            self.real.exec_module(module)
            return
        _remove(placeholders)
        if module.__dict__.get("cli") in placeholders.values():
            del module.cli
        module.__dict__.setdefault("__getattr__", _module_getattr)


def _remove(placeholders: dict) -> None:
    for name, stub in placeholders.items():
        if sys.modules.get(name) is stub:
            del sys.modules[name]
