"""Evidence shown as an ipconfig card, an nslookup answer and tables, from a real run."""

from __future__ import annotations

import re
import sys

import pytest
from helpers.site import EDGE, ENDPOINT, LOOPBACK_NAME, loopback_site

from app.core.messages import words_for
from app.core.outputs.refcode import encode
from app.core.outputs.text import details, summary_text
from app.core.run import run_checks


@pytest.fixture(scope="module")
def report(tls_ca, ca_bundle):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SSL_CERT_FILE", str(ca_bundle))
        with loopback_site(tls_ca, vpn=("open", "closed")) as site:
            yield run_checks(
                site.inputs(
                    link="up", vpn="disconnected", model="cp6000", firmware="2024.03.00.500"
                ),
                site.rules,
                adapters=site.adapters,
            )


def test_adapter_card_like_ipconfig(report) -> None:
    text = details(report.result("adapter"), words_for("en"))
    assert text.splitlines()[0] == f"Ethernet 2 ({LOOPBACK_NAME}):"
    assert "   IPv4 address ...... : 127.0.0.1" in text
    assert "Subnet mask" in text and "255.0.0.0" in text and "Default gateway" in text
    french = details(report.result("adapter"), words_for("fr"))
    assert "Passerelle par défaut" in french and "Masque de sous-réseau" in french


def test_dns_answer_like_nslookup(report) -> None:
    text = details(report.result("dns"), words_for("en"))
    assert f"{ENDPOINT}\tcanonical name = {EDGE}." in text
    assert f"Name:\t{EDGE}" in text and "Address:\t127.0.0.1" in text
    french = details(report.result("dns"), words_for("fr"))
    assert "Réponse ne faisant pas autorité :" in french and "Serveur :  " in french


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="Windows retries a SYN answered "
    "with a reset for about 2 s before it reports the refusal: with the "
    "loopback site's 1 s time-out its closed port reads as filtered, "
    "not refused",
)
def test_ports_table_and_matrix_ranking(report) -> None:
    ports = details(report.result("ports"), words_for("en")).splitlines()
    assert ports[0].split() == ["Port", "Protocol", "Use", "Address", "State", "Time"]
    assert sum("refused" in line for line in ports) == 1
    assert sum(" open " in line for line in ports) == 2
    matrix = details(report.result("matrix"), words_for("en"))
    assert "Link state" in matrix and "1. " in matrix and "point here" in matrix


def test_every_result_has_details(report) -> None:
    for result in report.results:
        assert details(result, words_for("fr")).strip(), result.id


def test_summary_text_carries_the_reference_code_in_french_typography(report) -> None:
    text = summary_text(report, words_for("fr"))
    assert f"Code de référence : {encode(report)}" in text
    assert "- Adaptateur : Réussi · ADAPTER_OK" in text, text
    assert re.search(r"\w:(\s|$)", text) is None, "a colon without its space"
