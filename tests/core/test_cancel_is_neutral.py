"""A user's own Cancel is neutral in every writer: not an error, not a failure."""

from __future__ import annotations

import json
import re
import threading

import pytest
from helpers.site import loopback_site

from app.core.messages import words_for
from app.core.model import Status
from app.core.outputs.document import ExitCode, exit_code, to_document
from app.core.outputs.refcode import decode, encode, reference_document, reference_text
from app.core.outputs.report_html import render_html
from app.core.outputs.text import summary_text
from app.core.run import run_checks

pytestmark = pytest.mark.usefixtures("trust_test_ca")

NEUTRAL_COLOUR = "#57606a"  # the report's colour for a check not run
ERROR_COLOUR = "#8250df"


@pytest.fixture(scope="module")
def cancelled_run(tls_ca):
    """A real run stopped by Cancel while the ports and HTTPS hang on loopback."""
    with loopback_site(tls_ca, https="dropped", vpn=("dropped", "dropped")) as site:
        cancel = threading.Event()
        timer = threading.Timer(0.3, cancel.set)
        timer.start()
        report = run_checks(
            site.inputs(timeout=10.0), site.rules, adapters=site.adapters, cancel=cancel
        )
        timer.join()
    assert report.cancelled and report.verdict.code == "VERDICT_CANCELLED"
    return report


def test_the_core_verdict_of_a_cancel_is_neutral(cancelled_run) -> None:
    assert cancelled_run.verdict.status == Status.SKIP
    assert exit_code(cancelled_run) == ExitCode.CANCELLED == 130


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_json_document_says_skip_for_the_verdict(cancelled_run, lang) -> None:
    document = json.loads(json.dumps(to_document(cancelled_run, words_for(lang))))
    assert document["verdict"]["status"] == "skip"
    assert document["cancelled"] is True and document["exit_code"] == 130


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_html_report_colours_the_verdict_as_not_run(cancelled_run, lang) -> None:
    page = render_html(cancelled_run, words_for(lang))
    border = re.search(r'<div class="verdict" style="border-color:(#[0-9a-f]{6})"', page)
    assert border is not None and border.group(1) == NEUTRAL_COLOUR != ERROR_COLOUR


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_reference_code_reads_back_a_neutral_cancel(cancelled_run, lang) -> None:
    reference = decode(encode(cancelled_run))
    assert reference.cancelled and reference.verdict.code == "VERDICT_CANCELLED"
    assert reference.verdict.status == Status.SKIP
    assert reference_document(reference, words_for(lang))["verdict"]["status"] == "skip"
    cancelled_title = words_for(lang).title("VERDICT_CANCELLED")
    assert cancelled_title in reference_text(reference, words_for(lang))
    assert cancelled_title in summary_text(cancelled_run, words_for(lang))
