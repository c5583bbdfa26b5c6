"""The privacy filter takes out the user's and the computer's names where they stand as names,
and leaves the report's words alone: names that are also ordinary words or labels of the
endpoint's name (`laptop`, `test`, `admin`, `vpn`) must not blank them."""

from __future__ import annotations

import json

import pytest
from hostile import sample_document

from app.core.messages import words_for
from app.core.outputs.document import from_document, to_document
from app.core.outputs.privacy import Privacy
from app.core.outputs.report_html import render_html


@pytest.mark.parametrize("name", ["laptop", "test", "admin", "vpn", "prod", "station"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_name_that_is_an_ordinary_word_leaves_the_report_as_it_is(name, lang) -> None:
    report = from_document(sample_document())
    private = Privacy(home=f"/home/{name}", names=(name, name))
    assert render_html(report, words_for(lang), privacy=private) == render_html(
        report,
        words_for(lang),
        privacy=Privacy(),
    )
    assert to_document(report, words_for(lang), privacy=private) == to_document(
        report,
        words_for(lang),
        privacy=Privacy(),
    )


@pytest.mark.parametrize("name", ["laptop", "test", "vpn"])
def test_a_name_is_still_taken_out_where_it_stands_as_a_name(name) -> None:
    private = Privacy(home=f"/home/{name}", names=(name,))
    for text, cleaned in [
        (f"/home/{name}/.venv/certifi/cacert.pem", "~/.venv/certifi/cacert.pem"),
        (rf"C:\Users\{name}\AppData\cacert.pem", r"C:\Users\…\AppData\cacert.pem"),
        (rf"CORP\{name} is signed in", r"CORP\… is signed in"),
        (rf"\\{name}\share\rules.toml", r"\\…\share\rules.toml"),
        (f"{name}\\jdoe", "…\\jdoe"),
    ]:
        assert private.clean(text) == cleaned, text
    assert (
        private.clean(f"vpn.{name}.example and the {name}") == f"vpn.{name}.example and the {name}"
    )


def test_a_computer_name_no_sentence_holds_goes_wherever_it_appears() -> None:
    private = Privacy(names=("jdoe", "DESKTOP-4F2K9QX"))
    text = "connect to desktop-4f2k9qx failed for jdoe (the laptop)"
    assert private.clean(text) == "connect to … failed for jdoe (the laptop)"
    document = sample_document()
    tls = next(c for c in document["checks"] if c["id"] == "tls")
    tls["evidence"]["error"] = text
    assert (
        "4f2k9qx"
        not in json.dumps(
            to_document(from_document(document), words_for("en"), privacy=private)
        ).lower()
    )
