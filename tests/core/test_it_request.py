"""The letter for the site's IT, from real runs against loopback sites."""

from __future__ import annotations

import dataclasses
import re

import pytest
from helpers.site import EDGE, ENDPOINT, loopback_site

from app.core.evidence import TlsEvidence
from app.core.messages import catalogue, placeholders, words_for
from app.core.model import CheckResult, RunInputs, RunReport, Status, Verdict
from app.core.outputs.it_request import ItRequest, build_it_request, format_time, needs_it_request
from app.core.outputs.refcode import encode
from app.core.run import run_checks

pytestmark = pytest.mark.usefixtures("trust_test_ca")


def run(site, **changes):
    return run_checks(site.inputs(**changes), site.rules, adapters=site.adapters)


def assert_complete(request: ItRequest) -> None:
    text = request.text()
    assert "{" not in text and "}" not in text and "()" not in text
    assert not re.search(r"\bTERM_|\bIT_[A-Z]", text), "a term name leaked instead of words"


def test_blocked_ports_list_every_need_and_each_failure_with_its_time(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        report = run(site)
        rules = site.rules
    assert needs_it_request(report)
    request = build_it_request(report, words_for("en"), rules)
    assert request is not None
    assert_complete(request)
    body = request.body
    assert encode(report) in request.subject and encode(report) in body
    # Everything the station needs, outbound, with the reason for each.
    # Only the VPN endpoint is a host the guide names; HTTPS and NTP go to the Internet, and
    # the hosts this check tried are given as what was tried, not as all that is needed.
    assert (
        f"TCP {rules.ports[0].port} (HTTPS), outbound to ChargePoint's servers on the "
        f"Internet (this check tried {ENDPOINT})" in body
    )
    assert f"TCP {site.vpn[0]}, {site.vpn[1]} (VPN), outbound to {ENDPOINT}" in body
    assert (
        f"UDP {rules.ports[1].port} (NTP), outbound to Internet time servers (this check "
        f"asked 127.0.0.1:{site.sntp.port})" in body
    )
    assert "Please allow this access in the firewall" in body
    assert f"DNS (UDP and TCP 53, to the site's DNS servers): {ENDPOINT}" in body
    assert body.count("Why: ") == 5 and "no inbound connection is needed" in body
    # By host name, the endpoint's and its CNAME chain's, never by address, and why.
    assert f"rules for the host names {ENDPOINT}, {EDGE}, not for addresses" in body
    assert "content delivery network (CDN)" in body
    # The failures seen, each with the run's time.
    stamp = format_time(report.started_at)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", stamp)
    assert f"- {stamp}  TCP {site.vpn[0]} to {ENDPOINT} (127.0.0.1): no answer" in body
    assert f"- {stamp}  TCP {site.vpn[1]} to {ENDPOINT} (127.0.0.1): refused" in body
    assert "tested from the address 127.0.0.1 (default gateway 127.0.0.1)" in body


def test_french_letter_uses_the_guides_words(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        request = build_it_request(run(site), words_for("fr"), site.rules)
    assert request is not None
    assert_complete(request)
    text = request.text()
    for word in (
        "borne",
        "pare-feu",
        "point de terminaison",
        "en sortie",
        "Pourquoi",
        "aucune réponse",
        "passerelle par défaut",
    ):
        assert word in text, word
    assert "Why" not in text and "outbound" not in text


def test_dns_failure_names_the_server_and_its_answer(tls_ca) -> None:
    with loopback_site(tls_ca, zone={ENDPOINT: "nxdomain"}) as site:
        report = run(site)
        request = build_it_request(report, words_for("en"), site.rules)
    assert request is not None
    assert_complete(request)
    server = f"127.0.0.1:{site.dns.port}"
    assert re.search(
        rf"DNS: {re.escape(ENDPOINT)} asked of {re.escape(server)}: .+ \(\d+ ms\)", request.body
    ), request.body
    # A DNS failure alone is the DNS server's to fix, not the firewall's.
    assert "site's DNS servers resolve this name" in request.body
    assert "in the firewall" not in request.body.split("What the check saw")[-1]


def test_tls_inspection_is_asked_to_be_bypassed(tls_ca, inspection_ca) -> None:
    with loopback_site(tls_ca, tls_ca=inspection_ca) as site:
        report = run(site)
        request = build_it_request(report, words_for("en"), site.rules)
    assert report.result("tls").code == "TLS_INTERCEPTED"
    assert request is not None
    assert_complete(request)
    issuer = report.result("tls").params["issuer"]
    assert "without TLS inspection (decryption) by the firewall" in request.body
    assert f"issued by {issuer}" in request.body


def test_a_site_answering_every_handshake_is_asked_to_exempt_the_names(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        rules = dataclasses.replace(site.rules, control_address="127.0.0.1")
        report = run_checks(site.inputs(), rules, adapters=site.adapters)
        requests = {lang: build_it_request(report, words_for(lang), rules) for lang in ("en", "fr")}
    assert report.result("ports").code == "PORTS_INTERCEPTED"
    english, french = requests["en"], requests["fr"]
    assert english is not None and french is not None
    assert_complete(english)
    assert_complete(french)
    assert (
        f"Connections to {ENDPOINT}, {EDGE} passed through directly, not answered by a "
        "transparent proxy or a firewall and not inspected" in english.body
    )
    assert re.search(
        rf"TCP {site.vpn[0]} to 127\.0\.0\.1, an address reserved for documentation where no "
        r"server exists: connected after \d+ ms",
        english.body,
    ), english.body
    assert "connexion témoin" in french.body and "sans inspection" in french.body


def test_a_stalled_handshake_is_for_it_with_how_long_it_waited(tls_ca) -> None:
    with loopback_site(tls_ca, https="silent") as site:
        report = run(site)
        request = build_it_request(report, words_for("en"), site.rules)
        french = build_it_request(report, words_for("fr"), site.rules)
    assert report.result("tls").code == "TLS_STALLED"
    assert request is not None and french is not None
    assert_complete(request)
    assert_complete(french)
    assert (
        f"HTTPS to {ENDPOINT} (127.0.0.1): the connection opened, and the start of the secure "
        "connection got no answer within 1 s" in request.body
    )
    assert "dans le délai de 1 s" in french.body


def test_ntp_blocked_lists_each_server(tls_ca) -> None:
    with loopback_site(tls_ca, sntp={"drop": True}) as site:
        report = run(site)
        request = build_it_request(report, words_for("en"), site.rules)
    assert report.result("ntp").code == "NTP_BLOCKED"
    assert request is not None
    port = site.sntp.port  # the port the server was asked on, not the rules' default
    assert f"UDP {port} to 127.0.0.1:{port} (127.0.0.1): " in request.body


def test_nothing_for_it_on_a_healthy_site(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        report = run(site)
    assert not needs_it_request(report)
    assert build_it_request(report, words_for("en"), site.rules) is None


def test_a_tls_failure_of_the_laptops_own_making_is_not_for_it() -> None:
    def report_with(failure: str) -> RunReport:
        found = TlsEvidence("vpn.example", "192.0.2.1", 443, "failed", failure=failure)
        tls = CheckResult("tls", Status.FAIL, "TLS_FAILED", found)
        return RunReport(
            RunInputs(),
            "2026-01-01T00:00:00+00:00",
            "2026-01-01T00:00:00+00:00",
            0,
            (tls,),
            Verdict(Status.FAIL, "VERDICT_HTTPS_PROBLEM", ()),
            endpoint="vpn.example",
        )

    assert not needs_it_request(report_with("dates"))
    assert not needs_it_request(report_with("trust_store"))
    assert needs_it_request(report_with("reset"))


def test_every_letter_term_fills_in_both_languages() -> None:
    words = catalogue()
    names = [name for name in words.terms if name.startswith("IT_")]
    assert len(names) > 15
    for name in names:
        assert placeholders(words.terms[name]["en"]) == placeholders(words.terms[name]["fr"])
