"""Every writer is given its words: the document, the HTML report, the letter to IT, the
comparison, the firewall rules, the station's words, the command line's text and the wizard
all take one `Words` (the catalogue in the reader's language) and never look the catalogue up
on their own, nor carry the language beside it."""

from __future__ import annotations

import ast
from pathlib import Path

import app

APP = Path(app.__file__).parent
WRITERS = sorted((APP / "core" / "outputs").glob("*.py"))
EDGES = [APP / "cli.py", *sorted((APP / "gui").rglob("*.py"))]
CHECKS_LOADING = {APP / "gui" / "selftest.py"}
"""The self-test loads the catalogue to say whether it is usable: it writes no words."""


def catalogue_uses(source: str) -> list[int]:
    """The lines that import the catalogue or call it."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "app.core.messages":
            lines += [node.lineno for alias in node.names if alias.name == "catalogue"]
        if isinstance(node, ast.Call):
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name == "catalogue":
                lines.append(node.lineno)
    return lines


def lang_parameters(source: str) -> list[str]:
    """The functions that take a language code beside their words."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            names = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
            names += [a.arg for a in arguments.kwonlyargs]
            if "lang" in names:
                found.append(f"{node.name}:{node.lineno}")
    return found


def test_the_scan_sees_a_writer_that_looks_the_catalogue_up() -> None:
    assert catalogue_uses("from app.core.messages import catalogue\n") == [1]
    assert catalogue_uses("x = 1\nwords = messages.catalogue()\n") == [2]
    assert catalogue_uses("def f(words):\n    return words.term('A')\n") == []
    assert lang_parameters("def f(report, lang, words):\n    pass\n") == ["f:1"]
    assert lang_parameters("def f(report, words):\n    pass\n") == []


def test_no_writer_and_no_edge_looks_the_catalogue_up() -> None:
    scanned = [*WRITERS, *EDGES]
    assert len(WRITERS) >= 10 and len(EDGES) >= 20, "the scan reads every writer"
    found = {
        str(path.relative_to(APP)): lines
        for path in scanned
        if path not in CHECKS_LOADING
        and (lines := catalogue_uses(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "given its words instead (`Words`, `words_for`, `i18n.words()`)"


def test_no_writer_takes_a_language_beside_its_words() -> None:
    found = {
        str(path.relative_to(APP)): functions
        for path in WRITERS
        if (functions := lang_parameters(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "`words.lang` is the language"
