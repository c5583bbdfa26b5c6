"""`check --it-request`: the letter after the run's result, or as a field of the JSON document."""

from __future__ import annotations

import io
import json

import pytest
from helpers.site import ENDPOINT, loopback_site

from app.cli import Streams, main

pytestmark = pytest.mark.usefixtures("trust_test_ca")


def site_cli(site, tmp_path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["check", *site.cli_args(), "--rules", str(site.rules_file(tmp_path)), *argv],
        Streams(out, err),
        adapters=site.adapters,
    )
    return code, out.getvalue(), err.getvalue()


def test_the_letter_follows_the_result(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        code, out, err = site_cli(site, tmp_path, "--it-request", "--lang", "en")
    assert (code, err) == (1, "")
    verdict = out.index("Verdict:")
    heading = out.index("Request for the site's IT (ready to send)")
    assert verdict < out.index("Reference code:") < heading
    letter = out[heading:]
    assert "Network access needed for a ChargePoint charging station" in letter
    assert f"TCP {site.vpn[0]} to {ENDPOINT} (127.0.0.1): no answer" in letter


def test_the_letter_is_a_field_of_the_json_document(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        code, out, _ = site_cli(site, tmp_path, "--it-request", "--json", "--lang", "fr")
    document = json.loads(out)
    assert code == 1 and document["schema"] == "station-network-check/report/1"
    request = document["it_request"]
    assert request["language"] == "fr" and document["reference"] in request["subject"]
    assert "pare-feu" in request["body"] and "en sortie" in request["body"]


def test_a_healthy_site_has_nothing_to_ask(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca) as site:
        code, out, _ = site_cli(site, tmp_path, "--it-request", "--lang", "en")
        _, json_out, _ = site_cli(site, tmp_path, "--it-request", "--json")
    assert code == 0 and "Nothing to ask the site's IT" in out
    assert json.loads(json_out)["it_request"] is None


def test_without_the_option_the_document_has_no_letter(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        _, out, _ = site_cli(site, tmp_path, "--json")
    assert "it_request" not in json.loads(out)
