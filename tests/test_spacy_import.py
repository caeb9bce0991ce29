"""spaCy is imported without its CLI package (extractor/spacy_import.py), and nothing a user
does with spaCy afterwards notices. Each case runs in a fresh interpreter: the deferral only
acts on spaCy's first import."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def _run(code: str, **env) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env={**os.environ, **env})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_pipeline_loads_without_spacy_cli_and_spacy_cli_still_works():
    out = _run("""
        import sys
        import extractor
        facts = extractor.extract("民警抓获4名嫌疑人。")
        print(len(facts), "spacy.cli" in sys.modules)
        import spacy
        print(callable(spacy.cli.download), "spacy.cli" in sys.modules)
        print(spacy.info(silent=True)["spacy_version"] == spacy.__version__)
    """)
    assert out == ["1", "False", "True", "True", "True"]


def test_import_spacy_cli_statement_gets_the_real_package():
    out = _run("""
        import extractor, spacy
        import spacy.cli
        print(hasattr(spacy.cli, "setup_cli"))
    """)
    assert out == ["True"]


def test_spacy_import_falls_back_when_its_init_wants_more_of_the_cli():
    out = _run("""
        import sys, types
        import extractor
        from extractor import spacy_import
        # a spaCy whose __init__ needs more than `info` from its CLI: the placeholder lacks it
        spacy_import._placeholders = lambda: {"spacy.cli": types.ModuleType("spacy.cli"),
                                              "spacy.cli.info": types.ModuleType("spacy.cli.info")}
        facts = extractor.extract("民警抓获4名嫌疑人。")
        print(len(facts), "spacy.cli" in sys.modules)
    """)
    assert out == ["1", "True"]


def test_eager_import_on_request():
    out = _run("""
        import sys
        import extractor, spacy
        print("spacy.cli" in sys.modules)
    """, EXTRACTOR_EAGER_SPACY_CLI="1")
    assert out == ["True"]
